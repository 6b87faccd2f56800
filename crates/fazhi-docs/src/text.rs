//! Text helpers shared by the DOCX, HTML, Markdown and SVG writers.

use chrono::{Datelike, NaiveDate};

/// Escapes text for XML/HTML content and attribute values, and drops the characters that
/// XML 1.0 forbids (a stray control character pasted from a spreadsheet would otherwise make
/// the whole document unreadable).
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Removes characters that XML 1.0 cannot carry, keeping everything else as is.
pub(crate) fn xml_safe(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The date as GB/T 9704 writes a 成文日期: Arabic numerals, full year, no leading zeros
/// (`2024年1月15日`).
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A count as written in words in a document (`三`, `十二`, `二十一`), for 「一式三份」. Counts
/// of 100 or more are written in Arabic numerals.
pub fn chinese_count(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// Width of a string in 字 (one full-width character): ASCII and other narrow characters
/// count as half, which is how 仿宋 sets Arabic numerals.
pub(crate) fn width_in_zi(s: &str) -> f64 {
    s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.5 }).sum()
}

/// East Asian wide or full-width characters (CJK, kana, hangul, full-width forms and
/// punctuation). Good enough for layout estimates; it is not a full UAX #11 table.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{2014}' // the one-em dash of page numbers and Chinese text
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a<b>&\"c\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;"
        );
        assert_eq!(xml_safe("调解\u{0B}协议"), "调解协议");
    }

    #[test]
    fn dates_have_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        assert_eq!(chinese_date(d), "2024年1月5日");
    }

    #[test]
    fn counts_in_words() {
        let words: Vec<String> = [1, 3, 10, 11, 20, 21, 51, 100].map(chinese_count).into();
        assert_eq!(
            words,
            ["一", "三", "十", "十一", "二十", "二十一", "五十一", "100"]
        );
    }

    #[test]
    fn digits_are_half_width() {
        assert_eq!(width_in_zi("2024年1月15日"), 3.5 + 3.0);
        assert_eq!(width_in_zi("西大沟镇人民政府"), 8.0);
    }
}
