//! The disputes register over JSON: list, register, read, and the lifecycle steps.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use super::casework::{get_shown, post_create, post_step};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::dispute_plans::PlanInput;
use crate::service::disputes::{
    self as service, DisputeItem, DisputeView, ListParams, NewDisputeInput, StepInput,
};
use crate::service::disputes::{Dispute, Totals};
use crate::web::extract::{ApiPath, ApiQuery};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A page of the list with the totals of the whole filtered set.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DisputePage {
    pub items: Vec<DisputeItem>,
    pub total: i64,
    /// 村级 / 镇级 counts of the filtered set.
    pub totals: Totals,
    pub page: u32,
    pub per_page: u32,
}

#[utoipa::path(get, path = "/disputes", tag = "disputes", params(ListParams),
    responses((status = 200, body = DisputePage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_disputes(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> AppResult<Json<DisputePage>> {
    let r = service::list(&app, &session.caller, &p).await?;
    Ok(Json(DisputePage {
        total: r.totals.total,
        items: r.items,
        totals: r.totals,
        page: r.page,
        per_page: r.per_page,
    }))
}

post_create!(
    create_dispute,
    "/disputes",
    "disputes",
    NewDisputeInput,
    service::create,
    Dispute
);

get_shown!(
    get_dispute,
    "/disputes/{id}",
    "disputes",
    service::get,
    DisputeView
);

/// The 人民调解协议书 as DOCX (only for a case concluded with a written agreement).
#[utoipa::path(get, path = "/disputes/{id}/agreement.docx", tag = "disputes",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
        (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn agreement_docx(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<axum::response::Response> {
    let (name, bytes) = service::agreement_docx(&app, &session.caller, id).await?;
    Ok(crate::web::pages::download(
        &name,
        service::DOCX_TYPE,
        bytes,
    ))
}

/// The id of a record a step created (a session or a return visit).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A lifecycle step, answered with the case.
macro_rules! step {
    ($name:ident, $path:literal, $service:ident, $doc:literal) => {
        post_step!($name, $path, "disputes", $doc, StepInput, service::$service,
            Json => Json<Dispute>,
            responses((status = 200, body = Dispute), (status = 400, body = crate::web::error::ErrorBody),
                (status = 404, body = crate::web::error::ErrorBody),
                (status = 409, body = crate::web::error::ErrorBody)));
    };
}

step!(
    accept_dispute,
    "/disputes/{id}/accept",
    accept,
    "受理 (`date`, `note`)."
);
step!(
    reject_dispute,
    "/disputes/{id}/reject",
    reject,
    "不予受理 (`reason` required)."
);
step!(
    start_dispute,
    "/disputes/{id}/start",
    start,
    "开始调解 (`date`, `mediators`)."
);
step!(
    close_dispute,
    "/disputes/{id}/close",
    close,
    "结案 (`outcome`, `date`; for 调解成功 `agreement_form`, `agreement_terms`, and for a written agreement `performance_terms` and `signatures_complete`)."
);
step!(
    escalate_dispute,
    "/disputes/{id}/escalate",
    escalate,
    "上报镇级调解: the same case moves to the town."
);
step!(
    transfer_dispute,
    "/disputes/{id}/transfer",
    transfer,
    "移交 (`target` required)."
);
step!(
    confirm_dispute,
    "/disputes/{id}/judicial-confirmation",
    judicial_confirmation,
    "司法确认 (`date` of application within 30 days of the agreement taking effect, `court`, `ruling`, `ruled_on`)."
);

post_step!(record_plan, "/disputes/{id}/plan", "disputes",
    "重大矛盾纠纷调处方案 (`text`, `drawn_on`, `review`, `carried_out_on`, `historical`): a 实施日期 needs a linked review of kind 重大矛盾纠纷调处方案 that passed, else 409 `review_required`.",
    PlanInput, crate::service::dispute_plans::record,
    Json => Json<Dispute>,
    responses((status = 200, body = Dispute), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)));

/// A step that adds a record to the case (a session, a return visit), answered with its id.
macro_rules! adding_step {
    ($name:ident, $path:literal, $service:ident, $doc:literal) => {
        post_step!($name, $path, "disputes", $doc, StepInput, service::$service,
            |id| (StatusCode::CREATED, Json(Created { id })) => (StatusCode, Json<Created>),
            responses((status = 201, body = Created), (status = 400, body = crate::web::error::ErrorBody),
                (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)));
    };
}

adding_step!(
    add_session,
    "/disputes/{id}/sessions",
    record_session,
    "记录调解 (`date`, `place`, `mediators`, `record`)."
);
adding_step!(
    add_return_visit,
    "/disputes/{id}/return-visits",
    return_visit,
    "回访 (`date`, `visitor`, `performance`, `note`)."
);

impl crate::web::api::kit::ApiRegister for crate::service::dispute_revisions::Disputes {
    const PATH: &'static str = "/disputes";
    const TAG: &'static str = "disputes";
    const NOUN: &'static str = "纠纷案件";
    /// Its own `GET` reveals personal data to roles that may see it (a logged view).
    const GET: bool = false;
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_disputes, create_dispute))
        .routes(routes!(get_dispute))
        .routes(routes!(accept_dispute))
        .routes(routes!(agreement_docx))
        .routes(routes!(reject_dispute))
        .routes(routes!(start_dispute))
        .routes(routes!(add_session))
        .routes(routes!(close_dispute))
        .routes(routes!(escalate_dispute))
        .routes(routes!(transfer_dispute))
        .routes(routes!(add_return_visit))
        .routes(routes!(confirm_dispute))
        .routes(routes!(record_plan))
}
