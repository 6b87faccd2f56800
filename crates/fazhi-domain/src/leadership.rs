//! Leadership of rule-of-law work (the seed's 一(一) 「强化组织领导，落实工作责任」 and the leaders'
//! duties): the 法治政府建设领导小组 and its members over time, the meetings that studied the
//! work, the work rules (工作制度) adopted, and the budget lines (经费). 《党政主要负责人履行推进
//! 法治建设第一责任人职责规定》第五条 asks the Party committee and government to study rule-of-law
//! work at their meetings, set up the leading organ, adopt rules and fund the work; 法治政府
//! 建设实施纲要（2021—2025年） (statutes.md §12) makes these 督察 and 考核 items. Amounts are
//! fen (分) so that totals add up exactly; no I/O here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contract::parse_amount;
use crate::dispute::code_enum;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// A member's role in the leading group.
    MemberRole {
        Leader = "leader", "组长";
        Deputy = "deputy", "副组长";
        Member = "member", "成员";
    }
}

code_enum! {
    /// The meetings at which rule-of-law work is studied (第一责任人职责规定 第五条).
    MeetingKind {
        PartyCommittee = "party_committee", "党委会";
        Executive = "executive", "政府常务会";
        LeadingGroup = "leading_group", "领导小组会议";
        Special = "special", "专题会";
    }
}

code_enum! {
    /// Where a work rule stands.
    RuleStatus {
        InForce = "in_force", "在用";
        Revised = "revised", "已修订";
        Repealed = "repealed", "已废止";
    }
}

code_enum! {
    /// The rule-of-law budget lines the report and 考核 ask about.
    BudgetLineKind {
        Publicity = "publicity", "普法";
        Mediation = "mediation", "人民调解";
        Adviser = "adviser", "法律顾问";
        LegalAid = "legal_aid", "法律援助";
        Other = "other", "其他";
    }
}

/// The longest topic, decision or note, in characters.
pub const MAX_TEXT: usize = 5_000;
/// The most attendees a meeting lists.
pub const MAX_ATTENDEES: usize = 200;

/// `code` as one of `E`'s values, or the field error listing them.
fn choice<E: Copy>(
    field: &str,
    label: &str,
    code: &str,
    parse: fn(&str) -> Option<E>,
    all: &[E],
    name: fn(E) -> &'static str,
    errors: &mut FieldErrors,
) -> Option<E> {
    let v = parse(code);
    if v.is_none() {
        let names: Vec<&str> = all.iter().map(|e| name(*e)).collect();
        errors.insert(
            field.to_owned(),
            format!("请选择{label}：{}", names.join("、")),
        );
    }
    v
}

/// A required date: `None` (blank or already reported as unreadable) is an error once.
fn required_date(field: &str, label: &str, d: Option<NaiveDate>, errors: &mut FieldErrors) {
    if d.is_none() && !errors.contains_key(field) {
        errors.insert(field.to_owned(), format!("请填写{label}"));
    }
}

/// A meeting as entered (dates parsed by the caller, `None` if blank).
#[derive(Clone, Debug, Default)]
pub struct MeetingDraft {
    pub held_on: Option<NaiveDate>,
    pub kind: String,
    pub topics: String,
    pub attendees: Vec<String>,
    pub decisions: String,
}

/// A checked meeting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewMeeting {
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    pub topics: String,
    pub attendees: Vec<String>,
    pub decisions: Option<String>,
}

impl NewMeeting {
    pub fn parse(d: MeetingDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        required_date("held_on", "会议日期", d.held_on, &mut errors);
        let kind = choice(
            "kind",
            "会议类型",
            &d.kind,
            MeetingKind::parse,
            MeetingKind::ALL,
            MeetingKind::label,
            &mut errors,
        );
        let topics = required_text(
            "topics",
            "研究议题",
            "传达学习习近平法治思想，研究部署年度法治政府建设工作",
            &d.topics,
            MAX_TEXT,
            &mut errors,
        );
        let attendees: Vec<String> = d
            .attendees
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        if attendees.len() > MAX_ATTENDEES || attendees.iter().any(|a| a.chars().count() > 50) {
            errors.insert(
                "attendees".to_owned(),
                format!("参会人员至多{MAX_ATTENDEES}人，每人姓名至多50字"),
            );
        }
        let decisions = optional_text("decisions", "会议决定", &d.decisions, MAX_TEXT, &mut errors);
        match (d.held_on, kind) {
            (Some(held_on), Some(kind)) if errors.is_empty() => Ok(NewMeeting {
                held_on,
                kind,
                topics,
                attendees,
                decisions,
            }),
            _ => Err(errors),
        }
    }
}

/// A work rule (工作制度) as entered.
#[derive(Clone, Debug, Default)]
pub struct WorkRuleDraft {
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_by: String,
    pub document: String,
    pub status: String,
    pub review_on: Option<NaiveDate>,
}

/// A checked work rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewWorkRule {
    pub title: String,
    pub adopted_on: NaiveDate,
    pub adopted_by: String,
    pub document: Option<String>,
    pub status: RuleStatus,
    /// When it is next to be reviewed (a rule is kept current, not adopted once).
    pub review_on: Option<NaiveDate>,
}

impl NewWorkRule {
    pub fn parse(d: WorkRuleDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(
            "title",
            "制度名称",
            "西大沟镇法治政府建设工作领导小组议事规则",
            &d.title,
            200,
            &mut errors,
        );
        required_date("adopted_on", "制定日期", d.adopted_on, &mut errors);
        let adopted_by = required_text(
            "adopted_by",
            "制定机关或会议",
            "镇党委会",
            &d.adopted_by,
            200,
            &mut errors,
        );
        let document = optional_text("document", "文件文号", &d.document, 100, &mut errors);
        // A rule registered without a status is one in force.
        let status_code = if d.status.trim().is_empty() {
            RuleStatus::InForce.code()
        } else {
            d.status.as_str()
        };
        let status = choice(
            "status",
            "制度状态",
            status_code,
            RuleStatus::parse,
            RuleStatus::ALL,
            RuleStatus::label,
            &mut errors,
        );
        if let (Some(a), Some(r)) = (d.adopted_on, d.review_on) {
            if r < a {
                errors.insert(
                    "review_on".to_owned(),
                    format!("「评估日期」{r} 早于「制定日期」{a}，请核对"),
                );
            }
        }
        match (d.adopted_on, status) {
            (Some(adopted_on), Some(status)) if errors.is_empty() => Ok(NewWorkRule {
                title,
                adopted_on,
                adopted_by,
                document,
                status,
                review_on: d.review_on,
            }),
            _ => Err(errors),
        }
    }
}

/// A budget line as entered (amounts as typed, in yuan).
#[derive(Clone, Debug, Default)]
pub struct BudgetLineDraft {
    pub year: Option<i32>,
    pub line: String,
    pub budgeted: String,
    pub spent: String,
    pub note: String,
}

/// A checked budget line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewBudgetLine {
    pub year: i32,
    pub line: BudgetLineKind,
    pub budgeted_fen: i64,
    pub spent_fen: i64,
    pub note: Option<String>,
}

/// An amount in yuan (two decimals at most, `万` allowed), required, as fen.
fn money(field: &str, label: &str, typed: &str, errors: &mut FieldErrors) -> i64 {
    match parse_amount(typed) {
        Ok(Some(fen)) => fen,
        Ok(None) => {
            errors.insert(field.to_owned(), format!("请填写{label}（元），没有填 0"));
            0
        }
        Err(_) => {
            errors.insert(
                field.to_owned(),
                format!(
                    "「{label}」{} 不是金额，请填写元数，精确到分，例如 20000 或 2万",
                    typed.trim()
                ),
            );
            0
        }
    }
}

impl NewBudgetLine {
    pub fn parse(d: BudgetLineDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = crate::publicity::check_year("year", d.year, &mut errors);
        let line = choice(
            "line",
            "经费项目",
            &d.line,
            BudgetLineKind::parse,
            BudgetLineKind::ALL,
            BudgetLineKind::label,
            &mut errors,
        );
        let budgeted_fen = money("budgeted", "预算金额", &d.budgeted, &mut errors);
        let spent_fen = money("spent", "实际支出", &d.spent, &mut errors);
        let note = optional_text("note", "说明", &d.note, 2000, &mut errors);
        match line {
            Some(line) if errors.is_empty() => Ok(NewBudgetLine {
                year,
                line,
                budgeted_fen,
                spent_fen,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A leading group as entered.
#[derive(Clone, Debug, Default)]
pub struct LeadingGroupDraft {
    pub name: String,
    pub set_up_on: Option<NaiveDate>,
    pub document: String,
    pub office: String,
}

/// A checked leading group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewLeadingGroup {
    pub name: String,
    pub set_up_on: NaiveDate,
    /// 成立文件, e.g. 西党发〔2023〕5号.
    pub document: String,
    /// 领导小组办公室 (where it sits, who runs it).
    pub office: Option<String>,
}

impl NewLeadingGroup {
    pub fn parse(d: LeadingGroupDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(
            "name",
            "领导小组名称",
            "西大沟镇法治政府建设工作领导小组",
            &d.name,
            200,
            &mut errors,
        );
        required_date("set_up_on", "成立日期", d.set_up_on, &mut errors);
        let document = required_text(
            "document",
            "成立文件",
            "西党发〔2023〕5号",
            &d.document,
            100,
            &mut errors,
        );
        let office = optional_text("office", "领导小组办公室", &d.office, 500, &mut errors);
        match d.set_up_on {
            Some(set_up_on) if errors.is_empty() => Ok(NewLeadingGroup {
                name,
                set_up_on,
                document,
                office,
            }),
            _ => Err(errors),
        }
    }
}

/// A membership as entered: who, in which post and role, from when (and until when, once the
/// member left), by which document.
#[derive(Clone, Debug, Default)]
pub struct MemberDraft {
    pub person: String,
    pub post: String,
    pub role: String,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
    pub document: String,
}

/// A checked membership.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewMember {
    pub person: String,
    pub post: String,
    pub role: MemberRole,
    pub from_on: NaiveDate,
    /// The last day of membership; `None` while serving. A member who leaves gets this date
    /// and stays on record, so the group's composition on any past date can be read.
    pub to_on: Option<NaiveDate>,
    /// The document that made the change (任免文件).
    pub document: String,
}

impl NewMember {
    pub fn parse(d: MemberDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person = required_text("person", "姓名", "张三", &d.person, 50, &mut errors);
        let post = required_text("post", "职务", "镇党委书记", &d.post, 100, &mut errors);
        let role = choice(
            "role",
            "小组职务",
            &d.role,
            MemberRole::parse,
            MemberRole::ALL,
            MemberRole::label,
            &mut errors,
        );
        required_date("from_on", "任职日期", d.from_on, &mut errors);
        if let (Some(f), Some(t)) = (d.from_on, d.to_on) {
            if t < f {
                errors.insert(
                    "to_on".to_owned(),
                    format!("「离任日期」{t} 早于「任职日期」{f}，请核对"),
                );
            }
        }
        let document = required_text(
            "document",
            "任免文件",
            "西党发〔2023〕5号",
            &d.document,
            100,
            &mut errors,
        );
        match (role, d.from_on) {
            (Some(role), Some(from_on)) if errors.is_empty() => Ok(NewMember {
                person,
                post,
                role,
                from_on,
                to_on: d.to_on,
                document,
            }),
            _ => Err(errors),
        }
    }

    /// Whether the membership covers `day` (both ends inclusive).
    pub fn serving_on(from_on: NaiveDate, to_on: Option<NaiveDate>, day: NaiveDate) -> bool {
        from_on <= day && to_on.is_none_or(|t| day <= t)
    }
}

/// The figure keys of leadership (`storage::figures::leadership`), of the valid records of a
/// year: meetings by their date, rules by their adoption date, budget lines by their year.
pub mod keys {
    /// Meetings of every kind, and by kind (`meetings_<MeetingKind code>`).
    pub const MEETINGS: &str = "meetings";
    pub const MEETINGS_PREFIX: &str = "meetings_";
    /// Work rules adopted (制定完善) in the year, whatever their status now.
    pub const RULES_ADOPTED: &str = "work_rules_adopted";
    /// The year's budget lines: amounts budgeted and spent, fen.
    pub const BUDGETED_FEN: &str = "budget_budgeted_fen";
    pub const SPENT_FEN: &str = "budget_spent_fen";
    /// Members of the valid leading groups serving on the year's last day.
    pub const GROUP_MEMBERS: &str = "leading_group_members";
    /// Breakdown: the posts of the 组长 serving on the year's last day, with how many.
    pub const GROUP_LEADERS: &str = "leading_group_leaders";
}

/// Fen as 万元 for the report, rounded to two decimals, trailing zeros dropped:
/// 12_500_000 → `12.5` (one hundredth of a 万元 is 10 000 fen).
pub fn wan_label(fen: i64) -> String {
    let hundredths = (fen + 5_000) / 10_000;
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The leadership sentences of the report's 一(一) 「强化组织领导，落实工作责任」, in the seed's
/// register: the leading group, the meetings of the Party committee and the government that
/// studied the work, the other meetings, the rules adopted, the money spent. `get` reads a
/// figure, `leaders` the posts of the groups' 组长. A year with nothing recorded says nothing of
/// it (no sentence of zeros).
pub fn report_sentences(get: impl Fn(&str) -> i64, leaders: &[(String, i64)]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((post, _)) = leaders.first() {
        out.push(format!(
            "成立以{post}为组长的法治政府建设工作领导小组，领导小组成员{}人。",
            get(keys::GROUP_MEMBERS)
        ));
    }
    let kind = |k: MeetingKind| get(&format!("{}{}", keys::MEETINGS_PREFIX, k.code()));
    let studied = kind(MeetingKind::PartyCommittee) + kind(MeetingKind::Executive);
    if studied > 0 {
        out.push(format!(
            "全年召开党委会、政府常务会专题研究法治建设工作{studied}次。"
        ));
    }
    let others = get(keys::MEETINGS) - studied;
    if others > 0 {
        out.push(format!("召开法治建设领导小组会议、专题会{others}次。"));
    }
    let rules = get(keys::RULES_ADOPTED);
    if rules > 0 {
        out.push(format!("制定完善{rules}项工作制度。"));
    }
    let spent = get(keys::SPENT_FEN);
    if spent > 0 {
        out.push(format!("落实法治建设经费{}万元。", wan_label(spent)));
    }
    out
}

/// The sentence of the report's 三 (the principal leaders' first responsibility, 第一责任人职责
/// 规定 第五条): who leads the leading group and that the Party committee and the government
/// put the work on their agenda, from the same figures; empty when neither is recorded.
pub fn leaders_sentence(get: impl Fn(&str) -> i64, leaders: &[(String, i64)]) -> String {
    let kind = |k: MeetingKind| get(&format!("{}{}", keys::MEETINGS_PREFIX, k.code()));
    let studied = kind(MeetingKind::PartyCommittee) + kind(MeetingKind::Executive);
    let mut parts = Vec::new();
    if let Some((post, _)) = leaders.first() {
        parts.push(format!(
            "{post}担任法治政府建设工作领导小组组长，亲自抓、负总责"
        ));
    }
    if studied > 0 {
        parts.push(format!(
            "党委、政府将法治建设摆上重要议事日程，全年专题研究法治建设工作{studied}次"
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}。", parts.join("；"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<NaiveDate> {
        s.parse().ok()
    }

    #[test]
    fn a_meeting_needs_date_kind_and_topics() {
        let e = NewMeeting::parse(MeetingDraft::default()).unwrap_err();
        assert!(e.contains_key("held_on") && e.contains_key("kind") && e.contains_key("topics"));
        let m = NewMeeting::parse(MeetingDraft {
            held_on: day("2023-03-01"),
            kind: "党委会".into(),
            topics: "研究法治建设".into(),
            attendees: vec![" 张三 ".into(), "".into(), "李四".into()],
            decisions: String::new(),
        })
        .unwrap();
        assert_eq!(m.kind, MeetingKind::PartyCommittee);
        assert_eq!(m.attendees, vec!["张三", "李四"]);
    }

    #[test]
    fn budget_amounts_are_fen_and_required() {
        let b = NewBudgetLine::parse(BudgetLineDraft {
            year: Some(2023),
            line: "普法".into(),
            budgeted: "2万".into(),
            spent: "19999.99".into(),
            note: String::new(),
        })
        .unwrap();
        assert_eq!((b.budgeted_fen, b.spent_fen), (2_000_000, 1_999_999));
        let e = NewBudgetLine::parse(BudgetLineDraft {
            year: Some(2023),
            line: "差旅".into(),
            budgeted: "1.234".into(),
            spent: String::new(),
            note: String::new(),
        })
        .unwrap_err();
        assert!(e.contains_key("line") && e.contains_key("budgeted") && e.contains_key("spent"));
    }

    #[test]
    fn a_rule_is_in_force_unless_told_and_reviewed_after_adoption() {
        let draft = WorkRuleDraft {
            title: "议事规则".into(),
            adopted_on: day("2023-03-01"),
            adopted_by: "镇党委会".into(),
            ..Default::default()
        };
        assert_eq!(
            NewWorkRule::parse(draft.clone()).unwrap().status,
            RuleStatus::InForce
        );
        let late = WorkRuleDraft {
            review_on: day("2022-01-01"),
            ..draft
        };
        assert!(NewWorkRule::parse(late)
            .unwrap_err()
            .contains_key("review_on"));
    }

    #[test]
    fn membership_covers_its_days_both_ends_included() {
        let from = day("2023-01-01").unwrap();
        let to = day("2023-06-30");
        assert!(NewMember::serving_on(from, to, from));
        assert!(NewMember::serving_on(from, to, to.unwrap()));
        assert!(!NewMember::serving_on(from, to, day("2023-07-01").unwrap()));
        assert!(NewMember::serving_on(
            from,
            None,
            day("2030-01-01").unwrap()
        ));
        let e = NewMember::parse(MemberDraft {
            person: "张三".into(),
            post: "书记".into(),
            role: "组长".into(),
            from_on: day("2023-02-01"),
            to_on: day("2023-01-01"),
            document: "文".into(),
        })
        .unwrap_err();
        assert!(e.contains_key("to_on"));
    }

    #[test]
    fn sentences_follow_the_seed_and_skip_empty_figures() {
        let mut f = std::collections::BTreeMap::new();
        f.insert("meetings".to_owned(), 7);
        f.insert("meetings_party_committee".to_owned(), 3);
        f.insert("meetings_executive".to_owned(), 2);
        f.insert(keys::RULES_ADOPTED.to_owned(), 4);
        f.insert(keys::SPENT_FEN.to_owned(), 12_500_000);
        let get = |k: &str| f.get(k).copied().unwrap_or(0);
        let leaders = vec![("镇党委书记".to_owned(), 1)];
        let s = report_sentences(get, &leaders).join("");
        assert!(
            s.contains("成立以镇党委书记为组长的法治政府建设工作领导小组"),
            "{s}"
        );
        assert!(
            s.contains("全年召开党委会、政府常务会专题研究法治建设工作5次"),
            "{s}"
        );
        assert!(s.contains("召开法治建设领导小组会议、专题会2次"), "{s}");
        assert!(s.contains("制定完善4项工作制度"), "{s}");
        assert!(s.contains("落实法治建设经费12.5万元"), "{s}");
        assert!(report_sentences(|_| 0, &[]).is_empty());
        assert!(leaders_sentence(|_| 0, &[]).is_empty());
        let three = leaders_sentence(get, &leaders);
        assert!(
            three.contains("镇党委书记担任法治政府建设工作领导小组组长"),
            "{three}"
        );
        assert!(three.contains("专题研究法治建设工作5次"), "{three}");
        assert_eq!(wan_label(1_000_000), "1");
        assert_eq!(wan_label(1_234_567), "1.23");
    }
}
