//! Server-side SVG charts for dashboards: plain string building, no dependencies.
//!
//! Every chart scales to its container (`viewBox`, `width="100%"`), uses the system Chinese
//! font stack, one accent colour with neutral greys, carries `role="img"` with a `<title>` and a
//! `<desc>` that lists every value (for screen readers), writes each value next to its bar or
//! point, and can link each bar to the records behind it. All text is XML-escaped.

mod bar;
mod line;

pub use bar::{bar_chart, horizontal_bar_chart};
pub use line::line_chart;

use std::fmt::Write as _;

use crate::text::{escape_xml, width_in_zi};

/// One bar: its label, its value, and optionally the URL of the records it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub label: String,
    pub value: f64,
    pub href: Option<String>,
}

impl Datum {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Self {
            label: label.into(),
            value,
            href: None,
        }
    }

    pub fn with_href(mut self, href: impl Into<String>) -> Self {
        self.href = Some(href.into());
        self
    }
}

/// Deep 政务 blue, the one accent colour.
pub const ACCENT: &str = "#1f4e99";
pub const FONT_STACK: &str =
    r#""PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif"#;
const TEXT: &str = "#1f2937";
const MUTED: &str = "#6b7280";
const GRID: &str = "#e5e7eb";
const AXIS: &str = "#9ca3af";

/// Width of every chart's coordinate system. Narrow on purpose: on a 360 px phone the text
/// is drawn at 3/4 of its nominal size, still legible; `max-width` keeps it from growing
/// past 1.5× on a desktop.
const VIEW_WIDTH: f64 = 480.0;
const TITLE_SIZE: f64 = 17.0;
const LABEL_SIZE: f64 = 14.0;
const TICK_SIZE: f64 = 13.0;
/// Room above the plot for the title and the unit.
const HEADER: f64 = 52.0;

/// Value as people write counts: integers without decimals, others with at most two.
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_owned();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A chart's value axis: where the plot stands and how its values are scaled.
struct Axis {
    left: f64,
    right: f64,
    /// The plot's bottom (value 0).
    base: f64,
    plot_h: f64,
    axis_max: f64,
    step: f64,
}

impl Axis {
    fn new(left: f64, right: f64, base: f64, plot_h: f64, axis_max: f64, step: f64) -> Self {
        Axis {
            left,
            right,
            base,
            plot_h,
            axis_max,
            step,
        }
    }

    /// Gridlines across the plot with the value of each on the left.
    fn grid(&self, s: &mut String) {
        let a = self;
        let ticks = (a.axis_max / a.step).round() as usize;
        for i in 0..=ticks {
            let v = a.step * i as f64;
            let y = a.base - v / a.axis_max * a.plot_h;
            let _ = write!(
                s,
                r#"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{c}" stroke-width="1"/><text x="{tx}" y="{ty}" font-size="{TICK_SIZE}" fill="{MUTED}" text-anchor="end">{v}</text>"#,
                l = px(a.left),
                r = px(VIEW_WIDTH - a.right),
                y = px(y),
                c = if i == 0 { AXIS } else { GRID },
                tx = px(a.left - 6.0),
                ty = px(y + TICK_SIZE * 0.35),
                v = format_value(v),
            );
        }
    }
}

/// Values that can be drawn: not finite or negative becomes zero (these charts count things).
fn drawable(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// A "nice" axis: the top tick at or above `max` and the step between ticks (1, 2 or 5 times
/// a power of ten, about four steps). Counts never get fractional ticks.
pub(crate) fn nice_axis(max: f64, integers: bool) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, if integers { 1.0 } else { 0.25 });
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let mut step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    } * magnitude;
    if integers && step < 1.0 {
        step = 1.0;
    }
    ((max / step).ceil() * step, step)
}

/// Estimated drawn width of a label in px (CJK a full em, Latin and digits half).
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    width_in_zi(s) * size
}

/// Cuts a label to fit `max_px`, ending with "…"; the full label stays in the tooltip.
pub(crate) fn truncate(s: &str, size: f64, max_px: f64) -> String {
    if text_width(s, size) <= max_px {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + size > max_px {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A short stable id from the chart's content, so that several charts on one page do not
/// share `<title>` ids.
fn chart_id(title: &str, desc: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title.bytes().chain(desc.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fz-chart-{:08x}", h as u32)
}

/// Opens the `<svg>` with its accessible name and description, and draws the visible title
/// and unit.
pub(crate) fn open_svg(title: &str, desc: &str, height: f64, unit: &str) -> String {
    let id = chart_id(title, desc);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" style="max-width:{max}px;height:auto" role="img" aria-labelledby="{id}-t {id}-d" font-family='{font}'>"#,
        w = VIEW_WIDTH,
        h = height.ceil(),
        max = VIEW_WIDTH * 1.5,
        font = FONT_STACK,
    );
    let _ = write!(
        s,
        r#"<title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escape_xml(title),
        escape_xml(desc)
    );
    let _ = write!(
        s,
        r#"<text x="8" y="24" font-size="{TITLE_SIZE}" font-weight="bold" fill="{TEXT}">{}</text>"#,
        escape_xml(&truncate(title, TITLE_SIZE, VIEW_WIDTH - 16.0))
    );
    if !unit.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{x}" y="44" font-size="{TICK_SIZE}" fill="{MUTED}" text-anchor="end">单位：{}</text>"#,
            escape_xml(unit),
            x = VIEW_WIDTH - 8.0
        );
    }
    s
}

/// The chart for no data: title and "暂无数据".
pub(crate) fn empty_chart(title: &str, unit: &str) -> String {
    let height = 160.0;
    let mut s = open_svg(title, &format!("{title}：暂无数据"), height, unit);
    let _ = write!(
        s,
        r##"<rect x="8" y="{HEADER}" width="{w}" height="{h}" fill="#f9fafb" stroke="{GRID}"/><text x="{cx}" y="{cy}" font-size="{LABEL_SIZE}" fill="{MUTED}" text-anchor="middle">暂无数据</text></svg>"##,
        w = VIEW_WIDTH - 16.0,
        h = height - HEADER - 8.0,
        cx = VIEW_WIDTH / 2.0,
        cy = HEADER + (height - HEADER - 8.0) / 2.0 + 5.0,
    );
    s
}

/// Wraps `inner` in a link when there is one.
pub(crate) fn linked(href: Option<&str>, inner: &str) -> String {
    match href.filter(|h| !h.is_empty()) {
        Some(h) => format!(r#"<a href="{}">{inner}</a>"#, escape_xml(h)),
        None => inner.to_owned(),
    }
}

/// Coordinates with at most two decimals, to keep the markup short.
pub(crate) fn px(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_axis(332.0, true), (400.0, 100.0));
        assert_eq!(nice_axis(3.0, true), (3.0, 1.0));
        assert_eq!(nice_axis(0.0, true), (1.0, 1.0));
        assert_eq!(nice_axis(0.8, false), (0.8, 0.2));
    }

    #[test]
    fn values_read_like_counts() {
        assert_eq!(format_value(332.0), "332");
        assert_eq!(format_value(91.25), "91.25");
        assert_eq!(format_value(0.5), "0.5");
        assert_eq!(format_value(f64::NAN), "—");
    }

    #[test]
    fn long_labels_are_cut() {
        let t = truncate("乌苏市西大沟镇某某村民委员会", 14.0, 70.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 14.0) <= 70.0 + 14.0);
    }
}
