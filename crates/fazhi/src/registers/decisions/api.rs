//! Major decisions over JSON: the list with its totals, registration, the package check, and one
//! `POST /decisions/{id}/<step>` per procedure step; the kit adds `GET`/`PATCH
//! /decisions/{id}`, withdraw, restore and history.

use axum::extract::{FromRequest, Request, State};
use axum::Json;
use fazhi_domain::access::Area;
use fazhi_domain::decision::Procedure;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, After, CatalogueInput, DatedInput, DecideInput, DecisionInput, DecisionRow,
    DecisionTotals, Decisions, PackageView, ParticipationInput, ProcedureInput, ReviewLinkInput,
};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, totalled_page};
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::session::ApiUser;

totalled_page!(
    /// A page of decisions and the totals of every decision the filter matches.
    DecisionPage { items: DecisionRow, totals: DecisionTotals, total: decisions },
    list_decisions, "/decisions", "decisions", service::list
);

create!(create_decision, "/decisions", "decisions", DecisionInput, service::create => DecisionRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// What the package tabled for collective discussion still lacks (条例 第二十九条).
#[utoipa::path(get, path = "/decisions/{id}/package", tag = "decisions",
    params(("id" = i64, Path)),
    responses((status = 200, body = PackageView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn package(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<PackageView>> {
    let d = service::get(&app, &session.caller, id).await?;
    Ok(Json(service::package(&app, &d).await?))
}

/// One step handler: the write right is checked before the body is read.
macro_rules! step {
    ($name:ident, $path:literal, $input:ty, $doc:literal, |$app:ident, $caller:ident, $id:ident, $body:ident| $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "decisions",
            params(("id" = i64, Path)), request_body = $input,
            responses((status = 200, body = DecisionRow), (status = 400, body = crate::web::error::ErrorBody),
                (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody),
                (status = 409, body = crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State($app): State<SharedApp>,
            ApiUser(session): ApiUser,
            ApiPath($id): ApiPath<i64>,
            request: Request,
        ) -> AppResult<Json<DecisionRow>> {
            session.caller.require_write(Area::LegalReview)?;
            let ApiJson($body) = ApiJson::<$input>::from_request(request, &()).await?;
            let $caller = &session.caller;
            Ok(Json($call))
        }
    };
}

step!(
    catalogue,
    "/decisions/{id}/catalogue",
    CatalogueInput,
    "Publishes the entry in the year's decision catalogue (决策事项目录).",
    |app, caller, id, body| service::list_in_catalogue(&app, caller, id, body).await?
);
step!(public_participation, "/decisions/{id}/public-participation", ParticipationInput,
    "Records 公众参与 and its comment window (at least 30 days, 条例 第十五条; shorter only with a reason).",
    |app, caller, id, body| service::record_participation(&app, caller, id, body).await?);
step!(
    expert_review,
    "/decisions/{id}/expert-review",
    ProcedureInput,
    "Records 专家论证 (条例 第十九条至第二十一条), or that it does not apply and why.",
    |app, caller, id, body| service::record_procedure(
        &app,
        caller,
        id,
        Procedure::ExpertReview,
        body
    )
    .await?
);
step!(
    risk_assessment,
    "/decisions/{id}/risk-assessment",
    ProcedureInput,
    "Records 风险评估 (条例 第二十二条至第二十四条), or that it does not apply and why.",
    |app, caller, id, body| service::record_procedure(
        &app,
        caller,
        id,
        Procedure::RiskAssessment,
        body
    )
    .await?
);
step!(
    legality_review,
    "/decisions/{id}/legality-review",
    ReviewLinkInput,
    "Links the legality review (kind 重大行政决策) the draft was sent to (条例 第二十五条).",
    |app, caller, id, body| service::link_review(&app, caller, id, body).await?
);
step!(decide, "/decisions/{id}/decide", DecideInput,
    "Records the collective discussion and decision (集体讨论决定, 条例 第三十条): 409 `review_required` without a passing legality review, 409 `package_incomplete` naming what the package lacks (第二十九条).",
    |app, caller, id, body| service::decide(&app, caller, id, body).await?);
step!(
    publish,
    "/decisions/{id}/publish",
    DatedInput,
    "Records the decision's publication (决策公布, 第三十二条): `text` is the channel.",
    |app, caller, id, body| service::after_decision(&app, caller, id, After::Publish, body).await?
);
step!(
    archive,
    "/decisions/{id}/archive",
    DatedInput,
    "Records the archiving (决策归档, 第三十三条): `text` is the archive reference.",
    |app, caller, id, body| service::after_decision(&app, caller, id, After::Archive, body).await?
);
step!(
    evaluate,
    "/decisions/{id}/evaluate",
    DatedInput,
    "Records the post-decision evaluation (决策后评估, 第三十六条): `text` is the findings.",
    |app, caller, id, body| service::after_decision(&app, caller, id, After::Evaluate, body)
        .await?
);

impl ApiRegister for Decisions {
    const PATH: &'static str = "/decisions";
    const TAG: &'static str = "decisions";
    const NOUN: &'static str = "重大行政决策";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_decisions, create_decision))
        .routes(routes!(package))
        .routes(routes!(catalogue))
        .routes(routes!(public_participation))
        .routes(routes!(expert_review))
        .routes(routes!(risk_assessment))
        .routes(routes!(legality_review))
        .routes(routes!(decide))
        .routes(routes!(publish))
        .routes(routes!(archive))
        .routes(routes!(evaluate))
}
