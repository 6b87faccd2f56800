//! Supervision items (接受监督, the seed's 一(四)): the suggestions and proposals of people's
//! deputies and CPPCC members, the findings of 审计 and 监察 with their rectification, 司法建议
//! and 检察建议, and issues the media raise. What each kind must record, the order its dates
//! keep, and when its reply (or rectification) is due.
//!
//! Reply periods (statutes.md §7.2, §8.3): 代表建议 and 政协提案 within 3 months
//! (`supervision.deputy_reply`, a province's setting); 检察建议 within 2 months
//! (`suggestion.procuratorial_reply`, 《人民检察院检察建议工作规定》); 司法建议 by the date in the
//! court's letter, 60 days when it names none (`supervision.judicial_reply`, unsure). A date the
//! letter names always wins (the rules' notes: 以建议书载明的期限为准). Findings are due by the
//! rectification deadline the auditor or 监察机关 set; media issues have no statutory period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::complaint::Satisfaction;
use crate::deadline::{compute_due, shipped_rules};
use crate::dispute::code_enum;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// 监督事项类别.
    Kind {
        DeputySuggestion = "deputy_suggestion", "人大代表建议";
        CppccProposal = "cppcc_proposal", "政协提案";
        AuditFinding = "audit_finding", "审计发现问题";
        SupervisionFinding = "supervision_finding", "监察发现问题";
        JudicialSuggestion = "judicial_suggestion", "司法建议";
        ProcuratorialSuggestion = "procuratorial_suggestion", "检察建议";
        MediaIssue = "media_issue", "媒体反映问题";
    }
}

/// The rule of deputies' suggestions and CPPCC proposals (3 months, a province's setting).
pub const DEPUTY_REPLY: &str = "supervision.deputy_reply";
/// The rule of 司法建议 without a date in the letter (60 days, unsure: statutes.md §8.3).
pub const JUDICIAL_REPLY: &str = "supervision.judicial_reply";
/// The rule of 检察建议 (2 months).
pub const PROCURATORIAL_REPLY: &str = "suggestion.procuratorial_reply";
/// A reply date named in the suggestion letter itself (`deadline::set_dates`).
pub const LETTER_DUE: &str = "supervision.letter_due";
/// A finding's rectification deadline, set by the auditor or 监察机关 (`deadline::set_dates`).
pub const RECTIFICATION_DUE: &str = "supervision.rectification";

/// The longest content, reply, measures or investigation, in characters.
pub const MAX_TEXT: usize = 5_000;

impl Kind {
    /// Suggestions and proposals whose deputy rates the reply (满意/基本满意/不满意).
    pub fn rated(self) -> bool {
        matches!(self, Kind::DeputySuggestion | Kind::CppccProposal)
    }

    /// Findings to rectify (each finding its own item).
    pub fn finding(self) -> bool {
        matches!(self, Kind::AuditFinding | Kind::SupervisionFinding)
    }

    /// Suggestions whose letter may name its own reply date.
    pub fn letter_dated(self) -> bool {
        matches!(
            self,
            Kind::JudicialSuggestion | Kind::ProcuratorialSuggestion
        )
    }

    /// The statutory reply rule, if the kind has one.
    pub fn reply_rule(self) -> Option<&'static str> {
        match self {
            Kind::DeputySuggestion | Kind::CppccProposal => Some(DEPUTY_REPLY),
            Kind::JudicialSuggestion => Some(JUDICIAL_REPLY),
            Kind::ProcuratorialSuggestion => Some(PROCURATORIAL_REPLY),
            _ => None,
        }
    }

    /// What the source field names for this kind (提出人, 审计机关, 媒体 …).
    pub fn source_label(self) -> &'static str {
        match self {
            Kind::DeputySuggestion => "提出建议的代表",
            Kind::CppccProposal => "提案委员",
            Kind::AuditFinding => "审计机关及审计报告",
            Kind::SupervisionFinding => "监察机关",
            Kind::JudicialSuggestion => "发出建议的人民法院",
            Kind::ProcuratorialSuggestion => "发出建议的人民检察院",
            Kind::MediaIssue => "媒体名称",
        }
    }
}

/// An item as entered; dates arrive parsed (`None` if blank or unparseable — the caller
/// reports the latter under its own field).
#[derive(Clone, Debug, Default)]
pub struct ItemDraft {
    pub kind: String,
    pub source: String,
    pub ref_no: String,
    pub received_on: Option<NaiveDate>,
    pub content: String,
    pub handling_unit: String,
    pub letter_due_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub reply: String,
    pub satisfaction: String,
    pub measures: String,
    pub rectify_by: Option<NaiveDate>,
    pub evidence: String,
    pub rectified_on: Option<NaiveDate>,
    pub media_on: Option<NaiveDate>,
    pub investigation: String,
    pub reply_link: String,
}

/// A checked item, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewItem {
    pub kind: Kind,
    pub source: String,
    pub ref_no: Option<String>,
    pub received_on: NaiveDate,
    pub content: String,
    pub handling_unit: Option<String>,
    pub letter_due_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub reply: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub measures: Option<String>,
    pub rectify_by: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub rectified_on: Option<NaiveDate>,
    pub media_on: Option<NaiveDate>,
    pub investigation: Option<String>,
    pub reply_link: Option<String>,
}

/// When an item is due and how that was worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDue {
    /// A rule of `data/deadline_rules.json` or a set date ([`LETTER_DUE`], [`RECTIFICATION_DUE`]).
    pub rule: &'static str,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub provisional: bool,
    /// How it was counted, line by line.
    pub explanation: Vec<String>,
}

fn refuse(errors: &mut FieldErrors, field: &str, message: String) {
    errors.entry(field.to_owned()).or_insert(message);
}

/// A field that belongs to other kinds only: refused by name, so nothing is stored unseen.
fn only_for(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    filled: bool,
    allowed: bool,
    kinds: &str,
) {
    if filled && !allowed {
        refuse(errors, field, format!("「{label}」仅适用于{kinds}，请清空"));
    }
}

/// `later` must not fall before `earlier`.
fn not_before(
    errors: &mut FieldErrors,
    (field, label, later): (&str, &str, Option<NaiveDate>),
    (elabel, earlier): (&str, NaiveDate),
) {
    if let Some(l) = later {
        if l < earlier {
            refuse(
                errors,
                field,
                format!("「{label}」{l} 早于「{elabel}」{earlier}，请核对"),
            );
        }
    }
}

impl NewItem {
    /// Checks an item; `today` (Beijing) bounds the dates that record what already happened.
    pub fn parse(d: ItemDraft, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = Kind::parse(&d.kind);
        if kind.is_none() {
            let labels: Vec<&str> = Kind::ALL.iter().map(|k| k.label()).collect();
            e.insert(
                "kind".to_owned(),
                format!("请选择类别：{}", labels.join("、")),
            );
        }
        let source_label = kind.map_or("来源", Kind::source_label);
        let source = required_text(
            "source",
            source_label,
            "张某某（镇人大代表）",
            &d.source,
            200,
            &mut e,
        );
        let ref_no = optional_text("ref_no", "编号或文号", &d.ref_no, 100, &mut e);
        let content = required_text(
            "content",
            "内容",
            "关于改善村道照明的建议",
            &d.content,
            MAX_TEXT,
            &mut e,
        );
        let handling_unit =
            optional_text("handling_unit", "承办单位", &d.handling_unit, 200, &mut e);
        let reply = optional_text("reply", "答复（回复）内容", &d.reply, MAX_TEXT, &mut e);
        let measures = optional_text("measures", "整改措施", &d.measures, MAX_TEXT, &mut e);
        let evidence = optional_text("evidence", "整改佐证材料", &d.evidence, 1_000, &mut e);
        let investigation = optional_text(
            "investigation",
            "调查核实情况",
            &d.investigation,
            MAX_TEXT,
            &mut e,
        );
        let reply_link = optional_text("reply_link", "回应发布链接", &d.reply_link, 500, &mut e);
        if let Some(link) = &reply_link {
            if !(link.starts_with("https://") || link.starts_with("http://")) {
                refuse(
                    &mut e,
                    "reply_link",
                    "回应发布链接应以 https:// 或 http:// 开头".to_owned(),
                );
            }
        }
        let satisfaction = match d.satisfaction.trim() {
            "" => None,
            s => {
                let parsed = Satisfaction::parse(s);
                if parsed.is_none() {
                    refuse(
                        &mut e,
                        "satisfaction",
                        "满意度请选择：满意、基本满意、不满意".to_owned(),
                    );
                }
                parsed
            }
        };
        let Some(received_on) = d.received_on else {
            refuse(
                &mut e,
                "received_on",
                "请填写收到日期，如 2025-03-05".to_owned(),
            );
            return Err(e);
        };
        let received = ("收到日期", received_on);
        for (field, label, date) in [
            ("received_on", "收到日期", Some(received_on)),
            ("replied_on", "答复日期", d.replied_on),
            ("rectified_on", "整改完成日期", d.rectified_on),
        ] {
            if date.is_some_and(|x| x > today) {
                refuse(&mut e, field, format!("「{label}」不能晚于今天（{today}）"));
            }
        }
        not_before(&mut e, ("replied_on", "答复日期", d.replied_on), received);
        not_before(
            &mut e,
            ("letter_due_on", "建议书载明的回复期限", d.letter_due_on),
            received,
        );
        not_before(&mut e, ("rectify_by", "整改期限", d.rectify_by), received);
        not_before(
            &mut e,
            ("rectified_on", "整改完成日期", d.rectified_on),
            received,
        );
        if let Some(kind) = kind {
            let finding = kind.finding();
            let media = kind == Kind::MediaIssue;
            let findings = "审计、监察发现的问题";
            only_for(
                &mut e,
                "satisfaction",
                "代表（委员）满意度",
                satisfaction.is_some(),
                kind.rated(),
                "人大代表建议、政协提案",
            );
            only_for(
                &mut e,
                "letter_due_on",
                "建议书载明的回复期限",
                d.letter_due_on.is_some(),
                kind.letter_dated(),
                "司法建议、检察建议",
            );
            only_for(
                &mut e,
                "measures",
                "整改措施",
                measures.is_some(),
                finding,
                findings,
            );
            only_for(
                &mut e,
                "rectify_by",
                "整改期限",
                d.rectify_by.is_some(),
                finding,
                findings,
            );
            only_for(
                &mut e,
                "evidence",
                "整改佐证材料",
                evidence.is_some(),
                finding,
                findings,
            );
            only_for(
                &mut e,
                "rectified_on",
                "整改完成日期",
                d.rectified_on.is_some(),
                finding,
                findings,
            );
            only_for(
                &mut e,
                "media_on",
                "报道日期",
                d.media_on.is_some(),
                media,
                "媒体反映问题",
            );
            only_for(
                &mut e,
                "reply_link",
                "回应发布链接",
                reply_link.is_some(),
                media,
                "媒体反映问题",
            );
            if satisfaction.is_some() && d.replied_on.is_none() {
                refuse(
                    &mut e,
                    "satisfaction",
                    "答复后才能记录代表（委员）的满意度，请先填写答复日期".to_owned(),
                );
            }
            if d.replied_on.is_some() && reply.is_none() {
                refuse(
                    &mut e,
                    "reply",
                    "填写了答复日期，请同时填写答复（回复）内容".to_owned(),
                );
            }
            if d.rectified_on.is_some() && (measures.is_none() || evidence.is_none()) {
                refuse(
                    &mut e,
                    "measures",
                    "整改完成须写明整改措施并附佐证材料".to_owned(),
                );
            }
            if media {
                if let (Some(m), r) = (d.media_on, received_on) {
                    if m > r {
                        refuse(
                            &mut e,
                            "media_on",
                            format!("「报道日期」{m} 晚于「收到日期」{r}，请核对"),
                        );
                    }
                }
            }
        }
        match kind {
            Some(kind) if e.is_empty() => Ok(NewItem {
                kind,
                source,
                ref_no,
                received_on,
                content,
                handling_unit,
                letter_due_on: d.letter_due_on,
                replied_on: d.replied_on,
                reply,
                satisfaction,
                measures,
                rectify_by: d.rectify_by,
                evidence,
                rectified_on: d.rectified_on,
                media_on: d.media_on,
                investigation,
                reply_link,
            }),
            _ => Err(e),
        }
    }

    /// Answered (suggestions, proposals, media) or rectified (findings): its clock stops.
    pub fn done_on(&self) -> Option<NaiveDate> {
        if self.kind.finding() {
            self.rectified_on
        } else {
            self.replied_on
        }
    }

    /// When the reply (or the rectification) is due, explained: a date the letter or the
    /// auditor set wins; otherwise the kind's rule counted on `cal`; media issues have none.
    pub fn due(&self, cal: &Calendar) -> Option<ItemDue> {
        let set = |rule, due: NaiveDate, why: &str| ItemDue {
            rule,
            start: self.received_on,
            due,
            provisional: false,
            explanation: vec![
                format!("起算：{} 收到{}", self.received_on, self.kind.label()),
                why.to_owned(),
                format!("期限届满日：{due}"),
            ],
        };
        if self.kind.finding() {
            return self.rectify_by.map(|d| {
                set(
                    RECTIFICATION_DUE,
                    d,
                    "整改期限由审计（监察）机关确定，以整改通知载明的日期为准",
                )
            });
        }
        if let Some(d) = self.letter_due_on {
            return Some(set(
                LETTER_DUE,
                d,
                "以建议书载明的回复期限为准（statutes.md §8.3）",
            ));
        }
        let code = self.kind.reply_rule()?;
        let rule = shipped_rules().get(code)?;
        let due = compute_due(rule, self.received_on, &[], &[], cal);
        Some(ItemDue {
            rule: code,
            start: self.received_on,
            due: due.due,
            provisional: due.provisional,
            explanation: due.explanation.lines(),
        })
    }
}

/// The figure keys of supervision items (`storage::figures::supervision_items`), items counted
/// in the year they were received, withdrawn ones nowhere.
pub mod keys {
    /// 人大代表建议 and 政协提案; those answered; answered by the due date.
    pub const SUGGESTIONS: &str = "supervision_suggestions";
    pub const SUGGESTIONS_ANSWERED: &str = "supervision_suggestions_answered";
    pub const SUGGESTIONS_ON_TIME: &str = "supervision_suggestions_on_time";
    /// Answers the deputy rated, and those rated 满意 or 基本满意.
    pub const SUGGESTIONS_RATED: &str = "supervision_suggestions_rated";
    pub const SUGGESTIONS_SATISFIED: &str = "supervision_suggestions_satisfied";
    /// 司法建议 and 检察建议; answered; answered by the due date.
    pub const LETTERS: &str = "supervision_letters";
    pub const LETTERS_ANSWERED: &str = "supervision_letters_answered";
    pub const LETTERS_ON_TIME: &str = "supervision_letters_on_time";
    /// 审计 and 监察 findings; rectified; rectified by the deadline.
    pub const FINDINGS: &str = "supervision_findings";
    pub const FINDINGS_RECTIFIED: &str = "supervision_findings_rectified";
    pub const FINDINGS_ON_TIME: &str = "supervision_findings_on_time";
    /// Issues the media raised, and those answered publicly.
    pub const MEDIA: &str = "supervision_media";
    pub const MEDIA_ANSWERED: &str = "supervision_media_answered";
}

/// Counts of one group of items: received, answered (or rectified), and on time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: i64,
    pub done: i64,
    pub on_time: i64,
}

/// The supervision figures the 一(四) sentence is written from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SupervisionFigures {
    pub suggestions: Tally,
    pub rated: i64,
    pub satisfied: i64,
    pub letters: Tally,
    pub findings: Tally,
    pub media: Tally,
}

impl SupervisionFigures {
    pub fn of(f: &crate::report::Figures) -> SupervisionFigures {
        use keys as k;
        let tally = |a: &str, b: &str, c: Option<&str>| Tally {
            items: f.get(a),
            done: f.get(b),
            on_time: c.map_or(0, |c| f.get(c)),
        };
        SupervisionFigures {
            suggestions: tally(
                k::SUGGESTIONS,
                k::SUGGESTIONS_ANSWERED,
                Some(k::SUGGESTIONS_ON_TIME),
            ),
            rated: f.get(k::SUGGESTIONS_RATED),
            satisfied: f.get(k::SUGGESTIONS_SATISFIED),
            letters: tally(k::LETTERS, k::LETTERS_ANSWERED, Some(k::LETTERS_ON_TIME)),
            findings: tally(
                k::FINDINGS,
                k::FINDINGS_RECTIFIED,
                Some(k::FINDINGS_ON_TIME),
            ),
            media: tally(k::MEDIA, k::MEDIA_ANSWERED, None),
        }
    }

    /// The sentence of the annual report's 一(四) on supervision by deputies, CPPCC members,
    /// courts, procuratorates, 审计, 监察 and the media; none when nothing was received. Rates
    /// are of the items answered (rectified), as the complaints sentence counts them.
    pub fn sentence(&self) -> Option<String> {
        use crate::report::rate_pct;
        let mut parts = Vec::new();
        let s = self.suggestions;
        if s.items > 0 {
            parts.push(format!(
                "办理人大代表建议、政协提案{}件，已答复{}件、按期答复率{}，代表委员满意率{}",
                s.items,
                s.done,
                rate_pct(s.on_time, s.done),
                rate_pct(self.satisfied, self.rated)
            ));
        }
        let l = self.letters;
        if l.items > 0 {
            parts.push(format!(
                "收到司法建议、检察建议{}件，已回复{}件、按期回复率{}",
                l.items,
                l.done,
                rate_pct(l.on_time, l.done)
            ));
        }
        let f = self.findings;
        if f.items > 0 {
            parts.push(format!(
                "审计、监察发现问题{}个，已整改{}个、按期整改率{}",
                f.items,
                f.done,
                rate_pct(f.on_time, f.done)
            ));
        }
        let m = self.media;
        if m.items > 0 {
            parts.push(format!(
                "调查处理媒体反映问题{}件，已公开回应{}件",
                m.items, m.done
            ));
        }
        (!parts.is_empty()).then(|| format!("{}。", parts.join("；")))
    }
}

#[cfg(test)]
mod tests;
