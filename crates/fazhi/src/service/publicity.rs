//! Legal publicity (普法): events, their totals, the 谁执法谁普法 responsibility list and the
//! `publicity` ledger. Every rule here serves the staff pages, the API and the command line.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::publicity::{
    split_list, FieldErrors, NewPublicityEvent, NewResponsibilityItem, PublicityDraft,
    PublicityTotals, ResponsibilityDraft, VenueType, Vocabulary,
};
use fazhi_ledger::{parse_count, parse_date, RowError, Sheet};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::attachments::Attachment;
use crate::storage::orgs::{self, Org};
use crate::storage::publicity::{self as store, PublicityFilter};
use crate::storage::{Scope, StorageError};

use super::code_lists::{self, ListName};
use super::year_lists::{self as kit, YearRegister};
use super::{attachments, Caller};

/// Events on the list kit of registers filed by year (their list adds its own filters).
pub const EVENTS: YearRegister<PublicityEventRow> =
    YearRegister::new(Area::Publicity, &store::EVENTS);

/// The national code lists alone (no local codes or aliases added since): for checks that have
/// no organisation; records are checked against [`vocabulary_for`].
pub fn vocabulary() -> Vocabulary {
    Vocabulary::default()
}

/// The code lists events of `org` (default: the caller's organisation) are checked against:
/// the national codes, those of the organisations above it and its own, with their aliases.
pub async fn vocabulary_for(
    app: &App,
    caller: &Caller,
    org: Option<&Org>,
) -> AppResult<Vocabulary> {
    let lists = match org {
        Some(o) => code_lists::for_org(app, o).await?,
        None => code_lists::for_caller(app, caller).await?,
    };
    Ok(Vocabulary {
        themes: lists.get(ListName::PublicityThemes).clone(),
        campaigns: lists.get(ListName::Campaigns).clone(),
        venue_types: lists.get(ListName::VenueTypes).clone(),
        org: org.map(|o| o.code.clone()),
    })
}

/// The caller's subtree, or the subtree of `org` (a code) when it lies within it.
pub(crate) async fn narrowed_scope(
    app: &App,
    caller: &Caller,
    org: Option<&str>,
) -> AppResult<Scope> {
    match org.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(caller.scope.clone()),
        Some(code) => match orgs::by_code_in(&app.db, &caller.scope, code).await? {
            Some(o) => Ok(o.scope()),
            None => Err(AppError::field(
                "org",
                format!("找不到组织「{code}」，或它不在您的管辖范围内"),
            )),
        },
    }
}

/// The organisation a new record belongs to: the one named (within the caller's subtree), or
/// the caller's own.
pub(crate) async fn target_org(app: &App, caller: &Caller, org: Option<&str>) -> AppResult<Org> {
    match org.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => orgs::by_code_in(&app.db, &caller.scope, code)
            .await?
            .ok_or_else(|| {
                AppError::field(
                    "org",
                    format!("找不到组织「{code}」，或它不在您的管辖范围内"),
                )
            }),
        None if caller.org_id != 0 => Ok(orgs::get(&app.db, caller.org_id).await?),
        None => Err(AppError::field("org", "请填写所属组织代码")),
    }
}

/// A date field as typed: blank is `None` (the domain says it is required); a date that does not
/// parse or does not exist is reported under `field` with the parser's own message.
pub(crate) fn date_field(field: &str, s: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        return None;
    }
    match parse_date(s) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.insert(field.to_owned(), m);
            None
        }
    }
}

/// Domain errors, with the caller's own (unparseable input) taking precedence per field.
pub(crate) fn merge(domain: FieldErrors, own: FieldErrors) -> AppError {
    let mut all = domain;
    all.extend(own);
    AppError::invalid(all)
}

/// List filters as given (query string or form).
#[derive(Clone, Debug, Default)]
pub struct EventQuery {
    pub year: Option<i32>,
    /// An organisation code within the caller's subtree.
    pub org: Option<String>,
    /// A venue type code or label.
    pub venue_type: Option<String>,
    pub theme: Option<String>,
    pub campaign: Option<String>,
    /// A month (1–12) of `year`.
    pub month: Option<u32>,
    /// List the withdrawn events instead of the valid ones.
    pub withdrawn: bool,
}

fn filter_of(q: &EventQuery) -> AppResult<PublicityFilter> {
    let venue_type = match q.venue_type.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(VenueType::parse(v).ok_or_else(|| {
            AppError::field(
                "venue_type",
                format!("地点类型「{v}」无法识别，请选择：{}", VenueType::choices()),
            )
        })?),
    };
    let tag = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let month = match (q.month, q.year) {
        (None, _) => None,
        (Some(m), Some(_)) if (1..=12).contains(&m) => Some(m),
        (Some(_), Some(_)) => return Err(AppError::field("month", "月份应为 1 至 12")),
        (Some(_), None) => return Err(AppError::field("month", "按月查看请同时选择年度")),
    };
    Ok(PublicityFilter {
        year: q.year,
        month,
        venue_type,
        theme: tag(&q.theme),
        campaign: tag(&q.campaign),
        withdrawn: q.withdrawn,
    })
}

pub struct EventList {
    pub items: Vec<PublicityEventRow>,
    pub total: i64,
    /// The totals of every matching event, not just this page.
    pub totals: PublicityTotals,
}

/// A page (`(page, per_page)`) of events matching the query, with the totals of all of them.
pub async fn list_events(
    app: &App,
    caller: &Caller,
    q: &EventQuery,
    page: Option<(u32, u32)>,
) -> AppResult<EventList> {
    caller.require_read(Area::Publicity)?;
    let scope = narrowed_scope(app, caller, q.org.as_deref()).await?;
    let f = filter_of(q)?;
    let (items, total) = store::list(&app.db, &scope, &f, page).await?;
    // Counted once per version of the register, like its count (a list page then costs the
    // same at 300,000 events as at 3,000).
    let totals = super::list_totals::cached(
        &app.db,
        &app.publicity_totals,
        "publicity_events",
        &scope,
        &f,
        || store::totals(&app.db, &scope, &f),
    )
    .await?;
    Ok(EventList {
        items,
        total,
        totals,
    })
}

/// An event as typed, posted or sent as JSON: registration, the edit form and a `PATCH` all
/// fill this one input.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EventInput {
    /// Organisation code; blank means the caller's own organisation.
    pub org: Option<String>,
    /// YYYY-MM-DD (2024/3/5 and 2024年3月5日 are accepted too).
    pub held_on: String,
    pub name: String,
    pub organiser: String,
    /// enterprise | village | school | agency | grid | religious | other, or 企业 / 村居 / 学校 / 机关 / 网格 / 宗教场所 / 其他
    pub venue_type: String,
    pub themes: Vec<String>,
    pub campaigns: Vec<String>,
    pub form: String,
    pub large_posters: Option<i64>,
    pub small_posters: Option<i64>,
    pub banners: Option<i64>,
    pub materials: Option<i64>,
    pub vehicle_trips: Option<i64>,
    pub beneficiaries: Option<i64>,
    pub responsibility_item_id: Option<i64>,
    pub notes: String,
}

impl EventInput {
    /// The input with its six counts, in the order of `COUNT_FIELDS` and of the ledger's
    /// count columns.
    pub fn with_counts(self, counts: [Option<i64>; 6]) -> EventInput {
        let [large_posters, small_posters, banners, materials, vehicle_trips, beneficiaries] =
            counts;
        EventInput {
            large_posters,
            small_posters,
            banners,
            materials,
            vehicle_trips,
            beneficiaries,
            ..self
        }
    }

    /// The domain's draft of the event, its date already read (`held_on`).
    fn draft(self, held_on: Option<NaiveDate>) -> PublicityDraft {
        PublicityDraft {
            held_on,
            name: self.name,
            organiser: self.organiser,
            venue_type: self.venue_type,
            themes: self.themes,
            campaigns: self.campaigns,
            form: self.form,
            large_posters: self.large_posters,
            small_posters: self.small_posters,
            banners: self.banners,
            materials: self.materials,
            vehicle_trips: self.vehicle_trips,
            beneficiaries: self.beneficiaries,
            notes: self.notes,
        }
    }
}

/// Records one event (its responsibility-list line checked to lie in the caller's scope).
pub async fn create_event(
    app: &App,
    caller: &Caller,
    input: EventInput,
) -> AppResult<PublicityEventRow> {
    let org = input.org.clone();
    let item = input.responsibility_item_id;
    let checked = || async move {
        let event = parse_event(app, caller, input).await?;
        Ok(store::event_columns(&event, item))
    };
    EVENTS
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await
}

/// Checks an event as entered (creation and edit alike): the domain's rules, and that the
/// responsibility-list line it names lies in the caller's scope.
pub(crate) async fn parse_event(
    app: &App,
    caller: &Caller,
    input: EventInput,
) -> AppResult<NewPublicityEvent> {
    let mut own = FieldErrors::new();
    let held_on = date_field("held_on", &input.held_on, &mut own);
    if let Some(id) = input.responsibility_item_id {
        // A line the caller cannot see is as good as missing.
        match store::get_item(&app.db, &caller.scope, id).await {
            Ok(item) if item.revision.is_withdrawn() => {
                own.insert(
                    "responsibility_item_id".to_owned(),
                    "该普法责任清单条目已作废，请重新选择".to_owned(),
                );
            }
            Ok(_) => {}
            Err(StorageError::NotFound) => {
                own.insert(
                    "responsibility_item_id".to_owned(),
                    "找不到该普法责任清单条目，请重新选择".to_owned(),
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    let org = match input
        .org
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => orgs::by_code_in(&app.db, &caller.scope, code).await?,
        None => None,
    };
    let vocab = vocabulary_for(app, caller, org.as_ref()).await?;
    match NewPublicityEvent::parse(input.draft(held_on), &vocab) {
        Ok(e) if own.is_empty() => Ok(e),
        Ok(_) => Err(merge(BTreeMap::new(), own)),
        Err(domain) => Err(merge(domain, own)),
    }
}

/// The publicity figures of the annual report for `org` and everything below it, for the
/// calendar year `year`: vehicle trips, posters, banners, materials, events per venue type
/// (进企业/进村居/进学校…) and beneficiaries, plus per-theme and per-campaign sums.
/// Permission checks are the caller's (the report service) business.
pub async fn publicity_totals(app: &App, org: &Org, year: i32) -> AppResult<PublicityTotals> {
    let f = PublicityFilter {
        year: Some(year),
        ..PublicityFilter::default()
    };
    Ok(store::totals(&app.db, &org.scope(), &f).await?)
}

/// A year at a glance: the totals and the events per month.
pub struct YearSummary {
    pub year: i32,
    pub totals: PublicityTotals,
    pub by_month: [u64; 12],
}

pub async fn year_summary(
    app: &App,
    caller: &Caller,
    year: i32,
    org: Option<&str>,
) -> AppResult<YearSummary> {
    caller.require_read(Area::Publicity)?;
    let scope = narrowed_scope(app, caller, org).await?;
    let f = PublicityFilter {
        year: Some(year),
        ..PublicityFilter::default()
    };
    Ok(YearSummary {
        year,
        totals: store::totals(&app.db, &scope, &f).await?,
        by_month: store::events_by_month(&app.db, &scope, &f).await?,
    })
}

/// Photos of an event (the record that it took place), through the shared attachment store.
pub const PHOTO_ENTITY: &str = "publicity_event";

pub async fn attach_photo(
    app: &App,
    caller: &Caller,
    id: i64,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> AppResult<Attachment> {
    caller.require_write(Area::Publicity)?;
    let event = store::get(&app.db, &caller.scope, id).await?;
    attachments::store(
        app,
        caller,
        attachments::Upload {
            entity: PHOTO_ENTITY,
            entity_id: event.id,
            org_id: event.org_id,
            file_name,
            content_type,
            bytes,
        },
    )
    .await
}

pub async fn photos(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<Attachment>> {
    let event = super::revision::get::<super::publicity_revisions::Events>(app, caller, id).await?;
    attachments::list_for(app, PHOTO_ENTITY, event.id).await
}

// ---------------------------------------------------------------------------------------------
// The 谁执法谁普法 responsibility list

/// The responsibility list on the list kit of registers filed by year.
pub const ITEMS: YearRegister<ResponsibilityItemRow> =
    YearRegister::new(Area::Publicity, &store::ITEMS);

/// A line of the responsibility list as entered: registration, the edit form and a `PATCH`
/// (with `version`) fill it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ItemInput {
    /// Organisation code; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    pub year: Option<i32>,
    /// The unit responsible (责任单位).
    pub unit: String,
    /// Laws to publicise.
    pub laws: String,
    pub audiences: String,
    pub measures: String,
    pub responsible: String,
}

pub async fn create_item(
    app: &App,
    caller: &Caller,
    input: ItemInput,
) -> AppResult<ResponsibilityItemRow> {
    let org = input.org.clone();
    let checked = || async { Ok(store::item_columns(&parse_item(input)?)) };
    ITEMS
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await
}

/// Checks a line as entered (registration and edit alike).
pub(crate) fn parse_item(input: ItemInput) -> AppResult<NewResponsibilityItem> {
    NewResponsibilityItem::parse(ResponsibilityDraft {
        year: input.year,
        unit: input.unit,
        laws: input.laws,
        audiences: input.audiences,
        measures: input.measures,
        responsible: input.responsible,
    })
    .map_err(AppError::invalid)
}

// ---------------------------------------------------------------------------------------------
// The `publicity` ledger (PRODUCT §8.4)

pub use crate::storage::publicity::{PublicityEventRow, ResponsibilityItemRow};
pub use fazhi_ledger::specs::PUBLICITY as LEDGER;

/// The count columns of the ledger, in the order of the domain's counts.
const COUNT_COLUMNS: [&str; 6] = [
    "大型海报",
    "小型海报",
    "横幅",
    "宣传品份数",
    "宣传车台次",
    "受益人次",
];

/// Turns every row into an event, or returns every problem found (row, column, what to fix).
pub fn parse_rows(
    sheet: &Sheet,
    vocab: &Vocabulary,
) -> Result<Vec<NewPublicityEvent>, Vec<RowError>> {
    // Domain field names → ledger column names, for pointing at the right cell.
    let column_of = |field: &str| -> &'static str {
        match field {
            "held_on" => "日期",
            "name" => "活动名称",
            "venue_type" => "地点类型",
            "themes" => "主题",
            "form" => "形式",
            "large_posters" => COUNT_COLUMNS[0],
            "small_posters" => COUNT_COLUMNS[1],
            "banners" => COUNT_COLUMNS[2],
            "materials" => COUNT_COLUMNS[3],
            "vehicle_trips" => COUNT_COLUMNS[4],
            "beneficiaries" => COUNT_COLUMNS[5],
            "notes" => fazhi_ledger::specs::REMARKS,
            _ => "",
        }
    };
    let mut events = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    for row in &sheet.rows {
        let mut own: Vec<RowError> = Vec::new();
        let held_on = match row.get("日期").trim() {
            "" => None,
            s => match parse_date(s) {
                Ok(d) => Some(d),
                Err(m) => {
                    own.push(RowError::new(row.number, "日期", m));
                    None
                }
            },
        };
        let mut counts = [None; 6];
        for (slot, col) in counts.iter_mut().zip(COUNT_COLUMNS) {
            match parse_count(row.get(col)) {
                Ok(n) => *slot = Some(i64::from(n)),
                Err(m) => own.push(RowError::new(row.number, col, m)),
            }
        }
        let input = EventInput {
            name: row.get("活动名称").to_owned(),
            venue_type: row.get("地点类型").to_owned(),
            themes: split_list(row.get("主题")),
            form: row.get("形式").to_owned(),
            notes: row.get(fazhi_ledger::specs::REMARKS).to_owned(),
            ..EventInput::default()
        };
        match NewPublicityEvent::parse(input.with_counts(counts).draft(held_on), vocab) {
            Ok(e) if own.is_empty() => events.push(e),
            Ok(_) => errors.extend(own),
            Err(domain) => {
                // A cell already reported with the parser's message is not reported twice.
                for (field, msg) in domain {
                    let col = column_of(&field);
                    if !own.iter().any(|o| o.column == col) {
                        own.push(RowError::new(row.number, col, msg));
                    }
                }
                errors.extend(own);
            }
        }
    }
    if errors.is_empty() {
        Ok(events)
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// Imports a read ledger into `org`, all or nothing: every row is checked first and nothing is
/// written unless all are good. The outer error is permission or storage trouble; the inner one
/// lists every bad row. With `dry_run` the rows are checked and counted but not written.
pub async fn import_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    sheet: &Sheet,
    source: &str,
    dry_run: bool,
) -> AppResult<Result<u64, Vec<RowError>>> {
    kit::require_org(caller, Area::Publicity, org, true)?;
    let events = match parse_rows(sheet, &vocabulary_for(app, caller, Some(org)).await?) {
        Ok(e) => e,
        Err(rows) => return Ok(Err(rows)),
    };
    let import = EVENTS.import(source, dry_run, AppError::from);
    let columns = |e: &NewPublicityEvent| store::event_columns(e, None);
    import.write(app, caller, org, &events, columns).await
}

/// The ledger's header row and one row per event of `org`'s subtree (of `year`, if given),
/// oldest first, ready for `fazhi_ledger::write_csv`/`write_xlsx`.
pub async fn export_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: Option<i32>,
) -> AppResult<(Vec<&'static str>, Vec<Vec<String>>)> {
    let items = EVENTS.ledger_set(app, caller, org, year).await?;
    Ok((LEDGER.column_names(), ledger_rows(items)))
}

/// Events as ledger rows (the column order of [`LEDGER`]), oldest first.
fn ledger_rows(mut items: Vec<PublicityEventRow>) -> Vec<Vec<String>> {
    items.reverse();
    items
        .into_iter()
        .map(|e| {
            vec![
                e.held_on.format("%Y-%m-%d").to_string(),
                e.name.clone(),
                e.venue_label().to_owned(),
                e.themes.clone(),
                e.form.clone().unwrap_or_default(),
                e.large_posters.to_string(),
                e.small_posters.to_string(),
                e.banners.to_string(),
                e.materials.to_string(),
                e.vehicle_trips.to_string(),
                e.beneficiaries.to_string(),
            ]
        })
        .collect()
}

/// Exactly the list page's filtered set as a ledger file: its download name and bytes.
pub async fn export_filtered(
    app: &App,
    caller: &Caller,
    q: &EventQuery,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    let list = list_events(app, caller, q, None).await?;
    let rows = ledger_rows(list.items);
    super::register_kit::export_file(super::ledger::Ledger::Publicity, rows, format).await
}
