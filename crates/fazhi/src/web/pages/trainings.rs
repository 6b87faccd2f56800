//! The trainings register page: filters (year, organisation, withdrawn), the totals of the
//! filtered set, the list, its export, and the form to record a training; a training's page
//! with its 修改记录, 编辑, 作废 and 恢复 (the register kit, `web/pages/kit.rs`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use fazhi_domain::access::Area;
use fazhi_domain::training::TrainingTotals;
use serde::Deserialize;

use super::admin::form_result;
use super::kit::{Editing, PageRegister};
use super::list_page::Pager;
use super::records::{self, form_from, Place};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::training_revisions::Trainings;
use crate::service::trainings::{self as service, TrainingInput, TrainingQuery};
use crate::storage::orgs::{self, Org};
use crate::storage::trainings::TrainingRow;
use crate::web::error::PageError;
use crate::web::extract::{ApiPath, Paging};
use crate::web::session::{CsrfForm, PageUser, Session};

const PER_PAGE: u32 = 25;

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
    /// `1` lists the withdrawn trainings (作废) instead.
    #[serde(default)]
    withdrawn: String,
    page: Option<u32>,
}

impl ListQuery {
    /// The filters as a query string (no page), for links and exports.
    fn filters(&self) -> String {
        let mut pairs = vec![("year", self.year.as_str()), ("org", self.org.as_str())];
        if self.withdrawn() {
            pairs.push(("withdrawn", "1"));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    fn withdrawn(&self) -> bool {
        self.withdrawn == "1"
    }

    fn query(&self) -> Result<TrainingQuery<'_>, AppError> {
        Ok(TrainingQuery {
            year: super::publicity::year_of(&self.year)?,
            org: Some(self.org.trim()).filter(|o| !o.is_empty()),
            withdrawn: self.withdrawn(),
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TrainingForm {
    org: String,
    held_on: String,
    topic: String,
    trainer: String,
    attendees: String,
    attendee_names: String,
    hours: String,
}

impl TrainingForm {
    /// The input the form holds, or what the page itself could not read (a number that is
    /// not one).
    fn input(&self) -> Result<TrainingInput, AppError> {
        let mut own = BTreeMap::new();
        let attendees = number(&self.attendees, "attendees", "30", &mut own);
        let hours = number(&self.hours, "hours", "3 或 1.5", &mut own);
        if !own.is_empty() {
            return Err(AppError::invalid(own));
        }
        Ok(TrainingInput {
            org: Some(self.org.clone()).filter(|o| !o.trim().is_empty()),
            held_on: self.held_on.clone(),
            topic: self.topic.clone(),
            trainer: self.trainer.clone(),
            attendees,
            attendee_names: vec![self.attendee_names.clone()],
            hours,
        })
    }
}

#[derive(Template)]
#[template(path = "trainings/list.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    items: Vec<TrainingRow>,
    totals: TrainingTotals,
    orgs: Vec<Org>,
    pager: Pager,
    form: TrainingForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
    /// Listing the withdrawn trainings.
    withdrawn: bool,
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: ListQuery,
    form: TrainingForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let paging = Paging::new(q.page, Some(PER_PAGE));
    let list = service::list(
        app,
        caller,
        &q.query()?,
        Some((paging.page, paging.per_page)),
    )
    .await?;
    let filters = q.filters();
    let pager = Pager::new(paging.page, paging.per_page, list.totals.trainings, |p| {
        format!("/trainings?{filters}&page={p}")
    });
    render(&ListPage {
        withdrawn: q.withdrawn(),
        ctx: Ctx::new(session, "trainings"),
        pager,
        items: list.items,
        totals: list.totals,
        orgs: orgs::list(&app.db, &caller.scope).await?,
        q,
        form,
        errors,
        can_write: caller.role.can_write(Area::Trainings),
    })
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let form = TrainingForm {
        held_on: crate::service::deadlines::today().to_string(),
        ..TrainingForm::default()
    };
    list_page(&app, &session, q, form, BTreeMap::new()).await
}

/// A number typed in the form: blank is "not given"; anything else must be a number.
fn number<T: std::str::FromStr>(
    s: &str,
    field: &str,
    example: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<T> {
    let s = s.trim().trim_end_matches(['人', '次', '小', '时']);
    if s.is_empty() {
        return None;
    }
    s.parse().ok().or_else(|| {
        errors.insert(field.to_owned(), format!("请填写数字，例如 {example}"));
        None
    })
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<TrainingForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => service::create(&app, &session.caller, input)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| list_page(&app, &session, ListQuery::default(), form, errors),
        "/trainings",
    )
    .await
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    filters: ListQuery,
}

/// The filtered set as Excel (default) or CSV.
pub async fn export(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let format = super::export_format(&p.format);
    let q = p.filters.query()?;
    let (name, bytes) = service::export(&app, &session.caller, q.year, q.org, format).await?;
    Ok(super::disputes::download(
        &name,
        format.content_type(),
        bytes,
    ))
}

// ---------------------------------------------------------------------------------------------
// A training's page and its correction (the register kit)

fn place(t: &TrainingRow) -> Place {
    Place {
        area: "矛盾纠纷化解",
        list: ("/trainings", "调解培训"),
        nav: "trainings",
        noun: "培训记录",
        name: format!("{} {}", t.held_on, t.topic),
    }
}

/// A training's page: what was entered, its 修改记录, and 编辑 / 作废 / 恢复.
pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    Trainings::detail_page(&app, &session, id, BTreeMap::new()).await
}

#[derive(Template)]
#[template(path = "trainings/_fields.html")]
struct Fields<'a> {
    form: &'a TrainingForm,
    errors: &'a BTreeMap<String, String>,
}

impl PageRegister for Trainings {
    const PAGE: &'static str = "/trainings";
    type Form = TrainingForm;

    fn read_form(pairs: &[(String, String)]) -> (TrainingForm, Result<TrainingInput, AppError>) {
        let form: TrainingForm = form_from(pairs);
        let input = form.input();
        (form, input)
    }

    fn form_of(i: TrainingInput, t: &TrainingRow) -> TrainingForm {
        TrainingForm {
            org: String::new(),
            held_on: i.held_on,
            topic: i.topic,
            trainer: i.trainer,
            attendees: t.attendees.to_string(),
            attendee_names: i.attendee_names.join("、"),
            hours: t.hours(),
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: TrainingForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, TrainingRow>,
    ) -> Result<Html<String>, PageError> {
        let fields = Fields {
            form: &form,
            errors: &errors,
        };
        let at = (editing.id, editing.version);
        records::edit_page::<Self>(session, place(editing.record), at, &fields, errors.clone())
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let t = service::get(app, &session.caller, id).await?;
        let facts = vec![
            ("培训日期", t.held_on.to_string()),
            ("培训主题", t.topic.clone()),
            ("授课人/举办单位", t.trainer.clone()),
            ("参训人数", t.attendees.to_string()),
            ("参训人员", t.attendee_names.clone()),
            ("时长（小时）", t.hours()),
            ("所属组织", t.org_name.clone()),
        ];
        let state = (&t.revision, t.created_at);
        records::record_page::<Self>(app, session, id, place(&t), facts, errors, state).await
    }
}
