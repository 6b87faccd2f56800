//! Legal publicity and cadre law study: publicity events (with the totals of the filtered set),
//! the responsibility list, study sessions, law exams and 述职述法.

use axum::extract::State;
use axum::Json;
use fazhi_domain::publicity::{ExamStats, PublicityTotals};
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::duty_revisions::{Items, Reports};
use crate::service::publicity::{self as publicity, EventInput, EventQuery, ItemInput};
use crate::service::publicity::{PublicityEventRow, ResponsibilityItemRow};
use crate::service::publicity_revisions::Events;
use crate::service::study::{self, ExamInput, ReportInput, SessionInput};
use crate::service::study::{DutyReportRow, LawExamRow, StudySessionRow};
use crate::service::study_revisions::{Exams, Sessions};
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiQuery, Paging};
use crate::web::session::ApiUser;

use super::year_lists::{create, year_page, year_query, YearParams};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `{"items","total","totals"}`: the page and the totals of every matching event.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicityPage {
    pub items: Vec<PublicityEventRow>,
    pub total: i64,
    #[schema(value_type = Object)]
    pub totals: PublicityTotals,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PublicityParams {
    /// Calendar year of the event date.
    pub year: Option<i32>,
    /// Organisation code; its whole subtree.
    pub org: Option<String>,
    /// enterprise | village | school | agency | grid | religious | other (or 企业, 村居 …)
    pub venue_type: Option<String>,
    pub theme: Option<String>,
    pub campaign: Option<String>,
    /// A month (1–12) of `year`: that month's events (the dashboard's month bars).
    pub month: Option<u32>,
    /// `true` lists the withdrawn events (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/publicity", tag = "publicity", params(PublicityParams),
    responses((status = 200, body = PublicityPage), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<PublicityParams>,
) -> AppResult<Json<PublicityPage>> {
    let paging = Paging::new(p.page, p.per_page);
    let q = EventQuery {
        year: p.year,
        org: p.org,
        venue_type: p.venue_type,
        theme: p.theme,
        campaign: p.campaign,
        month: p.month,
        withdrawn: p.withdrawn.unwrap_or(false),
    };
    let page = Some((paging.page, paging.per_page));
    let list = publicity::list_events(&app, &session.caller, &q, page).await?;
    Ok(Json(PublicityPage {
        items: list.items,
        total: list.total,
        totals: list.totals,
    }))
}

create!(create_publicity, "/publicity", "publicity", EventInput,
    publicity::create_event => PublicityEventRow, responses((status = 400, body = ErrorBody)));

year_page!(
    list_items,
    "/responsibility-items",
    "publicity",
    ResponsibilityItemRow,
    publicity::ITEMS
);

create!(create_item, "/responsibility-items", "publicity", ItemInput,
    publicity::create_item => ResponsibilityItemRow, responses((status = 400, body = ErrorBody)));

// ---------------------------------------------------------------------------------------------
// Study sessions

#[derive(Serialize, utoipa::ToSchema)]
pub struct StudyPage {
    pub items: Vec<StudySessionRow>,
    pub total: i64,
    /// Hours of every matching session.
    pub hours: f64,
    /// `[name, hours]` per named attendee, most first.
    #[schema(value_type = Vec<Object>)]
    pub hours_per_cadre: Vec<(String, f64)>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StudyParams {
    pub year: Option<i32>,
    pub org: Option<String>,
    /// central_group | pre_meeting | agency_collective | lecture | training_course | online
    pub form: Option<String>,
    /// `true` lists the withdrawn sessions (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/study-sessions", tag = "study", params(StudyParams),
    responses((status = 200, body = StudyPage)), security(("bearer" = [])))]
pub async fn list_sessions(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<StudyParams>,
) -> AppResult<Json<StudyPage>> {
    let (q, page) = year_query(p.year, p.org, p.withdrawn, p.page, p.per_page);
    let list = study::list_sessions(&app, &session.caller, &q, p.form.as_deref(), page).await?;
    Ok(Json(StudyPage {
        items: list.items,
        total: list.total,
        hours: list.hours,
        hours_per_cadre: list.hours_per_cadre,
    }))
}

create!(create_session, "/study-sessions", "study", SessionInput,
    study::create_session => StudySessionRow, responses((status = 400, body = ErrorBody)));

// ---------------------------------------------------------------------------------------------
// Law exams

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExamPage {
    pub items: Vec<LawExamRow>,
    pub total: i64,
    /// Participation and pass rate of every matching result.
    #[schema(value_type = Object)]
    pub stats: ExamStats,
}

#[utoipa::path(get, path = "/law-exams", tag = "study", params(YearParams),
    responses((status = 200, body = ExamPage)), security(("bearer" = [])))]
pub async fn list_exams(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<ExamPage>> {
    let (q, page) = p.split();
    let list = study::list_exams(&app, &session.caller, &q, page).await?;
    Ok(Json(ExamPage {
        items: list.items,
        total: list.total,
        stats: list.stats,
    }))
}

create!(create_exam, "/law-exams", "study", ExamInput, study::create_exam => LawExamRow,
    responses((status = 400, body = ErrorBody), (status = 409, body = ErrorBody)));

// ---------------------------------------------------------------------------------------------
// 述职述法

year_page!(
    list_reports,
    "/duty-reports",
    "study",
    DutyReportRow,
    study::REPORTS
);

create!(create_report, "/duty-reports", "study", ReportInput,
    study::create_report => DutyReportRow,
    responses((status = 400, body = ErrorBody), (status = 409, body = ErrorBody)));

impl super::kit::ApiRegister for Events {
    const PATH: &'static str = "/publicity";
    const TAG: &'static str = "publicity";
    const NOUN: &'static str = "普法宣传活动";
}

impl super::kit::ApiRegister for Sessions {
    const PATH: &'static str = "/study-sessions";
    const TAG: &'static str = "study";
    const NOUN: &'static str = "学法活动";
}

impl super::kit::ApiRegister for Exams {
    const PATH: &'static str = "/law-exams";
    const TAG: &'static str = "study";
    const NOUN: &'static str = "学法考试成绩";
}

impl super::kit::ApiRegister for Items {
    const PATH: &'static str = "/responsibility-items";
    const TAG: &'static str = "publicity";
    const NOUN: &'static str = "普法责任清单条目";
}

impl super::kit::ApiRegister for Reports {
    const PATH: &'static str = "/duty-reports";
    const TAG: &'static str = "study";
    const NOUN: &'static str = "述职述法记录";
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_publicity, create_publicity))
        .routes(routes!(list_items, create_item))
        .routes(routes!(list_sessions, create_session))
        .routes(routes!(list_exams, create_exam))
        .routes(routes!(list_reports, create_report))
}
