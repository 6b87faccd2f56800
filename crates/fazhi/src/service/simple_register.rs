//! The service half of the small folder registers that are nothing but a form and a list filed
//! by year (the leadership registers of issue #19: meetings, work rules, budget lines, leading
//! groups): registration in one transaction, the list with the total of the filtered set, the
//! export of exactly that set, and the kit's edit through the same check. A register states
//! its list, its check and its ledger once in [`SimpleRegister`]; everything else is here, so
//! four registers that look alike are one piece (`web::pages::simple_list` is the page half).

use std::future::Future;

use fazhi_ledger::Format;
use serde::Serialize;

use super::publicity::target_org;
use super::revision::Register;
use super::year_lists::{ledger_file, YearQuery, YearRegister};
use super::Caller;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::db::Row;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;
use crate::storage::Tx;

/// A register on the kit that is a form and a list filed by year.
pub trait SimpleRegister: Register<Record: Row + Serialize + Clone> {
    /// The register in storage (table, select, year, order).
    const LIST: &'static YearList;
    /// The export's sheet and file name, e.g. 法治建设会议台账.
    const SHEET: &'static str;
    /// The ledger's columns, in the order of [`SimpleRegister::ledger_row`].
    const LEDGER_COLUMNS: &'static [&'static str];

    fn ledger_row(record: Self::Record) -> Vec<String>;

    /// The organisation code a registration names (the caller's own when `None`).
    fn org_of(input: &Self::Input) -> Option<String>;

    /// The register's validation for organisation `org_id` (registration and edit alike): the
    /// links an input names are looked up in the caller's scope here.
    fn validate(
        app: &App,
        caller: &Caller,
        org_id: i64,
        input: Self::Input,
    ) -> impl Future<Output = AppResult<Self::Valid>> + Send;

    /// A valid record's own columns, as its INSERT and its UPDATE write them.
    fn columns(valid: &Self::Valid) -> Columns;
}

fn register<R: SimpleRegister>() -> YearRegister<R::Record> {
    YearRegister::new(R::AREA, R::LIST)
}

/// A page (`None`: all) of the records `q` selects for the caller, as they may see them, with
/// the total of the filtered set.
pub async fn list<R: SimpleRegister>(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<R::Record>, i64)> {
    let (items, total) = register::<R>().page(app, caller, q, page).await?;
    Ok((items.into_iter().map(R::present).collect(), total))
}

/// Registers a record: the write right, then the organisation (in the caller's subtree), then
/// the register's checks, in one transaction with its audit entry.
pub async fn create<R: SimpleRegister>(
    app: &App,
    caller: &Caller,
    input: R::Input,
) -> AppResult<R::Record> {
    let org = R::org_of(&input);
    let checked = || async {
        let target = target_org(app, caller, org.as_deref()).await?;
        Ok(R::columns(
            &R::validate(app, caller, target.id, input).await?,
        ))
    };
    let row = register::<R>()
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await?;
    Ok(R::present(row))
}

/// The filtered set (its valid records) as an Excel or CSV file: `<SHEET>-2023年.xlsx`.
pub async fn export<R: SimpleRegister>(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let (items, _) = list::<R>(app, caller, &q.valid(), None).await?;
    let rows = items.into_iter().map(R::ledger_row).collect();
    ledger_file(R::SHEET, R::LEDGER_COLUMNS, rows, q.year, format).await
}

/// `Register::write` of a simple register: its columns replaced (the kit claimed the version).
pub async fn write<R: SimpleRegister>(tx: &mut Tx, id: i64, valid: &R::Valid) -> AppResult<()> {
    Ok(R::LIST.update(tx, id, R::columns(valid)).await?)
}

/// An optional date as a form shows it (blank when there is none).
pub fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The parts of `Register` every simple register writes alike, given its row, its `YearList`
/// and its `input_of`: where a record sits and its state (`year_list_record!`), its input, its
/// edit checked as a registration in its own organisation, and its write.
macro_rules! simple_register {
    ($row:ty, $list:expr, $input_of:path) => {
        $crate::service::year_lists::year_list_record!($row, $list);

        async fn current_input(
            _app: &$crate::app::App,
            r: &$row,
        ) -> $crate::error::AppResult<Self::Input> {
            Ok($input_of(r))
        }

        async fn check(
            app: &$crate::app::App,
            caller: &$crate::service::Caller,
            before: &$row,
            input: Self::Input,
        ) -> $crate::error::AppResult<Self::Valid> {
            <Self as $crate::service::simple_register::SimpleRegister>::validate(
                app,
                caller,
                before.org_id,
                input,
            )
            .await
        }

        async fn write(
            tx: &mut $crate::storage::Tx,
            before: &$row,
            v: &Self::Valid,
        ) -> $crate::error::AppResult<()> {
            $crate::service::simple_register::write::<Self>(tx, before.id, v).await
        }
    };
}
pub(crate) use simple_register;
