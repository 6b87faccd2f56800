//! The audit-log browser for administrators and leaders: every entry in Chinese (action, record
//! kind, 字段：旧值 → 新值), times in Beijing time, filters typed in Chinese or as codes.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::list_page::Pager;
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::audit_log;
use crate::service::audit_log::ReadableEntry;
use crate::web::error::PageError;
use crate::web::session::PageUser;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    entity: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
    reveal: Option<String>,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    ctx: Ctx,
    entries: Vec<ReadableEntry>,
    total: i64,
    /// The filters' suggestions: record kinds and actions by label.
    entity_choices: &'static [(&'static str, &'static str)],
    action_choices: Vec<(&'static str, &'static str)>,
    q: AuditQuery,
    pager: Pager,
    personal_data_shown: bool,
    may_reveal: bool,
    /// This page with `reveal=1`.
    reveal_link: String,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub async fn audit_log(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, PageError> {
    let parse_date = |s: &Option<String>| -> Result<Option<chrono::NaiveDate>, PageError> {
        match non_empty(s) {
            None => Ok(None),
            Some(s) => fazhi_ledger::parse_date(&s)
                .map(Some)
                .map_err(|m| AppError::field("date", m).into()),
        }
    };
    let query = audit_log::AuditQuery {
        entity: non_empty(&q.entity),
        action: non_empty(&q.action),
        actor: non_empty(&q.actor),
        from: parse_date(&q.from)?,
        to: parse_date(&q.to)?,
        page: q.page,
        per_page: Some(50),
        reveal: Some(q.reveal.as_deref() == Some("1")),
    };
    let view = audit_log::list(&app, &session.caller, &query).await?;
    let total = view.total;
    // The filters as typed, encoded for the pages' links.
    let mut filters = vec![
        ("entity", q.entity.as_deref().unwrap_or("")),
        ("actor", q.actor.as_deref().unwrap_or("")),
        ("from", q.from.as_deref().unwrap_or("")),
        ("to", q.to.as_deref().unwrap_or("")),
    ];
    if let Some(a) = q.action.as_deref().filter(|a| !a.trim().is_empty()) {
        filters.push(("action", a));
    }
    let filters = serde_urlencoded::to_string(filters).unwrap_or_default();
    let pager = Pager::new(view.page, view.per_page, total, |p| {
        format!("/audit?{filters}&page={p}")
    });
    let reveal_link = format!("/audit?{filters}&page={}&reveal=1", view.page);
    render(&AuditPage {
        ctx: Ctx::new(&session, "audit"),
        entries: view.entries,
        total,
        entity_choices: fazhi_domain::audit_labels::entity_choices(),
        action_choices: fazhi_domain::audit_labels::action_choices(),
        pager,
        q,
        personal_data_shown: view.personal_data_shown,
        may_reveal: view.may_reveal,
        reveal_link,
    })
}
