//! Staff pages: server-rendered HTML, escaped by default, usable without JavaScript.

mod account;
mod admin;
mod audit;
mod home;

use askama::Template;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;
use fazhi_domain::access::{Area, Role};

use crate::app::SharedApp;
use crate::web::error::PageError;
use crate::web::session::Session;

pub fn router() -> Router<SharedApp> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route(
            "/password",
            get(account::password_form).post(account::change_password),
        )
        .route("/admin/orgs", get(admin::orgs).post(admin::create_org))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/audit", get(audit::audit_log))
}

/// What the layout needs on every staff page.
pub struct Ctx {
    pub user_name: String,
    pub role_label: &'static str,
    pub org_name: String,
    pub csrf: String,
    /// Which navigation entry is current.
    pub active: &'static str,
    pub role: Role,
}

impl Ctx {
    pub fn new(session: &Session, active: &'static str) -> Ctx {
        Ctx {
            user_name: session.user.display_name.clone(),
            role_label: session.caller.role.label(),
            org_name: session.user.org_name.clone(),
            csrf: session.user.csrf_token.clone(),
            active,
            role: session.caller.role,
        }
    }

    pub fn can_read(&self, area: &str) -> bool {
        let area = match area {
            "disputes" => Area::Disputes,
            "consultations" => Area::Consultations,
            "legal_aid" => Area::LegalAid,
            "mediation" => Area::Mediation,
            "screening" => Area::Screening,
            "publicity" => Area::Publicity,
            "study" => Area::Study,
            "reports" => Area::Reports,
            "orgs" => Area::Orgs,
            "users" => Area::Users,
            "audit" => Area::Audit,
            "calendar" => Area::Calendar,
            _ => return false,
        };
        self.role.can_read(area) && (area != Area::Audit || self.role != Role::Staff)
    }

    pub fn is(&self, entry: &str) -> bool {
        self.active == entry
    }
}

pub fn render(t: &impl Template) -> Result<Html<String>, PageError> {
    Ok(Html(t.render()?))
}
