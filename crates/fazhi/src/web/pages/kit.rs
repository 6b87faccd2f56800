//! The register kit on the staff pages: every register on the kit gets the same 编辑 form
//! handling, 作废 and 恢复 buttons and 修改记录 section, from one implementation.
//!
//! - `GET|POST <page>/{id}/edit`: the correction form, on the version the form carried (a stale
//!   one brings the form back with the person's input, the message, and the new version);
//! - `POST <page>/{id}/withdraw` with a reason, `POST <page>/{id}/restore` (administrators);
//! - [`Revisions`], rendered by `templates/kit/status.html` (已作废 notice, 编辑 link) and
//!   `templates/kit/revisions.html` (history, 作废 and 恢复 forms) on the record's page.

use std::collections::BTreeMap;
use std::future::Future;

use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::admin::form_result;
use crate::app::{App, SharedApp};
use crate::error::AppError;
use crate::service::revision::{self, beijing, HistoryEntry, Register};
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::session::{CsrfForm, PageUser, Session};

/// The record being corrected, as the edit form needs it.
pub struct Editing<'a, T> {
    pub id: i64,
    /// The version the form is based on (sent back as a hidden field).
    pub version: i64,
    pub record: &'a T,
}

/// A register on the kit, as the staff pages show it.
pub trait PageRegister: Register {
    /// The register's pages, e.g. `/publicity` (a record's page is `<PAGE>/{id}`).
    const PAGE: &'static str;
    /// What the form shows: the values as typed (shown again with the errors).
    type Form: Send + Sync;

    /// The posted form: what to show again, and the input (or the form's own errors, such as
    /// a count that is not a number).
    fn read_form(pairs: &[(String, String)]) -> (Self::Form, Result<Self::Input, AppError>);

    /// The edit form, filled from the record's current values.
    fn form_of(input: Self::Input, record: &Self::Record) -> Self::Form;

    /// The input as entered over the current values: a field the form leaves blank on purpose
    /// (a phone shown only masked) keeps the value on file.
    fn entered(_current: Self::Input, entered: Self::Input) -> Self::Input {
        entered
    }

    /// The edit form page.
    fn edit_page(
        app: &SharedApp,
        session: &Session,
        form: Self::Form,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, Self::Record>,
    ) -> impl Future<Output = Result<Html<String>, PageError>> + Send;

    /// The record's page, with `errors` from a refused 作废 or 恢复.
    fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> impl Future<Output = Result<Html<String>, PageError>> + Send;
}

/// The edit, 作废 and 恢复 routes of register `R`.
pub fn routes<R: PageRegister>() -> Router<SharedApp> {
    let one = format!("{}/{{id}}", R::PAGE);
    Router::new()
        .route(&format!("{one}/edit"), get(edit_form::<R>).post(edit::<R>))
        .route(&format!("{one}/withdraw"), post(withdraw::<R>))
        .route(&format!("{one}/restore"), post(restore::<R>))
}

/// What a record's page shows of its corrections.
pub struct Revisions {
    /// The record's page, `/publicity/12`.
    pub base: String,
    /// The reason, when the record is withdrawn.
    pub withdrawn: Option<String>,
    pub can_write: bool,
    pub may_restore: bool,
    pub history: Vec<HistoryEntry>,
    /// When it was registered, Beijing time.
    pub created_at: String,
}

impl Revisions {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }
}

/// The corrections section of record `id` of register `R` (the caller may read it).
pub async fn revisions<R: PageRegister>(
    app: &App,
    caller: &Caller,
    id: i64,
    withdrawn_reason: Option<&str>,
    withdrawn: bool,
    created_at: chrono::DateTime<chrono::Utc>,
) -> Result<Revisions, PageError> {
    Ok(Revisions {
        base: format!("{}/{id}", R::PAGE),
        withdrawn: withdrawn.then(|| withdrawn_reason.unwrap_or("—").to_owned()),
        can_write: caller.role.can_write(R::AREA),
        may_restore: revision::require_restore(caller).is_ok(),
        history: revision::history_of::<R>(app, caller, id).await?,
        created_at: beijing(created_at),
    })
}

async fn edit_form<R: PageRegister>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    let record = revision::load_for_edit::<R>(&app, &session.caller, id).await?;
    if R::is_withdrawn(&record) {
        return Err(revision::withdrawn_refusal().into());
    }
    let form = R::form_of(R::current_input(&app, &record).await?, &record);
    let editing = Editing {
        id,
        version: R::version(&record),
        record: &record,
    };
    R::edit_page(&app, &session, form, BTreeMap::new(), editing).await
}

/// Saves a correction made on the version the form carried. If someone changed the record
/// meanwhile, the form comes back with the person's input, a message saying so, and the new
/// version, so nothing is overwritten without their knowing.
async fn edit<R: PageRegister>(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let version = field("version").parse::<i64>().unwrap_or(0);
    let reason = field("reason");
    let (form, input) = R::read_form(&pairs);
    let result = match input {
        Ok(entered) => {
            revision::update::<R>(
                &app,
                &session.caller,
                id,
                version,
                Some(&reason),
                |current| Ok(R::entered(current, entered)),
            )
            .await
        }
        Err(e) => Err(e),
    };
    // A stale edit comes back based anew on the version the person is now shown.
    let stale = matches!(&result, Err(e) if e.code == "stale_version");
    let rerender = |errors| async move {
        let record = revision::load_for_edit::<R>(&app, &session.caller, id).await?;
        let editing = Editing {
            id,
            version: if stale { R::version(&record) } else { version },
            record: &record,
        };
        R::edit_page(&app, &session, form, errors, editing).await
    };
    form_result(result, rerender, &format!("{}/{id}", R::PAGE)).await
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// 作废: the record stays, shown as withdrawn, and counts nowhere.
async fn withdraw<R: PageRegister>(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, f): CsrfForm<ReasonForm>,
) -> Result<Response, PageError> {
    let result = revision::withdraw::<R>(&app, &session.caller, id, &f.reason).await;
    form_result(
        result,
        |errors| R::detail_page(&app, &session, id, errors),
        &format!("{}/{id}", R::PAGE),
    )
    .await
}

/// Restores a withdrawn record (administrators).
async fn restore<R: PageRegister>(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, _): CsrfForm<ReasonForm>,
) -> Result<Response, PageError> {
    let result = revision::restore::<R>(&app, &session.caller, id).await;
    form_result(
        result,
        |errors| R::detail_page(&app, &session, id, errors),
        &format!("{}/{id}", R::PAGE),
    )
    .await
}

/// Every kit register's page routes.
pub fn router() -> Router<SharedApp> {
    use crate::service::{
        committee_revisions as committees, consultation_revisions as consultations,
        dispute_revisions as disputes, duty_revisions as duty, legal_aid_revisions as legal_aid,
        publicity_revisions as publicity, screening_revisions as screening,
        study_revisions as study, training_revisions as trainings,
    };
    Router::new()
        .merge(routes::<disputes::Disputes>())
        .merge(routes::<consultations::Consultations>())
        .merge(routes::<legal_aid::LegalAid>())
        .merge(routes::<screening::Rounds>())
        .merge(routes::<screening::Reports>())
        .merge(routes::<committees::Committees>())
        .merge(routes::<committees::Mediators>())
        .merge(routes::<trainings::Trainings>())
        .merge(routes::<publicity::Events>())
        .merge(routes::<duty::Items>())
        .merge(routes::<study::Sessions>())
        .merge(routes::<study::Exams>())
        .merge(routes::<duty::Reports>())
}
