//! The import page's preview (issue #14 point 5): the parsed rows as they will be stored — the
//! first [`SHOWN_ROWS`] and every row with a problem, each problem beside its cell — the headers
//! that need mapping first, earlier imports of the very same file, and the rows identical to
//! records already kept. Nothing is written.

use std::collections::{BTreeMap, HashSet};

use fazhi_ledger::specs::REMARKS;
use fazhi_ledger::{parse_date, LedgerError, Sheet, SheetRow};
use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::ledger_imports::{self as store, ImportedFile};

use super::ledger::{self, Ledger, ProfileChoice};
use super::Caller;

/// Rows shown from the top of the file.
pub const SHOWN_ROWS: usize = 50;
/// Rows with problems shown at most (each named in `errors` all the same).
const SHOWN_ERROR_ROWS: usize = 1_000;
/// Files larger than this are not compared with the stored records row by row.
const COMPARED_ROWS: usize = 20_000;
/// Nor files spanning more years than this.
const COMPARED_YEARS: usize = 5;

#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Preview {
    /// The ledger's key (`publicity`) and Chinese name.
    pub ledger: String,
    pub ledger_name: String,
    pub org_code: String,
    pub org_name: String,
    pub file_name: String,
    pub sha256: String,
    /// The ledger profile the headers were read with.
    pub profile: Option<String>,
    /// How each header cell was read (`column` empty: ignored).
    pub headers: Vec<HeaderView>,
    /// Headers that are neither a column, a synonym nor mapped: to map before anything else.
    pub unknown: Vec<String>,
    /// Required columns the file lacks (often held by an unknown header).
    pub missing: Vec<String>,
    /// The ledger's columns present in the file, in file order: the preview table's header.
    pub columns: Vec<String>,
    /// Data rows read.
    pub rows: usize,
    pub shown: Vec<PreviewRow>,
    /// Every problem, as 第N行「列」：what to fix.
    pub errors: Vec<String>,
    /// How many rows have a problem.
    pub error_rows: usize,
    /// Rows identical to a record already kept.
    pub identical: Vec<usize>,
    /// Earlier imports of this very file (by SHA-256).
    pub imported_before: Vec<ImportedFile>,
}

impl Preview {
    /// Whether the file may be imported as it is.
    pub fn ready(&self) -> bool {
        self.unknown.is_empty()
            && self.missing.is_empty()
            && self.errors.is_empty()
            && self.rows > 0
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HeaderView {
    pub text: String,
    pub column: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewRow {
    /// The row number as Excel shows it.
    pub number: usize,
    pub cells: Vec<PreviewCell>,
    pub identical: bool,
    /// Problems of the row as a whole (not of one cell).
    pub problems: Vec<String>,
}

impl PreviewRow {
    pub fn has_error(&self) -> bool {
        !self.problems.is_empty() || self.cells.iter().any(|c| !c.error.is_empty())
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewCell {
    /// The value as it will be stored (dates as 2024-03-05).
    pub text: String,
    /// What to fix in this cell; empty when it is good.
    pub error: String,
}

/// The preview of `bytes` (named `file_name`) as `ledger` for `org_code`, read with the
/// organisation's last saved ledger profile. The caller's right is checked first.
pub async fn preview(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    file_name: &str,
    bytes: impl AsRef<[u8]> + Send + 'static,
) -> AppResult<Preview> {
    let (org, profile, read) = ledger::open_file(
        app,
        caller,
        ledger,
        org_code,
        &ProfileChoice::Latest,
        file_name,
        bytes,
    )
    .await?;
    let mut p = Preview {
        ledger: ledger.key().to_owned(),
        ledger_name: ledger.spec().name.to_owned(),
        org_code: org.code.clone(),
        org_name: org.name.clone(),
        file_name: file_name.to_owned(),
        profile,
        imported_before: store::imported_before(&app.db, &caller.scope, ledger.key(), &read.sha256)
            .await?,
        sha256: read.sha256,
        ..Preview::default()
    };
    let sheet = match read.sheet {
        Ok(sheet) => sheet,
        Err(LedgerError::UnknownColumns { unknown, missing }) => {
            p.unknown = unknown;
            p.missing = missing;
            return Ok(p);
        }
        Err(e) => return Err(AppError::field("file", e.to_string())),
    };
    if sheet.rows.is_empty() {
        return Err(AppError::field("file", "文件中没有数据行"));
    }
    p.rows = sheet.rows.len();
    p.columns = sheet.columns.iter().map(|c| (*c).to_owned()).collect();
    p.headers = sheet
        .headers
        .iter()
        .map(|h| HeaderView {
            text: h.text.clone(),
            column: h.column.unwrap_or("").to_owned(),
        })
        .collect();
    let identical = identical_rows(app, caller, ledger, &org, &sheet).await?;
    // The register's own check, as the import runs it (it takes the sheet: disputes keep none
    // of it while they write).
    let checked =
        ledger::check_rows(app, caller, ledger, &org, sheet.clone(), file_name, true).await?;
    let errors = checked.err().unwrap_or_default();
    // Row → column → messages.
    let mut by_row: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for e in &errors {
        by_row
            .entry(e.row)
            .or_default()
            .push((e.column.clone(), e.message.clone()));
    }
    p.errors = errors.iter().map(ToString::to_string).collect();
    p.error_rows = by_row.len();
    let mut error_rows_shown = 0;
    for (i, row) in sheet.rows.iter().enumerate() {
        let problems = by_row.get(&row.number);
        let shown = i < SHOWN_ROWS
            || (problems.is_some() && {
                error_rows_shown += 1;
                error_rows_shown <= SHOWN_ERROR_ROWS
            });
        if shown {
            p.shown.push(preview_row(
                &sheet,
                row,
                problems.map_or(&[][..], Vec::as_slice),
                identical.contains(&row.number),
            ));
        }
    }
    p.identical = {
        let mut v: Vec<usize> = identical.into_iter().collect();
        v.sort_unstable();
        v
    };
    Ok(p)
}

fn preview_row(
    sheet: &Sheet,
    row: &SheetRow,
    problems: &[(String, String)],
    identical: bool,
) -> PreviewRow {
    let cells = sheet
        .columns
        .iter()
        .map(|&c| PreviewCell {
            text: stored(c, row.get(c)),
            error: problems
                .iter()
                .filter(|(col, _)| col == c)
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    // Problems of a column the file does not have (a required cell of a mapped-away column, or
    // the row as a whole) are listed with the row.
    let problems = problems
        .iter()
        .filter(|(col, _)| !sheet.columns.contains(&col.as_str()))
        .map(|(col, m)| {
            if col.is_empty() {
                m.clone()
            } else {
                format!("「{col}」：{m}")
            }
        })
        .collect();
    PreviewRow {
        number: row.number,
        cells,
        identical,
        problems,
    }
}

/// Whether a column holds a date (its cells are shown and compared as 2024-03-05).
fn is_date_column(column: &str) -> bool {
    column.ends_with("日期")
}

/// A cell as it will be stored: dates in one form, multi-valued cells separated by 、.
fn stored(column: &str, text: &str) -> String {
    let text = text.trim();
    if is_date_column(column) && !text.is_empty() {
        if let Ok(d) = parse_date(text) {
            return d.format("%Y-%m-%d").to_string();
        }
    }
    text.replace([',', '，'], "、")
}

/// The columns compared with stored records: not 备注 (not every register exports it) nor the
/// case number (generated when blank).
fn compared(column: &str) -> bool {
    column != REMARKS && column != "编号"
}

/// A cell as compared: stored form, blank counts as 0 where the ledger counts.
fn compared_text(spec: &fazhi_ledger::LedgerSpec, column: &str, text: &str) -> String {
    let v = stored(column, text);
    let counts = spec
        .column(column)
        .is_some_and(|c| c.help.starts_with("非负整数"));
    if v.is_empty() && counts {
        "0".to_owned()
    } else {
        v
    }
}

/// The year a row is filed under, from its first date column (or 年度).
fn row_year(sheet: &Sheet, row: &SheetRow) -> Option<i32> {
    use chrono::Datelike;
    let column = sheet
        .columns
        .iter()
        .find(|c| is_date_column(c) || **c == "年度")?;
    let text = row.get(column);
    if *column == "年度" {
        return text.trim().trim_end_matches('年').parse().ok();
    }
    parse_date(text).ok().map(|d| d.year())
}

/// Row numbers of the file's rows identical (in every compared column the file has) to a valid
/// record already kept in the organisation's subtree, for the years the file covers.
async fn identical_rows(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org: &crate::storage::orgs::Org,
    sheet: &Sheet,
) -> AppResult<HashSet<usize>> {
    let mut found = HashSet::new();
    let mut years: Vec<i32> = sheet
        .rows
        .iter()
        .filter_map(|r| row_year(sheet, r))
        .collect();
    years.sort_unstable();
    years.dedup();
    if sheet.rows.len() > COMPARED_ROWS || years.is_empty() || years.len() > COMPARED_YEARS {
        return Ok(found);
    }
    let spec = ledger.spec();
    // Where each compared column of the file sits in the ledger's (and its export's) order.
    let columns: Vec<(&str, usize)> = sheet
        .columns
        .iter()
        .filter(|c| compared(c))
        .filter_map(|&c| Some((c, spec.columns.iter().position(|s| s.name == c)?)))
        .collect();
    let mut kept: HashSet<Vec<String>> = HashSet::new();
    for y in years {
        for r in ledger::ledger_rows(app, caller, ledger, org, Some(y)).await? {
            kept.insert(
                columns
                    .iter()
                    .map(|&(c, i)| compared_text(spec, c, r.get(i).map_or("", String::as_str)))
                    .collect(),
            );
        }
    }
    for row in &sheet.rows {
        let key: Vec<String> = columns
            .iter()
            .map(|&(c, _)| compared_text(spec, c, row.get(c)))
            .collect();
        if kept.contains(&key) {
            found.insert(row.number);
        }
    }
    Ok(found)
}
