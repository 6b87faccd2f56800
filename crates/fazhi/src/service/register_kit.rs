//! What the case registers that list, import and export the same way (legal consultations and
//! legal-aid referrals) share, so that neither copies the other: the village a record belongs
//! to, the list ([`CaseRegister`]: its query-string filters, cached totals, a page, the records
//! linked to a case, the ledger export), the village column of an import and the import's tail.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::ops::Deref;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_ledger::{parse_date, RowError, Sheet, SheetRow};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::case_lists::{self, CaseList, Filter};
use crate::storage::{orgs, Scope, StorageError, Tx};

use super::ledger::Ledger;
use super::list_params::{self, some};
use super::list_totals;
use super::totals_cache::TotalsCache;
use super::Caller;

/// The village with this code in `scope` (blank: none), or a field error under `village`.
pub async fn village_in(
    app: &App,
    scope: &Scope,
    code: &str,
    errors: &mut BTreeMap<String, String>,
) -> AppResult<Option<orgs::Org>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let found = orgs::by_code_in(&app.db, scope, code).await?;
    if found.is_none() {
        errors.insert("village".into(), format!("找不到所属村「{code}」"));
    }
    Ok(found)
}

/// An optional identifier as entered (blank: none), checked by `parse` or a field error.
pub fn optional_id<E: ToString>(
    errors: &mut BTreeMap<String, String>,
    field: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<String, E>,
) -> Option<String> {
    match value.trim() {
        "" => None,
        v => parse(v)
            .map_err(|e| errors.insert(field.into(), e.to_string()))
            .ok(),
    }
}

/// One page of a filtered list and the totals of the whole set.
pub struct ListResult<I, T> {
    pub items: Vec<I>,
    pub totals: T,
    pub page: u32,
    pub per_page: u32,
}

/// The page asked for (`page`, `per_page` as typed) of a set whose `totals` are known (and
/// hold `total` records); `read(limit, offset)` reads its rows, and is not called for a page
/// past the last record.
pub async fn page_of<R, I, T, Fut>(
    page: &Option<String>,
    per_page: &Option<String>,
    totals: T,
    total: impl FnOnce(&T) -> i64,
    read: impl FnOnce(i64, i64) -> Fut,
    item: impl FnMut(R) -> I,
) -> AppResult<ListResult<I, T>>
where
    Fut: Future<Output = Result<Vec<R>, StorageError>>,
{
    let (page, per_page) = list_params::paging(page, per_page);
    let offset = i64::from(page - 1) * i64::from(per_page);
    let rows = if list_totals::page_has_rows(offset, total(&totals)) {
        read(i64::from(per_page), offset).await?
    } else {
        Vec::new()
    };
    Ok(ListResult {
        items: rows.into_iter().map(item).collect(),
        totals,
        page,
        per_page,
    })
}

/// The villages (and other units) of an import's organisation, by code and by name, for the
/// ledger's 所属村 column.
pub struct ImportVillages {
    ids: HashMap<String, i64>,
    org_name: String,
}

impl ImportVillages {
    pub async fn load(app: &App, org: &orgs::Org) -> AppResult<ImportVillages> {
        let mut ids = HashMap::new();
        // A switched-off village takes no new records (issue 14 point 2).
        for o in orgs::list(&app.db, &org.scope())
            .await?
            .into_iter()
            .filter(|o| o.active)
        {
            ids.insert(o.code.clone(), o.id);
            ids.insert(o.name.clone(), o.id);
        }
        // A village's code before a recode still names it (issue 14 point 2).
        for (code, id) in orgs::former_codes_in(&app.db, &org.scope()).await? {
            if ids.values().any(|v| *v == id) {
                ids.entry(code).or_insert(id);
            }
        }
        Ok(ImportVillages {
            ids,
            org_name: org.name.clone(),
        })
    }

    /// The row's 所属村 (blank: none), or a row error naming what it may be.
    pub fn of(&self, row: &SheetRow, errors: &mut Vec<RowError>) -> Option<i64> {
        let v = row.opt("所属村")?;
        let found = self.ids.get(v).copied();
        if found.is_none() {
            errors.push(RowError::new(
                row.number,
                "所属村",
                format!(
                    "找不到「{v}」：应为{}所辖村（社区）的名称或代码",
                    self.org_name
                ),
            ));
        }
        found
    }
}

/// A case list's filters as they come from a query string (blank means "any"): those every case
/// register has, and the register's own (`more`, also reached through `Deref`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ListParams<M> {
    pub year: Option<String>,
    /// Code of a village or town: its records only.
    pub org: Option<String>,
    #[serde(flatten)]
    pub more: M,
    /// `1`: the withdrawn records (作废记录) instead of the valid ones.
    pub withdrawn: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl<M> Deref for ListParams<M> {
    type Target = M;

    fn deref(&self) -> &M {
        &self.more
    }
}

/// A case register's own list filters as typed.
pub trait OwnFilters {
    /// The checked filters in storage.
    type Checked;

    /// The filters in the list address's order (between the organisation and `withdrawn`).
    fn pairs(&self) -> Vec<(&'static str, &Option<String>)>;

    /// The checked filters, or field errors for values that cannot match.
    fn check(&self, errors: &mut BTreeMap<String, String>) -> Self::Checked;
}

impl<M: OwnFilters> ListParams<M> {
    /// The query string of these filters (for pagination and export links).
    pub fn query_string(&self, page: Option<u32>) -> String {
        let mut pairs = vec![("year", &self.year), ("org", &self.org)];
        pairs.extend(self.more.pairs());
        pairs.push(("withdrawn", &self.withdrawn));
        list_params::query_string(&pairs, &self.per_page, page)
    }
}

/// A case register's list, export and links to a case, as the services share them; implemented
/// on the register's storage list.
pub trait CaseRegister: CaseList + Sized {
    /// Who may read it.
    const AREA: Area;
    /// The name its version (against which list totals are cached) is kept under.
    const VERSION: &'static str;
    const LEDGER: Ledger;
    /// A list line as shown.
    type Item;
    /// Its own list filters as typed.
    type Params: OwnFilters<Checked = Self::More> + Sync;

    fn totals_cache(app: &App) -> &TotalsCache<Self::Totals>;
    /// The number of records the totals count.
    fn total(totals: &Self::Totals) -> i64;
    /// The record with its personal data masked, as every list shows it.
    fn masked(row: Self::Row) -> Self::Row;
    /// A list line (masked).
    fn item(row: Self::Row) -> Self::Item;
    /// The record in the ledger's columns.
    fn ledger_row(row: Self::Row) -> Vec<String>;
}

/// The filtered set's totals, counted once per version of the register.
async fn cached_totals<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    f: &Filter<R::More>,
) -> AppResult<R::Totals>
where
    R::Totals: Clone,
{
    list_totals::cached(
        &app.db,
        R::totals_cache(app),
        R::VERSION,
        &caller.scope,
        f,
        || case_lists::totals::<R>(&app.db, &caller.scope, f),
    )
    .await
}

/// Rows `offset..offset + limit` of the filtered set (masked) and the set's total.
pub async fn list<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    f: Filter<R::More>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<R::Row>, i64)>
where
    R::Totals: Clone,
{
    caller.require_read(R::AREA)?;
    let total = R::total(&cached_totals::<R>(app, caller, &f).await?);
    let rows = if list_totals::page_has_rows(offset, total) {
        case_lists::page::<R>(&app.db, &caller.scope, &f, limit, offset).await?
    } else {
        Vec::new()
    };
    Ok((rows.into_iter().map(R::masked).collect(), total))
}

/// The storage filter of a list's query string, refusing values that cannot match.
async fn filter<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    p: &ListParams<R::Params>,
) -> AppResult<Filter<R::More>> {
    let mut errors = BTreeMap::new();
    let f = Filter {
        year: list_params::year(&mut errors, &p.year),
        under: list_params::under(app, caller, &mut errors, &p.org).await?,
        dispute_id: None,
        withdrawn: some(&p.withdrawn) == Some("1"),
        more: p.more.check(&mut errors),
    };
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(AppError::invalid(errors))
    }
}

/// One page of the filtered list (masked, as in every list) and the totals of the set.
pub async fn search<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    p: &ListParams<R::Params>,
) -> AppResult<ListResult<R::Item, R::Totals>>
where
    R::Totals: Clone,
{
    caller.require_read(R::AREA)?;
    let f = filter::<R>(app, caller, p).await?;
    let totals = cached_totals::<R>(app, caller, &f).await?;
    let read = |limit, offset| case_lists::page::<R>(&app.db, &caller.scope, &f, limit, offset);
    page_of(&p.page, &p.per_page, totals, R::total, read, R::item).await
}

/// The records linked to a dispute the caller may see (none for a role that may not read the
/// register).
pub async fn for_dispute<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    dispute_id: i64,
) -> AppResult<Vec<R::Item>> {
    if !caller.role.can_read(R::AREA) {
        return Ok(Vec::new());
    }
    let f = Filter {
        dispute_id: Some(dispute_id),
        ..Filter::default()
    };
    let rows = case_lists::page::<R>(&app.db, &caller.scope, &f, 100, 0).await?;
    Ok(rows.into_iter().map(R::item).collect())
}

/// The ledger rows of a year's records under `under` (the ledger export).
pub async fn export_rows<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    under: &orgs::Org,
    year: Option<i32>,
) -> AppResult<Vec<Vec<String>>> {
    caller.require_read(R::AREA)?;
    let f = Filter {
        year,
        under: Some(under.scope()),
        ..Filter::default()
    };
    ledger_rows::<R>(app, caller, &f).await
}

/// The filtered set in ledger columns, oldest first (the order of a paper ledger).
async fn ledger_rows<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    f: &Filter<R::More>,
) -> AppResult<Vec<Vec<String>>> {
    let rows = case_lists::all::<R>(&app.db, &caller.scope, f).await?;
    Ok(rows.into_iter().map(R::ledger_row).collect())
}

/// The list's filtered set as a ledger file (`法律咨询台账-2024-03-05.xlsx`).
pub async fn export_filtered<R: CaseRegister>(
    app: &App,
    caller: &Caller,
    p: &ListParams<R::Params>,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    caller.require_read(R::AREA)?;
    let f = filter::<R>(app, caller, p).await?;
    let rows = ledger_rows::<R>(app, caller, &f).await?;
    export_file(R::LEDGER, rows, format).await
}

/// A list's filtered set as a ledger file named `<ledger>-<today>` (`法律咨询台账-2024-03-05.xlsx`).
pub(crate) async fn export_file(
    ledger: Ledger,
    rows: Vec<Vec<String>>,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    let name = format!(
        "{}-{}",
        ledger.spec().name,
        super::deadlines::today().format("%Y-%m-%d")
    );
    super::ledger::write(ledger, name, rows, format).await
}

/// The rows of a case register's ledger import, written together (the import is audited once).
pub trait ImportRows: Sized + Sync {
    /// The audit log's name for a record of the register (`consultation`).
    const REGISTER: &'static str;
    /// The ledger (its key names it in the import's audit entry, its area is the right needed).
    const LEDGER: Ledger;
    /// The column of the record's date.
    const DATE: &'static str;
    /// The columns a row must fill, with the message when one is blank.
    const REQUIRED: [(&'static str, &'static str); 2];

    /// The record of a checked row of `date`, in `village` (if any) and of `org_id` (the
    /// village, else the import's organisation).
    fn of_row(row: &SheetRow, date: NaiveDate, org_id: i64, village: Option<i64>) -> Self;

    fn insert_all(
        tx: &mut Tx,
        rows: &[Self],
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// Checks every row of a case register's ledger for `org` (its date, village and required
/// columns): the rows' errors if any (nothing written), the count for a dry run, otherwise every
/// row written in one transaction with one audit entry.
pub async fn import_rows<R: ImportRows>(
    app: &App,
    caller: &Caller,
    org: &orgs::Org,
    sheet: &Sheet,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    caller.require_write(R::LEDGER.area())?;
    let villages = ImportVillages::load(app, org).await?;
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        let n = row.number;
        let date = parse_date(row.get(R::DATE))
            .map_err(|m| errors.push(RowError::new(n, R::DATE, m)))
            .ok();
        let village = villages.of(row, &mut errors);
        for (column, message) in R::REQUIRED {
            if row.get(column).is_empty() {
                errors.push(RowError::new(n, column, message));
            }
        }
        if let Some(date) = date {
            rows.push(R::of_row(row, date, village.unwrap_or(org.id), village));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(rows.len()));
    }
    let mut tx = app.db.begin().await?;
    // A slice at a time, so a large import reports its progress.
    let mut written = 0;
    for slice in rows.chunks(super::ledger::WRITE_SLICE) {
        R::insert_all(&mut tx, slice).await?;
        written += slice.len();
        super::ledger::progress(written, rows.len());
    }
    super::ledger::audit_import(
        &mut tx,
        &caller.actor(),
        R::REGISTER,
        R::LEDGER.spec().key,
        org,
        rows.len(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}
