//! Reading a ledger file into rows of trimmed cell text keyed by column name.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use encoding_rs::{Encoding, GB18030};

use crate::{Format, LedgerError, LedgerSpec};

/// Header cells accepted in every ledger and ignored: the row numbers towns put in column A.
pub const IGNORED_COLUMNS: &[&str] = &["序号"];

/// The data rows of a ledger, below its header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The header row's number as shown in Excel (1-based).
    pub header_row: usize,
    /// The spec's columns present in the file, in file order; optional columns may be absent.
    pub columns: Vec<&'static str>,
    /// Non-empty rows in file order.
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    pub fn has_column(&self, name: &str) -> bool {
        self.columns.contains(&name)
    }
}

/// One data row: its number as shown in Excel and the trimmed text of each known column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based row number as the user sees it in Excel (title and header rows count).
    pub number: usize,
    cells: Vec<(&'static str, String)>,
}

impl SheetRow {
    /// The cell's trimmed text; empty if blank or if the column is absent from the file.
    pub fn get(&self, column: &str) -> &str {
        self.cells
            .iter()
            .find(|(name, _)| *name == column)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The cell's text, or `None` when blank or absent.
    pub fn opt(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|v| !v.is_empty())
    }

    /// The cells in file order.
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.cells.iter().map(|(n, v)| (*n, v.as_str()))
    }
}

/// A raw row: its Excel row number and cell texts (untrimmed, unmapped).
type RawRow = (usize, Vec<String>);

/// Reads a ledger. The header row is the first row holding every required column's name; rows
/// above it (titles) are skipped, rows with no text in any known column are dropped.
pub fn read_ledger(bytes: &[u8], format: Format, spec: &LedgerSpec) -> Result<Sheet, LedgerError> {
    if bytes.is_empty() {
        return Err(LedgerError::EmptyFile);
    }
    let grid = match format {
        Format::Csv => csv_rows(bytes)?,
        Format::Xlsx => xlsx_rows(bytes)?,
    };
    if grid
        .iter()
        .all(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()))
    {
        return Err(LedgerError::EmptyFile);
    }
    let header_index = find_header(&grid, spec)?;
    let (header_row, header) = &grid[header_index];
    let mapping = map_header(header, spec)?;

    let rows = grid[header_index + 1..]
        .iter()
        .filter_map(|(number, cells)| {
            let cells: Vec<(&'static str, String)> = mapping
                .iter()
                .map(|&(i, name)| {
                    let value = cells.get(i).map_or("", |c| c.trim());
                    (name, value.to_owned())
                })
                .collect();
            let blank = cells.iter().all(|(_, v)| v.is_empty());
            (!blank).then_some(SheetRow {
                number: *number,
                cells,
            })
        })
        .collect();

    Ok(Sheet {
        header_row: *header_row,
        columns: mapping.iter().map(|&(_, name)| name).collect(),
        rows,
    })
}

/// A header cell as a column name: whitespace (Excel line breaks included) and required-markers
/// removed, so that 「登记\n日期*」 and 「登记日期（必填）」 both name 登记日期.
fn header_name(cell: &str) -> String {
    let mut s: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["（必填）", "(必填)", "（选填）", "(选填)"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_owned();
        }
    }
    s.trim_matches(['*', '＊']).to_owned()
}

fn find_header(grid: &[RawRow], spec: &LedgerSpec) -> Result<usize, LedgerError> {
    let mut best: Option<(usize, usize)> = None; // (index, known columns)
    for (index, (_, cells)) in grid.iter().enumerate() {
        let names: Vec<String> = cells.iter().map(|c| header_name(c)).collect();
        let known = spec
            .columns
            .iter()
            .filter(|c| names.iter().any(|n| n == c.name))
            .count();
        let has_required = spec
            .required_columns()
            .all(|c| names.iter().any(|n| n == c.name));
        if has_required && known > 0 {
            return Ok(index);
        }
        if known > best.map_or(0, |(_, k)| k) {
            best = Some((index, known));
        }
    }
    match best {
        // The row that looks most like a header names what it lacks.
        Some((index, _)) => {
            let names: Vec<String> = grid[index].1.iter().map(|c| header_name(c)).collect();
            let missing = spec
                .required_columns()
                .filter(|c| !names.iter().any(|n| n == c.name))
                .map(|c| c.name.to_owned())
                .collect();
            Err(LedgerError::MissingColumns(missing))
        }
        None => Err(LedgerError::NoHeader {
            ledger: spec.name.to_owned(),
            expected: spec.required_columns().map(|c| c.name.to_owned()).collect(),
        }),
    }
}

/// Cell index → column name for every known column of the header row.
fn map_header(
    header: &[String],
    spec: &LedgerSpec,
) -> Result<Vec<(usize, &'static str)>, LedgerError> {
    let mut mapping = Vec::new();
    let mut unknown = Vec::new();
    let mut duplicate = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let name = header_name(cell);
        if name.is_empty() || IGNORED_COLUMNS.contains(&name.as_str()) {
            continue;
        }
        match spec.column(&name) {
            Some(col) if mapping.iter().any(|&(_, n)| n == col.name) => {
                if !duplicate.contains(&name) {
                    duplicate.push(name);
                }
            }
            Some(col) => mapping.push((i, col.name)),
            None => unknown.push(cell.trim().to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(LedgerError::UnknownColumns(unknown));
    }
    if !duplicate.is_empty() {
        return Err(LedgerError::DuplicateColumns(duplicate));
    }
    Ok(mapping)
}

// ---------------------------------------------------------------------------------------------
// CSV

/// UTF-8 (BOM or not), UTF-16 with BOM (Excel's 「Unicode 文本」), otherwise GB18030, the superset
/// of the GBK that Excel on Chinese Windows writes.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => GB18030.decode_without_bom_handling(bytes).0,
    }
}

/// Tab when the first lines hold more tabs than commas (Excel's tab-separated text), else comma.
fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect();
    let tabs = head.matches('\t').count();
    let commas = head.matches(',').count();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<RawRow>, LedgerError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Excel shows a blank line as a row and a quoted multi-line cell as one row; the csv crate
    // skips blank lines, and its record positions point just past the previous record. So the
    // row number is counted here: line breaks before the record's first byte, less those inside
    // earlier records' cells.
    let bytes = text.as_bytes();
    let (mut cursor, mut breaks, mut embedded_breaks) = (0usize, 0usize, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| LedgerError::Csv(csv_error_text(&e)))?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        breaks += bytes[cursor..start.max(cursor)]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        cursor = cursor.max(start);
        let cells: Vec<String> = record.iter().map(unescape_formula).collect();
        rows.push((breaks + 1 - embedded_breaks, cells));
        embedded_breaks += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
    }
    Ok(rows)
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("第{}行格式有误（{e}）", p.line()),
        None => e.to_string(),
    }
}

/// Undoes the `'` that [`crate::write_csv`] puts before cells Excel would run as formulas.
fn unescape_formula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// XLSX

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<RawRow>, LedgerError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| LedgerError::Xlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(LedgerError::NoWorksheet)?
        .map_err(|e| LedgerError::Xlsx(e.to_string()))?;
    // The range starts at the first used cell, which need not be A1.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect()))
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .strip_suffix("T00:00:00")
            .unwrap_or(s)
            .replacen('T', " ", 1),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it in a General cell: integers without `.0`, and at most 15
/// significant digits so that 0.1 + 0.2 reads 0.3.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(60.0), "60");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1200.5), "1200.5");
        // An ID number typed as a number keeps 15 digits, as in Excel; its check then fails.
        assert_eq!(number_text(650102199001011234.0), "650102199001011000");
    }

    #[test]
    fn header_names_are_forgiving() {
        assert_eq!(header_name(" 登记\n日期 "), "登记日期");
        assert_eq!(header_name("登记日期*"), "登记日期");
        assert_eq!(header_name("＊登记日期"), "登记日期");
        assert_eq!(header_name("登记日期（必填）"), "登记日期");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("\u{FEFF}表头".as_bytes()), "表头");
        let (gbk, _, _) = GB18030.encode("表头");
        assert_eq!(decode(&gbk), "表头");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "表头".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), "表头");
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3"), b'\t');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
    }
}
