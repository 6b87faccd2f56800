//! SVG charts: well-formed, escaped, proportional, accessible, empty and zero data.

use fazhi_docs::{bar_chart, horizontal_bar_chart, line_chart, Datum};

use super::support::{assert_well_formed, attr_values};

fn villages() -> Vec<Datum> {
    vec![
        Datum::new("西大沟村", 10.0).with_href("/disputes?village=1&year=2023"),
        Datum::new("东沟村", 20.0),
        Datum::new("<南沟&村>", 40.0),
        Datum::new("北沟村", 0.0),
    ]
}

fn bar_sizes(svg: &str, attr: &str) -> Vec<f64> {
    let mut out = Vec::new();
    // Only the bars carry class="bar".
    for chunk in svg.split("<rect class=\"bar\"").skip(1) {
        let key = format!(" {attr}=\"");
        let start = chunk.find(&key).unwrap() + key.len();
        let end = start + chunk[start..].find('"').unwrap();
        out.push(chunk[start..end].parse().unwrap());
    }
    out
}

#[test]
fn charts_are_well_formed_and_accessible() {
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let this_year: Vec<f64> = (1..=12).map(|m| f64::from(m * 3 % 17)).collect();
    let last_year: Vec<f64> = (1..=12).map(|m| f64::from(m * 5 % 13)).collect();
    for svg in [
        bar_chart("各村纠纷数", &villages(), "起"),
        horizontal_bar_chart("纠纷类型", &villages(), "起"),
        line_chart(
            "每月纠纷数",
            &months,
            &[("2024年".into(), this_year), ("2023年".into(), last_year)],
            "起",
        ),
    ] {
        assert_well_formed(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox="));
        assert!(svg.contains(r#"width="100%""#));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=") && svg.contains("<desc id="));
        assert!(svg.contains("PingFang SC") && svg.contains("Noto Sans CJK SC"));
        assert!(svg.contains("#1f4e99"));
        assert!(svg.contains("单位：起"));
    }
}

#[test]
fn labels_and_links_are_escaped() {
    for svg in [
        bar_chart("<图&表>", &villages(), "起"),
        horizontal_bar_chart("<图&表>", &villages(), "起"),
    ] {
        assert_well_formed(&svg);
        assert!(svg.contains("&lt;南沟&amp;村&gt;"));
        assert!(!svg.contains("<南沟"));
        assert!(svg.contains("&lt;图&amp;表&gt;"));
        assert_eq!(
            attr_values(&svg, "a", "href"),
            ["/disputes?village=1&year=2023"]
        );
        assert!(svg.contains(r#"href="/disputes?village=1&amp;year=2023""#));
    }
    let svg = line_chart(
        "线",
        &["<1月>".into()],
        &[("今年&去年".into(), vec![1.0])],
        "",
    );
    assert_well_formed(&svg);
    assert!(svg.contains("&lt;1月&gt;") && svg.contains("今年&amp;去年"));
}

#[test]
fn bar_heights_are_proportional() {
    let svg = bar_chart("各村纠纷数", &villages(), "起");
    let h = bar_sizes(&svg, "height");
    assert_eq!(h.len(), 4);
    assert!((h[1] / h[0] - 2.0).abs() < 0.01, "{h:?}");
    assert!((h[2] / h[0] - 4.0).abs() < 0.01, "{h:?}");
    assert_eq!(h[3], 0.0);
    // Every value is written out, the zero too.
    for v in [">10<", ">20<", ">40<", ">0<"] {
        assert!(svg.contains(v), "{v} not written");
    }
    let svg = horizontal_bar_chart("类型", &villages(), "起");
    let w = bar_sizes(&svg, "width");
    assert!((w[1] / w[0] - 2.0).abs() < 0.01, "{w:?}");
    assert!((w[2] / w[0] - 4.0).abs() < 0.01, "{w:?}");
    assert_eq!(w[3], 0.0);
}

#[test]
fn empty_and_all_zero_data() {
    for svg in [
        bar_chart("各村纠纷数", &[], "起"),
        horizontal_bar_chart("纠纷类型", &[], "起"),
        line_chart("每月纠纷数", &[], &[], "起"),
        line_chart(
            "每月纠纷数",
            &["1月".into()],
            &[("2024年".into(), vec![])],
            "起",
        ),
    ] {
        assert_well_formed(&svg);
        assert!(svg.contains("暂无数据"));
        assert!(svg.contains("<desc id=") && svg.contains("暂无数据</desc>"));
    }
    let zeros = vec![Datum::new("一村", 0.0), Datum::new("二村", 0.0)];
    for svg in [
        bar_chart("零", &zeros, "起"),
        horizontal_bar_chart("零", &zeros, "起"),
    ] {
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(bar_sizes(&svg, "height").iter().all(|h| h.is_finite()));
    }
    let svg = line_chart(
        "零",
        &["1月".into(), "2月".into()],
        &[("今年".into(), vec![0.0, 0.0])],
        "起",
    );
    assert_well_formed(&svg);
    assert!(!svg.contains("NaN"));
}

#[test]
fn many_or_long_labels_stay_readable() {
    let many: Vec<Datum> = (1..=20)
        .map(|i| Datum::new(format!("第{i}村民小组"), f64::from(i)))
        .collect();
    let svg = bar_chart("各村民小组纠纷数", &many, "起");
    assert_well_formed(&svg);
    // Twenty bars are drawn horizontally: widths grow, heights are equal.
    let w = bar_sizes(&svg, "width");
    assert!(w.windows(2).all(|p| p[0] < p[1]));
    let long: Vec<Datum> = (1..=8)
        .map(|i| Datum::new(format!("乌苏市西大沟镇第{i}村"), f64::from(i)))
        .collect();
    let svg = bar_chart("各村", &long, "起");
    assert_well_formed(&svg);
    assert!(svg.contains("rotate(-45"));
}

#[test]
fn line_chart_draws_each_series_and_gaps() {
    let months: Vec<String> = (1..=4).map(|m| format!("{m}月")).collect();
    let svg = line_chart(
        "每月纠纷数",
        &months,
        &[
            ("2024年".into(), vec![3.0, f64::NAN, 5.0]),
            ("2023年".into(), vec![2.0, 4.0, 6.0, 8.0]),
        ],
        "起",
    );
    assert_well_formed(&svg);
    let paths = attr_values(&svg, "path", "d");
    assert_eq!(paths.len(), 2);
    // The gap restarts the line: two moves in this year's path (drawn last, on top).
    assert_eq!(paths[1].matches('M').count(), 2, "{}", paths[1]);
    assert_eq!(paths[0].matches('M').count(), 1);
    assert!(svg.contains("2023年") && svg.contains("2024年"));
    assert!(svg.contains("stroke-dasharray=\"6 4\""));
    assert_eq!(attr_values(&svg, "circle", "r").len(), 6);
}
