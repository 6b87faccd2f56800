//! The assessment's pages: the indicator tree with, for the county, its scoring table and
//! ranking (`/assessments`); a town's sheet (`/assessments/self`), where the town fills its
//! self-assessment and the county scores.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use fazhi_domain::org::OrgKind;
use serde::Deserialize;

use super::service::{self, EntryInput, Ranking, Sheet, SheetInput, Tree};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::ledger::ImportReport;
use crate::web::error::PageError;
use crate::web::pages::record_files::read_upload;
use crate::web::pages::{form_result, render, Ctx};
use crate::web::session::{CsrfForm, PageUser, Session};

/// The indicator list's upload on the page: the API's limit (`api::INDICATOR_FILE_LIMIT`) and
/// the form around it.
const IMPORT_PAGE_LIMIT: usize = super::api::INDICATOR_FILE_LIMIT + 64 * 1024;

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    town: String,
}

impl PageQuery {
    /// The year asked for; by default last year (a year is assessed early the next).
    fn year(&self) -> Result<i32, PageError> {
        match self.year.trim() {
            "" => Ok(crate::service::deadlines::today().year() - 1),
            y => y
                .parse()
                .map_err(|_| PageError(AppError::field("year", "年度应为四位数，例如 2024"))),
        }
    }

    fn town(&self) -> Option<&str> {
        Some(self.town.trim()).filter(|t| !t.is_empty())
    }
}

#[derive(Template)]
#[template(path = "assessments/index.html")]
struct IndexPage {
    ctx: Ctx,
    year: i32,
    tree: Tree,
    /// The county's table, for county users.
    ranking: Option<Ranking>,
    /// A town user's own sheet link.
    own_town: bool,
    /// The county's staff import the indicator list here.
    can_import: bool,
    /// The last import's answer: how many indicators, or every row's problem.
    report: Option<ImportReport>,
    errors: BTreeMap<String, String>,
}

async fn index_page(
    app: &SharedApp,
    session: &Session,
    year: i32,
    report: Option<ImportReport>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let tree = service::tree(app, caller, year).await?;
    let kind = service::caller_kind(app, caller).await?;
    let ranking = match kind {
        Some(OrgKind::County) => Some(service::ranking(app, caller, year).await?),
        _ => None,
    };
    render(&IndexPage {
        ctx: Ctx::new(session, "assessments"),
        year,
        tree,
        ranking,
        own_town: kind == Some(OrgKind::Town),
        can_import: service::may_import(app, caller).await.is_ok(),
        report,
        errors,
    })
}

async fn index(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, PageError> {
    index_page(&app, &session, q.year()?, None, BTreeMap::new()).await
}

/// `POST /assessments/indicators/import`: the county's indicator list uploaded on the page,
/// through the API's import (all or nothing); the page again with the count or every row's
/// problem. The right is checked before the upload is read.
async fn import(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    request: Request,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    service::may_import(&app, caller).await?;
    let this_year = PageQuery::default().year()?;
    let up = match read_upload(&session, request, IMPORT_PAGE_LIMIT).await {
        Ok(up) => up,
        Err(PageError(e)) if e.kind == ErrorKind::BadRequest => {
            let page = index_page(&app, &session, this_year, None, e.fields).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
        Err(e) => return Err(e),
    };
    let q = PageQuery {
        year: up.fields.get("year").cloned().unwrap_or_default(),
        town: String::new(),
    };
    let year = q.year()?;
    let imported = if up.bytes.is_empty() {
        Err(AppError::field("file", "请选择考核指标表（.xlsx 或 .csv）"))
    } else {
        let name = up.file_name.clone();
        service::import_indicators(&app, caller, year, &name, up.bytes, false).await
    };
    let (status, report, errors) = match imported {
        Ok(r) if r.errors.is_empty() => (StatusCode::OK, Some(r), BTreeMap::new()),
        Ok(r) => (StatusCode::BAD_REQUEST, Some(r), BTreeMap::new()),
        Err(e) if e.kind == ErrorKind::BadRequest => (StatusCode::BAD_REQUEST, None, e.fields),
        Err(e) => return Err(e.into()),
    };
    let page = index_page(&app, &session, year, report, errors).await?;
    Ok((status, page).into_response())
}

/// The blank indicator list (its columns and notes), to fill and import.
async fn template(PageUser(_session): PageUser) -> Result<Response, PageError> {
    let (name, content_type, bytes) = service::indicator_template()?;
    Ok(crate::web::pages::download(&name, content_type, bytes))
}

#[derive(Template)]
#[template(path = "assessments/sheet.html")]
struct SheetPage {
    ctx: Ctx,
    sheet: Sheet,
    /// The town fills its self-assessment here.
    self_form: bool,
    /// The county scores here.
    score_form: bool,
    errors: BTreeMap<String, String>,
}

async fn sheet_page(
    app: &SharedApp,
    session: &Session,
    q: &PageQuery,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let sheet = service::sheet(app, caller, q.year()?, q.town()).await?;
    let kind = service::caller_kind(app, caller).await?;
    let writes = caller.role.can_write(service::AREA);
    render(&SheetPage {
        ctx: Ctx::new(session, "assessments"),
        sheet,
        self_form: writes && kind == Some(OrgKind::Town),
        score_form: writes && kind == Some(OrgKind::County),
        errors,
    })
}

async fn sheet(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>, PageError> {
    sheet_page(&app, &session, &q, BTreeMap::new()).await
}

/// A sheet form as posted: `year`, `town`, and per leaf `score.<code>`, `note.<code>` and
/// (the town's) `links.<code>`.
fn sheet_input(pairs: &[(String, String)]) -> (PageQuery, SheetInput) {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let q = PageQuery {
        year: value("year"),
        town: value("town"),
    };
    let mut items: BTreeMap<String, EntryInput> = BTreeMap::new();
    for (name, v) in pairs {
        let Some((field, code)) = name.split_once('.') else {
            continue;
        };
        let item = items.entry(code.to_owned()).or_insert_with(|| EntryInput {
            code: code.to_owned(),
            ..EntryInput::default()
        });
        match field {
            "score" => item.score = v.clone(),
            "note" => item.note = v.clone(),
            "links" => item.evidence_links = v.clone(),
            _ => {}
        }
    }
    let input = SheetInput {
        year: q.year.trim().parse().unwrap_or(0),
        town: q.town().map(str::to_owned),
        items: items.into_values().collect(),
    };
    (q, input)
}

async fn post_sheet(
    app: SharedApp,
    session: Session,
    pairs: Vec<(String, String)>,
    county: bool,
) -> Result<Response, PageError> {
    let (q, input) = sheet_input(&pairs);
    let result = if county {
        service::save_scores(&app, &session.caller, input).await
    } else {
        service::save_self(&app, &session.caller, input).await
    };
    let back = match &result {
        Ok(s) => format!("/assessments/self?year={}&town={}", s.year, s.town),
        Err(_) => String::new(),
    };
    form_result(
        result,
        |errors| sheet_page(&app, &session, &q, errors),
        &back,
    )
    .await
}

async fn post_self(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    post_sheet(app, session, pairs, false).await
}

async fn post_scores(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    post_sheet(app, session, pairs, true).await
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/assessments", get(index))
        .route("/assessments/self", get(sheet).post(post_self))
        .route("/assessments/scores", post(post_scores))
        .route(
            "/assessments/indicators/import",
            post(import).layer(axum::extract::DefaultBodyLimit::max(IMPORT_PAGE_LIMIT)),
        )
        .route("/assessments/indicators/template.xlsx", get(template))
}
