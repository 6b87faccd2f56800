//! Staff pages: server-rendered HTML, escaped by default, usable without JavaScript.

mod account;
mod admin;
mod audit;
mod calendar;
mod case_list;
mod case_page;
mod code_lists;
mod committees;
mod consultations;
mod dashboard;
mod dispute_print;
mod disputes;
pub(crate) mod fields;
mod home;
mod imports;
pub(crate) mod kit;
mod legal_aid;
pub(crate) mod list_page;
mod mediator_choice;
mod orgs;
pub(crate) mod public;
mod publicity;
pub(crate) mod record_files;
pub(crate) mod records;
mod register_pages;
mod report;
mod screening;
pub(crate) mod simple_list;
mod trainings;
mod users;
pub(crate) mod year_list;

pub(crate) use admin::form_result;
pub use disputes::download;

use askama::Template;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;
use fazhi_domain::access::{Area, Role};

use crate::app::SharedApp;
use crate::web::error::PageError;
use crate::web::session::Session;

pub fn router() -> Router<SharedApp> {
    use crate::service::consultation_revisions::Consultations;
    use crate::service::dispute_revisions::Disputes;
    use crate::service::legal_aid_revisions::LegalAid;
    use crate::service::screening_revisions::Rounds;
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route(
            "/password",
            get(account::password_form).post(account::change_password),
        )
        .route("/admin/orgs", get(admin::orgs).post(admin::create_org))
        .route("/admin/orgs/{id}", get(orgs::show).post(orgs::edit))
        .route("/admin/orgs/{id}/active", post(orgs::set_active))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/{id}", get(users::show))
        .route("/admin/users/{id}/{action}", post(users::act))
        .route("/account/tokens", get(users::tokens))
        .route("/account/tokens/{id}/revoke", post(users::revoke_token))
        .route("/admin/code-lists", get(code_lists::index))
        .route("/admin/code-lists/{list}", get(code_lists::show))
        .route("/admin/code-lists/{list}/codes", post(code_lists::add_code))
        .route(
            "/admin/code-lists/{list}/aliases",
            post(code_lists::add_alias),
        )
        .route(
            "/admin/code-lists/{list}/codes/{id}/active",
            post(code_lists::set_active),
        )
        .route("/audit", get(audit::audit_log))
        .route(
            "/disputes",
            get(case_list::list::<Disputes>).post(register_pages::create::<Disputes>),
        )
        .route("/disputes/new", get(register_pages::new_form::<Disputes>))
        .route("/disputes/new/add-party", post(disputes::new_add_party))
        .route(
            "/disputes/{id}/edit/add-party",
            post(disputes::edit_add_party),
        )
        .route("/disputes/export", get(case_list::export::<Disputes>))
        .route("/disputes/template.xlsx", get(disputes::template))
        .route("/disputes/{id}", get(case_page::detail::<Disputes>))
        .route("/disputes/{id}/agreement.docx", get(disputes::agreement))
        .route("/disputes/{id}/agreement", get(dispute_print::agreement))
        .route("/disputes/{id}/intake", get(dispute_print::intake))
        .route(
            "/disputes/{id}/intake.docx",
            get(dispute_print::intake_docx),
        )
        .route(
            "/disputes/{id}/return-visits/print",
            get(dispute_print::return_visits),
        )
        .route(
            "/disputes/{id}/return-visits.docx",
            get(dispute_print::return_visits_docx),
        )
        .route(
            "/disputes/{id}/attachments",
            post(disputes::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::service::attachments::MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/attachments/{id}", get(disputes::attachment))
        .route(
            "/disputes/{id}/steps/{step}",
            post(case_page::step::<Disputes>),
        )
        .route(
            "/consultations",
            get(case_list::list::<Consultations>).post(register_pages::create::<Consultations>),
        )
        .route(
            "/consultations/new",
            get(register_pages::new_form::<Consultations>),
        )
        .route(
            "/consultations/export",
            get(case_list::export::<Consultations>),
        )
        .route(
            "/consultations/{id}",
            get(case_page::detail::<Consultations>),
        )
        .route(
            "/legal-aid",
            get(case_list::list::<LegalAid>).post(register_pages::create::<LegalAid>),
        )
        .route("/legal-aid/new", get(register_pages::new_form::<LegalAid>))
        .route("/legal-aid/export", get(case_list::export::<LegalAid>))
        .route("/legal-aid/{id}", get(case_page::detail::<LegalAid>))
        .route(
            "/legal-aid/{id}/steps/{step}",
            post(case_page::step::<LegalAid>),
        )
        .route(
            "/screening",
            get(screening::list).post(register_pages::create::<Rounds>),
        )
        .route("/screening/new", get(register_pages::new_form::<Rounds>))
        .route("/screening/{id}", get(screening::detail))
        .route("/screening/{id}/reports", post(screening::report))
        .route("/screening/reports/{id}", get(screening::report_by_id))
        .route(
            "/screening/{id}/reports/{report_id}",
            get(screening::report_detail),
        )
        .route(
            "/committees",
            get(committees::list).post(committees::create),
        )
        .route("/committees/new", get(committees::new_form))
        .route("/committees/{id}", get(committees::detail))
        .route("/committees/{id}/mediators", post(committees::add_mediator))
        .route("/mediators/{id}", get(kit::show::<committees::Mediators>))
        .route(
            "/mediators/{id}/deactivate",
            post(committees::deactivate_mediator),
        )
        .route("/trainings", get(trainings::list).post(trainings::create))
        .route("/trainings/export", get(trainings::export))
        .route("/trainings/{id}", get(kit::show::<trainings::Trainings>))
        .route("/publicity", get(publicity::list).post(publicity::create))
        .route("/publicity/new", get(publicity::new_form))
        .route("/publicity/export", get(publicity::export))
        .route("/publicity/summary", get(publicity::summary))
        .route(
            "/publicity/responsibility",
            get(publicity::items).post(publicity::create_item),
        )
        .route(
            "/publicity/responsibility/{id}",
            get(kit::show::<publicity::Items>),
        )
        .route("/publicity/{id}", get(kit::show::<publicity::Events>))
        .route(
            "/publicity/{id}/photos",
            post(publicity::upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                crate::service::attachments::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/study",
            get(publicity::sessions).post(publicity::create_session),
        )
        .route("/study/{id}", get(kit::show::<publicity::Sessions>))
        .route(
            "/study/exams",
            get(publicity::exams).post(publicity::create_exam),
        )
        .route("/study/exams/{id}", get(kit::show::<publicity::Exams>))
        .route(
            "/study/duty-reports",
            get(publicity::reports).post(publicity::create_report),
        )
        .route(
            "/study/duty-reports/{id}",
            get(kit::show::<publicity::Reports>),
        )
        .route("/calendar", get(calendar::calendar))
        .route("/reports/annual", get(report::annual))
        .route("/reports/annual/download", get(report::download))
        .route("/reports/annual/narrative", post(report::save_narrative))
        .route("/reports/annual/settings", post(report::save_settings))
        .route("/reports/annual/finalize", post(report::finalize))
        .route("/evidence", get(report::evidence))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/dashboard/csv", get(dashboard::chart_csv))
        .route("/calendar/files", post(calendar::load))
        .merge(kit::router())
        .merge(imports::router())
        .merge(public::routes())
        .merge(crate::registers::page_routes())
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
            "trainings" => Area::Trainings,
            "screening" => Area::Screening,
            "publicity" => Area::Publicity,
            "study" => Area::Study,
            "reports" => Area::Reports,
            "legal_review" => Area::LegalReview,
            "disclosure" => Area::Disclosure,
            "complaints" => Area::Complaints,
            "orgs" => Area::Orgs,
            "users" => Area::Users,
            // The audit log's one rule, which its service applies too.
            "audit" => return crate::service::audit_log::may_read(self.role),
            "calendar" => Area::Calendar,
            _ => return false,
        };
        self.role.can_read(area)
    }

    /// A legal adviser: their menu is the queue of reviews sent to them.
    pub fn is_adviser(&self) -> bool {
        self.role == Role::Adviser
    }

    pub fn is(&self, entry: &str) -> bool {
        self.active == entry
    }
}

/// A file download with a readable (Chinese) file name.
pub use disputes::attachment_disposition;

pub fn file_download(r: crate::service::report::Rendered) -> axum::response::Response {
    report::file_response(r)
}

pub fn render(t: &impl Template) -> Result<Html<String>, PageError> {
    Ok(Html(t.render()?))
}

/// The ledger format a list page's export link asks for: `?format=csv`, otherwise Excel.
pub(crate) fn export_format(requested: &str) -> fazhi_ledger::Format {
    if requested == "csv" {
        fazhi_ledger::Format::Csv
    } else {
        fazhi_ledger::Format::Xlsx
    }
}
