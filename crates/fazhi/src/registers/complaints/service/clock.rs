//! A case's clocks: the due lines people read (each with its explanation), the to-do list
//! entries rewritten on every write, and the graded warnings (信访工作条例 第二十三条 and
//! 第三十二条 to 第三十五条).

use super::*;

/// A case's clock as the domain reads it.
pub fn clock_of(r: &ComplaintRow) -> CaseClock {
    CaseClock {
        received_on: Some(r.received_on),
        referred: r.referred,
        accepted_on: r.accepted_on,
        extension: r.extension_days.map(|d| GrantedExtension {
            length: u32::try_from(d).unwrap_or(0),
            approved_by: r.extension_approved_by.clone().unwrap_or_default(),
            approved_on: None,
        }),
        extension_reason: r.extension_reason.clone().unwrap_or_default(),
        replied_on: r.concluded_on,
        review_requested_on: r.review_requested_on,
        reviewed_on: r.reviewed_on,
        recheck_requested_on: r.recheck_requested_on,
        recheck_hearings: hearings(r),
        rechecked_on: r.rechecked_on,
    }
}

pub(super) fn hearings(r: &ComplaintRow) -> Vec<DateRange> {
    match (r.hearing_from, r.hearing_to) {
        (Some(from), Some(to)) => vec![DateRange {
            from,
            to,
            label: "复核听证".to_owned(),
        }],
        _ => Vec::new(),
    }
}

pub(super) fn rule_name(code: &str) -> String {
    shipped_rules()
        .get(code)
        .map_or_else(|| code.to_owned(), |r| r.name.clone())
}

/// One of a case's time limits as people read it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DueLine {
    /// The rule's code, e.g. `complaint.conclusion`.
    pub rule: String,
    /// 告知是否受理信访事项, 信访事项办结 …
    pub name: String,
    pub due_on: NaiveDate,
    /// Met, or no longer running (the step was taken).
    pub done: bool,
    /// The graded warning today while it runs: 即将到期, 已超期, 超期15日以上, 超期30日以上.
    pub warning: Option<String>,
    /// How the date was computed, line by line.
    pub explanation: Vec<String>,
}

/// Every time limit of the case so far, in order, each explained; `running` marks those still
/// open (they are on the to-do list).
pub(super) fn due_lines(r: &ComplaintRow, cal: &Calendar, today: NaiveDate) -> Vec<(DueLine, DueDate)> {
    let c = clock_of(r);
    let decided = r.acceptance.is_some();
    let accepted = r.acceptance.as_deref() == Some(Acceptance::Accepted.code());
    let mut lines: Vec<(&str, Option<DueDate>, bool)> = vec![(ACCEPTANCE, c.acceptance_due(cal), decided)];
    if r.referred {
        lines.push((OBJECTION, c.objection_due(cal), decided));
    }
    if accepted {
        lines.push((CONCLUSION, c.conclusion_due(cal), r.concluded_on.is_some()));
    }
    if r.concluded_on.is_some() {
        lines.push((
            "complaint.review_request",
            c.review_window(cal),
            true,
        ));
    }
    if r.review_requested_on.is_some() {
        lines.push((REVIEW_REPLY, c.review_due(cal), r.reviewed_on.is_some()));
    }
    if r.reviewed_on.is_some() {
        lines.push(("complaint.recheck_request", c.recheck_window(cal), true));
    }
    if r.recheck_requested_on.is_some() {
        lines.push((RECHECK_REPLY, c.recheck_due(cal), r.rechecked_on.is_some()));
    }
    lines
        .into_iter()
        .filter_map(|(code, due, done)| {
            let due = due?;
            let warning = (!done)
                .then(|| Warning::on(due.due, today, cal))
                .flatten()
                .map(|w| w.label().to_owned());
            Some((
                DueLine {
                    rule: code.to_owned(),
                    name: rule_name(code),
                    due_on: due.due,
                    done,
                    warning,
                    explanation: due.explanation.lines(),
                },
                due,
            ))
        })
        .collect()
}

/// Recomputes the case's due dates into its columns and the to-do list, in its transaction:
/// the running limits are tracked, the others settled.
pub(super) async fn refresh(tx: &mut Tx, id: i64, cal: &Calendar) -> AppResult<ComplaintRow> {
    let r = store::get(&mut *tx, &Scope::everything(), id).await?;
    let lines = due_lines(&r, cal, crate::clock::today());
    let running: Vec<&(DueLine, DueDate)> = lines
        .iter()
        .filter(|(l, _)| !l.done && RULES.contains(&l.rule.as_str()))
        .collect();
    let find = |code: &str| lines.iter().find(|(l, _)| l.rule == code).map(|(l, _)| l.due_on);
    let explained: Vec<String> = lines
        .iter()
        .map(|(l, _)| format!("【{}】{}", l.name, l.explanation.join("；")))
        .collect();
    store::set(
        tx,
        id,
        vec![
            ("acceptance_due", find(ACCEPTANCE).into()),
            ("conclusion_due", find(CONCLUSION).into()),
            (
                "due_on",
                running.iter().map(|(l, _)| l.due_on).min().into(),
            ),
            ("due_explained", blank_none(&explained.join("\n")).into()),
        ],
    )
    .await?;
    let label = format!(
        "信访事项：{}",
        r.subject.chars().take(20).collect::<String>()
    );
    let link = format!("/complaints/{id}");
    let c = clock_of(&r);
    for code in RULES {
        match running.iter().find(|(l, _)| l.rule == code) {
            Some((_, due)) if !r.revision.is_withdrawn() => {
                let suspensions = if code == RECHECK_REPLY {
                    serde_json::to_string(&c.recheck_hearings).ok()
                } else {
                    None
                };
                let extensions = match (&c.extension, code) {
                    (Some(ext), CONCLUSION) => serde_json::to_string(&[ext]).ok(),
                    _ => None,
                };
                store_deadlines::upsert(
                    tx,
                    store_deadlines::Upsert {
                        register: REGISTER,
                        record_id: id,
                        org_id: r.org_id,
                        rule_code: code,
                        label: &label,
                        link: &link,
                        region: r.org_region.as_deref(),
                        start: due.start,
                        due: due.due,
                        provisional: due.provisional,
                        suspensions_json: suspensions.filter(|s| s != "[]"),
                        extensions_json: extensions,
                    },
                )
                .await?;
            }
            _ => store_deadlines::settle(tx, REGISTER, id, code).await?,
        }
    }
    // The earliest open 督办 order runs on the to-do list with the date the leader set
    // (`fazhi_domain::deadline::set_dates`), until it is answered.
    match r.supervision_due.filter(|_| !r.revision.is_withdrawn()) {
        Some(due) => {
            let label = format!("督办：{}", r.subject.chars().take(20).collect::<String>());
            store_deadlines::upsert(
                tx,
                store_deadlines::Upsert {
                    register: REGISTER,
                    record_id: id,
                    org_id: r.org_id,
                    rule_code: SUPERVISION_ORDER,
                    label: &label,
                    link: &link,
                    region: r.org_region.as_deref(),
                    start: r.received_on,
                    due,
                    provisional: false,
                    suspensions_json: None,
                    extensions_json: None,
                },
            )
            .await?
        }
        None => store_deadlines::settle(tx, REGISTER, id, SUPERVISION_ORDER).await?,
    }
    Ok(store::get(&mut *tx, &Scope::everything(), id).await?)
}

/// The to-do list's code of an open 督办 order's time limit.
pub const SUPERVISION_ORDER: &str = "complaint.supervision_order";

/// The graded warning of a case today: of its next due date and of an open 督办 order,
/// whichever is graver.
pub fn warning(r: &ComplaintRow, today: NaiveDate, cal: &Calendar) -> Option<Warning> {
    if r.revision.is_withdrawn() {
        return None;
    }
    [r.due_on, r.supervision_due]
        .into_iter()
        .flatten()
        .filter_map(|d| Warning::on(d, today, cal))
        .max()
}

/// The code of a warning grade, for styling and the API.
pub fn grade_code(w: Warning) -> &'static str {
    match w {
        Warning::DueSoon => "due_soon",
        Warning::Overdue => "overdue",
        Warning::Overdue15 => "overdue_15",
        Warning::Overdue30 => "overdue_30",
    }
}
