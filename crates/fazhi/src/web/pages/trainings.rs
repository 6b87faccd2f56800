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
use super::kit::PageRegister;
use super::list_page::Pager;
use super::list_page::{export_download, ExportParams};
use super::records::{self, Place};
use super::year_list::{fields_edit_page, YearListQuery};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
pub use crate::service::training_revisions::Trainings;
use crate::service::trainings::TrainingRow;
use crate::service::trainings::{self as service, TrainingInput};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

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
    q: YearListQuery,
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
    q: YearListQuery,
    form: TrainingForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let page = Some((q.paging().page, q.paging().per_page));
    let list = service::list(app, caller, &q.query()?, page).await?;
    let pager = q.pager("/trainings", list.total);
    render(&ListPage {
        withdrawn: q.withdrawn(),
        ctx: Ctx::new(session, "trainings"),
        pager,
        items: list.items,
        totals: list.totals,
        orgs: orgs_service::visible(app, caller).await?,
        q,
        form,
        errors,
        can_write: caller.role.can_write(Area::Trainings),
    })
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearListQuery>,
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
        |errors| list_page(&app, &session, YearListQuery::default(), form, errors),
        "/trainings",
    )
    .await
}

/// The filtered set as Excel (default) or CSV.
pub async fn export(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportParams<YearListQuery>>,
) -> Result<Response, PageError> {
    let q = p.filters.query()?;
    export_download(&p.format, |f| service::export(&app, &session.caller, &q, f)).await
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
        records::read_plain(pairs, TrainingForm::input)
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

    fields_edit_page!(Fields, place, TrainingRow);

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
