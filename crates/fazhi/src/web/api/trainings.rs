//! Mediation trainings over JSON.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::year_lists::{create, year_query};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::training_revisions::Trainings;
use crate::service::trainings::TrainingRow;
use crate::service::trainings::{self as service, TotalsView, TrainingInput};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrainingParams {
    pub year: Option<i32>,
    /// An organisation code within the caller's subtree.
    pub org: Option<String>,
    /// `true` lists the withdrawn trainings (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A page of trainings and the totals of every training the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingPage {
    pub items: Vec<TrainingRow>,
    pub total: i64,
    pub totals: TotalsView,
}

#[utoipa::path(get, path = "/trainings", tag = "trainings", params(TrainingParams),
    responses((status = 200, body = TrainingPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_trainings(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<TrainingParams>,
) -> AppResult<Json<TrainingPage>> {
    let (q, page) = year_query(p.year, p.org, p.withdrawn, p.page, p.per_page);
    let list = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(TrainingPage {
        items: list.items,
        total: list.total,
        totals: list.totals.into(),
    }))
}

create!(create_training, "/trainings", "trainings", TrainingInput, service::create => TrainingRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

impl super::kit::ApiRegister for Trainings {
    const PATH: &'static str = "/trainings";
    const TAG: &'static str = "trainings";
    const NOUN: &'static str = "调解培训";
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(list_trainings, create_training))
}
