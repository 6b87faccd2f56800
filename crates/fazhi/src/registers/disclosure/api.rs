//! Disclosure requests over JSON: the staff list with its totals and registration (the kit adds
//! `GET`/`PATCH /disclosure-requests/{id}`, withdraw, restore and history), and the portal's two
//! calls without an account: file a request, and ask for its status with the code and password
//! in the body (never in a URL).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, DisclosureRequests, PublicRequestInput, PublicStatus, Receipt, RequestInput, RequestRow,
    RequestTotals,
};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::middleware::ClientAddr;
use crate::web::session::ApiUser;

/// A page of requests and the totals of every request the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RequestPage {
    pub items: Vec<RequestRow>,
    pub total: i64,
    pub totals: RequestTotals,
}

#[utoipa::path(get, path = "/disclosure-requests", tag = "disclosure", params(YearParams),
    responses((status = 200, body = RequestPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_requests(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<RequestPage>> {
    let (q, page) = p.split();
    let list = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(RequestPage {
        items: list.items,
        total: list.totals.requests,
        totals: list.totals,
    }))
}

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

/// The tracking code and query password a receipt gives.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    pub code: String,
    pub password: String,
}

/// A request's progress; 404 for any wrong code–password pair.
#[utoipa::path(post, path = "/public/disclosure-requests/status", tag = "portal",
    request_body = StatusQuery,
    responses((status = 200, body = PublicStatus), (status = 404, body = crate::web::error::ErrorBody),
        (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn request_status(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(q): ApiJson<StatusQuery>,
) -> AppResult<Json<PublicStatus>> {
    Ok(Json(
        service::status(&app, &addr, &q.code, &q.password).await?,
    ))
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
}
