//! Publicity events (普法活动): the list with the totals of the filtered set and its export,
//! the new-event form, an event's page with its photos, and its correction (the register kit).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{Html, IntoResponse, Response};
use fazhi_domain::access::Area;
use fazhi_domain::publicity::{PublicityTotals, VenueType, COUNT_FIELDS};
use serde::Deserialize;

use super::{
    count_field, non_empty, read_pairs, revisions_of, this_year, year_of, Pairs, PER_PAGE,
};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::attachments::Attachment;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::publicity::{self as service, EventInput, EventQuery};
use crate::service::publicity::{PublicityEventRow, ResponsibilityItemRow};
use crate::service::publicity_revisions::Events;
use crate::service::revision;
use crate::service::year_lists::YearQuery;
use crate::web::error::PageError;
use crate::web::extract::{ApiPath, Paging};
use crate::web::pages::admin::form_result;
use crate::web::pages::kit::{Editing, PageRegister, Revisions};
use crate::web::pages::list_page::Pager;
use crate::web::pages::list_page::{export_download, ExportParams};
use crate::web::pages::{render, Ctx};
use crate::web::session::{csrf_error, csrf_matches, CsrfForm, PageUser, Session};

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
    /// A month (1–12) of the year (the dashboard's month bars link here).
    #[serde(default)]
    month: String,
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
            ("month", self.month.as_str()),
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
            month: match non_empty(&self.month) {
                None => None,
                Some(m) => Some(
                    m.parse()
                        .map_err(|_| AppError::field("month", "月份应为 1 至 12"))?,
                ),
            },
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
    let vocab = service::vocabulary_for(&app, caller, None).await?;
    let page = ListPage {
        ctx: Ctx::new(&session, "publicity"),
        orgs: orgs_service::visible(&app, caller).await?,
        venues: VenueType::ALL.map(|v| (v.code(), v.label())).to_vec(),
        themes: vocab.themes.names(),
        campaigns: vocab.campaigns.names(),
        pager: Pager::new(paging.page, paging.per_page, list.total, |p| q.link(p)),
        can_write: caller.role.can_write(Area::Publicity),
        items: list.items,
        total: list.total,
        totals: list.totals,
        q,
    };
    Ok(render(&page)?.into_response())
}

/// The list's filtered set as Excel or CSV.
pub async fn export(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportParams<ListQuery>>,
) -> Result<Response, PageError> {
    let q = p.filters.event_query()?;
    export_download(&p.format, |f| {
        service::export_filtered(&app, &session.caller, &q, f)
    })
    .await
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
    forms: Vec<String>,
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
    let vocab = service::vocabulary_for(app, caller, None).await?;
    let forms = crate::service::code_lists::for_caller(app, caller)
        .await?
        .get(fazhi_domain::code_list::ListName::PublicityForms)
        .names();
    let this_year = YearQuery {
        year: Some(this_year()),
        ..YearQuery::default()
    };
    let (items, _) = service::ITEMS.page(app, caller, &this_year, None).await?;
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
        orgs: orgs_service::visible(app, caller).await?,
        venues: VenueType::ALL.map(|v| (v.code(), v.label())).to_vec(),
        themes: vocab.themes.names(),
        campaigns: vocab.campaigns.names(),
        forms,
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
        responsibility_item_id: item.parse().ok(),
        notes: form.notes.clone(),
        ..EventInput::default()
    }
    .with_counts(counts);
    (form, input, own)
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (form, input) = read_pairs(&pairs, read_form);
    let result = match input {
        Ok(input) => service::create_event(&app, &session.caller, input).await,
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
        Some(i) => service::ITEMS.get(app, caller, i).await.ok(),
        None => None,
    };
    render(&DetailPage {
        ctx: Ctx::new(session, "publicity"),
        themes: fazhi_domain::publicity::split_list(&e.themes),
        campaigns: fazhi_domain::publicity::split_list(&e.campaigns),
        item,
        photos: service::photos(app, caller, id).await?,
        errors,
        rv: revisions_of::<Events>(app, caller, id, (&e.revision, e.created_at)).await?,
        e,
    })
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

impl PageRegister for Events {
    const PAGE: &'static str = "/publicity";
    type Form = EventForm;

    fn read_form(pairs: &[(String, String)]) -> (EventForm, Result<EventInput, AppError>) {
        read_pairs(pairs, read_form)
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
