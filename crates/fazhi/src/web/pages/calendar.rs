//! The calendar page: look up a day, work out a deadline with its explanation, and (for
//! administrators) load a new year's schedule or a regional overlay.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::deadline::{shipped_rules, DeadlineRule};
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::calendar as calendar_service;
use crate::service::calendar::CalendarFileRow;
use crate::service::deadlines::ChangeRow;
use crate::service::deadlines::{self, DeadlineView};
use crate::web::error::PageError;
use crate::web::session::{CsrfMultipart, PageUser, Session};

#[derive(Deserialize, Default)]
pub struct CalendarQuery {
    date: Option<String>,
    rule: Option<String>,
    start: Option<String>,
    region: Option<String>,
}

pub struct DayLine {
    date: NaiveDate,
    workday: bool,
    reason: String,
    provisional: bool,
    regional_note: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar/index.html")]
struct CalendarPage {
    ctx: Ctx,
    q: CalendarQuery,
    day: Option<DayLine>,
    deadline: Option<DeadlineView>,
    rules: Vec<&'static DeadlineRule>,
    regions: Vec<String>,
    /// The region the selects show chosen: `""` is 全国.
    region: String,
    files: Vec<CalendarFileRow>,
    can_load: bool,
    error: Option<String>,
    loaded: Option<(String, Vec<ChangeRow>)>,
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn page(
    app: &SharedApp,
    session: &Session,
    q: CalendarQuery,
    mut error: Option<String>,
    loaded: Option<(String, Vec<ChangeRow>)>,
) -> Result<CalendarPage, PageError> {
    session.caller.require_read(Area::Calendar)?;
    let calendars = app.calendar.current();
    // The form always sends `region`: 全国 ("") is the national calendar alone; a link without
    // it means the user's own region.
    let region =
        calendar_service::chosen_region(q.region.as_deref(), session.user.org_region.as_deref())
            .map(str::to_owned);
    let mut day = None;
    if let Some(d) = opt(&q.date) {
        match fazhi_ledger::parse_date(d) {
            Ok(date) => {
                let info = calendars.for_region(region.as_deref()).day(date);
                day = Some(DayLine {
                    date,
                    workday: info.workday,
                    reason: info.reason.to_string(),
                    provisional: info.provisional,
                    regional_note: info.regional_note,
                });
            }
            Err(m) => error = Some(format!("日期「{d}」{m}")),
        }
    }
    let mut deadline = None;
    if let (Some(rule), Some(start)) = (opt(&q.rule), opt(&q.start)) {
        match fazhi_ledger::parse_date(start) {
            Ok(start) => match deadlines::explain(app, rule, start, region.as_deref()) {
                Ok(v) => deadline = Some(v),
                Err(e) => error = Some(e.message),
            },
            Err(m) => error = Some(format!("起算日期「{start}」{m}")),
        }
    }
    Ok(CalendarPage {
        ctx: Ctx::new(session, "calendar"),
        day,
        deadline,
        rules: shipped_rules().all().iter().collect(),
        regions: calendars.regions().map(str::to_owned).collect(),
        region: region.unwrap_or_default(),
        files: crate::service::calendar::files(app).await?,
        can_load: calendar_service::may_load(app, &session.caller).await?,
        error,
        loaded,
        q,
    })
}

pub async fn calendar(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<CalendarQuery>,
) -> Result<Html<String>, PageError> {
    render(&page(&app, &session, q, None, None).await?)
}

pub async fn load(
    State(app): State<SharedApp>,
    form: CsrfMultipart,
) -> Result<Response, PageError> {
    let session = &form.session;
    let Some((_, _, bytes)) = form
        .files
        .iter()
        .find(|(n, _, b)| n == "file" && !b.is_empty())
    else {
        let p = page(
            &app,
            session,
            CalendarQuery::default(),
            Some("请选择要载入的日历文件（CSV）".to_owned()),
            None,
        )
        .await?;
        return Ok((axum::http::StatusCode::BAD_REQUEST, render(&p)?).into_response());
    };
    let text = String::from_utf8_lossy(bytes).into_owned();
    match calendar_service::load_file(&app, &session.caller, &text).await {
        Ok(o) => {
            let summary = format!(
                "已载入{}日历，{} 个进行中的期限到期日发生变化",
                o.region.as_deref().unwrap_or("全国"),
                o.moved.len()
            );
            let p = page(
                &app,
                session,
                CalendarQuery::default(),
                None,
                Some((summary, o.moved)),
            )
            .await?;
            Ok(render(&p)?.into_response())
        }
        Err(AppError {
            kind: ErrorKind::BadRequest,
            message,
            fields,
            ..
        }) => {
            let detail: Vec<String> = fields.iter().map(|(k, v)| format!("{k}：{v}")).collect();
            let msg = if detail.is_empty() {
                message
            } else {
                format!("文件有误，未载入。{}", detail.join("；"))
            };
            let p = page(&app, session, CalendarQuery::default(), Some(msg), None).await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, render(&p)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
