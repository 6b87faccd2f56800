//! The towns' ledgers (台账) in and out: CSV (UTF-8 or GBK, with or without BOM) and XLSX.
//!
//! This crate knows sheets, header rows and cell text, not registers: it finds the header row by
//! the column names a [`LedgerSpec`] lists, hands back trimmed cell text per row with the row number
//! the user sees in Excel, and offers the small parsers importers share ([`parse_date`],
//! [`parse_count`], [`split_multi`]). Turning rows into records, and the all-or-nothing import,
//! belong to the caller, which reports problems as [`RowError`]s.

mod error;
mod parse;
mod read;
mod spec;
pub mod specs;
mod write;

pub use error::{LedgerError, RowError};
pub use parse::{parse_amount_fen, parse_count, parse_date, split_multi, MAX_COUNT, YEARS};
pub use read::{
    read_ledger, read_ledger_mapped, read_ledger_with, read_mapped_with, HeaderCell, Limits, Sheet,
    SheetRow, IGNORED_COLUMNS, MAX_CELL_CHARS,
};
pub use spec::{ColumnMap, ColumnSpec, Format, LedgerSpec, Mapped};
pub use write::{
    template, template_with_choices, write_csv, write_xlsx, CODES_SHEET_TITLE, NOTES_SHEET_TITLE,
};
