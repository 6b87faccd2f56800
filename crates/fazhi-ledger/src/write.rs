//! Writing ledgers (exports) and blank templates.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, ExcelDateTime, Format as CellFormat, Formula,
    Workbook, Worksheet,
};

use crate::{ColumnSpec, Format, LedgerError, LedgerSpec};

/// The name of the second sheet that explains how to fill in a ledger.
pub const NOTES_SHEET_TITLE: &str = "填写说明";

/// Excel's limit on the text in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// CSV in UTF-8 with a BOM (without it Excel on Chinese Windows reads UTF-8 as GBK and shows
/// mojibake) and CRLF line ends.
pub fn write_csv(columns: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
        writer.write_record(columns).expect("CSV into memory");
        for row in rows {
            writer
                .write_record(row.iter().map(|c| escape_formula(c)))
                .expect("CSV into memory");
        }
        writer.flush().expect("CSV into memory");
    }
    out
}

/// Excel runs a CSV cell starting with `=`, `+`, `-` or `@` as a formula, so text typed by the
/// public could run in an officer's Excel. Such cells get a leading `'`, which the reader removes;
/// plain numbers such as `-5` are left alone.
fn escape_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// An XLSX workbook: one sheet with a bold, frozen, filterable header row and columns sized to
/// their content, plus a 「填写说明」 sheet when `notes` are given (pairs of item and explanation).
///
/// `YYYY-MM-DD` cells are written as real dates and short whole numbers (at most 9 digits, no
/// leading zero) as numbers, so that Excel sorts and sums them; everything else — ID numbers and
/// phone numbers included — is text.
pub fn write_xlsx(
    sheet_title: &str,
    columns: &[&str],
    rows: &[Vec<String>],
    notes: Option<&[(String, String)]>,
) -> Result<Vec<u8>, LedgerError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_data_sheet(sheet, sheet_title, columns, &[], rows)?;
    if let Some(notes) = notes {
        let notes: Vec<Vec<String>> = notes
            .iter()
            .map(|(item, text)| vec![item.clone(), text.clone()])
            .collect();
        write_notes_sheet(workbook.add_worksheet(), &["项目", "说明"], &notes)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A blank ledger to fill in: the header row; in XLSX required columns' headers are red and the
/// notes sheet lists every column, whether it is required, and what to write in it.
pub fn template(spec: &LedgerSpec, format: Format) -> Result<Vec<u8>, LedgerError> {
    template_with_choices(spec, format, &[])
}

/// The name of the sheet that holds the code lists a template's drop-downs offer.
pub const CODES_SHEET_TITLE: &str = "代码表";

/// Rows of a template that carry the drop-down lists.
const CHOICE_ROWS: u32 = 5_000;

/// [`template`], with a drop-down list in XLSX for each `(column, codes)` given: the codes are
/// written to a 「代码表」 sheet that the validation refers to (an inline list is capped at 255
/// characters). Another value only draws a warning, since an alias is accepted on import too.
pub fn template_with_choices(
    spec: &LedgerSpec,
    format: Format,
    choices: &[(&str, Vec<String>)],
) -> Result<Vec<u8>, LedgerError> {
    let columns = spec.column_names();
    if format == Format::Xlsx && !choices.is_empty() {
        let required: Vec<bool> = spec.columns.iter().map(|c| c.required).collect();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        write_data_sheet(sheet, spec.name, &columns, &required, &[])?;
        for (i, (column, codes)) in choices.iter().enumerate() {
            let Some(col) = columns.iter().position(|c| c == column) else {
                continue;
            };
            if codes.is_empty() {
                continue;
            }
            let letter = column_letter(i);
            let range = format!(
                "='{CODES_SHEET_TITLE}'!${letter}$2:${letter}${}",
                codes.len() + 1
            );
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message(format!(
                    "「{column}」不在代码表中；如果是代码的另一种叫法（别名），导入时也会被接受"
                ))?;
            sheet.add_data_validation(1, col_num(col)?, CHOICE_ROWS, col_num(col)?, &validation)?;
        }
        let codes = workbook.add_worksheet();
        codes.set_name(CODES_SHEET_TITLE)?;
        for (i, (column, list)) in choices.iter().enumerate() {
            let c = col_num(i)?;
            codes.write_string(0, c, *column)?;
            for (r, code) in list.iter().enumerate() {
                let r = u32::try_from(r + 1).map_err(|_| LedgerError::Write("代码过多".into()))?;
                codes.write_string(r, c, code)?;
            }
        }
        write_notes_sheet(
            workbook.add_worksheet(),
            &["列名", "是否必填", "填写要求"],
            &template_notes(spec.columns),
        )?;
        return Ok(workbook.save_to_buffer()?);
    }
    match format {
        Format::Csv => Ok(write_csv(&columns, &[])),
        Format::Xlsx => {
            let required: Vec<bool> = spec.columns.iter().map(|c| c.required).collect();
            let mut workbook = Workbook::new();
            write_data_sheet(
                workbook.add_worksheet(),
                spec.name,
                &columns,
                &required,
                &[],
            )?;
            write_notes_sheet(
                workbook.add_worksheet(),
                &["列名", "是否必填", "填写要求"],
                &template_notes(spec.columns),
            )?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

fn template_notes(columns: &[ColumnSpec]) -> Vec<Vec<String>> {
    let mut notes: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            let required = if c.required { "必填" } else { "选填" };
            vec![c.name.to_owned(), required.to_owned(), c.help.to_owned()]
        })
        .collect();
    notes.push(Vec::new());
    for (item, text) in [
        (
            "表头",
            "请勿修改表头中的列名；列的顺序可以调整；表头上方可以保留标题行；红色列名为必填列。",
        ),
        (
            "日期",
            "写成 2024-03-05，也可写 2024/3/5、2024年3月5日，或使用 Excel 的日期格式。",
        ),
        (
            "多个值",
            "一格中有多个值时，用顿号「、」或逗号分隔，如：张三、李四。",
        ),
        ("数量", "填 0 或正整数；不填按 0 计。"),
        (
            "导入",
            "导入时会逐行检查，任何一行有误都不会导入，并列出每处错误的行号、列名和修改方法。",
        ),
    ] {
        notes.push(vec![item.to_owned(), String::new(), text.to_owned()]);
    }
    notes
}

/// Sheet names may not exceed 31 characters or contain `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let name = name.trim().trim_matches('\'').to_owned();
    if name.is_empty() {
        "Sheet1".to_owned()
    } else {
        name
    }
}

fn write_data_sheet(
    sheet: &mut Worksheet,
    title: &str,
    columns: &[&str],
    required: &[bool],
    rows: &[Vec<String>],
) -> Result<(), LedgerError> {
    sheet.set_name(sheet_name(title))?;
    let header = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let required_header = header.clone().set_font_color(Color::RGB(0xC00000));
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");

    let mut widths: Vec<usize> = columns.iter().map(|c| display_width(c)).collect();
    for (col, name) in columns.iter().enumerate() {
        let format = if required.get(col).copied().unwrap_or(false) {
            &required_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, col_num(col)?, *name, format)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| LedgerError::Write("行数过多".to_owned()))?;
        for (col, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let c = col_num(col)?;
            if let Some(dt) = as_date(value) {
                sheet.write_datetime_with_format(r, c, dt, &date)?;
            } else if let Some(n) = as_number(value) {
                sheet.write_number(r, c, n)?;
            } else {
                sheet.write_string(r, c, truncate(value))?;
            }
            if widths.len() <= col {
                widths.resize(col + 1, 0);
            }
            widths[col] = widths[col].max(display_width(value));
        }
    }
    for (col, width) in widths.iter().enumerate() {
        // Room for the filter button, and a cap so a long summary does not make a huge column.
        let width = (width + 4).clamp(10, 50);
        sheet.set_column_width(col_num(col)?, width as f64)?;
    }
    if !columns.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last_row, col_num(columns.len() - 1)?)?;
    }
    Ok(())
}

fn write_notes_sheet(
    sheet: &mut Worksheet,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<(), LedgerError> {
    sheet.set_name(NOTES_SHEET_TITLE)?;
    let bold = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let wrap = CellFormat::new().set_text_wrap();
    for (col, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(col)?, *name, &bold)?;
    }
    let last = header.len().saturating_sub(1);
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| LedgerError::Write("行数过多".to_owned()))?;
        for (col, value) in row.iter().enumerate() {
            if col == last {
                sheet.write_string_with_format(r, col_num(col)?, truncate(value), &wrap)?;
            } else {
                sheet.write_string(r, col_num(col)?, truncate(value))?;
            }
        }
    }
    for col in 0..last {
        let width = rows
            .iter()
            .filter_map(|row| row.get(col))
            .map(|v| display_width(v))
            .chain(header.get(col).map(|h| display_width(h)))
            .max()
            .unwrap_or(0);
        sheet.set_column_width(col_num(col)?, (width + 2).clamp(8, 30) as f64)?;
    }
    sheet.set_column_width(col_num(last)?, 80)?;
    Ok(())
}

/// The column letter of a small column index (A–Z; the code lists are a handful).
fn column_letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

fn col_num(col: usize) -> Result<u16, LedgerError> {
    u16::try_from(col).map_err(|_| LedgerError::Write("列数过多".to_owned()))
}

fn truncate(value: &str) -> String {
    if value.chars().count() <= MAX_CELL_CHARS {
        value.to_owned()
    } else {
        value
            .chars()
            .take(MAX_CELL_CHARS - 1)
            .chain(['…'])
            .collect()
    }
}

/// Column width in Excel units: CJK and other wide characters take two.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(|line| line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum())
        .max()
        .unwrap_or(0)
}

fn as_date(value: &str) -> Option<ExcelDateTime> {
    let b = value.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let year: u16 = value[..4].parse().ok()?;
    // Excel has no dates before 1900.
    if year < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(year, value[5..7].parse().ok()?, value[8..].parse().ok()?).ok()
}

fn as_number(value: &str) -> Option<f64> {
    let b = value.as_bytes();
    let plain = !b.is_empty()
        && b.len() <= 9
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1);
    plain
        .then(|| value.parse::<u32>().ok().map(f64::from))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_escape() {
        assert_eq!(escape_formula("=1+1"), "'=1+1");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("-5"), "-5");
        assert_eq!(escape_formula("张三"), "张三");
    }

    #[test]
    fn cell_kinds() {
        assert!(as_date("2024-03-05").is_some());
        assert!(as_date("2024-02-30").is_none());
        assert!(as_date("2024-3-5").is_none());
        assert_eq!(as_number("60"), Some(60.0));
        assert_eq!(as_number("0"), Some(0.0));
        assert_eq!(as_number("007"), None);
        assert_eq!(as_number("13812345678"), None);
        assert_eq!(as_number("1.5"), None);
    }

    #[test]
    fn templates_offer_the_code_lists_as_drop_downs() {
        let choices = [(
            "纠纷类型",
            vec!["草场纠纷".to_owned(), "土地纠纷".to_owned()],
        )];
        let xlsx = template_with_choices(&crate::specs::DISPUTES, Format::Xlsx, &choices).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        assert!(sheet.contains("dataValidation"), "{sheet}");
        assert!(sheet.contains("代码表"), "{sheet}");
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("土地纠纷"), "{strings}");
    }

    #[test]
    fn sheet_names() {
        assert_eq!(sheet_name("纠纷台账"), "纠纷台账");
        assert_eq!(sheet_name("2024/03"), "2024_03");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"台".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("登记日期"), 8);
        assert_eq!(display_width("第一行\n第二行很长"), 10);
    }
}
