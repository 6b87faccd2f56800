//! The list kit of the registers filed by year, service side (storage side:
//! `storage::year_lists`): one query — year, organisation, withdrawn — read for the caller
//! (their read right, their subtree narrowed to the organisation asked for), a page of the
//! register with the total of the filtered set, a registration in one transaction, and the
//! filtered set written as a spreadsheet. Pages and the API fill the query from their own
//! parameters; an export asks for exactly the same set with no page.

use std::future::Future;
use std::marker::PhantomData;

use fazhi_domain::access::Area;
use fazhi_ledger::{Format, RowError};
use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::db::Row;
use crate::storage::orgs::Org;
use crate::storage::records::Columns;
pub use crate::storage::year_lists::Only;
use crate::storage::year_lists::{YearFilter, YearList};
use crate::storage::{Scope, StorageError};

use super::publicity::{narrowed_scope, target_org};
use super::Caller;

/// One query of a register filed by year, as given (query string, form or API).
#[derive(Clone, Debug, Default)]
pub struct YearQuery {
    pub year: Option<i32>,
    /// An organisation code within the caller's subtree; its whole subtree.
    pub org: Option<String>,
    /// The withdrawn records (作废) instead of the valid ones.
    pub withdrawn: bool,
    /// Only the records one figure counts (a dashboard bar's list), on a register that knows
    /// its figures' conditions ([`YearQuery::resolve_only`]); the others' lists ignore it.
    pub figure: Option<String>,
}

impl YearQuery {
    pub fn filter(&self) -> YearFilter {
        YearFilter {
            year: self.year,
            withdrawn: self.withdrawn,
            only: None,
        }
    }

    /// The same query over the valid records: an export never carries withdrawn ones.
    pub fn valid(&self) -> YearQuery {
        YearQuery {
            withdrawn: false,
            ..self.clone()
        }
    }

    /// The scope the query covers and its filter, once the caller's read right on `area` is
    /// checked (an organisation outside the caller's subtree, or a year outside
    /// `fazhi_domain::RECORD_YEARS`, is a field error).
    pub async fn resolve(
        &self,
        app: &App,
        caller: &Caller,
        area: Area,
    ) -> AppResult<(Scope, YearFilter)> {
        caller.require_read(area)?;
        if let Some(y) = self.year {
            fazhi_domain::record_year(y).map_err(|m| AppError::field("year", m))?;
        }
        let scope = narrowed_scope(app, caller, self.org.as_deref()).await?;
        Ok((scope, self.filter()))
    }

    /// [`YearQuery::resolve`] on a register whose list can show exactly the records of one of
    /// its figures: `only` gives a figure key's condition (none for a key it does not know,
    /// a field error).
    pub async fn resolve_only(
        &self,
        app: &App,
        caller: &Caller,
        area: Area,
        only: fn(&str) -> Option<Only>,
    ) -> AppResult<(Scope, YearFilter)> {
        let (scope, mut f) = self.resolve(app, caller, area).await?;
        f.only = self.only(only)?;
        Ok((scope, f))
    }

    /// The condition of the figure asked for, if any.
    pub fn only(&self, only: fn(&str) -> Option<Only>) -> AppResult<Option<Only>> {
        match self
            .figure
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            None => Ok(None),
            Some(key) => only(key).map(Some).ok_or_else(|| {
                AppError::field(
                    "figure",
                    format!("这份名册不能按数字「{key}」筛选，请从统计图表的链接进入"),
                )
            }),
        }
    }
}

/// A register filed by year as the service reads and writes it: the area whose rights it
/// asks for, and its list in storage; `T` is its row.
pub struct YearRegister<T> {
    pub area: Area,
    pub list: &'static YearList,
    row: PhantomData<fn() -> T>,
}

impl<T: Row + Serialize> YearRegister<T> {
    pub const fn new(area: Area, list: &'static YearList) -> Self {
        YearRegister {
            area,
            list,
            row: PhantomData,
        }
    }

    /// A page (`None`: all) of the records `q` selects, with the total of the filtered set.
    pub async fn page(
        &self,
        app: &App,
        caller: &Caller,
        q: &YearQuery,
        page: Option<(u32, u32)>,
    ) -> AppResult<(Vec<T>, i64)> {
        let (scope, f) = q.resolve(app, caller, self.area).await?;
        Ok(self.list.page(&app.db, &scope, f, page).await?)
    }

    /// Record `id`, if the caller may read the register and their scope reaches it.
    pub async fn get(&self, app: &App, caller: &Caller, id: i64) -> AppResult<T> {
        caller.require_read(self.area)?;
        Ok(self.list.one(&app.db, &caller.scope, id).await?)
    }

    /// Registers a record in the organisation `org` names (the caller's own when `None`), in
    /// one transaction with its audit entry: the write right first, then the organisation,
    /// then `checked` (the record's columns, or what is wrong with the input). `conflict`
    /// turns a unique key's conflict into the register's field error.
    pub async fn register<Fut>(
        &self,
        app: &App,
        caller: &Caller,
        org: Option<&str>,
        checked: impl FnOnce() -> Fut,
        conflict: fn(StorageError) -> AppError,
    ) -> AppResult<T>
    where
        Fut: Future<Output = AppResult<Columns>>,
    {
        caller.require_write(self.area)?;
        let org = target_org(app, caller, org).await?;
        let columns = checked().await?;
        let mut tx = app.db.begin().await?;
        let row = self
            .list
            .register(&mut tx, &caller.actor(), org.id, columns)
            .await
            .map_err(conflict)?;
        tx.commit().await?;
        Ok(row)
    }

    /// The valid records of `org`'s subtree (of `year`, if given) for its ledger file, newest
    /// first, once the caller's read right and scope are checked.
    pub async fn ledger_set(
        &self,
        app: &App,
        caller: &Caller,
        org: &Org,
        year: Option<i32>,
    ) -> AppResult<Vec<T>> {
        require_org(caller, self.area, org, false)?;
        let f = YearFilter {
            year,
            withdrawn: false,
            only: None,
        };
        Ok(self.list.page(&app.db, &org.scope(), f, None).await?.0)
    }

    /// An import's tail (see [`Import`]).
    pub fn import<'a>(
        &'a self,
        source: &'a str,
        dry_run: bool,
        conflict: fn(StorageError) -> AppError,
    ) -> Import<'a> {
        Import {
            list: self.list,
            source,
            dry_run,
            conflict,
        }
    }
}

/// Rows with their header as an Excel sheet `title` or a CSV file.
pub async fn spreadsheet(
    title: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<String>>,
    format: Format,
) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || match format {
        Format::Csv => Ok(fazhi_ledger::write_csv(columns, &rows)),
        Format::Xlsx => fazhi_ledger::write_xlsx(title, columns, &rows, None),
    })
    .await?
    .map_err(AppError::internal)
}

/// Rows under `columns` as an Excel (sheet `sheet`) or CSV file named `<sheet>-<period>`
/// (`调解培训台账-2023年.xlsx`, `…-全部.csv` for every year).
pub async fn ledger_file(
    sheet: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<String>>,
    year: Option<i32>,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let bytes = spreadsheet(sheet, columns, rows, format).await?;
    let period = year.map_or_else(|| "全部".to_owned(), |y| format!("{y}年"));
    Ok((format!("{sheet}-{period}.{}", format.extension()), bytes))
}

/// The caller may read (with `write`: write) `area`, and `org` lies in their subtree (not
/// found otherwise): the checks before a ledger of `org` is read or written.
pub fn require_org(caller: &Caller, area: Area, org: &Org, write: bool) -> AppResult<()> {
    if write {
        caller.require_write(area)?;
    } else {
        caller.require_read(area)?;
    }
    if caller.scope.contains_path(&org.path) {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// The tail of an all-or-nothing ledger import into a register, once every row is checked.
pub struct Import<'a> {
    pub list: &'a YearList,
    /// The file's name, for the import's one audit entry.
    pub source: &'a str,
    /// Count the rows, write nothing.
    pub dry_run: bool,
    /// A unique key's conflict as the register's field error.
    pub conflict: fn(StorageError) -> AppError,
}

impl Import<'_> {
    /// The count for a dry run (or an empty file); otherwise every record written into `org`
    /// in one transaction with one audit entry, and the count written.
    pub async fn write<T: Sync>(
        &self,
        app: &App,
        caller: &Caller,
        org: &Org,
        records: &[T],
        columns: impl Fn(&T) -> Columns + Send + Sync,
    ) -> AppResult<Result<u64, Vec<RowError>>> {
        if self.dry_run || records.is_empty() {
            return Ok(Ok(records.len() as u64));
        }
        let mut tx = app.db.begin().await?;
        let n = self
            .list
            .import(
                &mut tx,
                &caller.actor(),
                org.id,
                records,
                columns,
                self.source,
            )
            .await
            .map_err(self.conflict)?;
        tx.commit().await?;
        Ok(Ok(n))
    }
}

/// The part of `service::revision::Register` that a folder register filed by year writes alike
/// (its row has `id`, `org_id` and a flattened `revision`, and its `YearList` reads one record):
/// where a record sits, its version and state, and the read in scope.
macro_rules! year_list_record {
    ($row:ty, $list:expr) => {
        fn target(r: &$row) -> $crate::storage::revision::Target {
            $list.target(r.id, r.org_id)
        }
        fn version(r: &$row) -> i64 {
            r.revision.version
        }
        fn is_withdrawn(r: &$row) -> bool {
            r.revision.is_withdrawn()
        }
        async fn load(
            on: $crate::storage::db::On<'_>,
            scope: &$crate::storage::Scope,
            id: i64,
        ) -> Result<$row, $crate::storage::StorageError> {
            $list.one(on, scope, id).await
        }
    };
}
pub(crate) use year_list_record;

/// A year register's `list` and `export`, written once: `list` reads a page (`None`: all) of
/// what a [`YearQuery`] selects, with the totals of the whole filtered set (each row masked
/// for a role that may not see personal data, when the register names its `masked`); `export`
/// writes the valid records of that set as the ledger file `<sheet>-2025年.xlsx`. The list
/// page, the API and the export so read the same set. `$store` is the register's store module:
/// its `LIST` (a `YearList`) and its `totals`.
macro_rules! totalled_list {
    (
        $name:ident { items: $row:ty, totals: $totals:ty }, $area:expr, $store:ident
        $(, masked: $masked:path)? $(, figures: $only:path)?;
        ledger: $sheet:literal, $columns:expr, $ledger_row:expr $(,)?
    ) => {
        /// A page of the register with the totals of its whole filtered set.
        pub struct $name {
            pub items: Vec<$row>,
            pub totals: $totals,
        }

        /// The records in the caller's subtree (or `org`'s within it), of one year if given.
        pub async fn list(
            app: &$crate::app::App,
            caller: &$crate::service::Caller,
            q: &$crate::service::year_lists::YearQuery,
            page: Option<(u32, u32)>,
        ) -> $crate::error::AppResult<$name> {
            let (scope, f) = q.resolve(app, caller, $area).await?;
            // A register whose figures link to their records narrows to one figure's records.
            $(
                let mut f = f;
                f.only = q.only($only)?;
            )?
            let (items, _) = $store::LIST.page(&app.db, &scope, f, page).await?;
            let totals = $store::totals(&app.db, &scope, f).await?;
            $(
                let reveal = caller.role.may_see_personal_data();
                let items = items
                    .into_iter()
                    .map(|r| if reveal { r } else { $masked(r) })
                    .collect();
            )?
            Ok($name { items, totals })
        }

        /// The filtered set (its valid records) as an Excel or CSV file, masked as in the list.
        pub async fn export(
            app: &$crate::app::App,
            caller: &$crate::service::Caller,
            q: &$crate::service::year_lists::YearQuery,
            format: fazhi_ledger::Format,
        ) -> $crate::error::AppResult<(String, Vec<u8>)> {
            let list = list(app, caller, &q.valid(), None).await?;
            let rows = list.items.into_iter().map($ledger_row).collect();
            $crate::service::year_lists::ledger_file($sheet, $columns, rows, q.year, format).await
        }
    };
}
pub(crate) use totalled_list;
