//! What the case registers that list, import and export the same way (legal consultations and
//! legal-aid referrals) share, so that neither copies the other: the village a record belongs
//! to, a page of a cached-totals list, the village column of an import, and the file of a
//! list's filtered set.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;

use fazhi_ledger::{RowError, SheetRow};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::{orgs, Scope, StorageError, Tx};

use super::Caller;

use super::list_params;
use super::list_totals;

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
        for o in orgs::list(&app.db, &org.scope()).await? {
            ids.insert(o.code.clone(), o.id);
            ids.insert(o.name.clone(), o.id);
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

/// A list's filtered set as a ledger file named `<ledger>-<today>` (`法律咨询台账-2024-03-05.xlsx`).
pub async fn export_file(
    ledger: super::ledger::Ledger,
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
    /// The ledger's name in the import's audit entry (`consultations`).
    const LEDGER: &'static str;

    fn insert_all(
        tx: &mut Tx,
        rows: &[Self],
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
}

/// An import's tail once every row is checked: the rows' errors if any (nothing written), the
/// count for a dry run, otherwise every row written in one transaction with one audit entry.
pub async fn finish_import<R: ImportRows>(
    app: &App,
    caller: &Caller,
    org: &orgs::Org,
    rows: Vec<R>,
    errors: Vec<RowError>,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(rows.len()));
    }
    let mut tx = app.db.begin().await?;
    R::insert_all(&mut tx, &rows).await?;
    super::ledger::audit_import(
        &mut tx,
        &caller.actor(),
        R::REGISTER,
        R::LEDGER,
        org,
        rows.len(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

/// What a list of a register filed by year shows: one year or all, the caller's subtree or one
/// organisation's within it, the valid records or the withdrawn ones.
#[derive(Clone, Copy, Debug, Default)]
pub struct YearQuery<'a> {
    pub year: Option<i32>,
    /// An organisation code within the caller's subtree.
    pub org: Option<&'a str>,
    /// The withdrawn records (作废) instead of the valid ones.
    pub withdrawn: bool,
}

/// Rows under `columns` as an Excel (sheet `sheet`) or CSV file named `<sheet>-<period>`
/// (`对外协议合同台账-2024年.xlsx`), written off the async threads.
pub async fn ledger_file(
    sheet: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<String>>,
    period: Option<i32>,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    let bytes = tokio::task::spawn_blocking(move || match format {
        fazhi_ledger::Format::Csv => Ok(fazhi_ledger::write_csv(columns, &rows)),
        fazhi_ledger::Format::Xlsx => fazhi_ledger::write_xlsx(sheet, columns, &rows, None),
    })
    .await?
    .map_err(crate::error::AppError::internal)?;
    let period = period.map_or_else(|| "全部".to_owned(), |y| format!("{y}年"));
    Ok((format!("{sheet}-{period}.{}", format.extension()), bytes))
}
