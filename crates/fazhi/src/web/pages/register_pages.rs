//! What the staff pages of the registers that record the same way (legal consultations,
//! legal-aid referrals, screening) share, so that none copies another: the villages a form
//! offers, the answer to a posted registration form and the edit form's values. Their lists
//! are `case_list`.

use std::collections::BTreeMap;
use std::future::Future;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::org::OrgKind;

use super::disputes::{org_options, FormState};
use crate::app::SharedApp;
use crate::error::{AppResult, ErrorKind};
use crate::service::orgs::Org;
use crate::web::error::PageError;
use crate::web::session::Session;

/// The villages the caller may record for, for a form's 所属村（社区）.
pub async fn village_options(app: &SharedApp, session: &Session) -> Result<Vec<Org>, PageError> {
    Ok(org_options(app, session)
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village)
        .collect())
}

/// The answer to a posted form: the address `result` names, or — when the input was refused
/// — the page again (400) with each field's message (one of no field under `general`).
pub async fn answer<F, Fut>(
    result: AppResult<String>,
    general: &str,
    rerender: F,
) -> Result<Response, PageError>
where
    F: FnOnce(BTreeMap<String, String>) -> Fut,
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    match result {
        Ok(next) => Ok(Redirect::to(&next).into_response()),
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert(general.to_owned(), e.message);
            }
            Ok((StatusCode::BAD_REQUEST, rerender(errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A posted edit form's fields, without the CSRF token, the version and the reason, which the
/// kit reads itself (`PageRegister::read_form`).
pub fn posted(pairs: &[(String, String)]) -> FormState {
    FormState(
        pairs
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "_csrf" | "version" | "reason"))
            .cloned()
            .collect(),
    )
}

/// A posted edit form and the register's input read from it by `input` (for a
/// `PageRegister::read_form` whose input cannot fail to read; the service checks it).
pub fn read_posted<I>(
    pairs: &[(String, String)],
    input: fn(&FormState) -> I,
) -> (FormState, AppResult<I>) {
    let form = posted(pairs);
    let read = input(&form);
    (form, Ok(read))
}

/// An edit form filled from a record's values (`PageRegister::form_of`).
pub fn filled<const N: usize>(fields: [(&str, String); N]) -> FormState {
    FormState(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}
