//! Normative documents over JSON: the list with its totals, registration, one `POST
//! /normative-documents/{id}/{step}` per lifecycle step, the comments and their moderation, and
//! the year's figures; the kit adds `GET`/`PATCH /normative-documents/{id}`, withdraw, restore
//! and history.

use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{
    self, CommentRow, Figures, ModerationInput, NormativeDocuments, NormativeInput, NormativeRow,
    NormativeTotals, StepInput,
};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, totalled_page, YearParams};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;

totalled_page!(
    /// A page of documents and the totals of every document the filter matches.
    NormativePage { items: NormativeRow, totals: NormativeTotals, total: documents },
    list_documents, "/normative-documents", "normative-documents", service::list
);

create!(create_document, "/normative-documents", "normative-documents", NormativeInput,
    service::create => NormativeRow,
    responses((status = 400, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)));

/// A lifecycle step: `open-comment` (comment_from, comment_to, comment_note), `send-review`
/// (review), `deliberate` (deliberated_on, meeting), `issue` (registration_number, doc_number,
/// issued_on; refused with 409 `review_required` without a passing legality review), `publish`
/// (published_on, channel, interpretation, effective_on, validity_years: fixes expiry and the
/// evaluation date), `file` (filed_on, filing_body), `evaluate` (evaluated_on,
/// evaluation_result, evaluation_note), `amend` (ended_on, ended_by) and `repeal` (ended_on,
/// ended_by). A field of another step is refused by name.
#[utoipa::path(post, path = "/normative-documents/{id}/{step}", tag = "normative-documents",
    params(("id" = i64, Path), ("step" = String, Path,
        description = "open-comment | send-review | deliberate | issue | publish | file | evaluate | amend | repeal")),
    request_body = StepInput,
    responses((status = 200, body = NormativeRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn take_step(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    ApiJson(input): ApiJson<StepInput>,
) -> AppResult<Json<NormativeRow>> {
    Ok(Json(
        service::take_step(&app, &session.caller, id, &step, input).await?,
    ))
}

/// Every comment citizens left on the draft (pending, approved and hidden alike).
#[utoipa::path(get, path = "/normative-documents/{id}/comments", tag = "normative-documents",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentRow>), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_comments(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<CommentRow>>> {
    Ok(Json(service::comments(&app, &session.caller, id).await?))
}

/// Shows a comment on the portal (`approve`) or keeps it unshown (`hide`).
#[utoipa::path(post, path = "/normative-documents/{id}/comments/{comment_id}/moderation",
    tag = "normative-documents", params(("id" = i64, Path), ("comment_id" = i64, Path)),
    request_body = ModerationInput,
    responses((status = 200, body = CommentRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn moderate_comment(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath((id, comment_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ModerationInput>,
) -> AppResult<Json<CommentRow>> {
    Ok(Json(
        service::moderate(&app, &session.caller, id, comment_id, input).await?,
    ))
}

/// The year's figures (本年制发, 本年废止, 现行有效, 按时备案): `year` (default: this year) and
/// `org` as in the list.
#[utoipa::path(get, path = "/normative-documents/figures", tag = "normative-documents",
    params(YearParams),
    responses((status = 200, body = Figures), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn document_figures(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<Figures>> {
    let (q, _) = p.split();
    Ok(Json(service::figures(&app, &session.caller, &q).await?))
}

impl ApiRegister for NormativeDocuments {
    const PATH: &'static str = "/normative-documents";
    const TAG: &'static str = "normative-documents";
    const NOUN: &'static str = "行政规范性文件";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_documents, create_document))
        .routes(routes!(document_figures))
        .routes(routes!(take_step))
        .routes(routes!(list_comments))
        .routes(routes!(moderate_comment))
}
