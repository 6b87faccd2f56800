//! Review requests over JSON: the list (an adviser's: only theirs), sending a request, one
//! request with its due date explained, the opinion and adoption steps and the 意见书; the kit
//! adds `PATCH /review-requests/{id}`, withdraw, restore and history.

use axum::extract::{FromRequest, Request, State};
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, AdoptionInput, DueView, OpinionInput, ReviewInput, ReviewRow, Reviews,
};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;

/// A page of review requests.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewPage {
    pub items: Vec<ReviewRow>,
    pub total: i64,
}

/// A request with where its due date stands.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewView {
    #[serde(flatten)]
    pub request: ReviewRow,
    pub due: DueView,
}

#[utoipa::path(get, path = "/review-requests", tag = "review-requests", params(YearParams),
    responses((status = 200, body = ReviewPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_reviews(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<ReviewPage>> {
    let (q, page) = p.split();
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(ReviewPage { items, total }))
}

create!(create_review, "/review-requests", "review-requests", ReviewInput, service::create => ReviewRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// One request (an adviser: only one sent to them; 404 otherwise), its due date explained.
#[utoipa::path(get, path = "/review-requests/{id}", tag = "review-requests",
    params(("id" = i64, Path)),
    responses((status = 200, body = ReviewView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_review(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<ReviewView>> {
    let request = service::get(&app, &session.caller, id).await?;
    let due = service::due_view(&app, &request).await?;
    Ok(Json(ReviewView { request, due }))
}

/// The adviser it was sent to gives the opinion (合法 / 修改后合法 / 不合法 / 明示法律风险).
#[utoipa::path(post, path = "/review-requests/{id}/opinion", tag = "review-requests",
    params(("id" = i64, Path)), request_body = OpinionInput,
    responses((status = 200, body = ReviewRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn give_opinion(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<ReviewRow>> {
    // Who may act is checked before the body is read.
    service::require_adviser(&session.caller)?;
    let ApiJson(input) = ApiJson::<OpinionInput>::from_request(request, &()).await?;
    Ok(Json(
        service::give_opinion(&app, &session.caller, id, input).await?,
    ))
}

/// The requesting staff record whether the opinion was adopted (a reason when not).
#[utoipa::path(post, path = "/review-requests/{id}/adoption", tag = "review-requests",
    params(("id" = i64, Path)), request_body = AdoptionInput,
    responses((status = 200, body = ReviewRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_adoption(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<ReviewRow>> {
    session
        .caller
        .require_write(fazhi_domain::access::Area::LegalReview)?;
    let ApiJson(input) = ApiJson::<AdoptionInput>::from_request(request, &()).await?;
    Ok(Json(
        service::record_adoption(&app, &session.caller, id, input).await?,
    ))
}

/// The 合法性审查意见书 as DOCX (GB/T 9704), once the opinion is given.
#[utoipa::path(get, path = "/review-requests/{id}/opinion.docx", tag = "review-requests",
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

impl ApiRegister for Reviews {
    const PATH: &'static str = "/review-requests";
    const TAG: &'static str = "review-requests";
    const NOUN: &'static str = "合法性审查";
    // An adviser reads the requests sent to them: the register serves its own `GET`.
    const GET: bool = false;
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_reviews, create_review))
        .routes(routes!(get_review))
        .routes(routes!(give_opinion))
        .routes(routes!(record_adoption))
        .routes(routes!(opinion_docx))
}
