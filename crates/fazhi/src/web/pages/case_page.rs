//! A case's page in the case registers (disputes, consultations, legal aid) and the steps
//! posted from it, written once: `?reveal=1` asks for personal data in full (a logged view,
//! for roles that may), and a refused step brings the page back (400) with that step's form
//! open, the values as typed and the errors.

use std::collections::BTreeMap;
use std::future::Future;

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::disputes::{not_found, FormState};
use super::kit::PageRegister;
use super::register_pages::answer;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

/// How a case's page is shown beyond the record itself.
#[derive(Default)]
pub struct Shown {
    /// Personal data in full (a logged view).
    pub reveal: bool,
    /// The step whose form is open ("": none), after it was refused.
    pub step: String,
    /// That step's values as typed.
    pub form: FormState,
    /// Why it was refused, by field (also a refused 作废 or 恢复).
    pub errors: BTreeMap<String, String>,
}

impl Shown {
    /// The page with `errors` from a refused 作废 or 恢复 (`PageRegister::detail_page`).
    pub fn refused(errors: BTreeMap<String, String>) -> Shown {
        Shown {
            errors,
            ..Shown::default()
        }
    }
}

/// The record a page is drawn for (a case, a screening round), and for whom.
#[derive(Clone, Copy)]
pub struct Case<'a> {
    pub app: &'a SharedApp,
    pub session: &'a Session,
    pub id: i64,
}

/// A case register's record page and the steps its forms post.
pub trait CasePage: PageRegister {
    /// The case's page.
    fn case_page(
        case: Case<'_>,
        shown: Shown,
    ) -> impl Future<Output = Result<Html<String>, PageError>> + Send;

    /// Records the step `posted` names from its posted form (which it may tidy, as it is
    /// shown again when refused) and names where to go next; an unknown step is not found.
    fn step(
        _case: Case<'_>,
        _posted: &mut Shown,
    ) -> impl Future<Output = Result<AppResult<String>, PageError>> + Send {
        async { Err(not_found()) }
    }
}

#[derive(Deserialize)]
pub struct DetailParams {
    #[serde(default)]
    reveal: Option<String>,
}

/// `GET <page>/{id}`: a case's page.
pub async fn detail<R: CasePage>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
    Query(p): Query<DetailParams>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let shown = Shown {
        reveal: p.reveal.as_deref() == Some("1"),
        ..Shown::default()
    };
    let case = Case {
        app: &app,
        session: &session,
        id,
    };
    Ok(R::case_page(case, shown).await?.into_response())
}

/// `POST <page>/{id}/steps/{step}`: a step posted from the case's page.
pub async fn step<R: CasePage>(
    State(app): State<SharedApp>,
    Path((id, step)): Path<(String, String)>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    form.remove("_csrf");
    let case = Case {
        app: &app,
        session: &session,
        id,
    };
    let mut posted = Shown {
        step,
        form: FormState(form),
        ..Shown::default()
    };
    let result = R::step(case, &mut posted).await?;
    answer(result, "_", |errors| {
        R::case_page(case, Shown { errors, ..posted })
    })
    .await
}

/// A case register's `PageRegister::detail_page`: the case's page with the errors of a
/// refused 作废 or 恢复.
macro_rules! detail_page_is_case_page {
    () => {
        async fn detail_page(
            app: &$crate::app::SharedApp,
            session: &$crate::web::session::Session,
            id: i64,
            errors: std::collections::BTreeMap<String, String>,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let shown = $crate::web::pages::case_page::Shown::refused(errors);
            let case = $crate::web::pages::case_page::Case { app, session, id };
            <Self as $crate::web::pages::case_page::CasePage>::case_page(case, shown).await
        }
    };
}
pub(super) use detail_page_is_case_page;
