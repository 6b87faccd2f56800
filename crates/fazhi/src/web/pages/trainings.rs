//! The trainings register page: filters (year, organisation), the totals of the filtered set,
//! the list, its export, and the form to record a training.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use fazhi_domain::access::Area;
use fazhi_domain::training::TrainingTotals;
use serde::Deserialize;

use super::admin::form_result;
use super::list_page::Pager;
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::trainings::{self as service, TrainingInput};
use crate::storage::orgs::{self, Org};
use crate::storage::trainings::TrainingRow;
use crate::web::error::PageError;
use crate::web::extract::Paging;
use crate::web::session::{CsrfForm, PageUser, Session};

const PER_PAGE: u32 = 25;

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
    page: Option<u32>,
}

impl ListQuery {
    /// The filters as a query string (no page), for links and exports.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([("year", self.year.as_str()), ("org", self.org.as_str())])
            .unwrap_or_default()
    }

    fn year(&self) -> Result<Option<i32>, AppError> {
        super::publicity::year_of(&self.year)
    }

    fn org(&self) -> Option<&str> {
        Some(self.org.trim()).filter(|o| !o.is_empty())
    }
}

#[derive(Deserialize, Default)]
pub struct TrainingForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    trainer: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    attendee_names: String,
    #[serde(default)]
    hours: String,
}

#[derive(Template)]
#[template(path = "trainings/list.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    items: Vec<TrainingRow>,
    totals: TrainingTotals,
    orgs: Vec<Org>,
    pager: Pager,
    form: TrainingForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: ListQuery,
    form: TrainingForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let paging = Paging::new(q.page, Some(PER_PAGE));
    let list = service::list(
        app,
        caller,
        q.year()?,
        q.org(),
        Some((paging.page, paging.per_page)),
    )
    .await?;
    let filters = q.filters();
    let pager = Pager::new(paging.page, paging.per_page, list.totals.trainings, |p| {
        format!("/trainings?{filters}&page={p}")
    });
    render(&ListPage {
        ctx: Ctx::new(session, "trainings"),
        pager,
        items: list.items,
        totals: list.totals,
        orgs: orgs::list(&app.db, &caller.scope).await?,
        q,
        form,
        errors,
        can_write: caller.role.can_write(Area::Trainings),
    })
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let form = TrainingForm {
        held_on: crate::service::deadlines::today().to_string(),
        ..TrainingForm::default()
    };
    list_page(&app, &session, q, form, BTreeMap::new()).await
}

/// A number typed in the form: blank is "not given"; anything else must be a number.
fn number<T: std::str::FromStr>(
    s: &str,
    field: &str,
    example: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<T> {
    let s = s.trim().trim_end_matches(['人', '次', '小', '时']);
    if s.is_empty() {
        return None;
    }
    s.parse().ok().or_else(|| {
        errors.insert(field.to_owned(), format!("请填写数字，例如 {example}"));
        None
    })
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<TrainingForm>,
) -> Result<Response, PageError> {
    let mut own = BTreeMap::new();
    let attendees = number(&form.attendees, "attendees", "30", &mut own);
    let hours = number(&form.hours, "hours", "3 或 1.5", &mut own);
    let result = if own.is_empty() {
        service::create(
            &app,
            &session.caller,
            TrainingInput {
                org: Some(form.org.clone()),
                held_on: form.held_on.clone(),
                topic: form.topic.clone(),
                trainer: form.trainer.clone(),
                attendees,
                attendee_names: vec![form.attendee_names.clone()],
                hours,
            },
        )
        .await
        .map(|_| ())
    } else {
        Err(AppError::invalid(own))
    };
    form_result(
        result,
        |errors| list_page(&app, &session, ListQuery::default(), form, errors),
        "/trainings",
    )
    .await
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    filters: ListQuery,
}

/// The filtered set as Excel (default) or CSV.
pub async fn export(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let format = super::export_format(&p.format);
    let (name, bytes) = service::export(
        &app,
        &session.caller,
        p.filters.year()?,
        p.filters.org(),
        format,
    )
    .await?;
    Ok(super::disputes::download(
        &name,
        format.content_type(),
        bytes,
    ))
}
