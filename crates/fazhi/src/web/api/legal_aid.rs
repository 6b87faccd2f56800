//! Legal-aid referrals over JSON.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use super::casework::{get_shown, paged, post_create, post_step};
use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::legal_aid::Referral;
use crate::service::legal_aid::{self as service, NewReferralInput, ReferralStep, ReferralView};
use crate::service::legal_aid_revisions::LegalAid;
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
    let withdrawn = p.withdrawn.unwrap_or(false);
    paged(p.page, p.per_page, |limit, offset| {
        service::list(&app, &session.caller, p.year, withdrawn, limit, offset)
    })
    .await
}

post_create!(
    create_referral,
    "/legal-aid",
    "legal-aid",
    NewReferralInput,
    service::create,
    Referral
);

get_shown!(
    /// A referral; its ID number and phone are masked unless `reveal=true` is asked for.
    get_referral,
    "/legal-aid/{id}",
    "legal-aid",
    service::get,
    ReferralView
);

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
