//! Complaints and petitions over JSON: the staff list with its warnings and search, registration,
//! one case with its time limits explained, the handling steps (`POST /complaints/{id}/<step>`),
//! the 处理意见书, the figures, receipt verification (the kit adds `PATCH`, withdraw, restore
//! and history), and the portal's two calls without an account: file a complaint, and ask for
//! its status with the code and password in the body (never in a URL).

use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, AcceptInput, AssignInput, CallbackInput, ComplaintInput, ComplaintItem, ComplaintQuery,
    ComplaintRow, ComplaintView, Complaints, ConcludeInput, ExtendInput, Figures, LinkDisputeInput,
    NoteInput,
    PublicComplaintInput, PublicComplaintStatus, PublicReceipt, ReferInput, ReviewStepInput,
    SuperviseInput, SupervisionReplyInput, VerifyInput, VerifyResult,
};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::files::files_api;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, year_query};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::middleware::ClientAddr;
use crate::web::session::ApiUser;

/// The list's filters.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ComplaintParams {
    pub year: Option<i32>,
    /// Organisation code; its whole subtree.
    pub org: Option<String>,
    /// `true` lists the withdrawn cases (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    /// Part of the external case number (信访信息系统、12345), the petitioner's name or the
    /// subject.
    pub search: Option<String>,
    /// Only the cases one dashboard figure counts: `complaints_decided`,
    /// `complaints_decided_on_time`, `complaints_concluded`, `complaints_concluded_on_time`,
    /// `complaints_callbacks`, `complaints_satisfied`, `complaints_repeats`, `channel.<code>`
    /// or `class.<code>`.
    pub figure: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A page of cases, each with its warning today.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintPage {
    pub items: Vec<ComplaintItem>,
    pub total: i64,
}

#[utoipa::path(get, path = "/complaints", tag = "complaints", params(ComplaintParams),
    responses((status = 200, body = ComplaintPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_complaints(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ComplaintParams>,
) -> AppResult<Json<ComplaintPage>> {
    let (mut year, page) = year_query(p.year, p.org, p.withdrawn, p.page, p.per_page);
    year.figure = p.figure;
    let q = ComplaintQuery {
        year,
        search: p.search,
    };
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(ComplaintPage { items, total }))
}

create!(create_complaint, "/complaints", "complaints", ComplaintInput, service::create => ComplaintRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// One case (404 outside the caller's subtree), its time limits explained, its notes and 督办
/// orders, the earlier case it repeats and the cases reopened from it.
#[utoipa::path(get, path = "/complaints/{id}", tag = "complaints",
    params(("id" = i64, Path)),
    responses((status = 200, body = ComplaintView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_complaint(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<ComplaintView>> {
    Ok(Json(service::view(&app, &session.caller, id).await?))
}

/// A step `POST /complaints/{id}/<step>`: who may act is checked before the body is read.
macro_rules! step {
    ($name:ident, $path:literal, $input:ty, $service:path, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "complaints",
            params(("id" = i64, Path)), request_body = $input,
            responses((status = 200, body = ComplaintRow), (status = 400, body = crate::web::error::ErrorBody),
                (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody),
                (status = 409, body = crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(app): State<SharedApp>,
            ApiUser(session): ApiUser,
            ApiPath(id): ApiPath<i64>,
            request: Request,
        ) -> AppResult<Json<ComplaintRow>> {
            if $path.ends_with("/supervise") {
                service::require_leader(&session.caller)?;
            } else {
                session
                    .caller
                    .require_write(fazhi_domain::access::Area::Complaints)?;
            }
            let ApiJson(input) = ApiJson::<$input>::from_request(request, &()).await?;
            Ok(Json($service(&app, &session.caller, id, input).await?))
        }
    };
}

step!(accept, "/complaints/{id}/accept", AcceptInput, service::accept,
    "告知是否受理 (15 days from receipt, 信访工作条例 第二十三条).");
step!(refer, "/complaints/{id}/refer", ReferInput, service::refer,
    "转送 to the competent body, or object to a referral (5 working days).");
step!(assign, "/complaints/{id}/assign", AssignInput, service::assign, "交办 to a unit or person.");
step!(note, "/complaints/{id}/note", NoteInput, service::note, "An investigation note.");
step!(extend, "/complaints/{id}/extend", ExtendInput, service::extend,
    "The head's approved extension (at most 30 days in all, reason told; 第三十四条).");
step!(conclude, "/complaints/{id}/conclude", ConcludeInput, service::conclude,
    "The written reply (处理意见书): outcome, facts, reasons, opinion, legal basis, remedies.");
step!(callback, "/complaints/{id}/callback", CallbackInput, service::callback,
    "The satisfaction callback; 不满意 opens a new case linked to this one, which stays as it was.");
step!(review, "/complaints/{id}/review", ReviewStepInput, service::review,
    "A 复查 passed back by the county: the request (within 30 days of the reply) and the opinion.");
step!(recheck, "/complaints/{id}/recheck", ReviewStepInput, service::recheck,
    "A 复核: the request (within 30 days of the 复查 opinion), hearings, and the final opinion.");
step!(supervise, "/complaints/{id}/supervise", SuperviseInput, service::supervise,
    "A leader's 督办 order with its own deadline.");
step!(supervision_reply, "/complaints/{id}/supervision-reply", SupervisionReplyInput,
    service::reply_supervision, "The reply to a 督办 order.");
step!(link_dispute, "/complaints/{id}/link-dispute", LinkDisputeInput, service::link_dispute,
    "Mediation through the disputes register: links a dispute in the caller's scope (404 otherwise); linked, not copied.");

/// The 信访事项处理意见书 as DOCX (GB/T 9704), once concluded.
#[utoipa::path(get, path = "/complaints/{id}/opinion.docx", tag = "complaints",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
        (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn opinion_docx(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<axum::response::Response> {
    let (name, bytes) = service::opinion_document(&app, &session.caller, id).await?;
    Ok(crate::web::pages::download(
        &name,
        crate::service::disputes::DOCX_TYPE,
        bytes,
    ))
}

/// The figures of a year: by channel, class and outcome; on-time rates; satisfaction; repeats.
#[utoipa::path(get, path = "/complaints/figures", tag = "complaints", params(ComplaintParams),
    responses((status = 200, body = Figures), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn complaint_figures(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ComplaintParams>,
) -> AppResult<Json<Figures>> {
    let (year, _) = year_query(p.year, p.org, p.withdrawn, None, None);
    Ok(Json(service::figures(&app, &session.caller, &year).await?))
}

/// Checks a receipt a citizen presents: its text and verification string.
#[utoipa::path(post, path = "/complaints/verify-receipt", tag = "complaints",
    request_body = VerifyInput,
    responses((status = 200, body = VerifyResult), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn verify_receipt(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<VerifyInput>,
) -> AppResult<Json<VerifyResult>> {
    Ok(Json(service::verify(&app, &session.caller, &input).await?))
}

/// Files a complaint without an account; answers the tracking code, the query password (once)
/// and the receipt's verification string.
#[utoipa::path(post, path = "/public/complaints", tag = "portal",
    request_body = PublicComplaintInput,
    responses((status = 201, body = PublicReceipt), (status = 400, body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn submit_complaint(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(input): ApiJson<PublicComplaintInput>,
) -> AppResult<(StatusCode, Json<PublicReceipt>)> {
    let receipt = service::submit(&app, &addr, input).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// A case's progress; 404 for any wrong code–password pair.
#[utoipa::path(post, path = "/public/complaints/status", tag = "portal",
    request_body = crate::web::public_intake::StatusQuery,
    responses((status = 200, body = PublicComplaintStatus), (status = 404, body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn complaint_status(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(q): ApiJson<crate::web::public_intake::StatusQuery>,
) -> AppResult<Json<PublicComplaintStatus>> {
    Ok(Json(
        service::status(&app, &addr, &q.code, &q.password).await?,
    ))
}

impl ApiRegister for Complaints {
    const PATH: &'static str = "/complaints";
    const TAG: &'static str = "complaints";
    const NOUN: &'static str = "信访事项";
    // The register serves its own `GET`: the case with its time limits and entries.
    const GET: bool = false;
}

files_api!(Complaints, "/complaints/{id}/attachments", "complaints",
    "investigation material (调查笔录、现场照片、证据材料)", attach_file, list_files);

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(attach_file, list_files))
        .routes(routes!(list_complaints, create_complaint))
        .routes(routes!(complaint_figures))
        .routes(routes!(verify_receipt))
        .routes(routes!(get_complaint))
        .routes(routes!(accept))
        .routes(routes!(refer))
        .routes(routes!(assign))
        .routes(routes!(note))
        .routes(routes!(extend))
        .routes(routes!(conclude))
        .routes(routes!(callback))
        .routes(routes!(review))
        .routes(routes!(recheck))
        .routes(routes!(supervise))
        .routes(routes!(supervision_reply))
        .routes(routes!(link_dispute))
        .routes(routes!(opinion_docx))
        .routes(routes!(submit_complaint))
        .routes(routes!(complaint_status))
}
