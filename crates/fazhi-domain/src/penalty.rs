//! Administrative penalty decisions (行政处罚决定): what a penalty record must contain and the
//! order its dates must keep.
//!
//! The seed's town sends its penalty cases to the legal adviser before deciding them
//! (statutes.md §3), and 行政处罚法 第五十八条 forbids a decision without a passing legal review
//! in the cases it lists; the gate itself is `review::PENALTY_DECIDED`. The kinds are those of
//! 第九条; a decision comes after the party was told of the intended penalty and of the rights
//! to 陈述、申辩 and 听证 (第四十四条), and is served after it is made (第六十一条). Fines are kept
//! in fen (分) so that totals add up exactly.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contract::parse_amount;
use crate::dispute::code_enum;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// 处罚种类 (行政处罚法 第九条).
    PenaltyKind {
        Warning = "warning", "警告";
        Criticism = "criticism", "通报批评";
        Fine = "fine", "罚款";
        ConfiscateGains = "confiscate_gains", "没收违法所得";
        ConfiscateProperty = "confiscate_property", "没收非法财物";
        SuspendLicence = "suspend_licence", "暂扣许可证件";
        LowerQualification = "lower_qualification", "降低资质等级";
        RevokeLicence = "revoke_licence", "吊销许可证件";
        RestrictBusiness = "restrict_business", "限制开展生产经营活动";
        StopBusiness = "stop_business", "责令停产停业";
        Close = "close", "责令关闭";
        RestrictPractice = "restrict_practice", "限制从业";
        Other = "other", "其他行政处罚";
    }
}

/// The longest text of a fact or basis, in characters.
pub const MAX_TEXT: usize = 10_000;

/// A penalty case as entered. Dates arrive parsed (`None` if blank); the caller reports an
/// unparseable date under its own field.
#[derive(Clone, Debug, Default)]
pub struct PenaltyDraft {
    pub case_no: String,
    pub decision_no: String,
    pub party: String,
    pub party_id_no: String,
    pub facts: String,
    pub basis: String,
    pub kind: String,
    /// 罚款金额 as typed: `2000`, `0.5万`; blank when there is none.
    pub fine: String,
    pub handled_by: String,
    pub filed_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub hearing_requested: bool,
    pub hearing_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub enforcement: String,
}

/// A checked penalty case, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewPenalty {
    pub case_no: String,
    pub decision_no: Option<String>,
    pub party: String,
    pub party_id_no: Option<String>,
    pub facts: String,
    pub basis: String,
    pub kind: PenaltyKind,
    pub fine_fen: Option<i64>,
    pub handled_by: String,
    pub filed_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub hearing_requested: bool,
    pub hearing_on: Option<NaiveDate>,
    /// `None` while the case is being investigated or reviewed.
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub enforcement: Option<String>,
}

/// `later` must not fall before `earlier`: the message names both dates.
fn in_order(
    errors: &mut FieldErrors,
    (field, label, later): (&str, &str, Option<NaiveDate>),
    (earlier_label, earlier): (&str, Option<NaiveDate>),
) {
    if let (Some(l), Some(e)) = (later, earlier) {
        if l < e {
            errors
                .entry(field.to_owned())
                .or_insert_with(|| format!("「{label}」{l} 早于「{earlier_label}」{e}，请核对"));
        }
    }
}

impl NewPenalty {
    pub fn parse(d: PenaltyDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let case_no = required_text(
            "case_no",
            "案号",
            "某镇罚立〔2025〕3号",
            &d.case_no,
            100,
            &mut errors,
        );
        let decision_no = optional_text(
            "decision_no",
            "决定书文号",
            &d.decision_no,
            100,
            &mut errors,
        );
        let party = required_text(
            "party",
            "当事人",
            "张三 或 某某商贸有限公司",
            &d.party,
            200,
            &mut errors,
        );
        let party_id_no = optional_text(
            "party_id_no",
            "身份证号码或统一社会信用代码",
            &d.party_id_no,
            30,
            &mut errors,
        );
        let facts = required_text(
            "facts",
            "违法事实",
            "2025年3月5日在镇区主干道违规占道经营",
            &d.facts,
            MAX_TEXT,
            &mut errors,
        );
        let basis = required_text(
            "basis",
            "法律依据",
            "《城市市容和环境卫生管理条例》第三十六条",
            &d.basis,
            MAX_TEXT,
            &mut errors,
        );
        let kind = PenaltyKind::parse(&d.kind);
        if kind.is_none() {
            let labels: Vec<&str> = PenaltyKind::ALL.iter().map(|k| k.label()).collect();
            errors.insert(
                "kind".to_owned(),
                format!("请选择处罚种类（行政处罚法 第九条）：{}", labels.join("、")),
            );
        }
        let fine_fen = match parse_amount(&d.fine) {
            Ok(a) => a,
            Err(_) => {
                errors.insert(
                    "fine".to_owned(),
                    format!(
                        "「罚款金额」{} 不是金额，请填写元数，例如 2000 或 0.5万",
                        d.fine.trim()
                    ),
                );
                None
            }
        };
        if kind == Some(PenaltyKind::Fine) && fine_fen.is_none() && !errors.contains_key("fine") {
            errors.insert(
                "fine".to_owned(),
                "处罚种类为罚款的，请填写罚款金额".to_owned(),
            );
        }
        let handled_by = required_text(
            "handled_by",
            "承办机构及执法人员",
            "综合行政执法队 张三、李四",
            &d.handled_by,
            200,
            &mut errors,
        );
        let enforcement =
            optional_text("enforcement", "执行情况", &d.enforcement, 2000, &mut errors);
        if d.filed_on.is_none() && !errors.contains_key("filed_on") {
            errors.insert("filed_on".to_owned(), "请填写立案日期".to_owned());
        }
        let filed = ("立案日期", d.filed_on);
        in_order(
            &mut errors,
            ("notified_on", "告知日期", d.notified_on),
            filed,
        );
        in_order(
            &mut errors,
            ("hearing_on", "听证日期", d.hearing_on),
            ("告知日期", d.notified_on),
        );
        in_order(&mut errors, ("decided_on", "决定日期", d.decided_on), filed);
        in_order(
            &mut errors,
            ("decided_on", "决定日期", d.decided_on),
            ("告知日期", d.notified_on),
        );
        in_order(
            &mut errors,
            ("decided_on", "决定日期", d.decided_on),
            ("听证日期", d.hearing_on),
        );
        in_order(
            &mut errors,
            ("served_on", "送达日期", d.served_on),
            ("决定日期", d.decided_on),
        );
        if d.hearing_on.is_some() && !d.hearing_requested {
            errors.insert(
                "hearing_on".to_owned(),
                "填写了听证日期，但未勾选「当事人要求听证」，请核对".to_owned(),
            );
        }
        // 第四十四条、第六十二条: no decision before the party was told of it and of their rights.
        if d.decided_on.is_some() && d.notified_on.is_none() {
            errors.entry("notified_on".to_owned()).or_insert_with(|| {
                "作出处罚决定前应告知当事人拟作出的处罚及陈述、申辩、听证权利（行政处罚法 第四十四条），请填写告知日期".to_owned()
            });
        }
        if d.served_on.is_some() && d.decided_on.is_none() {
            errors
                .entry("served_on".to_owned())
                .or_insert_with(|| "填写送达日期前请先填写决定日期".to_owned());
        }
        match (kind, d.filed_on) {
            (Some(kind), Some(filed_on)) if errors.is_empty() => Ok(NewPenalty {
                case_no,
                decision_no,
                party,
                party_id_no,
                facts,
                basis,
                kind,
                fine_fen,
                handled_by,
                filed_on,
                notified_on: d.notified_on,
                hearing_requested: d.hearing_requested,
                hearing_on: d.hearing_on,
                decided_on: d.decided_on,
                served_on: d.served_on,
                enforcement,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    fn draft() -> PenaltyDraft {
        PenaltyDraft {
            case_no: "罚立〔2025〕1号".into(),
            party: "张三".into(),
            facts: "占道经营".into(),
            basis: "某条例第三十六条".into(),
            kind: "罚款".into(),
            fine: "2000".into(),
            handled_by: "执法队 张三、李四".into(),
            filed_on: day("2025-03-03"),
            ..PenaltyDraft::default()
        }
    }

    #[test]
    fn a_penalty_keeps_its_dates_in_order_and_needs_notice_before_a_decision() {
        let p = NewPenalty::parse(draft()).unwrap();
        assert_eq!((p.kind, p.fine_fen), (PenaltyKind::Fine, Some(200_000)));
        let mut d = draft();
        d.decided_on = day("2025-03-10");
        let e = NewPenalty::parse(d.clone()).unwrap_err();
        assert!(e["notified_on"].contains("第四十四条"), "{e:?}");
        d.notified_on = day("2025-03-11");
        let e = NewPenalty::parse(d.clone()).unwrap_err();
        assert!(e["decided_on"].contains("早于「告知日期」"), "{e:?}");
        d.notified_on = day("2025-03-05");
        d.served_on = day("2025-03-09");
        let e = NewPenalty::parse(d.clone()).unwrap_err();
        assert!(e.contains_key("served_on"), "{e:?}");
        d.served_on = day("2025-03-12");
        assert!(NewPenalty::parse(d).is_ok());
    }

    #[test]
    fn a_fine_needs_an_amount_and_the_kind_is_from_article_nine() {
        let mut d = draft();
        d.fine = String::new();
        assert!(NewPenalty::parse(d.clone())
            .unwrap_err()
            .contains_key("fine"));
        d.kind = "拘役".into();
        let e = NewPenalty::parse(d).unwrap_err();
        assert!(e["kind"].contains("第九条"), "{e:?}");
    }
}
