//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.

pub mod admin;
pub mod auth;
pub mod calendar;
pub mod committees;
pub mod consultations;
pub mod disputes;
pub mod imports;
pub mod kit;
pub mod legal_aid;
pub mod publicity;
pub mod report;
pub mod screening;
pub mod trainings;

use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use crate::app::SharedApp;

pub fn router() -> Router<SharedApp> {
    Router::new()
        .route("/openapi.json", get(super::openapi::openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/orgs", get(admin::list_orgs).post(admin::create_org))
        .route("/users", get(admin::list_users).post(admin::create_user))
        .route("/audit", get(admin::list_audit))
        .route(
            "/publicity",
            get(publicity::list_publicity).post(publicity::create_publicity),
        )
        .route("/publicity/{id}", get(publicity::get_publicity))
        .route(
            "/responsibility-items",
            get(publicity::list_items).post(publicity::create_item),
        )
        .route("/responsibility-items/{id}", get(publicity::get_item))
        .route(
            "/study-sessions",
            get(publicity::list_sessions).post(publicity::create_session),
        )
        .route("/study-sessions/{id}", get(publicity::get_session))
        .route(
            "/law-exams",
            get(publicity::list_exams).post(publicity::create_exam),
        )
        .route("/law-exams/{id}", get(publicity::get_exam))
        .route(
            "/duty-reports",
            get(publicity::list_reports).post(publicity::create_report),
        )
        .route("/duty-reports/{id}", get(publicity::get_report))
        .route("/calendar/day", get(calendar::day))
        .route("/calendar/files", post(calendar::load))
        .route("/deadlines/explain", get(calendar::explain))
        .route("/todo", get(calendar::todo))
        .route("/reports/annual", get(report::annual))
        .route("/figures", get(report::figures))
        .route(
            "/disputes",
            get(disputes::list_disputes).post(disputes::create_dispute),
        )
        .route("/disputes/{id}", get(disputes::get_dispute))
        .route("/disputes/{id}/accept", post(disputes::accept_dispute))
        .route(
            "/disputes/{id}/agreement.docx",
            get(disputes::agreement_docx),
        )
        .route("/disputes/{id}/reject", post(disputes::reject_dispute))
        .route("/disputes/{id}/start", post(disputes::start_dispute))
        .route("/disputes/{id}/sessions", post(disputes::add_session))
        .route("/disputes/{id}/close", post(disputes::close_dispute))
        .route("/disputes/{id}/escalate", post(disputes::escalate_dispute))
        .route("/disputes/{id}/transfer", post(disputes::transfer_dispute))
        .route(
            "/disputes/{id}/return-visits",
            post(disputes::add_return_visit),
        )
        .route(
            "/disputes/{id}/judicial-confirmation",
            post(disputes::confirm_dispute),
        )
        .route(
            "/consultations",
            get(consultations::list_consultations).post(consultations::create_consultation),
        )
        .route("/consultations/{id}", get(consultations::get_consultation))
        .route(
            "/legal-aid",
            get(legal_aid::list_referrals).post(legal_aid::create_referral),
        )
        .route("/legal-aid/{id}", get(legal_aid::get_referral))
        .route(
            "/legal-aid/{id}/transfer",
            post(legal_aid::transfer_referral),
        )
        .route("/legal-aid/{id}/decision", post(legal_aid::decide_referral))
        .route(
            "/legal-aid/{id}/assignment",
            post(legal_aid::assign_referral),
        )
        .route(
            "/committees",
            get(committees::list_committees).post(committees::create_committee),
        )
        .route("/committees/{id}", get(committees::get_committee))
        .route(
            "/mediators",
            get(committees::list_mediators).post(committees::create_mediator),
        )
        .route("/mediators/{id}", get(committees::get_mediator))
        .route(
            "/trainings",
            get(trainings::list_trainings).post(trainings::create_training),
        )
        .route("/trainings/{id}", get(trainings::get_training))
        .route(
            "/screening-rounds",
            get(screening::list_rounds).post(screening::create_round),
        )
        .route("/screening-rounds/{id}", get(screening::get_round))
        .route(
            "/screening-rounds/{id}/reports",
            post(screening::add_report),
        )
        .route(
            "/imports/{ledger}",
            post(imports::import_ledger)
                .layer(axum::extract::DefaultBodyLimit::max(imports::IMPORT_LIMIT)),
        )
        .merge(kit::router())
}

/// Every list answers in this shape.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}
