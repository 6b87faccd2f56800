//! Cell parsers shared by the importers. Errors are the message part of a [`crate::RowError`]:
//! Chinese, saying what to write instead.

use chrono::{Datelike, Days, NaiveDate};

const DATE_HINT: &str = "日期格式不正确，请写成 2024-03-05";

/// Excel serial numbers accepted as dates: 10000 is 1927-05-18, 73415 is 2100-12-31. A small
/// number in a date column is a mistake, not a date in 1900.
const SERIAL_RANGE: std::ops::RangeInclusive<u64> = 10_000..=73_415;

/// Years a ledger date may fall in: a typo such as 20224 or 0224 is refused instead of being
/// stored as a date no report or deadline can use (issue #12, Low).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The largest count a cell may hold: far above any real activity or attendance, and small
/// enough that a year's sum of them cannot overflow (issue #12, Low).
pub const MAX_COUNT: u32 = 100_000_000;

/// Full-width digits and punctuation (Chinese IME) to ASCII; ideographic space to a space.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A date as people write it in ledgers: `2024-03-05`, `2024-3-5`, `2024/3/5`, `2024.3.5`,
/// `2024年3月5日`, `20240305`, or an Excel serial number (what a date cell becomes in some CSVs).
/// A time after the date (`2024/3/5 0:00`) is ignored.
pub fn parse_date(input: &str) -> Result<NaiveDate, String> {
    let date = parse_any_date(input)?;
    if !YEARS.contains(&date.year()) {
        return Err(format!(
            "日期「{}」的年份超出范围，请填写 {} 年至 {} 年之间的日期",
            input.trim(),
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(date)
}

fn parse_any_date(input: &str) -> Result<NaiveDate, String> {
    let s = half_width(input.trim());
    if s.is_empty() {
        return Err("日期不能为空，请写成 2024-03-05".to_owned());
    }
    let date_part = strip_time(&s).ok_or_else(|| DATE_HINT.to_owned())?;

    if date_part.bytes().all(|b| b.is_ascii_digit()) {
        if date_part.len() == 8 {
            return ymd(&date_part[..4], &date_part[4..6], &date_part[6..]);
        }
        return serial_date(date_part);
    }
    if let Some((whole, frac)) = date_part.split_once('.') {
        // An Excel serial with a time fraction, e.g. 45356.5.
        if !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && (5..=6).contains(&whole.len())
        {
            return serial_date(whole);
        }
    }

    let unified: String = date_part
        .trim_end_matches(['日', '号'])
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let parts: Vec<&str> = unified.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            ymd(y, m, d)
        }
        _ => Err(DATE_HINT.to_owned()),
    }
}

/// The date before an optional time (`2024/3/5 0:00`, `2024-03-05T00:00:00`); `None` if what
/// follows is not a time.
fn strip_time(s: &str) -> Option<&str> {
    let cut = s.find([' ', 'T']).filter(|&i| i >= 8);
    match cut {
        None => Some(s),
        Some(i) => {
            let time = s[i + 1..].trim();
            let is_time = time.contains(':')
                && time
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
            is_time.then(|| s[..i].trim_end())
        }
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Result<NaiveDate, String> {
    let num = |s: &str| -> Result<u32, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DATE_HINT.to_owned());
        }
        s.parse().map_err(|_| DATE_HINT.to_owned())
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| format!("日期{y}年{m}月{d}日不存在，请核对"))
}

fn serial_date(digits: &str) -> Result<NaiveDate, String> {
    let n: u64 = digits.parse().map_err(|_| DATE_HINT.to_owned())?;
    if !SERIAL_RANGE.contains(&n) {
        return Err(DATE_HINT.to_owned());
    }
    // Excel's day 0 is 1899-12-30 for every serial past 1900-02-28 (its fictitious 1900-02-29).
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    Ok(epoch + Days::new(n))
}

/// Units people add after counts; accepted so that 「200人次」 is 200.
const COUNT_UNITS: [&str; 12] = [
    "人次", "台次", "人", "份", "张", "条", "幅", "台", "次", "场", "个", "辆",
];

/// A non-negative whole number; blank is 0. Accepts `60.0`, `1,200` and a trailing unit (`60人`).
pub fn parse_count(input: &str) -> Result<u32, String> {
    let s = half_width(input.trim());
    let mut s = s.as_str();
    for unit in COUNT_UNITS {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.trim_end();
            break;
        }
    }
    if s.is_empty() {
        return Ok(0);
    }
    if s.starts_with('-') {
        return Err(format!("「{}」不能为负数，请填 0 或正整数", input.trim()));
    }
    let not_a_count = || format!("「{}」不是整数，请填 0、12 这样的数字", input.trim());
    let s = s.strip_prefix('+').unwrap_or(s);
    let s = ungroup(s).ok_or_else(not_a_count)?;
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(not_a_count());
    }
    if frac.bytes().any(|b| b != b'0') {
        return Err(format!("「{}」不是整数，请填整数", input.trim()));
    }
    let too_large = || format!("「{}」太大了，请核对（不能超过 {MAX_COUNT}）", input.trim());
    let n: u32 = whole.parse().map_err(|_| too_large())?;
    if n > MAX_COUNT {
        return Err(too_large());
    }
    Ok(n)
}

/// Removes thousands separators only when they group digits correctly (`1,200`, `12,345,678`),
/// so that `1,2` stays an error instead of becoming 12.
fn ungroup(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_owned());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let ok = (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| match frac {
        Some(f) => format!("{}.{f}", groups.concat()),
        None => groups.concat(),
    })
}

/// An amount of money in yuan (`12000`, `1,200.50`, `1200元`, `1.5万`, `1.5万元`), as whole fen so
/// that storage keeps integers. Blank is `None`.
pub fn parse_amount_fen(input: &str) -> Result<Option<i64>, String> {
    let s = half_width(input.trim()).replace(['¥', '￥'], "");
    let mut s = s.trim().trim_end_matches('元').trim_end();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "「{}」不是金额，请填以元为单位的数字，如 1200 或 1.5万",
            input.trim()
        )
    };
    let mut scale: i64 = 100;
    if let Some(rest) = s.strip_suffix('万') {
        s = rest.trim_end();
        scale = 1_000_000;
    }
    if s.starts_with('-') {
        return Err(format!("「{}」不能为负数", input.trim()));
    }
    let s = ungroup(s).ok_or_else(bad)?;
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // Fixed-point arithmetic: scale has 2 (yuan) or 6 (万) decimal places to spend.
    let places = scale.ilog10() as usize;
    let frac = frac.trim_end_matches('0');
    if frac.len() > places {
        return Err(format!("「{}」精确到分即可，请核对", input.trim()));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac_fen: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<places$}").parse().map_err(|_| bad())?
    };
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_fen))
        .map(Some)
        .ok_or_else(|| format!("「{}」太大了，请核对", input.trim()))
}

/// A multi-valued cell split on `、` `,` `，` `;` `；`, trimmed, blanks dropped.
pub fn split_multi(input: &str) -> Vec<String> {
    input
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_date_form() {
        for s in [
            "2024-03-05",
            "2024-3-5",
            "2024/3/5",
            "2024/03/05",
            "2024.3.5",
            "2024年3月5日",
            "2024年03月05日",
            "2024 年 3 月 5 日",
            "2024年3月5号",
            "20240305",
            "45356",
            "45356.0",
            " 2024-03-05 ",
            "２０２４－０３－０５",
            "2024/3/5 0:00",
            "2024-03-05 00:00:00",
            "2024-03-05T00:00:00",
        ] {
            assert_eq!(parse_date(s), Ok(d(2024, 3, 5)), "{s}");
        }
    }

    #[test]
    fn bad_dates() {
        assert_eq!(
            parse_date("2024-02-30"),
            Err("日期2024年2月30日不存在，请核对".to_owned())
        );
        for s in [
            "abc",
            "3",
            "2024-3",
            "24-3-5",
            "2024-03-05 上午",
            "2024--5",
            "2024-003-05",
        ] {
            assert_eq!(parse_date(s), Err(DATE_HINT.to_owned()), "{s}");
        }
        assert!(parse_date("").unwrap_err().contains("不能为空"));
    }

    #[test]
    fn serial_dates() {
        assert_eq!(parse_date("1"), Err(DATE_HINT.to_owned()));
        assert_eq!(parse_date("44927"), Ok(d(2023, 1, 1)));
        assert_eq!(parse_date("73415"), Ok(d(2100, 12, 31)));
        assert_eq!(parse_date("73416"), Err(DATE_HINT.to_owned()));
    }

    #[test]
    fn years_outside_1900_to_2100_are_refused() {
        for s in [
            "2101-01-01",
            "1899-12-31",
            "0224-03-05",
            "9999年1月1日",
            "21010101",
        ] {
            let e = parse_date(s).unwrap_err();
            assert!(e.contains("1900 年至 2100 年"), "{s}: {e}");
        }
        assert_eq!(parse_date("1900-01-01"), Ok(d(1900, 1, 1)));
        assert_eq!(parse_date("2100-12-31"), Ok(d(2100, 12, 31)));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("  "), Ok(0));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("60"), Ok(60));
        assert_eq!(parse_count("60.0"), Ok(60));
        assert_eq!(parse_count("60.00"), Ok(60));
        assert_eq!(parse_count("1,200"), Ok(1200));
        assert_eq!(parse_count("200人次"), Ok(200));
        assert_eq!(parse_count("3 份"), Ok(3));
        assert_eq!(parse_count("１２"), Ok(12));
        assert!(parse_count("-1").unwrap_err().contains("不能为负数"));
        assert!(parse_count("abc").unwrap_err().contains("不是整数"));
        assert!(parse_count("1,2").unwrap_err().contains("不是整数"));
        assert!(parse_count("60.5").unwrap_err().contains("整数"));
        assert!(parse_count(".5").is_err());
        assert!(parse_count("99999999999").unwrap_err().contains("太大"));
        assert_eq!(parse_count("100,000,000"), Ok(MAX_COUNT));
        assert!(parse_count("100000001")
            .unwrap_err()
            .contains("不能超过 100000000"));
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount_fen(""), Ok(None));
        assert_eq!(parse_amount_fen("12000"), Ok(Some(1_200_000)));
        assert_eq!(parse_amount_fen("1,200.50"), Ok(Some(120_050)));
        assert_eq!(parse_amount_fen("1200元"), Ok(Some(120_000)));
        assert_eq!(parse_amount_fen("￥80"), Ok(Some(8_000)));
        assert_eq!(parse_amount_fen("1.5万"), Ok(Some(1_500_000)));
        assert_eq!(parse_amount_fen("1.5万元"), Ok(Some(1_500_000)));
        assert_eq!(parse_amount_fen("0.35"), Ok(Some(35)));
        assert_eq!(parse_amount_fen(".5"), Ok(Some(50)));
        assert!(parse_amount_fen("1.234").unwrap_err().contains("精确到分"));
        assert!(parse_amount_fen("-5").unwrap_err().contains("负数"));
        assert!(parse_amount_fen("五千").unwrap_err().contains("不是金额"));
        assert!(parse_amount_fen(".").is_err());
    }

    #[test]
    fn multi_values() {
        assert_eq!(
            split_multi("张三、李四,王五，赵六;钱七；孙八"),
            ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
        );
        assert_eq!(split_multi(" 宪法 、、 民法典 "), ["宪法", "民法典"]);
        assert!(split_multi("").is_empty());
        assert!(split_multi(" 、 ").is_empty());
    }
}
