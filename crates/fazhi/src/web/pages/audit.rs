//! The audit-log browser for administrators and leaders.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use fazhi_domain::access::{Area, Role};
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::storage::audit::{self, AuditEntry, AuditFilter};
use crate::web::error::PageError;
use crate::web::extract::Paging;
use crate::web::session::PageUser;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    entity: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
    total: i64,
    q: AuditQuery,
    page: u32,
    pages: u32,
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
    if !matches!(
        session.caller.role,
        Role::Admin | Role::Leader | Role::Viewer
    ) {
        return Err(AppError::forbidden().into());
    }
    session.caller.require_read(Area::Audit)?;
    let parse_date = |s: &Option<String>| -> Result<Option<chrono::NaiveDate>, PageError> {
        match non_empty(s) {
            None => Ok(None),
            Some(s) => fazhi_ledger::parse_date(&s)
                .map(Some)
                .map_err(|m| AppError::field("date", m).into()),
        }
    };
    let filter = AuditFilter {
        entity: non_empty(&q.entity),
        actor: non_empty(&q.actor),
        from: parse_date(&q.from)?,
        to: parse_date(&q.to)?,
    };
    let paging = Paging::new(q.page, Some(50));
    let (entries, total) = audit::list(
        &app.db,
        &session.caller.scope,
        &filter,
        paging.page,
        paging.per_page,
    )
    .await?;
    let pages = u32::try_from((total + 49) / 50).unwrap_or(1).max(1);
    render(&AuditPage {
        ctx: Ctx::new(&session, "audit"),
        entries,
        total,
        page: paging.page,
        pages,
        q,
    })
}
