//! Reading a ledger file into rows of trimmed cell text keyed by column name.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{DataRef, Reader, Xlsx};
use encoding_rs::{Encoding, GB18030};

use crate::{ColumnMap, ColumnSpec, Format, LedgerError, LedgerSpec};

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
    /// How each header cell was read, in file order (the preview shows it).
    pub headers: Vec<HeaderCell>,
}

/// One header cell of the file and the column it was read as (`None`: ignored, as 序号 or by
/// the clerk's mapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    pub column: Option<&'static str>,
}

impl Sheet {
    pub fn has_column(&self, name: &str) -> bool {
        self.columns.contains(&name)
    }
}

/// One data row: its number as shown in Excel and the trimmed text of each known column.
///
/// The texts are one string per row, cut at `ends`, with the column names shared by all rows:
/// a 190,000-row ledger held as one `String` per cell took twice the memory (issue #12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based row number as the user sees it in Excel (title and header rows count).
    pub number: usize,
    columns: Arc<[&'static str]>,
    text: Box<str>,
    /// Where each column's text ends in `text`, in `columns` order.
    ends: Box<[usize]>,
}

impl SheetRow {
    fn cell(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The cell's trimmed text; empty if blank or if the column is absent from the file.
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .iter()
            .position(|name| *name == column)
            .map_or("", |i| self.cell(i))
    }

    /// The cell's text, or `None` when blank or absent.
    pub fn opt(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|v| !v.is_empty())
    }

    /// The cells in file order.
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, &str)> {
        (0..self.columns.len()).map(|i| (self.columns[i], self.cell(i)))
    }
}

/// How much one import may read: the file's inflated size (XLSX is a zip of XML, so a 9 MB file
/// can hold gigabytes), its rows and its cells. Checked while reading, so that memory follows
/// these limits and not what the file claims (issue #12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes an XLSX file may inflate to, counted over every entry of its zip.
    pub max_inflated_bytes: u64,
    /// Rows read from the file, title, header and empty rows included.
    pub max_rows: usize,
    /// Cells read from the file, empty and unknown-column cells included.
    pub max_cells: usize,
}

impl Limits {
    /// A county's year of any register fits well inside these.
    pub const DEFAULT: Limits = Limits {
        max_inflated_bytes: 200 * 1024 * 1024,
        max_rows: 200_000,
        max_cells: 4_000_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Reads a ledger within [`Limits::DEFAULT`]. The header row is the first row holding every
/// required column's name; rows above it (titles) are skipped, rows with no text in any known
/// column are dropped.
pub fn read_ledger(bytes: &[u8], format: Format, spec: &LedgerSpec) -> Result<Sheet, LedgerError> {
    read_ledger_with(bytes, format, spec, &Limits::DEFAULT)
}

/// [`read_ledger`] with a clerk's mapping of the file's own headers (a ledger profile).
pub fn read_ledger_mapped(
    bytes: &[u8],
    format: Format,
    spec: &LedgerSpec,
    map: &ColumnMap,
) -> Result<Sheet, LedgerError> {
    read_mapped_with(bytes, format, spec, map, &Limits::DEFAULT)
}

/// [`read_ledger`] with other limits. Rows are read one at a time and only the spec's columns
/// are kept, so a file's unknown or empty cells cost no memory.
pub fn read_ledger_with(
    bytes: &[u8],
    format: Format,
    spec: &LedgerSpec,
    limits: &Limits,
) -> Result<Sheet, LedgerError> {
    read_mapped_with(bytes, format, spec, &ColumnMap::default(), limits)
}

/// [`read_ledger_mapped`] with other limits.
pub fn read_mapped_with(
    bytes: &[u8],
    format: Format,
    spec: &LedgerSpec,
    map: &ColumnMap,
    limits: &Limits,
) -> Result<Sheet, LedgerError> {
    if bytes.is_empty() {
        return Err(LedgerError::EmptyFile);
    }
    if format == Format::Xlsx && !bytes.starts_with(b"PK") {
        // An image or a PDF renamed .xlsx: say so instead of the zip reader's words.
        return Err(LedgerError::Xlsx(
            "这不是 Excel 工作簿（内容不是 .xlsx 格式，可能是图片、PDF 或改了扩展名的其他文件）"
                .to_owned(),
        ));
    }
    let mut builder = Builder::new(spec, map, limits);
    match format {
        Format::Csv => csv_rows(bytes, &mut builder)?,
        Format::Xlsx => xlsx_rows(bytes, limits, &mut builder)?,
    }
    builder.finish()
}

/// The most characters a kept cell may hold: Excel's own limit for a cell, so no real ledger
/// reaches it, and a bound on any one text an import can store (issue #12, Low).
pub const MAX_CELL_CHARS: usize = 32_767;

/// One row's cells as (0-based column index, text), in column order; empty cells may be absent.
type Cells<'a> = [(usize, Cow<'a, str>)];

/// The header row once found: its number, where each known column's text comes from, and the
/// column names every row shares.
struct Header {
    row: usize,
    mapping: Vec<Source>,
    columns: Arc<[&'static str]>,
    cells: Vec<HeaderCell>,
}

/// The file cells one column is read from: one, or several joined with 、 (two columns mapped
/// to the same multi-valued column), each optionally split.
struct Source {
    column: &'static str,
    cells: Vec<(usize, bool)>,
}

/// What a header cell names, by the clerk's mapping first, then the spec.
enum Resolved {
    /// The column, and whether its cells are split.
    Column(&'static ColumnSpec, bool),
    Ignored,
    Unknown,
}

fn resolve(spec: &LedgerSpec, map: &ColumnMap, name: &str) -> Resolved {
    if let Some(m) = map.get(name) {
        return match m.column.and_then(|c| spec.column(c)) {
            Some(col) => Resolved::Column(col, m.split),
            None => Resolved::Ignored,
        };
    }
    if IGNORED_COLUMNS.contains(&name) {
        return Resolved::Ignored;
    }
    match spec.column(name) {
        Some(col) => Resolved::Column(col, false),
        None => Resolved::Unknown,
    }
}

/// A mapped multi-valued cell split into values: 「张三与李四」, 「张三；李四」 → 「张三、李四」.
fn split_values(text: &str) -> String {
    let mut out = text.to_owned();
    for sep in ["与", "及", "；", ";", "，", ",", "/", "／"] {
        out = out.replace(sep, "、");
    }
    out.split('、')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

/// Turns rows, as they are read, into a [`Sheet`]: finds the header, then keeps the known
/// columns of each non-empty row below it.
struct Builder<'s> {
    spec: &'s LedgerSpec,
    map: &'s ColumnMap,
    limits: Limits,
    rows_read: usize,
    cells_read: usize,
    any_text: bool,
    header: Option<Header>,
    /// Until then, how many known columns the row that looks most like a header has, and its
    /// names: they say what is missing if no header is found.
    best: Option<(usize, Vec<String>)>,
    rows: Vec<SheetRow>,
}

impl<'s> Builder<'s> {
    fn new(spec: &'s LedgerSpec, map: &'s ColumnMap, limits: &Limits) -> Self {
        Builder {
            spec,
            map,
            limits: *limits,
            rows_read: 0,
            cells_read: 0,
            any_text: false,
            header: None,
            best: None,
            rows: Vec::new(),
        }
    }

    /// Counts `cells` more cells read; refuses the file past the cell limit.
    fn count_cells(&mut self, cells: usize) -> Result<(), LedgerError> {
        self.cells_read = self.cells_read.saturating_add(cells);
        if self.cells_read > self.limits.max_cells {
            return Err(LedgerError::TooManyCells(self.limits.max_cells));
        }
        Ok(())
    }

    /// One row: its number as shown in Excel and its cells.
    fn row(&mut self, number: usize, cells: &Cells<'_>) -> Result<(), LedgerError> {
        self.rows_read += 1;
        if self.rows_read > self.limits.max_rows {
            return Err(LedgerError::TooManyRows(self.limits.max_rows));
        }
        if !self.any_text {
            self.any_text = cells.iter().any(|(_, c)| !c.trim().is_empty());
        }
        match &self.header {
            Some(Header {
                mapping, columns, ..
            }) => {
                let mut text = String::new();
                let mut ends = Vec::with_capacity(mapping.len());
                for source in mapping {
                    let start = text.len();
                    for &(i, split) in &source.cells {
                        let Some((_, v)) = cells.iter().find(|(c, _)| *c == i) else {
                            continue;
                        };
                        let v = v.trim();
                        if v.len() > MAX_CELL_CHARS && v.chars().count() > MAX_CELL_CHARS {
                            return Err(LedgerError::CellTooLong {
                                row: number,
                                column: source.column.to_owned(),
                            });
                        }
                        let v: Cow<'_, str> = if split {
                            Cow::Owned(split_values(v))
                        } else {
                            Cow::Borrowed(v)
                        };
                        if v.is_empty() {
                            continue;
                        }
                        if text.len() > start {
                            text.push('、');
                        }
                        text.push_str(&v);
                    }
                    ends.push(text.len());
                }
                if !text.is_empty() {
                    self.rows.push(SheetRow {
                        number,
                        columns: Arc::clone(columns),
                        text: text.into_boxed_str(),
                        ends: ends.into_boxed_slice(),
                    });
                }
            }
            None => self.maybe_header(number, cells)?,
        }
        Ok(())
    }

    fn maybe_header(&mut self, number: usize, cells: &Cells<'_>) -> Result<(), LedgerError> {
        let (spec, map) = (self.spec, self.map);
        let mut named: Vec<&'static str> = Vec::new();
        for (_, c) in cells {
            if let Resolved::Column(col, ..) = resolve(spec, map, &header_name(c)) {
                if !named.contains(&col.name) {
                    named.push(col.name);
                }
            }
        }
        let known = named.len();
        let has_required = spec.required_columns().all(|c| named.contains(&c.name));
        if has_required && known > 0 {
            self.header = Some(map_header(number, cells, spec, map)?);
        } else if known > self.best.as_ref().map_or(0, |(k, _)| *k) {
            // The raw cells, so that the error can name the unknown ones as the file writes them.
            let raw = cells.iter().map(|(_, c)| c.trim().to_owned()).collect();
            self.best = Some((known, raw));
        }
        Ok(())
    }

    fn finish(self) -> Result<Sheet, LedgerError> {
        if !self.any_text {
            return Err(LedgerError::EmptyFile);
        }
        let spec = self.spec;
        match (self.header, self.best) {
            (Some(header), _) => Ok(Sheet {
                header_row: header.row,
                columns: header.columns.to_vec(),
                rows: self.rows,
                headers: header.cells,
            }),
            // The row that looks most like a header names what it lacks, and what it has that
            // is not known (often the missing columns under the town's own names).
            (None, Some((_, raw))) => {
                let mut named = Vec::new();
                let mut unknown = Vec::new();
                for text in raw {
                    match resolve(spec, self.map, &header_name(&text)) {
                        Resolved::Column(col, ..) => named.push(col.name),
                        Resolved::Unknown if !text.is_empty() => unknown.push(text),
                        _ => {}
                    }
                }
                let missing = spec
                    .required_columns()
                    .filter(|c| !named.contains(&c.name))
                    .map(|c| c.name.to_owned())
                    .collect();
                if unknown.is_empty() {
                    Err(LedgerError::MissingColumns(missing))
                } else {
                    Err(LedgerError::UnknownColumns { unknown, missing })
                }
            }
            (None, None) => Err(LedgerError::NoHeader {
                ledger: spec.name.to_owned(),
                expected: spec.required_columns().map(|c| c.name.to_owned()).collect(),
            }),
        }
    }
}

/// A header cell as a column name: whitespace (Excel line breaks included) and required-markers
/// removed, so that 「登记\n日期*」 and 「登记日期（必填）」 both name 登记日期.
pub(crate) fn header_name(cell: &str) -> String {
    let mut s: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["（必填）", "(必填)", "（选填）", "(选填)"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_owned();
        }
    }
    s.trim_matches(['*', '＊']).to_owned()
}

/// Where each known column of the header row is read from. Two headers naming one column are
/// joined when the column is multi-valued (两列当事人), otherwise an error.
fn map_header(
    row: usize,
    header: &Cells<'_>,
    spec: &LedgerSpec,
    map: &ColumnMap,
) -> Result<Header, LedgerError> {
    let mut mapping: Vec<Source> = Vec::new();
    let mut unknown = Vec::new();
    let mut duplicate = Vec::new();
    let mut cells = Vec::new();
    for &(i, ref cell) in header {
        let name = header_name(cell);
        if name.is_empty() {
            continue;
        }
        let mut read_as = None;
        match resolve(spec, map, &name) {
            Resolved::Ignored => {}
            Resolved::Unknown => unknown.push(cell.trim().to_owned()),
            Resolved::Column(col, split) => {
                read_as = Some(col.name);
                match mapping.iter_mut().find(|s| s.column == col.name) {
                    Some(source) if col.multi => source.cells.push((i, split)),
                    Some(_) => {
                        if !duplicate.contains(&name) {
                            duplicate.push(name);
                        }
                    }
                    None => mapping.push(Source {
                        column: col.name,
                        cells: vec![(i, split)],
                    }),
                }
            }
        }
        cells.push(HeaderCell {
            text: cell.trim().to_owned(),
            column: read_as,
        });
    }
    if !unknown.is_empty() {
        return Err(LedgerError::UnknownColumns {
            unknown,
            missing: Vec::new(),
        });
    }
    if !duplicate.is_empty() {
        return Err(LedgerError::DuplicateColumns(duplicate));
    }
    let columns = mapping.iter().map(|s| s.column).collect();
    Ok(Header {
        row,
        mapping,
        columns,
        cells,
    })
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

fn csv_rows(bytes: &[u8], builder: &mut Builder<'_>) -> Result<(), LedgerError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    // Excel shows a blank line as a row and a quoted multi-line cell as one row; the csv crate
    // skips blank lines, and its record positions point just past the previous record. So the
    // row number is counted here: line breaks before the record's first byte, less those inside
    // earlier records' cells.
    let bytes = text.as_bytes();
    let (mut cursor, mut breaks, mut embedded_breaks) = (0usize, 0usize, 0usize);
    // One record at a time, reusing its buffer: only the known columns of each row are kept.
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| LedgerError::Csv(csv_error_text(&e)))?
    {
        builder.count_cells(record.len())?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        breaks += bytes[cursor.min(bytes.len())..start.max(cursor).min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        cursor = cursor.max(start);
        let cells: Vec<(usize, Cow<'_, str>)> = record
            .iter()
            .enumerate()
            .map(|(i, c)| (i, unescape_formula(c)))
            .collect();
        builder.row(breaks + 1 - embedded_breaks, &cells)?;
        embedded_breaks += record
            .iter()
            .map(|f| f.matches('\n').count())
            .sum::<usize>();
    }
    Ok(())
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("第{}行格式有误（{e}）", p.line()),
        None => e.to_string(),
    }
}

/// Undoes the `'` that [`crate::write_csv`] puts before cells Excel would run as formulas.
fn unescape_formula(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

// ---------------------------------------------------------------------------------------------
// XLSX

fn xlsx_error(e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Xlsx(e.to_string())
}

/// Reads the first worksheet cell by cell (calamine's streaming reader, not a whole range), one
/// row at a time, after [`check_zip`] has measured what the file inflates to.
fn xlsx_rows(bytes: &[u8], limits: &Limits, builder: &mut Builder<'_>) -> Result<(), LedgerError> {
    check_zip(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(LedgerError::NoWorksheet)?;
    let mut reader = workbook
        .worksheet_cells_reader(&first)
        .map_err(xlsx_error)?;
    let mut current: Option<u32> = None;
    let mut row: Vec<(usize, Cow<'_, str>)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        builder.count_cells(1)?;
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(previous) = current {
                builder.row(previous as usize + 1, &row)?;
            }
            row.clear();
            current = Some(r);
        }
        let text = cell_text(cell.get_value());
        if !text.is_empty() {
            row.push((c as usize, text));
        }
    }
    if let Some(previous) = current {
        builder.row(previous as usize + 1, &row)?;
    }
    Ok(())
}

/// An XLSX file is a zip of XML parts: a few megabytes can inflate to gigabytes (a zip bomb).
/// Every entry is inflated here through a small buffer, counting the bytes it really yields
/// (the sizes the zip declares are not trusted), and the file is refused past the limit before
/// calamine reads anything. calamine also reserves room for as many shared strings as the
/// shared-strings part's `uniqueCount` says, so that number is checked too.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), LedgerError> {
    check_entry_count(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let mut inflated: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(xlsx_error)?;
        let shared_strings = entry.name().is_ok_and(|n| n.ends_with("sharedStrings.xml"));
        let mut entry = Capped {
            inner: entry,
            read: &mut inflated,
            limit: limits.max_inflated_bytes,
        };
        if shared_strings {
            if let Some(n) = unique_count(&mut entry)? {
                if n > limits.max_cells as u64 {
                    return Err(LedgerError::TooManyCells(limits.max_cells));
                }
            }
        }
        std::io::copy(&mut entry, &mut std::io::sink()).map_err(|e| capped_error(&e))?;
    }
    Ok(())
}

/// The most entries an XLSX zip may declare: a workbook has a few dozen parts. The zip reader
/// holds a few hundred bytes per entry of the central directory, and a 64 MB upload can
/// declare a million of them.
const MAX_ZIP_ENTRIES: u64 = 10_000;

/// Refuses a zip whose end-of-central-directory records (every candidate in the tail, as a zip
/// reader may fall back from one to another) declare more than [`MAX_ZIP_ENTRIES`] entries.
fn check_entry_count(bytes: &[u8]) -> Result<(), LedgerError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    let too_many = || xlsx_error("文件中的部件过多，不是正常的 Excel 文件");
    let u16_at = |at: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let u64_at = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    // The record is 22 bytes and its comment at most 65,535.
    let tail = bytes.len().saturating_sub(22 + 65_535);
    for at in (tail..bytes.len().saturating_sub(3)).rev() {
        // A record of this one-disk archive: its disk numbers are 0. Compressed data that
        // happens to hold the signature almost never passes this too.
        if &bytes[at..at + 4] != EOCD || u16_at(at + 4) != Some(0) || u16_at(at + 6) != Some(0) {
            continue;
        }
        let entries = u16_at(at + 10)
            .unwrap_or(0)
            .max(u16_at(at + 8).unwrap_or(0));
        if entries < 0xFFFF {
            if entries > MAX_ZIP_ENTRIES {
                return Err(too_many());
            }
            continue;
        }
        // ZIP64: the locator just before the record points at the 64-bit record.
        let zip64_entries = at
            .checked_sub(20)
            .filter(|&l| bytes.get(l..l + 4) == Some(ZIP64_LOCATOR))
            .and_then(|l| u64_at(l + 8))
            .and_then(|offset| usize::try_from(offset).ok())
            .filter(|&r| bytes.get(r..r + 4) == Some(ZIP64_EOCD))
            .and_then(|r| Some(u64_at(r + 32)?.max(u64_at(r + 24)?)));
        match zip64_entries {
            Some(n) if n <= MAX_ZIP_ENTRIES => {}
            _ => return Err(too_many()),
        }
    }
    Ok(())
}

/// The error of a [`Capped`] reader: the limit, or the zip's own.
fn capped_error(e: &std::io::Error) -> LedgerError {
    match e.get_ref().and_then(|e| e.downcast_ref::<LedgerError>()) {
        Some(limit) => limit.clone(),
        None => xlsx_error(e),
    }
}

/// Counts what `inner` yields into `read`, and fails once it passes `limit`.
struct Capped<'a, R> {
    inner: R,
    read: &'a mut u64,
    limit: u64,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.read += n as u64;
        if *self.read > self.limit {
            return Err(std::io::Error::other(LedgerError::TooLarge(self.limit)));
        }
        Ok(n)
    }
}

const SHARED_STRINGS_HEAD: u64 = 1024 * 1024;

/// The `uniqueCount` of the shared-strings part's `<sst>` element, read as calamine reads it;
/// `None` if absent. A count that is not a number is refused like a count that is too high.
fn unique_count(part: &mut impl Read) -> Result<Option<u64>, LedgerError> {
    // The element opens the part; a part that hides it behind a megabyte of anything else is
    // not from Excel, and would make this reader buffer that much.
    let head = part.take(SHARED_STRINGS_HEAD);
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(head));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let Some(count) = e.try_get_attribute("uniqueCount").map_err(xlsx_error)? else {
                    return Ok(None);
                };
                return Ok(Some(count.value.trim().parse().unwrap_or(u64::MAX)));
            }
            Ok(quick_xml::events::Event::Eof) => {
                return Err(xlsx_error("共享字符串部分（sharedStrings.xml）格式异常"))
            }
            Ok(_) => {}
            Err(quick_xml::Error::Io(e)) => return Err(capped_error(&e)),
            Err(e) => return Err(xlsx_error(e)),
        }
    }
}

fn cell_text<'a>(cell: &DataRef<'a>) -> Cow<'a, str> {
    Cow::Owned(match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => return Cow::Borrowed(s),
        DataRef::String(s) => s.clone(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::DateTime(dt) => number_text(dt.as_f64()),
        DataRef::DateTimeIso(s) => s
            .strip_suffix("T00:00:00")
            .unwrap_or(s)
            .replacen('T', " ", 1),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    })
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
    fn mapped_cells_are_split() {
        assert_eq!(split_values("张三与李四"), "张三、李四");
        assert_eq!(split_values("张三； 李四，王五"), "张三、李四、王五");
        assert_eq!(split_values("张三"), "张三");
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
