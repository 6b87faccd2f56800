//! What the staff pages of the registers that record the same way (disputes, legal
//! consultations, legal-aid referrals, screening rounds) share, so that none copies another:
//! the registration form as one kit ([`RegForm`]: `GET <page>/new`, `POST <page>`, and the
//! 编辑 form drawn by the same page), the villages a form offers, the answer to a posted form,
//! and the register's input read from the form and the form filled from it. Their lists are
//! `case_list`.

use std::collections::BTreeMap;
use std::future::Future;

use chrono::{DateTime, Utc};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::org::OrgKind;
use serde::Deserialize;

use super::disputes::{org_options, FormState};
use super::kit::{self, Editing, PageRegister, Revisions};
use crate::app::{App, SharedApp};
use crate::error::{AppResult, ErrorKind};
use crate::service::consultations::Consultation;
use crate::service::disputes::Dispute;
use crate::service::legal_aid::Referral;
use crate::service::orgs::Org;
use crate::service::screening::{Report, Round};
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

/// A register's registration form, of which only what differs is written per register: the
/// new form's values, reading the posted fields, the registration itself and the form page
/// (which also draws the 编辑 form, see [`form_register!`]).
pub trait RegForm: PageRegister<Form = FormState> + Sized {
    /// The form's heading: registering, and correcting (登记法律咨询, 修改法律咨询).
    const HEADINGS: [&'static str; 2];
    /// The date fields a new form fills with today.
    const DATED: &'static [&'static str];

    /// A new form's other values (what the record it is recorded from carries over) and any
    /// errors to show with them.
    fn new_form(_new: &mut NewForm<'_>) -> impl Future<Output = Result<(), PageError>> + Send {
        async { Ok(()) }
    }

    /// Tidies the posted fields before they are read and shown again (a choice folded into
    /// one field).
    fn tidy(_fields: &mut BTreeMap<String, String>) {}

    /// The register's input read from the form (or the form's own errors).
    fn input(form: &FormState) -> AppResult<Self::Input>;

    /// Registers `input`; the new record's id.
    fn create(
        app: &App,
        caller: &Caller,
        input: Self::Input,
    ) -> impl Future<Output = AppResult<i64>> + Send;

    /// The form page: a registration, or the 编辑 form of `view.editing`.
    fn form_page(
        view: FormView<'_, Self>,
    ) -> impl Future<Output = Result<Html<String>, PageError>> + Send;
}

/// Who a page is drawn for.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub app: &'a SharedApp,
    pub session: &'a Session,
}

/// The record a new one is recorded from (`<page>/new?consultation=…&dispute=…`).
#[derive(Deserialize)]
pub struct Linked {
    #[serde(default)]
    consultation: Option<String>,
    #[serde(default)]
    dispute: Option<String>,
}

impl Linked {
    pub fn consultation(&self) -> Option<i64> {
        self.consultation.as_deref()?.parse().ok()
    }

    /// A new record of a case (a consultation, a referral) is linked to it.
    pub fn link_dispute(&self, form: &mut FormState) {
        if let Some(d) = self.dispute.as_deref().and_then(|d| d.parse::<i64>().ok()) {
            form.0.insert("dispute_id".into(), d.to_string());
        }
    }
}

/// A new form being filled in.
pub struct NewForm<'a> {
    pub at: At<'a>,
    pub from: Linked,
    pub form: FormState,
    pub errors: BTreeMap<String, String>,
}

impl NewForm<'_> {
    pub fn set(&mut self, field: &str, value: String) {
        self.form.0.insert(field.to_owned(), value);
    }
}

/// A registration or 编辑 form to draw: the values as typed, their errors, the record being
/// corrected.
pub struct FormView<'a, R: RegForm> {
    pub at: At<'a>,
    pub form: FormState,
    pub errors: BTreeMap<String, String>,
    pub editing: Option<Editing<'a, R::Record>>,
}

/// What every form page says of itself.
pub struct Frame {
    /// Where the form posts: `<page>`, or `<page>/{id}/edit` for a correction.
    pub action: String,
    pub heading: &'static str,
    /// The version a correction is based on.
    pub version: Option<i64>,
}

impl<R: RegForm> FormView<'_, R> {
    pub fn frame(&self) -> Frame {
        let editing = self.editing.as_ref();
        Frame {
            action: editing.map_or_else(
                || R::PAGE.to_owned(),
                |e| format!("{}/{}/edit", R::PAGE, e.id),
            ),
            heading: R::HEADINGS[usize::from(editing.is_some())],
            version: editing.map(|e| e.version),
        }
    }

    /// The form page, for a caller who may write the register.
    pub async fn page(self) -> Result<Html<String>, PageError> {
        self.at.session.caller.require_write(R::AREA)?;
        R::form_page(self).await
    }
}

/// `GET <page>/new`: the registration form.
pub async fn new_form<R: RegForm>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(from): Query<Linked>,
) -> Result<Response, PageError> {
    session.caller.require_write(R::AREA)?;
    let at = At {
        app: &app,
        session: &session,
    };
    let mut new = NewForm {
        at,
        from,
        form: FormState::default(),
        errors: BTreeMap::new(),
    };
    let today = crate::service::deadlines::today().to_string();
    for field in R::DATED {
        new.set(field, today.clone());
    }
    R::new_form(&mut new).await?;
    let view = FormView::<R> {
        at,
        form: new.form,
        errors: new.errors,
        editing: None,
    };
    Ok(view.page().await?.into_response())
}

/// `POST <page>`: registers the posted form and goes to the new record's page, or shows the
/// form again with the errors.
pub async fn create<R: RegForm>(
    State(app): State<SharedApp>,
    CsrfForm(session, mut fields): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    fields.remove("_csrf");
    R::tidy(&mut fields);
    let form = FormState(fields);
    let result = match R::input(&form) {
        Ok(input) => R::create(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    let at = At {
        app: &app,
        session: &session,
    };
    answer(
        result.map(|id| format!("{}/{id}", R::PAGE)),
        "_",
        |errors| {
            FormView::<R> {
                at,
                form,
                errors,
                editing: None,
            }
            .page()
        },
    )
    .await
}

/// A posted edit form read as the registration form reads it (`PageRegister::read_form`).
pub fn read_form<R: RegForm>(pairs: &[(String, String)]) -> (FormState, AppResult<R::Input>) {
    let mut form = posted(pairs);
    R::tidy(&mut form.0);
    let input = R::input(&form);
    (form, input)
}

/// The `PageRegister` items a [`RegForm`] register draws from its registration form: the
/// posted 编辑 form read the same way, on the same page.
macro_rules! form_register {
    () => {
        type Form = $crate::web::pages::disputes::FormState;

        fn read_form(
            pairs: &[(String, String)],
        ) -> (
            $crate::web::pages::disputes::FormState,
            $crate::error::AppResult<Self::Input>,
        ) {
            $crate::web::pages::register_pages::read_form::<Self>(pairs)
        }

        async fn edit_page(
            app: &$crate::app::SharedApp,
            session: &$crate::web::session::Session,
            form: $crate::web::pages::disputes::FormState,
            errors: std::collections::BTreeMap<String, String>,
            editing: $crate::web::pages::kit::Editing<'_, Self::Record>,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let at = $crate::web::pages::register_pages::At { app, session };
            $crate::web::pages::register_pages::FormView::<Self> {
                at,
                form,
                errors,
                editing: Some(editing),
            }
            .page()
            .await
        }
    };
}
pub(super) use form_register;

/// A register's input read from a form: the fields typed as text, the check boxes, the
/// numbers (ids, counts) that are `None` unless they parse, and any others given as
/// `field: value`.
macro_rules! read_input {
    ($form:expr => $input:ident {
        text: [$($text:ident),* $(,)?],
        checked: [$($checked:ident),* $(,)?],
        numbers: [$($number:ident),* $(,)?]
        $(, $other:ident: $value:expr)* $(,)?
    }) => {
        $input {
            $($text: $form.v(stringify!($text)).to_owned(),)*
            $($checked: $form.checked(stringify!($checked)),)*
            $($number: $form.v(stringify!($number)).trim().parse().ok(),)*
            $($other: $value,)*
        }
    };
}
pub(super) use read_input;

/// An edit form filled from the input's text fields of these names.
macro_rules! fill {
    ($input:ident: $($field:ident),* $(,)?) => {
        $crate::web::pages::register_pages::filled([$((stringify!($field), $input.$field)),*])
    };
}
pub(super) use fill;

/// The villages the caller may record for, for a form's 所属村（社区）.
pub async fn village_options(app: &SharedApp, session: &Session) -> Result<Vec<Org>, PageError> {
    Ok(org_options(app, session)
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village)
        .collect())
}

/// The village `id` names, by its code, for a form carried over from another record.
pub async fn village_code(
    app: &SharedApp,
    session: &Session,
    id: Option<i64>,
) -> Result<Option<String>, PageError> {
    if id.is_none() {
        return Ok(None);
    }
    Ok(org_options(app, session)
        .await?
        .into_iter()
        .find(|o| Some(o.id) == id)
        .map(|o| o.code))
}

/// What a record's page says of its withdrawal and registration.
pub trait Marked {
    fn withdrawn_reason(&self) -> Option<&str>;
    fn is_withdrawn(&self) -> bool;
    fn created_at(&self) -> DateTime<Utc>;
}

macro_rules! marked {
    ($($record:ty),*) => {$(
        impl Marked for $record {
            fn withdrawn_reason(&self) -> Option<&str> {
                self.withdrawn_reason.as_deref()
            }

            fn is_withdrawn(&self) -> bool {
                self.withdrawn_at.is_some()
            }

            fn created_at(&self) -> DateTime<Utc> {
                self.created_at
            }
        }
    )*};
}
marked!(Dispute, Consultation, Referral, Round, Report);

/// The corrections section of record `r` (number `id`) of register `R`, where `editable` says
/// whether the caller may correct it here at all.
pub async fn revisions<R: PageRegister>(
    app: &App,
    caller: &Caller,
    id: i64,
    r: &impl Marked,
    editable: bool,
) -> Result<Revisions, PageError> {
    let (reason, withdrawn) = (r.withdrawn_reason(), r.is_withdrawn());
    if editable {
        return kit::revisions::<R>(app, caller, id, reason, withdrawn, r.created_at()).await;
    }
    // A village reads its town's round, but neither corrects it nor reads its corrections.
    Ok(Revisions {
        base: format!("{}/{id}", R::PAGE),
        withdrawn: withdrawn.then(|| reason.unwrap_or("—").to_owned()),
        can_write: false,
        may_restore: false,
        history: Vec::new(),
        created_at: crate::service::revision::beijing(r.created_at()),
    })
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

/// An edit form filled from a record's values (`PageRegister::form_of`).
pub fn filled<const N: usize>(fields: [(&str, String); N]) -> FormState {
    FormState(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}
