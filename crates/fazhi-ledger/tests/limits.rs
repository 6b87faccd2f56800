//! What one import may cost: an XLSX that inflates past the limit (a zip bomb), too many rows,
//! too many cells, a shared-strings count meant to make the reader reserve gigabytes — each is
//! refused with a message naming the limit, before the reader holds more than the limit allows
//! (issue #12 item 2; bench/import_limits.py measures the memory).

use std::io::{Cursor, Read, Write};

use fazhi_ledger::specs::PUBLICITY;
use fazhi_ledger::{read_ledger, read_ledger_with, Format, LedgerError, Limits};
use rust_xlsxwriter::Workbook;

const HEADER: [&str; 3] = ["日期", "活动名称", "地点类型"];

/// A real XLSX (header and one row) from rust_xlsxwriter.
fn small_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, name) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *name).unwrap();
    }
    for (c, v) in ["2024-03-05", "宪法宣传周", "广场"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// `xlsx` with the part named `name` rewritten by `edit`, deflated as Excel does.
fn rewrite_part(xlsx: &[u8], name: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut edit = Some(edit);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if entry_name == name {
            let edit = edit.take().unwrap();
            content = edit(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(entry_name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(edit.is_none(), "no part {name}");
    out.finish().unwrap().into_inner()
}

/// The small XLSX with `rows` more copies of its data row: a few MB of XML that deflates to
/// a few KB.
fn xlsx_with_rows(rows: usize) -> Vec<u8> {
    rewrite_part(&small_xlsx(), "xl/worksheets/sheet1.xml", |xml| {
        let row = r#"<row><c t="inlineStr"><is><t>2024-03-05</t></is></c><c t="inlineStr"><is><t>宪法宣传周</t></is></c><c t="inlineStr"><is><t>广场</t></is></c></row>"#;
        xml.replace("</sheetData>", &(row.repeat(rows) + "</sheetData>"))
    })
}

#[test]
fn the_helpers_make_a_readable_file() {
    let sheet = read_ledger(&xlsx_with_rows(3), Format::Xlsx, &PUBLICITY).unwrap();
    assert_eq!(sheet.rows.len(), 4);
    assert_eq!(sheet.rows[3].get("活动名称"), "宪法宣传周");
}

#[test]
fn an_xlsx_that_inflates_past_the_limit_is_refused() {
    // ~15 MB of sheet XML in a file of a few dozen KB.
    let bomb = xlsx_with_rows(100_000);
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    let limits = Limits {
        max_inflated_bytes: 4 * 1024 * 1024,
        ..Limits::DEFAULT
    };
    let err = read_ledger_with(&bomb, Format::Xlsx, &PUBLICITY, &limits).unwrap_err();
    assert_eq!(err, LedgerError::TooLarge(4 * 1024 * 1024));
    assert!(
        err.to_string().starts_with("文件解压后超过 4 MB 上限"),
        "{err}"
    );
    // Within the default limits the same file is read; it is only the limit that refused it.
    let sheet = read_ledger(&bomb, Format::Xlsx, &PUBLICITY).unwrap();
    assert_eq!(sheet.rows.len(), 100_001);
}

#[test]
fn the_default_limit_is_200_mb() {
    assert_eq!(
        LedgerError::TooLarge(Limits::DEFAULT.max_inflated_bytes)
            .to_string()
            .split('，')
            .next(),
        Some("文件解压后超过 200 MB 上限")
    );
}

#[test]
fn rows_past_the_limit_are_refused_in_both_formats() {
    let limits = Limits {
        max_rows: 10,
        ..Limits::DEFAULT
    };
    // Header and nine rows: ten rows read, allowed.
    let mut csv = HEADER.join(",") + "\n";
    csv += &"2024-03-05,宣传,广场\n".repeat(9);
    let sheet = read_ledger_with(csv.as_bytes(), Format::Csv, &PUBLICITY, &limits).unwrap();
    assert_eq!(sheet.rows.len(), 9);
    csv += "2024-03-05,宣传,广场\n";
    let err = read_ledger_with(csv.as_bytes(), Format::Csv, &PUBLICITY, &limits).unwrap_err();
    assert_eq!(err, LedgerError::TooManyRows(10));
    assert_eq!(err.to_string(), "文件超过 10 行上限，请分成几个文件导入");

    let err = read_ledger_with(&xlsx_with_rows(9), Format::Xlsx, &PUBLICITY, &limits).unwrap_err();
    assert_eq!(err, LedgerError::TooManyRows(10));
}

#[test]
fn a_csv_over_200_000_rows_is_refused() {
    let mut csv = HEADER.join(",") + "\n";
    csv += &"2024-03-05,宣传,广场\n".repeat(200_000);
    let err = read_ledger(csv.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(
        err.to_string(),
        "文件超过 200,000 行上限，请分成几个文件导入"
    );
}

#[test]
fn cells_past_the_limit_are_refused_even_empty_ones() {
    let limits = Limits {
        max_cells: 1_000,
        ..Limits::DEFAULT
    };
    // One header and one row, but a thousand empty cells after the row.
    let csv = format!(
        "{}\n2024-03-05,宣传,广场{}\n",
        HEADER.join(","),
        ",".repeat(1_000)
    );
    let err = read_ledger_with(csv.as_bytes(), Format::Csv, &PUBLICITY, &limits).unwrap_err();
    assert_eq!(err, LedgerError::TooManyCells(1_000));
    assert!(
        err.to_string().starts_with("文件超过 1,000 个单元格上限"),
        "{err}"
    );
    let err =
        read_ledger_with(&xlsx_with_rows(400), Format::Xlsx, &PUBLICITY, &limits).unwrap_err();
    assert_eq!(err, LedgerError::TooManyCells(1_000));
}

#[test]
fn a_shared_strings_count_meant_to_exhaust_memory_is_refused() {
    // calamine reserves room for `uniqueCount` strings up front: 10^12 of them would abort
    // the server, so the count is checked against the cell limit first.
    let xlsx = rewrite_part(&small_xlsx(), "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}1000000000000{}", &xml[..at], &xml[end..])
    });
    let err = read_ledger(&xlsx, Format::Xlsx, &PUBLICITY).unwrap_err();
    assert_eq!(err, LedgerError::TooManyCells(Limits::DEFAULT.max_cells));
}

#[test]
fn a_cell_far_to_the_right_costs_nothing() {
    // The whole-range reader made a grid as wide as the farthest cell; cells are read one by
    // one now, and XFD1048576 is just one more cell.
    let xlsx = rewrite_part(&small_xlsx(), "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        )
    });
    let sheet = read_ledger(&xlsx, Format::Xlsx, &PUBLICITY).unwrap();
    assert_eq!(sheet.rows.len(), 1);
}

#[test]
fn a_cell_past_excels_limit_is_refused() {
    let long = "长".repeat(32_768);
    let csv = format!("{}\n2024-03-05,{long},广场\n", HEADER.join(","));
    let err = read_ledger(csv.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(
        err.to_string(),
        "第2行「活动名称」超过 32,767 个字符（Excel 单元格的上限），请核对"
    );
    let fits = format!("{}\n2024-03-05,{},广场\n", HEADER.join(","), &long[3..]);
    assert!(read_ledger(fits.as_bytes(), Format::Csv, &PUBLICITY).is_ok());
}

#[test]
fn a_zip_declaring_a_million_parts_is_refused() {
    // The end-of-central-directory record's entry counts (offsets 8 and 10) set to 60,000:
    // the zip reader would hold the whole directory before anything could be measured.
    let mut xlsx = small_xlsx();
    let at = xlsx.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    xlsx[at + 8..at + 12].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
    let err = read_ledger(&xlsx, Format::Xlsx, &PUBLICITY).unwrap_err();
    assert!(err.to_string().contains("部件过多"), "{err}");
    // A real workbook passes.
    assert!(read_ledger(&small_xlsx(), Format::Xlsx, &PUBLICITY).is_ok());
}
