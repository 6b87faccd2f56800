//! The pages the smaller registers on the kit share (trainings, the responsibility list,
//! 述职述法, law exam results): a record's page (what was entered, its state, 修改记录 and the
//! 作废/恢复 forms) and its 编辑 page, both around the register's own fields.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use serde::de::DeserializeOwned;

use super::fields::{Field, Fields};
use super::kit::{self, Editing, PageRegister, Revisions};
use super::record_files::{record_files, RecordFiles};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::revision::{self, Register, Revision};
use crate::web::error::PageError;
use crate::web::session::Session;
use chrono::{DateTime, Utc};

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

impl Place {
    /// The place of a record of the legality-review registers (contracts, penalties): a record
    /// that predates fazhi is named so, as it passed no review gate.
    pub fn reviewed(
        list: (&'static str, &'static str),
        nav: &'static str,
        noun: &'static str,
        name: &str,
        historical: bool,
    ) -> Place {
        Place {
            area: "合法性审查",
            list,
            nav,
            noun,
            name: if historical {
                format!("{name}（历史记录）")
            } else {
                name.to_owned()
            },
        }
    }
}

/// What the page of a record behind a review gate shows after its fields: its organisation and,
/// for a record that predates fazhi, that it did not go through `gate`.
pub fn gated_facts(
    org_name: &str,
    historical: bool,
    gate: fazhi_domain::review::Gate,
) -> Vec<(&'static str, String)> {
    let mut facts = vec![("所属组织", org_name.to_owned())];
    if historical {
        let before = format!("早于本系统{}，登记时未经合法性审查闸门", gate.action);
        facts.push(("历史记录", before));
    }
    facts
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
    /// Its attached files and the upload form, for a register whose records take files.
    files: Option<RecordFiles>,
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
        &crate::service::revision::Revision,
        chrono::DateTime<chrono::Utc>,
    ),
) -> Result<Html<String>, PageError> {
    page_with_files::<R>(app, session, id, place, (facts, None), errors, state).await
}

/// [`record_page`] with the record's files.
async fn page_with_files<R: PageRegister>(
    app: &SharedApp,
    session: &Session,
    id: i64,
    place: Place,
    (facts, files): (Vec<(&'static str, String)>, Option<RecordFiles>),
    errors: BTreeMap<String, String>,
    (revision, created_at): (&Revision, DateTime<Utc>),
) -> Result<Html<String>, PageError> {
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
        files,
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

/// The 编辑 page of a register whose form is a list of [`Field`]s (drawn by `kit/fields.html`).
pub fn edit_fields_page<R: PageRegister>(
    session: &Session,
    place: Place,
    editing: (i64, i64),
    fields: &[Field],
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let drawn = Fields {
        fields,
        errors: &errors,
    };
    edit_page::<R>(session, place, editing, &drawn, errors.clone())
}

/// A register whose form is its `Input` (text fields only) drawn as a list of [`Field`]s: it
/// names its page, where a record sits and the fields; its 编辑 page and its record's page
/// (the fields' values, then `more_facts`) follow, through the blanket [`PageRegister`].
pub trait FieldsRegister: Register<Input: Clone + Default + DeserializeOwned + Sync> {
    /// The register's pages, e.g. `/contracts`.
    const PAGE: &'static str;
    fn place(record: &Self::Record) -> Place;
    /// The form's fields, filled with `input` (what is on file or was typed).
    fn fields(input: &Self::Input) -> Vec<Field>;
    /// What the record's page shows after the fields (its organisation).
    fn more_facts(_record: &Self::Record) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The record's state on the kit and when it was registered.
    fn state(record: &Self::Record) -> (&Revision, DateTime<Utc>);
    /// What files its records take on their pages (会议纪要), if any (`record_files`).
    const FILES: Option<&'static str> = None;
}

impl<R: FieldsRegister> PageRegister for R {
    const PAGE: &'static str = <R as FieldsRegister>::PAGE;
    type Form = R::Input;

    fn read_form(pairs: &[(String, String)]) -> (R::Input, Result<R::Input, AppError>) {
        read_plain(pairs, |f: &R::Input| Ok(f.clone()))
    }

    fn form_of(input: R::Input, _record: &R::Record) -> R::Input {
        input
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: R::Input,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, R::Record>,
    ) -> Result<Html<String>, PageError> {
        let at = (editing.id, editing.version);
        let place = R::place(editing.record);
        edit_fields_page::<R>(session, place, at, &R::fields(&form), errors)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let record = revision::get::<R>(app, &session.caller, id).await?;
        let input = R::current_input(app, &record).await?;
        let mut facts: Vec<(&'static str, String)> = R::fields(&input)
            .into_iter()
            .map(|f| (f.label, f.value))
            .collect();
        facts.extend(R::more_facts(&record));
        let files = match R::FILES {
            Some(label) => Some(record_files::<R>(app, &session.caller, id, label).await?),
            None => None,
        };
        page_with_files::<R>(
            app,
            session,
            id,
            R::place(&record),
            (facts, files),
            errors,
            R::state(&record),
        )
        .await
    }
}

/// A posted form of plain text fields (`#[serde(default)]` strings), read from its pairs; the
/// page's own keys (`_csrf`, and the kit's `version` and `reason`) are left out, so a register's
/// `Input` that refuses unknown fields reads its form as it reads its JSON.
pub fn form_from<F: DeserializeOwned + Default>(pairs: &[(String, String)]) -> F {
    let own: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "_csrf" | "version" | "reason"))
        .collect();
    serde_urlencoded::to_string(own)
        .ok()
        .and_then(|s| serde_urlencoded::from_str(&s).ok())
        .unwrap_or_default()
}

/// A posted form of plain text fields (see [`form_from`]) and the input `input` reads from it
/// (or the form's own errors).
pub fn read_plain<F: DeserializeOwned + Default, I>(
    pairs: &[(String, String)],
    input: impl FnOnce(&F) -> Result<I, AppError>,
) -> (F, Result<I, AppError>) {
    let form: F = form_from(pairs);
    let input = input(&form);
    (form, input)
}

/// A record's optional text as its page shows it.
pub fn or_dash(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}
