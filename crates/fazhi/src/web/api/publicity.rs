//! Legal publicity and cadre law study: publicity events (with the totals of the filtered set),
//! the responsibility list, study sessions, law exams and 述职述法.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use fazhi_domain::publicity::{ExamStats, PublicityTotals};
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::publicity::{self as publicity, EventInput, EventQuery, ItemInput};
use crate::service::publicity_revisions as revisions;
use crate::service::revision::HistoryEntry;
use crate::service::study::{self, ExamInput, ReportInput, SessionInput};
use crate::service::study_revisions;
use crate::storage::publicity::{PublicityEventRow, ResponsibilityItemRow};
use crate::storage::study::{DutyReportRow, LawExamRow, StudySessionRow};
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery, Paging};
use crate::web::session::ApiUser;

use super::Page;

/// `{"items","total","totals"}`: the page and the totals of every matching event.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicityPage {
    pub items: Vec<PublicityEventRow>,
    pub total: i64,
    #[schema(value_type = Object)]
    pub totals: PublicityTotals,
}

#[derive(Deserialize, utoipa::IntoParams)]
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
    /// `true` lists the withdrawn events (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/publicity", tag = "publicity", params(PublicityParams),
    responses((status = 200, body = PublicityPage), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<PublicityParams>,
) -> AppResult<Json<PublicityPage>> {
    let paging = Paging::new(p.page, p.per_page);
    let list = publicity::list_events(
        &app,
        &session.caller,
        &EventQuery {
            year: p.year,
            org: p.org,
            venue_type: p.venue_type,
            theme: p.theme,
            campaign: p.campaign,
            withdrawn: p.withdrawn.unwrap_or(false),
        },
        Some((paging.page, paging.per_page)),
    )
    .await?;
    Ok(Json(PublicityPage {
        items: list.items,
        total: list.total,
        totals: list.totals,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPublicityRequest {
    /// Organisation code; default the caller's own organisation.
    pub org: Option<String>,
    /// YYYY-MM-DD (2024/3/5 and 2024年3月5日 are accepted too).
    pub held_on: String,
    pub name: String,
    #[serde(default)]
    pub organiser: String,
    /// enterprise | village | school | agency | grid | religious | other, or 企业 / 村居 / 学校 / 机关 / 网格 / 宗教场所 / 其他
    pub venue_type: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub campaigns: Vec<String>,
    #[serde(default)]
    pub form: String,
    pub large_posters: Option<i64>,
    pub small_posters: Option<i64>,
    pub banners: Option<i64>,
    pub materials: Option<i64>,
    pub vehicle_trips: Option<i64>,
    pub beneficiaries: Option<i64>,
    pub responsibility_item_id: Option<i64>,
    #[serde(default)]
    pub notes: String,
}

#[utoipa::path(post, path = "/api/v1/publicity", tag = "publicity",
    request_body = NewPublicityRequest,
    responses((status = 201, body = PublicityEventRow), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(r): ApiJson<NewPublicityRequest>,
) -> AppResult<(StatusCode, Json<PublicityEventRow>)> {
    let row = publicity::create_event(
        &app,
        &session.caller,
        EventInput {
            org: r.org,
            held_on: r.held_on,
            name: r.name,
            organiser: r.organiser,
            venue_type: r.venue_type,
            themes: r.themes,
            campaigns: r.campaigns,
            form: r.form,
            large_posters: r.large_posters,
            small_posters: r.small_posters,
            banners: r.banners,
            materials: r.materials,
            vehicle_trips: r.vehicle_trips,
            beneficiaries: r.beneficiaries,
            responsibility_item_id: r.responsibility_item_id,
            notes: r.notes,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

#[utoipa::path(get, path = "/api/v1/publicity/{id}", tag = "publicity",
    params(("id" = i64, Path)),
    responses((status = 200, body = PublicityEventRow), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<PublicityEventRow>> {
    Ok(Json(publicity::get_event(&app, &session.caller, id).await?))
}

/// A partial correction of an event: the fields given replace the stored ones; `version` is the
/// version the correction was based on (from the event as last read).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicityPatch {
    pub version: i64,
    pub held_on: Option<String>,
    pub name: Option<String>,
    pub organiser: Option<String>,
    pub venue_type: Option<String>,
    pub themes: Option<Vec<String>>,
    pub campaigns: Option<Vec<String>>,
    pub form: Option<String>,
    pub large_posters: Option<i64>,
    pub small_posters: Option<i64>,
    pub banners: Option<i64>,
    pub materials: Option<i64>,
    pub vehicle_trips: Option<i64>,
    pub beneficiaries: Option<i64>,
    pub responsibility_item_id: Option<i64>,
    pub notes: Option<String>,
}

impl PublicityPatch {
    fn apply(self, mut input: EventInput) -> EventInput {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { input.$field = v; } )* };
        }
        take!(held_on, name, organiser, venue_type, themes, campaigns, form, notes);
        macro_rules! take_some {
            ($($field:ident),*) => { $( if self.$field.is_some() { input.$field = self.$field; } )* };
        }
        take_some!(
            large_posters,
            small_posters,
            banners,
            materials,
            vehicle_trips,
            beneficiaries,
            responsibility_item_id
        );
        input
    }
}

/// Corrects an event. A `version` other than the stored one answers 409 `stale_version` and
/// changes nothing; a withdrawn event answers 409 `withdrawn`.
#[utoipa::path(patch, path = "/api/v1/publicity/{id}", tag = "publicity",
    params(("id" = i64, Path)), request_body = PublicityPatch,
    responses((status = 200, body = PublicityEventRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<PublicityPatch>,
) -> AppResult<Json<PublicityEventRow>> {
    let current = publicity::get_event(&app, &session.caller, id).await?;
    let version = patch.version;
    let input = patch.apply(revisions::current_input(&current));
    Ok(Json(
        revisions::update_event(&app, &session.caller, id, version, input).await?,
    ))
}

/// Why a record is withdrawn.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub reason: String,
}

/// Withdraws an event (作废): kept, but no longer counted in lists, totals, the dashboard, the
/// annual report or exports (`?withdrawn=true` lists the withdrawn ones).
#[utoipa::path(post, path = "/api/v1/publicity/{id}/withdraw", tag = "publicity",
    params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = PublicityEventRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(r): ApiJson<WithdrawRequest>,
) -> AppResult<Json<PublicityEventRow>> {
    Ok(Json(
        revisions::withdraw_event(&app, &session.caller, id, &r.reason).await?,
    ))
}

/// Restores a withdrawn event (administrators).
#[utoipa::path(post, path = "/api/v1/publicity/{id}/restore", tag = "publicity",
    params(("id" = i64, Path)),
    responses((status = 200, body = PublicityEventRow), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn restore_publicity(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<PublicityEventRow>> {
    Ok(Json(
        revisions::restore_event(&app, &session.caller, id).await?,
    ))
}

/// The event's history (修改记录): every change with who, when, and each field's old → new
/// value under its Chinese label.
#[utoipa::path(get, path = "/api/v1/publicity/{id}/history", tag = "publicity",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn publicity_history(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(revisions::history(&app, &session.caller, id).await?))
}

/// Filters shared by the simpler registers.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearParams {
    pub year: Option<i32>,
    /// Organisation code; its whole subtree.
    pub org: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl YearParams {
    fn page(&self) -> Option<(u32, u32)> {
        let p = Paging::new(self.page, self.per_page);
        Some((p.page, p.per_page))
    }
}

#[utoipa::path(get, path = "/api/v1/responsibility-items", tag = "publicity", params(YearParams),
    responses((status = 200, body = Page<ResponsibilityItemRow>)), security(("bearer" = [])))]
pub async fn list_items(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<Page<ResponsibilityItemRow>>> {
    let (items, total) =
        publicity::list_items(&app, &session.caller, p.year, p.org.as_deref(), p.page()).await?;
    Ok(Json(Page { items, total }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItemRequest {
    pub org: Option<String>,
    pub year: i32,
    /// The unit responsible (责任单位).
    pub unit: String,
    /// Laws to publicise.
    pub laws: String,
    #[serde(default)]
    pub audiences: String,
    #[serde(default)]
    pub measures: String,
    #[serde(default)]
    pub responsible: String,
}

#[utoipa::path(post, path = "/api/v1/responsibility-items", tag = "publicity",
    request_body = NewItemRequest,
    responses((status = 201, body = ResponsibilityItemRow), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_item(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(r): ApiJson<NewItemRequest>,
) -> AppResult<(StatusCode, Json<ResponsibilityItemRow>)> {
    let row = publicity::create_item(
        &app,
        &session.caller,
        ItemInput {
            org: r.org,
            year: Some(r.year),
            unit: r.unit,
            laws: r.laws,
            audiences: r.audiences,
            measures: r.measures,
            responsible: r.responsible,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

#[utoipa::path(get, path = "/api/v1/responsibility-items/{id}", tag = "publicity",
    params(("id" = i64, Path)),
    responses((status = 200, body = ResponsibilityItemRow), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_item(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<ResponsibilityItemRow>> {
    Ok(Json(publicity::get_item(&app, &session.caller, id).await?))
}

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

#[utoipa::path(get, path = "/api/v1/study-sessions", tag = "study", params(StudyParams),
    responses((status = 200, body = StudyPage)), security(("bearer" = [])))]
pub async fn list_sessions(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<StudyParams>,
) -> AppResult<Json<StudyPage>> {
    let paging = Paging::new(p.page, p.per_page);
    let list = study::list_sessions(
        &app,
        &session.caller,
        p.year,
        p.org.as_deref(),
        p.form.as_deref(),
        p.withdrawn.unwrap_or(false),
        Some((paging.page, paging.per_page)),
    )
    .await?;
    Ok(Json(StudyPage {
        items: list.items,
        total: list.total,
        hours: list.hours,
        hours_per_cadre: list.hours_per_cadre,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSessionRequest {
    pub org: Option<String>,
    pub held_on: String,
    /// 理论学习中心组 | 会前学法 | 机关集中学法 | 专题讲座 | 培训班 | 在线 (or the codes)
    pub form: String,
    pub laws: String,
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub attendees: Vec<String>,
    pub attendee_count: Option<i64>,
    pub hours: f64,
    #[serde(default)]
    pub notes: String,
}

#[utoipa::path(post, path = "/api/v1/study-sessions", tag = "study",
    request_body = NewSessionRequest,
    responses((status = 201, body = StudySessionRow), (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_session(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(r): ApiJson<NewSessionRequest>,
) -> AppResult<(StatusCode, Json<StudySessionRow>)> {
    let row = study::create_session(
        &app,
        &session.caller,
        SessionInput {
            org: r.org,
            held_on: r.held_on,
            form: r.form,
            laws: r.laws,
            speaker: r.speaker,
            attendees: r.attendees,
            attendee_count: r.attendee_count,
            hours: Some(r.hours),
            notes: r.notes,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

#[utoipa::path(get, path = "/api/v1/study-sessions/{id}", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = StudySessionRow), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_session(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<StudySessionRow>> {
    Ok(Json(study::get_session(&app, &session.caller, id).await?))
}

/// A partial correction of a study session: the fields given replace the stored ones;
/// `version` is the version the correction was based on (from the session as last read).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionPatch {
    pub version: i64,
    pub held_on: Option<String>,
    /// 理论学习中心组 | 会前学法 | 机关集中学法 | 专题讲座 | 培训班 | 在线 (or the codes)
    pub form: Option<String>,
    pub laws: Option<String>,
    pub speaker: Option<String>,
    pub attendees: Option<Vec<String>>,
    pub attendee_count: Option<i64>,
    pub hours: Option<f64>,
    pub notes: Option<String>,
}

impl SessionPatch {
    fn apply(self, mut input: SessionInput) -> SessionInput {
        if let Some(names) = self.attendees {
            // A count that was only the number of names follows the names.
            if input.attendee_count == Some(input.attendees.len() as i64) {
                input.attendee_count = None;
            }
            input.attendees = names;
        }
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { input.$field = v; } )* };
        }
        take!(held_on, form, laws, speaker, notes);
        if self.attendee_count.is_some() {
            input.attendee_count = self.attendee_count;
        }
        if self.hours.is_some() {
            input.hours = self.hours;
        }
        input
    }
}

/// Corrects a study session. A `version` other than the stored one answers 409
/// `stale_version` and changes nothing; a withdrawn session answers 409 `withdrawn`.
#[utoipa::path(patch, path = "/api/v1/study-sessions/{id}", tag = "study",
    params(("id" = i64, Path)), request_body = SessionPatch,
    responses((status = 200, body = StudySessionRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_session(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<SessionPatch>,
) -> AppResult<Json<StudySessionRow>> {
    let current = study::get_session(&app, &session.caller, id).await?;
    let version = patch.version;
    let input = patch.apply(study_revisions::current_session_input(&current));
    Ok(Json(
        study_revisions::update_session(&app, &session.caller, id, version, input).await?,
    ))
}

/// Withdraws a study session (作废): kept, but no longer counted in the list, the hours, the
/// annual report or the ledger export (`?withdrawn=true` lists the withdrawn ones).
#[utoipa::path(post, path = "/api/v1/study-sessions/{id}/withdraw", tag = "study",
    params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = StudySessionRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw_session(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(r): ApiJson<WithdrawRequest>,
) -> AppResult<Json<StudySessionRow>> {
    Ok(Json(
        study_revisions::withdraw_session(&app, &session.caller, id, &r.reason).await?,
    ))
}

/// Restores a withdrawn study session (administrators).
#[utoipa::path(post, path = "/api/v1/study-sessions/{id}/restore", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = StudySessionRow), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn restore_session(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<StudySessionRow>> {
    Ok(Json(
        study_revisions::restore_session(&app, &session.caller, id).await?,
    ))
}

/// The session's history (修改记录): every change with who, when, and each field's old → new
/// value under the ledger's column name.
#[utoipa::path(get, path = "/api/v1/study-sessions/{id}/history", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn session_history(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(
        study_revisions::session_history(&app, &session.caller, id).await?,
    ))
}

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

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExamParams {
    pub year: Option<i32>,
    /// Organisation code; its whole subtree.
    pub org: Option<String>,
    /// `true` lists the withdrawn results (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/law-exams", tag = "study", params(ExamParams),
    responses((status = 200, body = ExamPage)), security(("bearer" = [])))]
pub async fn list_exams(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ExamParams>,
) -> AppResult<Json<ExamPage>> {
    let paging = Paging::new(p.page, p.per_page);
    let list = study::list_exams(
        &app,
        &session.caller,
        p.year,
        p.org.as_deref(),
        p.withdrawn.unwrap_or(false),
        Some((paging.page, paging.per_page)),
    )
    .await?;
    Ok(Json(ExamPage {
        items: list.items,
        total: list.total,
        stats: list.stats,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExamRequest {
    pub org: Option<String>,
    pub year: i32,
    pub cadre: String,
    #[serde(default)]
    pub post: String,
    pub score: Option<f64>,
    /// Defaults to score ≥ 60.
    pub passed: Option<bool>,
    #[serde(default)]
    pub taken_on: String,
}

#[utoipa::path(post, path = "/api/v1/law-exams", tag = "study", request_body = NewExamRequest,
    responses((status = 201, body = LawExamRow), (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_exam(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(r): ApiJson<NewExamRequest>,
) -> AppResult<(StatusCode, Json<LawExamRow>)> {
    let row = study::create_exam(
        &app,
        &session.caller,
        ExamInput {
            org: r.org,
            year: Some(r.year),
            cadre: r.cadre,
            post: r.post,
            score: r.score,
            passed: r.passed,
            taken_on: r.taken_on,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

#[utoipa::path(get, path = "/api/v1/law-exams/{id}", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = LawExamRow), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_exam(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<LawExamRow>> {
    Ok(Json(study::get_exam(&app, &session.caller, id).await?))
}

/// A partial correction of an exam result: the fields given replace the stored ones; `version`
/// is the version the correction was based on. A new `score` without `passed` lets the pass
/// follow the score again (60 and above), as at registration.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamPatch {
    pub version: i64,
    pub year: Option<i32>,
    pub cadre: Option<String>,
    pub post: Option<String>,
    pub score: Option<f64>,
    pub passed: Option<bool>,
    pub taken_on: Option<String>,
}

impl ExamPatch {
    fn apply(self, mut input: ExamInput) -> ExamInput {
        if self.score.is_some() {
            input.score = self.score;
            input.passed = None;
        }
        if self.passed.is_some() {
            input.passed = self.passed;
        }
        if self.year.is_some() {
            input.year = self.year;
        }
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { input.$field = v; } )* };
        }
        take!(cadre, post, taken_on);
        input
    }
}

/// Corrects an exam result. A `version` other than the stored one answers 409
/// `stale_version` and changes nothing; a withdrawn result answers 409 `withdrawn`.
#[utoipa::path(patch, path = "/api/v1/law-exams/{id}", tag = "study",
    params(("id" = i64, Path)), request_body = ExamPatch,
    responses((status = 200, body = LawExamRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_exam(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<ExamPatch>,
) -> AppResult<Json<LawExamRow>> {
    let current = study::get_exam(&app, &session.caller, id).await?;
    let version = patch.version;
    let input = patch.apply(study_revisions::current_exam_input(&current));
    Ok(Json(
        study_revisions::update_exam(&app, &session.caller, id, version, input).await?,
    ))
}

/// Withdraws an exam result (作废): kept, but no longer counted in the list, the pass rate, the
/// annual report or the ledger export (`?withdrawn=true` lists the withdrawn ones).
#[utoipa::path(post, path = "/api/v1/law-exams/{id}/withdraw", tag = "study",
    params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = LawExamRow), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw_exam(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(r): ApiJson<WithdrawRequest>,
) -> AppResult<Json<LawExamRow>> {
    Ok(Json(
        study_revisions::withdraw_exam(&app, &session.caller, id, &r.reason).await?,
    ))
}

/// Restores a withdrawn exam result (administrators).
#[utoipa::path(post, path = "/api/v1/law-exams/{id}/restore", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = LawExamRow), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn restore_exam(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<LawExamRow>> {
    Ok(Json(
        study_revisions::restore_exam(&app, &session.caller, id).await?,
    ))
}

/// The result's history (修改记录), under the exam ledger's column names.
#[utoipa::path(get, path = "/api/v1/law-exams/{id}/history", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn exam_history(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(
        study_revisions::exam_history(&app, &session.caller, id).await?,
    ))
}

// ---------------------------------------------------------------------------------------------
// 述职述法

#[utoipa::path(get, path = "/api/v1/duty-reports", tag = "study", params(YearParams),
    responses((status = 200, body = Page<DutyReportRow>)), security(("bearer" = [])))]
pub async fn list_reports(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<Page<DutyReportRow>>> {
    let (items, total) =
        study::list_reports(&app, &session.caller, p.year, p.org.as_deref(), p.page()).await?;
    Ok(Json(Page { items, total }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportRequest {
    pub org: Option<String>,
    pub year: i32,
    pub leader: String,
    #[serde(default)]
    pub post: String,
    pub reported_on: String,
    /// 书面 | 口头 | 会议 (or written | oral | meeting)
    pub form: String,
    #[serde(default)]
    pub evaluation: String,
    #[serde(default)]
    pub notes: String,
}

#[utoipa::path(post, path = "/api/v1/duty-reports", tag = "study",
    request_body = NewReportRequest,
    responses((status = 201, body = DutyReportRow), (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_report(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(r): ApiJson<NewReportRequest>,
) -> AppResult<(StatusCode, Json<DutyReportRow>)> {
    let row = study::create_report(
        &app,
        &session.caller,
        ReportInput {
            org: r.org,
            year: Some(r.year),
            leader: r.leader,
            post: r.post,
            reported_on: r.reported_on,
            form: r.form,
            evaluation: r.evaluation,
            notes: r.notes,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(row)))
}

#[utoipa::path(get, path = "/api/v1/duty-reports/{id}", tag = "study",
    params(("id" = i64, Path)),
    responses((status = 200, body = DutyReportRow), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_report(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<DutyReportRow>> {
    Ok(Json(study::get_report(&app, &session.caller, id).await?))
}
