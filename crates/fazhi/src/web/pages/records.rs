//! The pages the smaller registers on the kit share (trainings, the responsibility list,
//! 述职述法, law exam results): a record's page (what was entered, its state, 修改记录 and the
//! 作废/恢复 forms) and its 编辑 page, both around the register's own fields.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use serde::de::DeserializeOwned;

use super::kit::{self, PageRegister, Revisions};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::web::error::PageError;
use crate::web::session::Session;

/// Where a record sits: its area, its register's list and its own name.
pub struct Place {
    /// e.g. 普法与学法
    pub area: &'static str,
    /// The register's list: `("/trainings", "调解培训")`.
    pub list: (&'static str, &'static str),
    /// The navigation entry that is current.
    pub nav: &'static str,
    /// What one record is, for the 编辑 page's heading: 修改{noun}.
    pub noun: &'static str,
    /// The record as people name it, e.g. 2024-03-05 土地纠纷调解实务.
    pub name: String,
}

#[derive(Template)]
#[template(path = "kit/record.html")]
struct RecordPage {
    ctx: Ctx,
    place: Place,
    /// `(标签, value)`, shown in order; a blank value as —.
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
}

/// Record `id`'s page of register `R`: `facts` under its name, its state, its history and the
/// 作废/恢复 forms, with `errors` from a refused 作废 or 恢复.
pub async fn record_page<R: PageRegister>(
    app: &SharedApp,
    session: &Session,
    id: i64,
    place: Place,
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    state: (
        &crate::storage::records::Revision,
        chrono::DateTime<chrono::Utc>,
    ),
) -> Result<Html<String>, PageError> {
    let (revision, created_at) = state;
    let rv = kit::revisions::<R>(
        app,
        &session.caller,
        id,
        revision.withdrawn_reason.as_deref(),
        revision.is_withdrawn(),
        created_at,
    )
    .await?;
    render(&RecordPage {
        ctx: Ctx::new(session, place.nav),
        place,
        facts,
        errors,
        rv,
    })
}

#[derive(Template)]
#[template(path = "kit/edit.html")]
struct EditPage {
    ctx: Ctx,
    place: Place,
    /// The record's page, `/trainings/12`.
    base: String,
    /// The version the correction is based on.
    version: i64,
    errors: BTreeMap<String, String>,
    /// The register's form fields, rendered (escaped) by their own template.
    fields: String,
}

/// The 编辑 page of record `id` of register `R` around `fields`, the register's form fields
/// filled with what is on file or was typed.
pub fn edit_page<R: PageRegister>(
    session: &Session,
    place: Place,
    editing: (i64, i64),
    fields: &impl Template,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    session.caller.require_write(R::AREA)?;
    let (id, version) = editing;
    render(&EditPage {
        ctx: Ctx::new(session, place.nav),
        place,
        base: format!("{}/{id}", R::PAGE),
        version,
        errors,
        fields: fields.render()?,
    })
}

/// A posted form of plain text fields (`#[serde(default)]` strings), read from its pairs;
/// keys the form does not have (`_csrf`, `version`) are ignored.
pub fn form_from<F: DeserializeOwned + Default>(pairs: &[(String, String)]) -> F {
    serde_urlencoded::to_string(pairs)
        .ok()
        .and_then(|s| serde_urlencoded::from_str(&s).ok())
        .unwrap_or_default()
}

/// A record's optional text as its page shows it.
pub fn or_dash(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}
