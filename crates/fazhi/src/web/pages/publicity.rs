//! Staff pages for legal publicity and cadre law study: the event list with the totals of the
//! filtered set, the new-event form, an event's page, the year summary with its charts, the
//! responsibility list, study sessions, law exams and 述职述法.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use fazhi_docs::{bar_chart, Datum};
use fazhi_domain::access::Area;
use fazhi_domain::publicity::{
    DutyReportForm, ExamStats, PublicityTotals, StudyForm, VenueType, COUNT_FIELDS, DEFAULT_FORMS,
};
use serde::Deserialize;

use super::admin::form_result;
use super::kit::{self, Editing, PageRegister, Revisions};
use super::list_page::Pager;
use super::records::{self, form_from, or_dash, Place};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::duty_revisions::{Items, Reports};
use crate::service::publicity::{self as service, EventInput, EventQuery, ItemInput};
use crate::service::publicity_revisions::Events;
use crate::service::revision;
use crate::service::study::{self, ExamInput, ReportInput, SessionInput};
use crate::service::study_revisions::{Exams, Sessions};
use crate::storage::attachments::Attachment;
use crate::storage::orgs::{self, Org};
use crate::storage::publicity::{PublicityEventRow, ResponsibilityItemRow};
use crate::storage::study::{DutyReportRow, LawExamRow, StudySessionRow};
use crate::web::error::PageError;
use crate::web::extract::{ApiPath, Paging};
use crate::web::session::{csrf_error, csrf_matches, CsrfForm, PageUser, Session};

const PER_PAGE: u32 = 25;

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A year typed in a filter: blank is "all years"; anything else must be a year.
pub(super) fn year_of(s: &str) -> Result<Option<i32>, AppError> {
    match s.trim() {
        "" => Ok(None),
        y => y
            .trim_end_matches('年')
            .parse::<i32>()
            .ok()
            .filter(|y| fazhi_domain::RECORD_YEARS.contains(y))
            .map(Some)
            .ok_or_else(|| AppError::field("year", format!("年度「{y}」不对，请写成 2024"))),
    }
}

fn this_year() -> i32 {
    crate::clock::today().year()
}

/// Form pairs, where a repeated key (checkbox groups) collects every value.
#[derive(Default)]
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A count typed in a form: blank is 0; otherwise what the ledger accepts (「200人次」 too).
fn count_field(
    pairs: &Pairs,
    field: &str,
    label: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<i64> {
    let s = pairs.get(field);
    if s.is_empty() {
        return None;
    }
    match s.parse::<i64>() {
        // Negative numbers reach the domain, which says what is wrong with them.
        Ok(n) => Some(n),
        Err(_) => match fazhi_ledger::parse_count(&s) {
            Ok(n) => Some(i64::from(n)),
            Err(m) => {
                errors.insert(field.to_owned(), format!("「{label}」{m}"));
                None
            }
        },
    }
}

/// Input the page itself could not read (a count that is not a number) is reported before the
/// service is asked, so a half-understood form never creates a record.
fn own_first(own: BTreeMap<String, String>) -> Result<(), AppError> {
    if own.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(own))
    }
}

// ---------------------------------------------------------------------------------------------
// The event list

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    venue_type: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    campaign: String,
    /// `1` lists the withdrawn events (作废记录) instead.
    #[serde(default)]
    withdrawn: String,
    page: Option<u32>,
}

impl ListQuery {
    /// The filters as a query string (no page).
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("year", self.year.as_str()),
            ("org", self.org.as_str()),
            ("venue_type", self.venue_type.as_str()),
            ("theme", self.theme.as_str()),
            ("campaign", self.campaign.as_str()),
            ("withdrawn", self.withdrawn.as_str()),
        ])
        .unwrap_or_default()
    }

    /// A page of the same filtered list.
    fn link(&self, page: u32) -> String {
        format!("/publicity?{}&page={page}", self.filters())
    }

    fn event_query(&self) -> Result<EventQuery, AppError> {
        Ok(EventQuery {
            year: year_of(&self.year)?,
            org: non_empty(&self.org),
            venue_type: non_empty(&self.venue_type),
            theme: non_empty(&self.theme),
            campaign: non_empty(&self.campaign),
            withdrawn: self.withdrawn == "1",
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/list.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    items: Vec<PublicityEventRow>,
    total: i64,
    totals: PublicityTotals,
    orgs: Vec<Org>,
    venues: Vec<(&'static str, &'static str)>,
    themes: Vec<String>,
    campaigns: Vec<String>,
    pager: Pager,
    can_write: bool,
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    let paging = Paging::new(q.page, Some(PER_PAGE));
    let list = service::list_events(
        &app,
        caller,
        &q.event_query()?,
        Some((paging.page, paging.per_page)),
    )
    .await?;
    let vocab = service::vocabulary();
    let page = ListPage {
        ctx: Ctx::new(&session, "publicity"),
        orgs: orgs::list(&app.db, &caller.scope).await?,
        venues: VenueType::ALL.map(|v| (v.code(), v.label())).to_vec(),
        themes: vocab.themes,
        campaigns: vocab.campaigns,
        pager: Pager::new(paging.page, paging.per_page, list.total, |p| q.link(p)),
        can_write: caller.role.can_write(Area::Publicity),
        items: list.items,
        total: list.total,
        totals: list.totals,
        q,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(flatten)]
    filters: ListQuery,
}

/// The list's filtered set as Excel or CSV.
pub async fn export(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let format = super::export_format(&p.format);
    let (name, bytes) =
        service::export_filtered(&app, &session.caller, &p.filters.event_query()?, format).await?;
    Ok(super::disputes::download(
        &name,
        format.content_type(),
        bytes,
    ))
}

// ---------------------------------------------------------------------------------------------
// New event

#[derive(Default)]
pub struct EventForm {
    org: String,
    held_on: String,
    name: String,
    organiser: String,
    venue_type: String,
    themes: Vec<String>,
    campaigns: Vec<String>,
    form: String,
    counts: BTreeMap<String, String>,
    responsibility_item_id: String,
    notes: String,
}

impl EventForm {
    fn count(&self, field: &str) -> &str {
        self.counts.get(field).map_or("", String::as_str)
    }

    fn has_theme(&self, t: &str) -> bool {
        self.themes.iter().any(|x| x == t)
    }

    fn has_campaign(&self, c: &str) -> bool {
        self.campaigns.iter().any(|x| x == c)
    }
}

#[derive(Template)]
#[template(path = "publicity/new.html")]
struct NewPage {
    ctx: Ctx,
    /// Where the form posts: `/publicity`, or `/publicity/{id}/edit` for a correction.
    action: String,
    heading: &'static str,
    /// The version a correction is based on.
    version: Option<i64>,
    form: EventForm,
    errors: BTreeMap<String, String>,
    orgs: Vec<Org>,
    venues: Vec<(&'static str, &'static str)>,
    themes: Vec<String>,
    campaigns: Vec<String>,
    forms: &'static [&'static str],
    count_fields: &'static [(&'static str, &'static str, &'static str)],
    items: Vec<ResponsibilityItemRow>,
}

impl NewPage {
    /// The error of a field named in a loop (the template's loop variables are references).
    fn error_of(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn new_page(
    app: &SharedApp,
    session: &Session,
    form: EventForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    form_page(app, session, form, errors, None).await
}

/// The event form: a new event, or (`editing` = `(id, version)`) a correction of one.
async fn form_page(
    app: &SharedApp,
    session: &Session,
    form: EventForm,
    errors: BTreeMap<String, String>,
    editing: Option<(i64, i64)>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    caller.require_write(Area::Publicity)?;
    let vocab = service::vocabulary();
    let (items, _) = service::list_items(app, caller, Some(this_year()), None, false, None).await?;
    render(&NewPage {
        ctx: Ctx::new(session, "publicity"),
        action: editing.map_or_else(
            || "/publicity".to_owned(),
            |(id, _)| format!("/publicity/{id}/edit"),
        ),
        heading: if editing.is_some() {
            "修改普法活动"
        } else {
            "新建普法活动"
        },
        version: editing.map(|(_, v)| v),
        form,
        errors,
        orgs: orgs::list(&app.db, &caller.scope).await?,
        venues: VenueType::ALL.map(|v| (v.code(), v.label())).to_vec(),
        themes: vocab.themes,
        campaigns: vocab.campaigns,
        forms: DEFAULT_FORMS,
        count_fields: &COUNT_FIELDS,
        items,
    })
}

pub async fn new_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Html<String>, PageError> {
    let form = EventForm {
        held_on: crate::clock::today().to_string(),
        ..EventForm::default()
    };
    new_page(&app, &session, form, BTreeMap::new()).await
}

/// The event form as posted: what to show again, the input for the service, and what the page
/// itself could not read (a count that is not a number).
fn read_form(pairs: &Pairs) -> (EventForm, EventInput, BTreeMap<String, String>) {
    let mut own = BTreeMap::new();
    let mut counts = [None; 6];
    for (slot, (field, label, _)) in counts.iter_mut().zip(COUNT_FIELDS) {
        *slot = count_field(pairs, field, label, &mut own);
    }
    let item = pairs.get("responsibility_item_id");
    let form = EventForm {
        org: pairs.get("org"),
        held_on: pairs.get("held_on"),
        name: pairs.get("name"),
        organiser: pairs.get("organiser"),
        venue_type: pairs.get("venue_type"),
        themes: pairs.all("themes"),
        campaigns: pairs.all("campaigns"),
        form: pairs.get("form"),
        counts: COUNT_FIELDS
            .iter()
            .map(|(f, _, _)| ((*f).to_owned(), pairs.get(f)))
            .collect(),
        responsibility_item_id: item.clone(),
        notes: pairs.get("notes"),
    };
    let input = EventInput {
        org: non_empty(&form.org),
        held_on: form.held_on.clone(),
        name: form.name.clone(),
        organiser: form.organiser.clone(),
        venue_type: form.venue_type.clone(),
        themes: form.themes.clone(),
        campaigns: form.campaigns.clone(),
        form: form.form.clone(),
        large_posters: counts[0],
        small_posters: counts[1],
        banners: counts[2],
        materials: counts[3],
        vehicle_trips: counts[4],
        beneficiaries: counts[5],
        responsibility_item_id: item.parse().ok(),
        notes: form.notes.clone(),
    };
    (form, input, own)
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (form, input, own) = read_form(&Pairs(pairs));
    let result = match own_first(own) {
        Ok(()) => service::create_event(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    let target = match &result {
        Ok(row) => format!("/publicity/{}", row.id),
        Err(_) => "/publicity".to_owned(),
    };
    form_result(
        result,
        |errors| new_page(&app, &session, form, errors),
        &target,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// An event's page

#[derive(Template)]
#[template(path = "publicity/detail.html")]
struct DetailPage {
    ctx: Ctx,
    e: PublicityEventRow,
    themes: Vec<String>,
    campaigns: Vec<String>,
    item: Option<ResponsibilityItemRow>,
    photos: Vec<Attachment>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
}

async fn detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let e = revision::get::<Events>(app, caller, id).await?;
    let item = match e.responsibility_item_id {
        Some(i) => service::get_item(app, caller, i).await.ok(),
        None => None,
    };
    render(&DetailPage {
        ctx: Ctx::new(session, "publicity"),
        themes: fazhi_domain::publicity::split_list(&e.themes),
        campaigns: fazhi_domain::publicity::split_list(&e.campaigns),
        item,
        photos: service::photos(app, caller, id).await?,
        errors,
        rv: kit::revisions::<Events>(
            app,
            caller,
            id,
            e.withdrawn_reason.as_deref(),
            e.withdrawn_at.is_some(),
            e.created_at,
        )
        .await?,
        e,
    })
}

pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail_page(&app, &session, id, BTreeMap::new()).await
}

/// A photo from a phone or a scan, posted as multipart with the session's CSRF token first.
pub async fn upload_photo(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let bad = || {
        PageError(AppError::bad_request(
            "invalid_upload",
            "上传未完成或文件过大（最大 20 MB），请重试",
        ))
    };
    let mut csrf_ok = false;
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        match field.name() {
            Some("_csrf") => {
                let v = field.text().await.unwrap_or_default();
                csrf_ok = csrf_matches(&session.user.csrf_token, &v);
            }
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or("").to_owned();
                let ct = field.content_type().unwrap_or("").to_owned();
                let bytes = field.bytes().await.map_err(|_| bad())?;
                file = Some((name, ct, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(csrf_error());
    }
    let (name, ct, bytes) = file.unwrap_or_default();
    let result = service::attach_photo(&app, &session.caller, id, &name, &ct, bytes).await;
    form_result(
        result,
        |errors| detail_page(&app, &session, id, errors),
        &format!("/publicity/{id}"),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// The year summary

#[derive(Deserialize, Default)]
pub struct SummaryQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
}

#[derive(Template)]
#[template(path = "publicity/summary.html")]
struct SummaryPage {
    ctx: Ctx,
    year: i32,
    org: String,
    orgs: Vec<Org>,
    totals: PublicityTotals,
    months: Vec<(u32, u64)>,
    venue_chart: String,
    month_chart: String,
    sentences: [String; 3],
}

pub async fn summary(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<SummaryQuery>,
) -> Result<Html<String>, PageError> {
    let year = year_of(&q.year)?.unwrap_or_else(this_year);
    let org = non_empty(&q.org);
    let s = service::year_summary(&app, &session.caller, year, org.as_deref()).await?;
    let org_param = org.clone().unwrap_or_default();
    let link = |extra: &str| {
        format!(
            "/publicity?year={year}&org={}&{extra}",
            serde_urlencoded::to_string([("", org_param.as_str())])
                .unwrap_or_default()
                .trim_start_matches('=')
        )
    };
    let venue_data: Vec<Datum> = s
        .totals
        .by_venue
        .iter()
        .map(|v| {
            Datum::new(v.label, v.events as f64)
                .with_href(link(&format!("venue_type={}", v.venue_type.code())))
        })
        .collect();
    let month_data: Vec<Datum> = s
        .by_month
        .iter()
        .enumerate()
        .map(|(i, n)| Datum::new(format!("{}月", i + 1), *n as f64))
        .collect();
    render(&SummaryPage {
        ctx: Ctx::new(&session, "publicity"),
        year,
        org: org.unwrap_or_default(),
        orgs: orgs::list(&app.db, &session.caller.scope).await?,
        venue_chart: bar_chart(
            &format!("{year}年普法活动（按地点类型）"),
            &venue_data,
            "场",
        ),
        month_chart: bar_chart(&format!("{year}年普法活动（按月）"), &month_data, "场"),
        months: (1..=12u32).zip(s.by_month).collect(),
        sentences: s.totals.report_sentences(),
        totals: s.totals,
    })
}

// ---------------------------------------------------------------------------------------------
// The responsibility list

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
    /// `1` lists the withdrawn records (作废记录) instead, on the registers on the revision kit.
    #[serde(default)]
    withdrawn: String,
    page: Option<u32>,
}

impl YearQuery {
    /// The filters as a query string (no page), for the pages' links.
    fn filters(&self) -> String {
        let mut pairs = vec![("year", self.year.as_str()), ("org", self.org.as_str())];
        if !self.withdrawn.is_empty() {
            pairs.push(("withdrawn", self.withdrawn.as_str()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ItemForm {
    org: String,
    year: String,
    unit: String,
    laws: String,
    audiences: String,
    measures: String,
    responsible: String,
}

impl ItemForm {
    fn input(&self) -> Result<ItemInput, AppError> {
        Ok(ItemInput {
            org: non_empty(&self.org),
            year: year_of(&self.year)?,
            unit: self.unit.clone(),
            laws: self.laws.clone(),
            audiences: self.audiences.clone(),
            measures: self.measures.clone(),
            responsible: self.responsible.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/responsibility.html")]
struct ItemsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn lines.
    withdrawn: bool,
    items: Vec<ResponsibilityItemRow>,
    total: i64,
    orgs: Vec<Org>,
    form: ItemForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

async fn items_page(
    app: &SharedApp,
    session: &Session,
    q: YearQuery,
    form: ItemForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let withdrawn = q.withdrawn == "1";
    let (items, total) =
        service::list_items(app, caller, year_of(&q.year)?, None, withdrawn, None).await?;
    render(&ItemsPage {
        ctx: Ctx::new(session, "responsibility"),
        year: q.year,
        withdrawn,
        items,
        total,
        orgs: orgs::list(&app.db, &caller.scope).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Publicity),
    })
}

pub async fn items(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let form = ItemForm {
        year: this_year().to_string(),
        ..ItemForm::default()
    };
    items_page(&app, &session, q, form, BTreeMap::new()).await
}

pub async fn create_item(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<ItemForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => service::create_item(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| items_page(&app, &session, YearQuery::default(), form, errors),
        "/publicity/responsibility",
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Study sessions

#[derive(Default)]
pub struct SessionForm {
    org: String,
    held_on: String,
    form: String,
    laws: String,
    speaker: String,
    attendees: String,
    attendee_count: String,
    hours: String,
    notes: String,
}

#[derive(Template)]
#[template(path = "publicity/study.html")]
struct StudyPage {
    ctx: Ctx,
    year: String,
    items: Vec<StudySessionRow>,
    total: i64,
    hours: f64,
    per_cadre: Vec<(String, f64)>,
    study_forms: Vec<(&'static str, &'static str)>,
    orgs: Vec<Org>,
    form: SessionForm,
    errors: BTreeMap<String, String>,
    pager: Pager,
    can_write: bool,
    /// Listing the withdrawn sessions.
    withdrawn: bool,
}

async fn study_page(
    app: &SharedApp,
    session: &Session,
    q: YearQuery,
    form: SessionForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let paging = Paging::new(q.page, Some(PER_PAGE));
    let list = study::list_sessions(
        app,
        caller,
        year_of(&q.year)?,
        non_empty(&q.org).as_deref(),
        None,
        q.withdrawn == "1",
        Some((paging.page, paging.per_page)),
    )
    .await?;
    render(&StudyPage {
        withdrawn: q.withdrawn == "1",
        ctx: Ctx::new(session, "study"),
        pager: Pager::new(paging.page, paging.per_page, list.total, |p| {
            format!("/study?{}&page={p}", q.filters())
        }),
        year: q.year,
        items: list.items,
        total: list.total,
        hours: list.hours,
        per_cadre: list.hours_per_cadre,
        study_forms: StudyForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        orgs: orgs::list(&app.db, &caller.scope).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

pub async fn sessions(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let form = SessionForm {
        held_on: crate::clock::today().to_string(),
        ..SessionForm::default()
    };
    study_page(&app, &session, q, form, BTreeMap::new()).await
}

/// The session form as posted: what to show again, the input for the service, and what the
/// page itself could not read (a number that is not one).
fn read_session_form(p: &Pairs) -> (SessionForm, SessionInput, BTreeMap<String, String>) {
    let form = SessionForm {
        org: p.get("org"),
        held_on: p.get("held_on"),
        form: p.get("form"),
        laws: p.get("laws"),
        speaker: p.get("speaker"),
        attendees: p.get("attendees"),
        attendee_count: p.get("attendee_count"),
        hours: p.get("hours"),
        notes: p.get("notes"),
    };
    let mut own = BTreeMap::new();
    let attendee_count = count_field(p, "attendee_count", "参加人数", &mut own);
    let hours = match form.hours.trim() {
        "" => None,
        h => match h.parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                own.insert(
                    "hours".to_owned(),
                    "「学时」请填写数字，例如 1.5".to_owned(),
                );
                None
            }
        },
    };
    let input = SessionInput {
        org: non_empty(&form.org),
        held_on: form.held_on.clone(),
        form: form.form.clone(),
        laws: form.laws.clone(),
        speaker: form.speaker.clone(),
        attendees: vec![form.attendees.clone()],
        attendee_count,
        hours,
        notes: form.notes.clone(),
    };
    (form, input, own)
}

pub async fn create_session(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (form, input, own) = read_session_form(&Pairs(pairs));
    let result = match own_first(own) {
        Ok(()) => study::create_session(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| study_page(&app, &session, YearQuery::default(), form, errors),
        "/study",
    )
    .await
}

#[derive(Template)]
#[template(path = "publicity/study_detail.html")]
struct SessionDetailPage {
    ctx: Ctx,
    s: StudySessionRow,
    errors: BTreeMap<String, String>,
    rv: Revisions,
}

async fn session_detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let s = revision::get::<Sessions>(app, caller, id).await?;
    render(&SessionDetailPage {
        ctx: Ctx::new(session, "study"),
        errors,
        rv: kit::revisions::<Sessions>(
            app,
            caller,
            id,
            s.withdrawn_reason.as_deref(),
            s.withdrawn_at.is_some(),
            s.created_at,
        )
        .await?,
        s,
    })
}

/// A study session's page: what was entered, its 修改记录, and 编辑 / 作废 / 恢复.
pub async fn session_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    session_detail_page(&app, &session, id, BTreeMap::new()).await
}

#[derive(Template)]
#[template(path = "publicity/study_edit.html")]
struct SessionEditPage {
    ctx: Ctx,
    id: i64,
    /// The version the correction is based on.
    version: i64,
    study_forms: Vec<(&'static str, &'static str)>,
    form: SessionForm,
    errors: BTreeMap<String, String>,
}

async fn session_edit_page(
    session: &Session,
    id: i64,
    version: i64,
    form: SessionForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    session.caller.require_write(Area::Study)?;
    render(&SessionEditPage {
        ctx: Ctx::new(session, "study"),
        id,
        version,
        study_forms: StudyForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        form,
        errors,
    })
}

// ---------------------------------------------------------------------------------------------
// Law exams

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExamForm {
    org: String,
    year: String,
    cadre: String,
    post: String,
    score: String,
    passed: String,
    taken_on: String,
}

impl ExamForm {
    fn input(&self) -> Result<ExamInput, AppError> {
        let mut own = BTreeMap::new();
        let year = year_of(&self.year).unwrap_or_else(|e| {
            own.extend(e.fields);
            None
        });
        let score = match self.score.trim() {
            "" => None,
            s => match s.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    own.insert("score".to_owned(), "「成绩」请填写数字，例如 86".to_owned());
                    None
                }
            },
        };
        own_first(own)?;
        Ok(ExamInput {
            org: non_empty(&self.org),
            year,
            cadre: self.cadre.clone(),
            post: self.post.clone(),
            score,
            passed: fazhi_domain::publicity::parse_passed(&self.passed),
            taken_on: self.taken_on.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/exams.html")]
struct ExamsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn results.
    withdrawn: bool,
    items: Vec<LawExamRow>,
    total: i64,
    stats: ExamStats,
    orgs: Vec<Org>,
    form: ExamForm,
    errors: BTreeMap<String, String>,
    pager: Pager,
    can_write: bool,
}

async fn exams_page(
    app: &SharedApp,
    session: &Session,
    q: YearQuery,
    form: ExamForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let paging = Paging::new(q.page, Some(PER_PAGE));
    let list = study::list_exams(
        app,
        caller,
        year_of(&q.year)?,
        non_empty(&q.org).as_deref(),
        q.withdrawn == "1",
        Some((paging.page, paging.per_page)),
    )
    .await?;
    render(&ExamsPage {
        withdrawn: q.withdrawn == "1",
        ctx: Ctx::new(session, "exams"),
        pager: Pager::new(paging.page, paging.per_page, list.total, |p| {
            format!("/study/exams?{}&page={p}", q.filters())
        }),
        year: q.year,
        items: list.items,
        total: list.total,
        stats: list.stats,
        orgs: orgs::list(&app.db, &caller.scope).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

pub async fn exams(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let form = ExamForm {
        year: this_year().to_string(),
        ..ExamForm::default()
    };
    exams_page(&app, &session, q, form, BTreeMap::new()).await
}

pub async fn create_exam(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<ExamForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => study::create_exam(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| exams_page(&app, &session, YearQuery::default(), form, errors),
        "/study/exams",
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// 述职述法

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    org: String,
    year: String,
    leader: String,
    post: String,
    reported_on: String,
    form: String,
    evaluation: String,
    notes: String,
}

impl ReportForm {
    fn input(&self) -> Result<ReportInput, AppError> {
        Ok(ReportInput {
            org: non_empty(&self.org),
            year: year_of(&self.year)?,
            leader: self.leader.clone(),
            post: self.post.clone(),
            reported_on: self.reported_on.clone(),
            form: self.form.clone(),
            evaluation: self.evaluation.clone(),
            notes: self.notes.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/duty_reports.html")]
struct ReportsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn reports.
    withdrawn: bool,
    items: Vec<DutyReportRow>,
    total: i64,
    report_forms: Vec<(&'static str, &'static str)>,
    orgs: Vec<Org>,
    form: ReportForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

async fn reports_page(
    app: &SharedApp,
    session: &Session,
    q: YearQuery,
    form: ReportForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let withdrawn = q.withdrawn == "1";
    let (items, total) =
        study::list_reports(app, caller, year_of(&q.year)?, None, withdrawn, None).await?;
    render(&ReportsPage {
        ctx: Ctx::new(session, "duty_reports"),
        year: q.year,
        withdrawn,
        items,
        total,
        report_forms: DutyReportForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        orgs: orgs::list(&app.db, &caller.scope).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

pub async fn reports(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let form = ReportForm {
        year: (this_year() - 1).to_string(),
        ..ReportForm::default()
    };
    reports_page(&app, &session, q, form, BTreeMap::new()).await
}

pub async fn create_report(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<ReportForm>,
) -> Result<Response, PageError> {
    let result = match form.input() {
        Ok(input) => study::create_report(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| reports_page(&app, &session, YearQuery::default(), form, errors),
        "/study/duty-reports",
    )
    .await
}

impl PageRegister for Events {
    const PAGE: &'static str = "/publicity";
    type Form = EventForm;

    fn read_form(pairs: &[(String, String)]) -> (EventForm, Result<EventInput, AppError>) {
        let (form, input, own) = read_form(&Pairs(pairs.to_vec()));
        (form, own_first(own).map(|()| input))
    }

    fn form_of(i: EventInput, e: &PublicityEventRow) -> EventForm {
        EventForm {
            org: String::new(),
            held_on: i.held_on,
            name: i.name,
            organiser: i.organiser,
            venue_type: i.venue_type,
            themes: i.themes,
            campaigns: i.campaigns,
            form: i.form,
            counts: COUNT_FIELDS
                .iter()
                .zip([
                    e.large_posters,
                    e.small_posters,
                    e.banners,
                    e.materials,
                    e.vehicle_trips,
                    e.beneficiaries,
                ])
                .map(|((f, _, _), n)| ((*f).to_owned(), n.to_string()))
                .collect(),
            responsibility_item_id: e
                .responsibility_item_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            notes: i.notes,
        }
    }

    async fn edit_page(
        app: &SharedApp,
        session: &Session,
        form: EventForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, PublicityEventRow>,
    ) -> Result<Html<String>, PageError> {
        form_page(
            app,
            session,
            form,
            errors,
            Some((editing.id, editing.version)),
        )
        .await
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        detail_page(app, session, id, errors).await
    }
}

impl PageRegister for Sessions {
    const PAGE: &'static str = "/study";
    type Form = SessionForm;

    fn read_form(pairs: &[(String, String)]) -> (SessionForm, Result<SessionInput, AppError>) {
        let (form, input, own) = read_session_form(&Pairs(pairs.to_vec()));
        (form, own_first(own).map(|()| input))
    }

    fn form_of(i: SessionInput, s: &StudySessionRow) -> SessionForm {
        SessionForm {
            org: String::new(),
            held_on: i.held_on,
            form: i.form,
            laws: i.laws,
            speaker: i.speaker,
            attendees: i.attendees.join("、"),
            attendee_count: s.attendee_count.to_string(),
            hours: s.hours.to_string(),
            notes: i.notes,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: SessionForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, StudySessionRow>,
    ) -> Result<Html<String>, PageError> {
        session_edit_page(session, editing.id, editing.version, form, errors).await
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        session_detail_page(app, session, id, errors).await
    }
}

// ---------------------------------------------------------------------------------------------
// Pages and corrections of the responsibility list, law exam results and 述职述法 (the kit)

fn study_place(list: (&'static str, &'static str), nav: &'static str, name: String) -> Place {
    Place {
        area: "普法与学法",
        list,
        nav,
        noun: list.1,
        name,
    }
}

#[derive(Template)]
#[template(path = "publicity/_item_fields.html")]
struct ItemFields<'a> {
    form: &'a ItemForm,
    errors: &'a BTreeMap<String, String>,
}

fn item_place(r: &ResponsibilityItemRow) -> Place {
    let list = ("/publicity/responsibility", "普法责任清单");
    study_place(list, "responsibility", format!("{}年 {}", r.year, r.unit))
}

/// A line of the responsibility list: what was entered, its 修改记录, 编辑 / 作废 / 恢复.
pub async fn item_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    Items::detail_page(&app, &session, id, BTreeMap::new()).await
}

impl PageRegister for Items {
    const PAGE: &'static str = "/publicity/responsibility";
    type Form = ItemForm;

    fn read_form(pairs: &[(String, String)]) -> (ItemForm, Result<ItemInput, AppError>) {
        let form: ItemForm = form_from(pairs);
        let input = form.input();
        (form, input)
    }

    fn form_of(i: ItemInput, _r: &ResponsibilityItemRow) -> ItemForm {
        ItemForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            unit: i.unit,
            laws: i.laws,
            audiences: i.audiences,
            measures: i.measures,
            responsible: i.responsible,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: ItemForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, ResponsibilityItemRow>,
    ) -> Result<Html<String>, PageError> {
        let fields = ItemFields {
            form: &form,
            errors: &errors,
        };
        let at = (editing.id, editing.version);
        records::edit_page::<Self>(
            session,
            item_place(editing.record),
            at,
            &fields,
            errors.clone(),
        )
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let r = service::get_item(app, &session.caller, id).await?;
        let facts = vec![
            ("年度", r.year.to_string()),
            ("责任单位", r.unit.clone()),
            ("普法内容", r.laws.clone()),
            ("普法对象", or_dash(&r.audiences)),
            ("普法措施", or_dash(&r.measures)),
            ("责任人", or_dash(&r.responsible)),
            ("已开展活动", format!("{} 场", r.events)),
            ("所属组织", r.org_name.clone()),
        ];
        let state = (&r.revision, r.created_at);
        records::record_page::<Self>(app, session, id, item_place(&r), facts, errors, state).await
    }
}

#[derive(Template)]
#[template(path = "publicity/_report_fields.html")]
struct ReportFields<'a> {
    form: &'a ReportForm,
    errors: &'a BTreeMap<String, String>,
    report_forms: Vec<(&'static str, &'static str)>,
}

fn report_place(r: &DutyReportRow) -> Place {
    let list = ("/study/duty-reports", "述职述法");
    study_place(list, "duty_reports", format!("{}年 {}", r.year, r.leader))
}

/// A 述职述法 report: what was entered, its 修改记录, 编辑 / 作废 / 恢复.
pub async fn report_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    Reports::detail_page(&app, &session, id, BTreeMap::new()).await
}

impl PageRegister for Reports {
    const PAGE: &'static str = "/study/duty-reports";
    type Form = ReportForm;

    fn read_form(pairs: &[(String, String)]) -> (ReportForm, Result<ReportInput, AppError>) {
        let form: ReportForm = form_from(pairs);
        let input = form.input();
        (form, input)
    }

    fn form_of(i: ReportInput, _r: &DutyReportRow) -> ReportForm {
        ReportForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            leader: i.leader,
            post: i.post,
            reported_on: i.reported_on,
            form: i.form,
            evaluation: i.evaluation,
            notes: i.notes,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: ReportForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, DutyReportRow>,
    ) -> Result<Html<String>, PageError> {
        let fields = ReportFields {
            form: &form,
            errors: &errors,
            report_forms: DutyReportForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        };
        let at = (editing.id, editing.version);
        let place = report_place(editing.record);
        records::edit_page::<Self>(session, place, at, &fields, errors.clone())
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let r = study::get_report(app, &session.caller, id).await?;
        let facts = vec![
            ("述法年度", r.year.to_string()),
            ("述法人", r.leader.clone()),
            ("职务", or_dash(&r.post)),
            ("述法日期", r.reported_on.to_string()),
            ("形式", r.form_label().to_owned()),
            ("评议结果", or_dash(&r.evaluation)),
            ("备注", or_dash(&r.notes)),
            ("所属组织", r.org_name.clone()),
        ];
        let state = (&r.revision, r.created_at);
        records::record_page::<Self>(app, session, id, report_place(&r), facts, errors, state).await
    }
}

#[derive(Template)]
#[template(path = "publicity/_exam_fields.html")]
struct ExamFields<'a> {
    form: &'a ExamForm,
    errors: &'a BTreeMap<String, String>,
}

fn exam_place(x: &LawExamRow) -> Place {
    let list = ("/study/exams", "学法考试成绩");
    study_place(list, "exams", format!("{}年 {}", x.year, x.cadre))
}

/// A law exam result: what was entered, its 修改记录, 编辑 / 作废 / 恢复.
pub async fn exam_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    Exams::detail_page(&app, &session, id, BTreeMap::new()).await
}

impl PageRegister for Exams {
    const PAGE: &'static str = "/study/exams";
    type Form = ExamForm;

    fn read_form(pairs: &[(String, String)]) -> (ExamForm, Result<ExamInput, AppError>) {
        let form: ExamForm = form_from(pairs);
        let input = form.input();
        (form, input)
    }

    fn form_of(i: ExamInput, _x: &LawExamRow) -> ExamForm {
        ExamForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            cadre: i.cadre,
            post: i.post,
            score: i.score.map(|s| s.to_string()).unwrap_or_default(),
            passed: match i.passed {
                Some(true) => "合格".to_owned(),
                Some(false) => "不合格".to_owned(),
                None => String::new(),
            },
            taken_on: i.taken_on,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: ExamForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, LawExamRow>,
    ) -> Result<Html<String>, PageError> {
        let fields = ExamFields {
            form: &form,
            errors: &errors,
        };
        let at = (editing.id, editing.version);
        records::edit_page::<Self>(
            session,
            exam_place(editing.record),
            at,
            &fields,
            errors.clone(),
        )
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let x = revision::get::<Exams>(app, &session.caller, id).await?;
        let facts = vec![
            ("年度", x.year.to_string()),
            ("姓名", x.cadre.clone()),
            ("职务", or_dash(&x.post)),
            ("成绩", x.score.map(|s| s.to_string()).unwrap_or_default()),
            (
                "是否合格",
                if x.passed { "合格" } else { "不合格" }.to_owned(),
            ),
            (
                "考试日期",
                x.taken_on.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("所属组织", x.org_name.clone()),
        ];
        let revision = crate::storage::records::Revision {
            version: x.version,
            withdrawn_at: x.withdrawn_at,
            withdrawn_reason: x.withdrawn_reason.clone(),
        };
        let state = (&revision, x.created_at);
        records::record_page::<Self>(app, session, id, exam_place(&x), facts, errors, state).await
    }
}
