//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::api;

#[derive(OpenApi)]
#[openapi(
    info(title = "fazhi 法治工作平台 API", description = "乡镇法治政府建设：台账、期限与年度报告。所有错误返回 {code, message, fields}。"),
    paths(
        api::auth::login, api::auth::logout, api::auth::me,
        api::admin::list_orgs, api::admin::create_org,
        api::admin::list_users, api::admin::create_user,
        api::admin::list_audit,
        api::publicity::list_publicity, api::publicity::create_publicity,
        api::publicity::get_publicity,
        api::publicity::list_items, api::publicity::create_item,
        api::publicity::get_item, api::publicity::list_sessions, api::publicity::create_session,
        api::publicity::get_session, api::publicity::list_exams, api::publicity::create_exam,
        api::publicity::get_exam, api::publicity::list_reports, api::publicity::create_report,
        api::publicity::get_report,
        api::calendar::day, api::calendar::explain, api::calendar::todo, api::calendar::load,
        api::report::annual, api::report::figures,
        api::disputes::list_disputes, api::disputes::create_dispute, api::disputes::get_dispute,
        api::disputes::accept_dispute, api::disputes::reject_dispute, api::disputes::start_dispute,
        api::disputes::add_session, api::disputes::close_dispute, api::disputes::escalate_dispute,
        api::disputes::transfer_dispute, api::disputes::add_return_visit,
        api::disputes::confirm_dispute, api::imports::import_ledger,
        api::disputes::agreement_docx,
        api::consultations::list_consultations, api::consultations::create_consultation,
        api::consultations::get_consultation,
        api::legal_aid::list_referrals, api::legal_aid::create_referral, api::legal_aid::get_referral,
        api::legal_aid::transfer_referral, api::legal_aid::decide_referral,
        api::legal_aid::assign_referral,
        api::screening::list_rounds, api::screening::create_round, api::screening::get_round,
        api::screening::add_report,
        api::committees::list_committees, api::committees::create_committee,
        api::committees::get_committee,
        api::committees::list_mediators, api::committees::create_mediator,
        api::committees::get_mediator,
        api::trainings::list_trainings, api::trainings::create_training,
        api::trainings::get_training,
    ),
    modifiers(&BearerAuth, &KitRegisters),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The registers on the kit document their edit, 作废, 恢复 and 修改记录 operations themselves.
struct KitRegisters;

impl Modify for KitRegisters {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        api::kit::document_all(openapi);
    }
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
