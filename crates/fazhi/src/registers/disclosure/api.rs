//! Disclosure requests over JSON: the staff list with its totals and registration (the kit adds
//! `GET`/`PATCH /disclosure-requests/{id}`, withdraw, restore and history), and the portal's two
//! calls without an account: file a request, and ask for its status with the code and password
//! in the body (never in a URL).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::steps::{self, Step, StepInput};
use super::{letter, service::{
    self, DisclosureRequests, PublicRequestInput, PublicStatus, Receipt, RequestInput, RequestRow,
    RequestTotals,
}};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, totalled_page};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::middleware::ClientAddr;
use crate::web::session::ApiUser;

totalled_page!(
    /// A page of requests and the totals of every request the filter matches.
    RequestPage { items: RequestRow, totals: RequestTotals, total: requests },
    list_requests, "/disclosure-requests", "disclosure", service::list
);

create!(create_request, "/disclosure-requests", "disclosure", RequestInput, service::create => RequestRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// Files a request without an account; answers the tracking code and the query password once.
#[utoipa::path(post, path = "/public/disclosure-requests", tag = "portal",
    request_body = PublicRequestInput,
    responses((status = 201, body = Receipt), (status = 400, body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn submit_request(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<PublicRequestInput>,
) -> AppResult<(StatusCode, Json<Receipt>)> {
    let receipt = service::submit(&app, &addr, input).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// A request's progress; 404 for any wrong code–password pair.
#[utoipa::path(post, path = "/public/disclosure-requests/status", tag = "portal",
    request_body = crate::web::public_intake::StatusQuery,
    responses((status = 200, body = PublicStatus), (status = 404, body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn request_status(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(q): ApiJson<crate::web::public_intake::StatusQuery>,
) -> AppResult<Json<PublicStatus>> {
    Ok(Json(
        service::status(&app, &addr, &q.code, &q.password).await?,
    ))
}

/// A step on a request: `notice-correction` (on, until), `corrected` (on), `consult` (on,
/// kind, whom, until), `extend` (on, days, approved_by), `reply` (on, reply_type, text), `fee`
/// (on, amount, paid_on) or `remedy` (on, kind, result); logged under its own audit action.
#[utoipa::path(post, path = "/disclosure-requests/{id}/{step}", tag = "disclosure",
    params(("id" = i64, Path),
        ("step" = String, Path, description = "notice-correction | corrected | consult | extend | reply | fee | remedy")),
    request_body = StepInput,
    responses((status = 200, body = RequestRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn take_step(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    ApiJson(input): ApiJson<StepInput>,
) -> AppResult<Json<RequestRow>> {
    let step = Step::parse(&step).ok_or_else(crate::error::AppError::not_found)?;
    Ok(Json(
        steps::take(&app, &session.caller, id, step, input).await?,
    ))
}

/// The reply letter (告知书 of its reply type) as DOCX, once the request is answered.
#[utoipa::path(get, path = "/disclosure-requests/{id}/letter", tag = "disclosure",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
        (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn reply_letter(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<axum::response::Response> {
    let (name, bytes) = letter::letter(&app, &session.caller, id).await?;
    Ok(crate::web::pages::download(
        &name,
        crate::service::disputes::DOCX_TYPE,
        bytes,
    ))
}

/// Which report: the organisation (default: the caller's), the year, the format.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisclosureReportParams {
    /// Organisation code; defaults to the caller's own.
    pub org: Option<String>,
    pub year: i32,
    /// `docx` (default), `html` or `md`.
    pub format: Option<String>,
}

/// The 政府信息公开工作年度报告 in the uniform format, its tables counted from the records.
#[utoipa::path(get, path = "/reports/disclosure", tag = "reports", params(DisclosureReportParams),
    responses((status = 200, description = "报告文件（DOCX / HTML / Markdown）"),
              (status = 400, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn disclosure_report(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<DisclosureReportParams>,
) -> AppResult<axum::response::Response> {
    let rendered = service::report_file(
        &app,
        &session.caller,
        p.org.as_deref(),
        p.year,
        p.format.as_deref().unwrap_or("docx"),
    )
    .await?;
    Ok(crate::web::pages::file_download(rendered))
}

impl ApiRegister for DisclosureRequests {
    const PATH: &'static str = "/disclosure-requests";
    const TAG: &'static str = "disclosure";
    const NOUN: &'static str = "政府信息公开申请";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(submit_request))
        .routes(routes!(request_status))
        .routes(routes!(take_step))
        .routes(routes!(reply_letter))
        .routes(routes!(disclosure_report))
}
