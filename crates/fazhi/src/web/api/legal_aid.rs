//! Legal-aid referrals over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::casework::{post_step, ShowParams};
use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::legal_aid::Referral;
use crate::service::legal_aid::{self as service, NewReferralInput, ReferralStep, ReferralView};
use crate::service::legal_aid_revisions::LegalAid;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery, Paging};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReferralParams {
    pub year: Option<i32>,
    /// `true` lists the withdrawn referrals (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/legal-aid", tag = "legal-aid", params(ReferralParams),
    responses((status = 200, body = Page<Referral>)), security(("bearer" = [])))]
pub async fn list_referrals(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ReferralParams>,
) -> AppResult<Json<Page<Referral>>> {
    let paging = Paging::new(p.page, p.per_page);
    let (items, total) = service::list(
        &app,
        &session.caller,
        p.year,
        p.withdrawn.unwrap_or(false),
        i64::from(paging.per_page),
        paging.offset(),
    )
    .await?;
    Ok(Json(Page { items, total }))
}

#[utoipa::path(post, path = "/legal-aid", tag = "legal-aid", request_body = NewReferralInput,
    responses((status = 201, body = Referral), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_referral(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<NewReferralInput>,
) -> AppResult<(StatusCode, Json<Referral>)> {
    let r = service::create(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// A referral; its ID number and phone are masked unless `reveal=true` is asked for.
#[utoipa::path(get, path = "/legal-aid/{id}", tag = "legal-aid",
    params(("id" = i64, Path), ShowParams),
    responses((status = 200, body = ReferralView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_referral(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<ShowParams>,
) -> AppResult<Json<ReferralView>> {
    let v = service::get(&app, &session.caller, id, p.reveal.unwrap_or(false)).await?;
    Ok(Json(v))
}

/// A step of a referral's life, answered with the referral.
macro_rules! step {
    ($name:ident, $path:literal, $service:ident, $doc:literal) => {
        post_step!($name, $path, "legal-aid", $doc, ReferralStep, service::$service,
            Json => Json<Referral>,
            responses((status = 200, body = Referral), (status = 400, body = crate::web::error::ErrorBody),
                (status = 409, body = crate::web::error::ErrorBody)));
    };
}

step!(
    transfer_referral,
    "/legal-aid/{id}/transfer",
    transfer,
    "The day the application was passed to the legal-aid centre (`date`, and `institution` when the referral names none yet). The centre's 7 days run from the application itself."
);
step!(
    decide_referral,
    "/legal-aid/{id}/decision",
    decide,
    "The centre's decision (`decision`: 给予援助 / 不予援助, `date`, `reason` for a refusal)."
);
step!(
    assign_referral,
    "/legal-aid/{id}/assignment",
    assign,
    "The lawyer assigned (`lawyer`, `date`)."
);

impl super::kit::ApiRegister for LegalAid {
    const PATH: &'static str = "/legal-aid";
    const TAG: &'static str = "legal-aid";
    const NOUN: &'static str = "法律援助申请";
    /// Its own `GET` reveals personal data to roles that may see it (a logged view).
    const GET: bool = false;
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_referrals, create_referral))
        .routes(routes!(get_referral))
        .routes(routes!(transfer_referral))
        .routes(routes!(decide_referral))
        .routes(routes!(assign_referral))
}
