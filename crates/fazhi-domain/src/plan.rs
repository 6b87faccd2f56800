//! The year's plan (目标任务): the tasks a finalised annual report announces for the next year
//! (its 「下一年度重点工作」, 督察工作规定 五项基本内容 第四项, statutes.md §12.1), each with an
//! owner, a due date, a status and its evidence; and the next year's report sentence that says
//! which were done and names those that were not (第一项「主要举措和成效」).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dispute::code_enum;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// 完成情况 of a task.
    PlanStatus {
        NotStarted = "not_started", "未开始";
        InProgress = "in_progress", "推进中";
        Done = "done", "已完成";
        NotDone = "not_done", "未完成";
    }
}

/// Longest task text: one task of the seed's list is a sentence, its measures a paragraph.
pub const MAX_TASK: usize = 500;
/// Most evidence links one task keeps (one a line).
pub const MAX_LINKS: usize = 20;
/// Longest evidence link.
pub const MAX_LINK: usize = 500;
/// Most tasks one report's plan section becomes: a plan lists a handful, never hundreds.
pub const MAX_FROM_REPORT: usize = 30;

/// A task as entered.
#[derive(Clone, Debug, Default)]
pub struct PlanTaskDraft {
    pub year: Option<i64>,
    pub task: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: String,
    pub evidence_note: String,
    /// Links to the records or files that show the work, one a line.
    pub evidence_links: String,
}

/// A checked task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPlanTask {
    pub year: i32,
    pub task: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: PlanStatus,
    pub evidence_note: Option<String>,
    /// One link a line, blank lines dropped.
    pub evidence_links: Option<String>,
}

impl NewPlanTask {
    pub fn parse(d: PlanTaskDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = match d.year.map(|y| i32::try_from(y).unwrap_or(0)) {
            Some(y) => match crate::record_year(y) {
                Ok(y) => y,
                Err(m) => {
                    errors.insert("year".to_owned(), m);
                    0
                }
            },
            None => {
                errors.insert(
                    "year".to_owned(),
                    "请填写任务所属年度，例如 2024".to_owned(),
                );
                0
            }
        };
        let task = required_text(
            "task",
            "目标任务",
            "持续落实推进综合行政执法改革",
            &d.task,
            MAX_TASK,
            &mut errors,
        );
        let owner = optional_text("owner", "责任单位或责任人", &d.owner, 100, &mut errors);
        let status = if d.status.trim().is_empty() {
            Some(PlanStatus::NotStarted)
        } else {
            PlanStatus::parse(&d.status)
        };
        if status.is_none() {
            errors.insert(
                "status".to_owned(),
                "完成情况请选择：未开始、推进中、已完成、未完成".to_owned(),
            );
        }
        let evidence_note = optional_text(
            "evidence_note",
            "佐证说明",
            &d.evidence_note,
            2000,
            &mut errors,
        );
        let evidence_links = links(&d.evidence_links, &mut errors);
        if d.due_on.is_some_and(|due| {
            use chrono::Datelike;
            year != 0 && due.year() < year
        }) {
            errors.insert(
                "due_on".to_owned(),
                format!("完成时限早于任务所属的{year}年，请核对"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewPlanTask {
            year,
            task,
            owner,
            due_on: d.due_on,
            status: status.unwrap_or(PlanStatus::NotStarted),
            evidence_note,
            evidence_links,
        })
    }
}

/// Evidence links, one a line, checked into the field `evidence_links`.
fn links(s: &str, errors: &mut FieldErrors) -> Option<String> {
    parse_links(s).unwrap_or_else(|m| {
        errors.insert("evidence_links".to_owned(), m);
        None
    })
}

/// Evidence links as typed, one a line: at most [`MAX_LINKS`] links (fazhi paths or web
/// addresses, [`is_link`]) of at most [`MAX_LINK`] characters; blank lines dropped.
pub fn parse_links(s: &str) -> Result<Option<String>, String> {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > MAX_LINKS {
        return Err(format!(
            "佐证链接最多 {MAX_LINKS} 条，收到 {} 条",
            lines.len()
        ));
    }
    if let Some(bad) = lines.iter().find(|l| !is_link(l)) {
        let head: String = bad.chars().take(30).collect();
        return Err(format!(
            "佐证链接「{head}」应以 / 、http:// 或 https:// 开头"
        ));
    }
    if let Some(long) = lines.iter().find(|l| l.chars().count() > MAX_LINK) {
        let head: String = long.chars().take(30).collect();
        return Err(format!("佐证链接「{head}…」过长（最多 {MAX_LINK} 字）"));
    }
    Ok((!lines.is_empty()).then(|| lines.join("\n")))
}

/// A link the pages may show as one: a path of fazhi or a web address (never `javascript:`).
pub fn is_link(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with('/') && !s.starts_with("//"))
        || s.starts_with("https://")
        || s.starts_with("http://")
}

/// The ordinals a report numbers its tasks with: 一是、二是 … 十是 (the seed's 「一是持续落实…」).
const ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// The tasks of a report's plan section (「四、下一年度重点工作」): the part under
/// 「主要目标任务」 up to the next numbered part (「（二）完成目标任务的主要措施」) when the
/// section has one, split at 一是、二是 …; without ordinals, one task a line. Each task keeps
/// its own text without the ordinal and the closing 。.
pub fn tasks_of_plan(section: &str) -> Vec<String> {
    let goals = match section.find("目标任务") {
        Some(at) => {
            let rest = &section[at + "目标任务".len()..];
            let rest = rest.trim_start_matches(['。', '：', ':', ' ', '\n']);
            match rest.find("（二）") {
                Some(end) => &rest[..end],
                None => rest,
            }
        }
        None => section,
    };
    let mut tasks: Vec<String> = Vec::new();
    let marks: Vec<(usize, usize)> = ORDINALS
        .iter()
        .filter_map(|o| {
            let mark = format!("{o}是");
            goals.find(&mark).map(|at| (at, mark.len()))
        })
        .collect();
    if marks.len() >= 2 || (marks.len() == 1 && goals[..marks[0].0].trim().is_empty()) {
        let mut marks = marks;
        marks.sort_unstable();
        for (i, (at, len)) in marks.iter().enumerate() {
            let end = marks.get(i + 1).map_or(goals.len(), |(next, _)| *next);
            tasks.push(clean(&goals[at + len..end]));
        }
    } else {
        tasks.extend(goals.lines().map(clean));
    }
    tasks.retain(|t| !t.is_empty());
    tasks.truncate(MAX_FROM_REPORT);
    tasks
}

/// A task's text without surrounding space, list marks and the closing punctuation.
fn clean(s: &str) -> String {
    let t = s
        .trim()
        .trim_start_matches(['-', '*', '·', '、'])
        .trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .trim();
    let t: String = t.chars().take(MAX_TASK).collect();
    t
}

/// One task as the follow-up sentence reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskOutcome {
    pub task: String,
    pub status: PlanStatus,
}

/// The 「主要举措和成效」 sentence of year `year`'s report on the plan announced for it: how many
/// tasks, which were completed and, by name, which were not (with their status), so the report
/// answers last year's plan (督察工作规定 五项基本内容 第一、二项). `None` without tasks.
pub fn follow_up_sentence(year: i32, tasks: &[TaskOutcome]) -> Option<String> {
    if tasks.is_empty() {
        return None;
    }
    let (done, open): (Vec<&TaskOutcome>, Vec<&TaskOutcome>) =
        tasks.iter().partition(|t| t.status == PlanStatus::Done);
    let listed = |items: &[&TaskOutcome], with_status: bool| -> String {
        items
            .iter()
            .map(|t| {
                if with_status {
                    format!("「{}」（{}）", t.task, t.status.label())
                } else {
                    format!("「{}」", t.task)
                }
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut s = format!(
        "对照{year}年主要目标任务{}项，已完成{}项",
        tasks.len(),
        done.len()
    );
    if !done.is_empty() {
        s.push_str(&format!("：{}", listed(&done, false)));
    }
    if open.is_empty() {
        s.push_str("，全部完成。");
    } else {
        s.push_str(&format!(
            "；尚未完成{}项：{}，将在下一年度继续推进。",
            open.len(),
            listed(&open, true)
        ));
    }
    Some(s)
}

#[cfg(test)]
mod tests;
