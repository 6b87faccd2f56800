//! Line chart: one or more series over the same categories (months of this year and last).

use std::fmt::Write as _;

use super::{
    drawable, empty_chart, format_value, nice_axis, open_svg, px, text_width, truncate, Axis,
    ACCENT, HEADER, LABEL_SIZE, MUTED, TEXT, TICK_SIZE, VIEW_WIDTH,
};
use crate::text::escape_xml;

/// Colour and dash of the n-th series: the accent first (this year), then greys, dashed so
/// that the series differ without relying on colour.
fn series_style(n: usize) -> (&'static str, &'static str) {
    match n {
        0 => (ACCENT, ""),
        1 => ("#9ca3af", "6 4"),
        2 => ("#4b5563", "2 3"),
        _ => ("#6b7280", "8 3 2 3"),
    }
}

/// Lines over `x_labels`. The first series gets the accent and its values written at each
/// point; the others are grey and dashed, their values in tooltips. A series shorter than the
/// labels stops early; non-finite values leave a gap.
pub fn line_chart(
    title: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    unit: &str,
) -> String {
    let n = x_labels.len();
    let has_points = series
        .iter()
        .any(|(_, v)| v.iter().take(n).any(|x| x.is_finite()));
    if n == 0 || !has_points {
        return empty_chart(title, unit);
    }
    let values = series.iter().flat_map(|(_, v)| v.iter().take(n).copied());
    let max = values.clone().map(drawable).fold(0.0, f64::max);
    let integers = values.filter(|v| v.is_finite()).all(|v| v.fract() == 0.0);
    let (axis_max, step) = nice_axis(max, integers);

    let left = 8.0 + text_width(&format_value(axis_max), TICK_SIZE) + 8.0;
    let right = 16.0;
    let plot_w = VIEW_WIDTH - left - right;
    let slot = plot_w / n as f64;
    // Show every k-th label so they do not overlap (12 months fit at 2 characters each).
    let widest = x_labels
        .iter()
        .map(|l| text_width(l, TICK_SIZE))
        .fold(0.0, f64::max);
    let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
    let legend_h = if series.len() > 1 { 22.0 } else { 0.0 };
    let top = HEADER + legend_h + 16.0;
    let plot_h = 200.0;
    let base = top + plot_h;
    let height = base + TICK_SIZE + 16.0;
    let x_at = |i: usize| left + slot * (i as f64 + 0.5);
    let y_at = |v: f64| base - drawable(v) / axis_max * plot_h;

    let desc = {
        let parts: Vec<String> = series
            .iter()
            .map(|(name, v)| {
                let points: Vec<String> = x_labels
                    .iter()
                    .zip(v)
                    .map(|(l, x)| format!("{l} {}{unit}", format_value(*x)))
                    .collect();
                format!("{name}：{}", points.join("，"))
            })
            .collect();
        format!("{title}。{}", parts.join("；"))
    };
    let mut s = open_svg(title, &desc, height, unit);

    // Legend, one swatch per series.
    if series.len() > 1 {
        let mut x = 8.0;
        let y = HEADER + 8.0;
        for (i, (name, _)) in series.iter().enumerate() {
            let (colour, dash) = series_style(i);
            let name = truncate(name, TICK_SIZE, 120.0);
            let _ = write!(
                s,
                r#"<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/><text x="{tx}" y="{ty}" font-size="{TICK_SIZE}" fill="{TEXT}">{label}</text>"#,
                x1 = px(x),
                x2 = px(x + 22.0),
                y = px(y),
                tx = px(x + 28.0),
                ty = px(y + TICK_SIZE * 0.35),
                label = escape_xml(&name),
            );
            x += 28.0 + text_width(&name, TICK_SIZE) + 16.0;
        }
    }

    Axis::new(left, right, base, plot_h, axis_max, step).grid(&mut s);
    // X labels.
    for (i, l) in x_labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let _ = write!(
            s,
            r#"<text x="{x}" y="{y}" font-size="{TICK_SIZE}" fill="{MUTED}" text-anchor="middle">{l}</text>"#,
            x = px(x_at(i)),
            y = px(base + TICK_SIZE + 8.0),
            l = escape_xml(l),
        );
    }
    // Series, drawn last-first so the accent line is on top.
    for (si, (name, v)) in series.iter().enumerate().rev() {
        let (colour, dash) = series_style(si);
        // Split into runs of finite values: a gap in the data is a gap in the line.
        let mut path = String::new();
        let mut pen_down = false;
        for (i, x) in v.iter().take(n).enumerate() {
            if x.is_finite() {
                let cmd = if pen_down { 'L' } else { 'M' };
                let _ = write!(path, "{cmd}{} {} ", px(x_at(i)), px(y_at(*x)));
                pen_down = true;
            } else {
                pen_down = false;
            }
        }
        let _ = write!(
            s,
            r#"<path class="series" d="{}" fill="none" stroke="{colour}" stroke-width="{sw}" stroke-dasharray="{dash}" stroke-linejoin="round"/>"#,
            path.trim_end(),
            sw = if si == 0 { 2.5 } else { 2.0 },
        );
        for (i, x) in v.iter().take(n).enumerate() {
            if !x.is_finite() {
                continue;
            }
            let tip = format!("{name} {}：{}{unit}", x_labels[i], format_value(*x));
            let _ = write!(
                s,
                r#"<circle cx="{cx}" cy="{cy}" r="3.5" fill="{colour}"><title>{tip}</title></circle>"#,
                cx = px(x_at(i)),
                cy = px(y_at(*x)),
                tip = escape_xml(&tip),
            );
            if si == 0 {
                let _ = write!(
                    s,
                    r#"<text x="{x}" y="{y}" font-size="{size}" fill="{TEXT}" text-anchor="middle">{v}</text>"#,
                    x = px(x_at(i)),
                    y = px(y_at(*x) - 8.0),
                    size = if n > 8 { TICK_SIZE - 1.0 } else { LABEL_SIZE },
                    v = format_value(*x),
                );
            }
        }
    }
    s += "</svg>";
    s
}
