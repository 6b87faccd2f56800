//! What the staff pages of the case registers that list and record the same way (legal
//! consultations, legal-aid referrals) share, so that neither copies the other: the list's
//! page of results with its pager, the export of the filtered set, the villages a form offers
//! and the answer to a posted registration form.

use std::collections::BTreeMap;
use std::future::Future;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::org::OrgKind;
use serde::Deserialize;

use super::disputes::{download, org_options, FormState};
use super::list_page::Pager;
use crate::app::SharedApp;
use crate::error::{AppResult, ErrorKind};
use crate::service::orgs::Org;
use crate::service::register_kit::ListResult;
use crate::web::error::PageError;
use crate::web::session::Session;

/// A list's rows, the totals of its filtered set and the pager (`link(n)`: page n's address);
/// an empty first page when a filter was wrong.
pub fn listed<I, T: Default>(
    result: Option<ListResult<I, T>>,
    total: impl Fn(&T) -> i64,
    link: impl Fn(u32) -> String,
) -> (Vec<I>, T, Pager) {
    let r = result.unwrap_or(ListResult {
        items: Vec::new(),
        totals: T::default(),
        page: 1,
        per_page: 25,
    });
    let pager = Pager::new(r.page, r.per_page, total(&r.totals), link);
    (r.items, r.totals, pager)
}

/// An export's query: the format and the list's own filters.
#[derive(Deserialize)]
pub struct ExportParams<P> {
    #[serde(default)]
    pub format: String,
    #[serde(flatten)]
    pub filters: P,
}

/// The filtered set as a ledger file (exactly what the list shows, all pages).
pub async fn export_download<Fut>(
    format: &str,
    export: impl FnOnce(fazhi_ledger::Format) -> Fut,
) -> Result<Response, PageError>
where
    Fut: Future<Output = AppResult<(String, Vec<u8>)>>,
{
    let format = super::export_format(format);
    let (name, bytes) = export(format).await?;
    Ok(download(&name, format.content_type(), bytes))
}

/// The villages the caller may record for, for a form's 所属村（社区）.
pub async fn village_options(app: &SharedApp, session: &Session) -> Result<Vec<Org>, PageError> {
    Ok(org_options(app, session)
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village)
        .collect())
}

/// The answer to a posted registration: the new record's page (`<page>/<id>`), or the form
/// again (400) with each field's message.
pub async fn created<F, Fut>(
    result: AppResult<i64>,
    page: &str,
    rerender: F,
) -> Result<Response, PageError>
where
    F: FnOnce(BTreeMap<String, String>) -> Fut,
    Fut: Future<Output = Result<Html<String>, PageError>>,
{
    match result {
        Ok(id) => Ok(Redirect::to(&format!("{page}/{id}")).into_response()),
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert("_".into(), e.message);
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
