//! Vertical and horizontal bar charts.

use std::fmt::Write as _;

use super::{
    drawable, empty_chart, format_value, linked, nice_axis, open_svg, px, text_width, truncate,
    Axis, Datum, ACCENT, AXIS, HEADER, LABEL_SIZE, TEXT, TICK_SIZE, VIEW_WIDTH,
};
use crate::text::escape_xml;

/// More bars than this do not fit side by side on a phone: they are drawn horizontally.
const MAX_VERTICAL_BARS: usize = 12;

/// "label 12起，…" for `<desc>`.
fn describe(title: &str, data: &[Datum], unit: &str) -> String {
    let items: Vec<String> = data
        .iter()
        .map(|d| format!("{} {}{unit}", d.label, format_value(d.value)))
        .collect();
    format!("{title}：{}", items.join("，"))
}

fn all_integers(data: &[Datum]) -> bool {
    data.iter().all(|d| drawable(d.value).fract() == 0.0)
}

/// Vertical bars, one per datum, with the value above each bar. Labels that do not fit under
/// their bar are turned 45°; more than twelve bars become a [`horizontal_bar_chart`].
pub fn bar_chart(title: &str, data: &[Datum], unit: &str) -> String {
    if data.is_empty() {
        return empty_chart(title, unit);
    }
    if data.len() > MAX_VERTICAL_BARS {
        return horizontal_bar_chart(title, data, unit);
    }
    let (axis_max, step) = nice_axis(
        data.iter().map(|d| drawable(d.value)).fold(0.0, f64::max),
        all_integers(data),
    );
    let left = 8.0 + text_width(&format_value(axis_max), TICK_SIZE) + 8.0;
    let right = 8.0;
    let plot_w = VIEW_WIDTH - left - right;
    let slot = plot_w / data.len() as f64;
    let bar_w = (slot * 0.6).min(56.0);

    // Labels longer than the slot are rotated; the rotated ones need room below the axis.
    let label_max = 110.0;
    let widest = data
        .iter()
        .map(|d| text_width(&d.label, LABEL_SIZE).min(label_max))
        .fold(0.0, f64::max);
    let rotate = widest > slot - 4.0;
    let below = if rotate {
        widest * std::f64::consts::FRAC_1_SQRT_2 + LABEL_SIZE + 12.0
    } else {
        LABEL_SIZE + 14.0
    };
    let plot_h = 220.0;
    let top = HEADER + 20.0; // room for the value over the tallest bar
    let base = top + plot_h;
    let height = base + below;

    let mut s = open_svg(title, &describe(title, data, unit), height, unit);
    Axis::new(left, right, base, plot_h, axis_max, step).grid(&mut s);
    for (i, d) in data.iter().enumerate() {
        let v = drawable(d.value);
        let h = v / axis_max * plot_h;
        let cx = left + slot * (i as f64 + 0.5);
        let value = format_value(d.value);
        let inner = format!(
            r#"<g><title>{tip}</title><rect class="bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="{ACCENT}"/><text x="{cx}" y="{vy}" font-size="{LABEL_SIZE}" fill="{TEXT}" text-anchor="middle">{value}</text></g>"#,
            tip = escape_xml(&format!("{}：{}{unit}", d.label, value)),
            x = px(cx - bar_w / 2.0),
            y = px(base - h),
            w = px(bar_w),
            h = px(h),
            cx = px(cx),
            vy = px(base - h - 6.0),
        );
        s += &linked(d.href.as_deref(), &inner);
        let label = escape_xml(&truncate(&d.label, LABEL_SIZE, label_max));
        if rotate {
            let ly = base + 14.0;
            let _ = write!(
                s,
                r#"<text x="{x}" y="{y}" font-size="{LABEL_SIZE}" fill="{TEXT}" text-anchor="end" transform="rotate(-45 {x} {y})">{label}</text>"#,
                x = px(cx + LABEL_SIZE * 0.35),
                y = px(ly),
            );
        } else {
            let _ = write!(
                s,
                r#"<text x="{x}" y="{y}" font-size="{LABEL_SIZE}" fill="{TEXT}" text-anchor="middle">{label}</text>"#,
                x = px(cx),
                y = px(base + LABEL_SIZE + 6.0),
            );
        }
    }
    s += "</svg>";
    s
}

/// Horizontal bars, one row per datum (types, villages), label on the left and the value at
/// the end of the bar. Suits long labels and long lists.
pub fn horizontal_bar_chart(title: &str, data: &[Datum], unit: &str) -> String {
    if data.is_empty() {
        return empty_chart(title, unit);
    }
    let max = data.iter().map(|d| drawable(d.value)).fold(0.0, f64::max);
    let label_max = 140.0;
    let label_w = data
        .iter()
        .map(|d| text_width(&d.label, LABEL_SIZE).min(label_max))
        .fold(0.0, f64::max);
    let left = 8.0 + label_w + 8.0;
    // Room after the longest bar for its value.
    let value_w = data
        .iter()
        .map(|d| text_width(&format_value(d.value), LABEL_SIZE))
        .fold(0.0, f64::max)
        + 12.0;
    let plot_w = VIEW_WIDTH - left - value_w - 8.0;
    // Bars fill the plot at the data's maximum: no axis is drawn, each value is written out.
    let scale_max = if max > 0.0 { max } else { 1.0 };
    let row = 30.0;
    let bar_h = 18.0;
    let top = HEADER + 4.0;
    let height = top + row * data.len() as f64 + 8.0;

    let mut s = open_svg(title, &describe(title, data, unit), height, unit);
    let _ = write!(
        s,
        r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{AXIS}" stroke-width="1"/>"#,
        x = px(left),
        y1 = px(top),
        y2 = px(top + row * data.len() as f64),
    );
    for (i, d) in data.iter().enumerate() {
        let w = drawable(d.value) / scale_max * plot_w;
        let y = top + row * i as f64 + (row - bar_h) / 2.0;
        let mid = y + bar_h / 2.0 + LABEL_SIZE * 0.35;
        let value = format_value(d.value);
        let _ = write!(
            s,
            r#"<text x="{x}" y="{y}" font-size="{LABEL_SIZE}" fill="{TEXT}" text-anchor="end">{label}</text>"#,
            x = px(left - 8.0),
            y = px(mid),
            label = escape_xml(&truncate(&d.label, LABEL_SIZE, label_max)),
        );
        let inner = format!(
            r#"<g><title>{tip}</title><rect class="bar" x="{x}" y="{y}" width="{w}" height="{bar_h}" fill="{ACCENT}"/><text x="{vx}" y="{vy}" font-size="{LABEL_SIZE}" fill="{TEXT}">{value}</text></g>"#,
            tip = escape_xml(&format!("{}：{}{unit}", d.label, value)),
            x = px(left),
            y = px(y),
            w = px(w),
            vx = px(left + w + 6.0),
            vy = px(mid),
        );
        s += &linked(d.href.as_deref(), &inner);
    }
    s += "</svg>";
    s
}
