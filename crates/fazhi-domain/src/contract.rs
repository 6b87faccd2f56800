//! External agreements and contracts (对外签订协议、合同): what a contract record must contain.
//!
//! The seed's town commits to put every agreement and contract it signs before its legal adviser
//! first (statutes.md §3: the four kinds of matter a township reviews). No national statute fixes
//! a township contract's steps; the fields are those a 合同管理台账 keeps. The counterparty's
//! 统一社会信用代码 is checked by GB 32100's check character when given (a natural person has
//! none). Amounts are kept in fen (分) so that totals add up exactly; people type yuan.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ident::Uscc;
use crate::publicity::{optional_text, required_text, FieldErrors};

/// No township contract is worth more than this (一千亿元); a larger figure is a typo.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000_000 * 100;

/// A contract as entered. Dates arrive parsed (`None` if blank); the caller reports an
/// unparseable date under its own field.
#[derive(Clone, Debug, Default)]
pub struct ContractDraft {
    pub title: String,
    pub counterparty: String,
    pub counterparty_code: String,
    /// 合同金额 as typed: `120000`, `12.5万`, `120,000.00元`; blank when there is none.
    pub amount: String,
    pub handled_by: String,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub review_ref: String,
    pub performance: String,
}

/// A checked contract, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewContract {
    pub title: String,
    pub counterparty: String,
    /// Upper-case and checked; `None` for a counterparty without one (a natural person).
    pub counterparty_code: Option<String>,
    pub amount_fen: Option<i64>,
    pub handled_by: String,
    /// `None` while the contract is still being negotiated or reviewed.
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// The legal adviser's opinion it went through (审查意见书编号 or a short note).
    pub review_ref: Option<String>,
    /// 履行情况
    pub performance: Option<String>,
}

impl NewContract {
    pub fn parse(d: ContractDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(
            "title",
            "合同名称",
            "村级活动场所维修工程施工合同",
            &d.title,
            200,
            &mut errors,
        );
        let counterparty = required_text(
            "counterparty",
            "合同相对方",
            "某某建筑工程有限公司",
            &d.counterparty,
            200,
            &mut errors,
        );
        let counterparty_code = match d.counterparty_code.trim() {
            "" => None,
            code => match Uscc::parse(code) {
                Ok(c) => Some(c.as_str().to_owned()),
                Err(e) => {
                    errors.insert("counterparty_code".to_owned(), e.to_string());
                    None
                }
            },
        };
        let amount_fen = match parse_amount(&d.amount) {
            Ok(a) => a,
            Err(m) => {
                errors.insert("amount".to_owned(), m);
                None
            }
        };
        let handled_by = required_text(
            "handled_by",
            "承办单位或经办人",
            "党政办 张三",
            &d.handled_by,
            100,
            &mut errors,
        );
        if let (Some(s), Some(e)) = (d.starts_on, d.ends_on) {
            if e < s {
                errors.insert(
                    "ends_on".to_owned(),
                    format!("「履行期限至」{e} 早于「履行期限自」{s}，请核对"),
                );
            }
        }
        let review_ref = optional_text("review_ref", "合法性审查", &d.review_ref, 200, &mut errors);
        let performance =
            optional_text("performance", "履行情况", &d.performance, 2000, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewContract {
            title,
            counterparty,
            counterparty_code,
            amount_fen,
            handled_by,
            signed_on: d.signed_on,
            starts_on: d.starts_on,
            ends_on: d.ends_on,
            review_ref,
            performance,
        })
    }
}

/// An amount of money as people type it, in fen: `120000` → 12 000 000, `12.5万` → 12 500 000,
/// `1,200.50元` → 120 050; blank → `None`. At most two decimals of a yuan.
pub fn parse_amount(input: &str) -> Result<Option<i64>, String> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥'))
        .collect();
    let s = s.trim_end_matches('元');
    if s.is_empty() {
        return Ok(None);
    }
    let (number, scale) = match s.strip_suffix('万') {
        Some(n) => (n, 10_000_i64),
        None => (s, 1),
    };
    let wrong = || {
        format!(
            "「合同金额」{} 不是金额，请填写元数，例如 120000 或 12.5万",
            input.trim()
        )
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 15
    {
        return Err(wrong());
    }
    // Fen of one unit (yuan or 万元): a 万元 figure may carry six decimals, a yuan figure two.
    let unit_fen = scale * 100;
    let places = unit_fen.ilog10() as usize;
    if fraction.len() > places {
        return Err(format!(
            "「合同金额」{} 的小数位过多，请精确到分",
            input.trim()
        ));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| wrong())?
    };
    let padded = format!("{fraction:0<places$}");
    let fraction: i64 = if places == 0 {
        0
    } else {
        padded.parse().map_err(|_| wrong())?
    };
    let fen = whole
        .checked_mul(unit_fen)
        .and_then(|w| w.checked_add(fraction))
        .filter(|f| *f <= MAX_AMOUNT_FEN)
        .ok_or_else(|| format!("「合同金额」{} 过大，请核对", input.trim()))?;
    Ok(Some(fen))
}

/// Fen as yuan for people: `12_000_000` → `120000.00`.
pub fn yuan_label(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ContractDraft {
        ContractDraft {
            title: "村级活动场所维修工程施工合同".to_owned(),
            counterparty: "某某建筑工程有限公司".to_owned(),
            counterparty_code: String::new(),
            amount: "12.5万".to_owned(),
            handled_by: "党政办 张三".to_owned(),
            ..ContractDraft::default()
        }
    }

    /// A valid code: GB 32100's example body with its computed check character.
    fn valid_code() -> String {
        let body = "91350100M000100Y4";
        format!("{body}{}", crate::ident::uscc_check_char(body).unwrap())
    }

    #[test]
    fn amounts_in_yuan_and_wan() {
        let cases = [
            ("120000", Some(12_000_000)),
            ("12.5万", Some(12_500_000)),
            ("1,200.50元", Some(120_050)),
            ("￥ 0.01", Some(1)),
            ("3.123456万", Some(3_123_456)),
            ("", None),
        ];
        for (typed, fen) in cases {
            assert_eq!(parse_amount(typed), Ok(fen), "{typed}");
        }
        for wrong in ["十万", "1.234", "1.2.3", "-5", "万", "1234567890123456"] {
            assert!(parse_amount(wrong).is_err(), "{wrong} accepted");
        }
        assert_eq!(yuan_label(120_050), "1200.50");
    }

    #[test]
    fn a_complete_contract_parses() {
        let mut d = draft();
        d.counterparty_code = valid_code().to_lowercase();
        d.starts_on = NaiveDate::from_ymd_opt(2024, 3, 1);
        d.ends_on = NaiveDate::from_ymd_opt(2024, 12, 31);
        let c = NewContract::parse(d).unwrap();
        assert_eq!(c.amount_fen, Some(12_500_000));
        assert_eq!(c.counterparty_code, Some(valid_code()));
        assert_eq!(c.review_ref, None);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let mut d = draft();
        d.title = " ".to_owned();
        let mut wrong_check = valid_code();
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == '0' { '1' } else { '0' });
        d.counterparty_code = wrong_check;
        d.amount = "很多".to_owned();
        d.starts_on = NaiveDate::from_ymd_opt(2024, 3, 1);
        d.ends_on = NaiveDate::from_ymd_opt(2024, 2, 1);
        let errors = NewContract::parse(d).unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["amount", "counterparty_code", "ends_on", "title"],
            "{errors:?}"
        );
        assert!(errors["ends_on"].contains("早于"));
    }
}
