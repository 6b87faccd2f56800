//! Reading and writing ledgers end to end, in both formats, with the files towns actually make:
//! title rows, GBK, Excel date cells, stray empty rows.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use fazhi_ledger::specs::{self, DISPUTES, PUBLICITY};
use fazhi_ledger::{
    parse_count, parse_date, read_ledger, split_multi, template, write_csv, write_xlsx, Format,
    LedgerError, RowError, NOTES_SHEET_TITLE,
};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

const TITLE: &str = "西大沟镇矛盾纠纷排查化解台账（2023年）";

fn disputes_csv() -> String {
    [
        &format!("{TITLE},,,,,,,,"),
        "序号,登记日期,所属村,纠纷类型,来源,当事人,调解层级,状态,结案日期",
        "1,2023-03-05,红旗村,邻里纠纷,群众来访,张三、李四,村级,调解成功,2023/3/8",
        "2, 2023年4月1日 ,团结村,婚姻家庭,排查发现,王五,镇级,调解中,",
        ",,,,,,,,",
        "3,2023.5.6,红旗村,土地草场,排查发现,\"赵六,钱七\",村级,已受理,",
        ",,,,,,,,",
        ",,,,,,,,",
        "",
    ]
    .join("\r\n")
}

#[test]
fn utf8_csv_with_bom_and_title_row() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(disputes_csv().as_bytes());
    let sheet = read_ledger(&bytes, Format::Csv, &DISPUTES).unwrap();
    assert_eq!(sheet.header_row, 2);
    assert_eq!(
        sheet.columns,
        [
            "登记日期",
            "所属村",
            "纠纷类型",
            "来源",
            "当事人",
            "调解层级",
            "状态",
            "结案日期"
        ]
    );
    assert!(!sheet.has_column("编号"));
    let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
    assert_eq!(
        numbers,
        [3, 4, 6],
        "empty rows are skipped but still counted"
    );
    let first = &sheet.rows[0];
    assert_eq!(first.get("所属村"), "红旗村");
    assert_eq!(split_multi(first.get("当事人")), ["张三", "李四"]);
    assert_eq!(parse_date(first.get("结案日期")), Ok(date(2023, 3, 8)));
    assert_eq!(first.get("编号"), "", "absent optional column reads blank");
    assert_eq!(first.opt("简要情况"), None);
    let second = &sheet.rows[1];
    assert_eq!(second.get("登记日期"), "2023年4月1日", "cells are trimmed");
    assert_eq!(parse_date(second.get("登记日期")), Ok(date(2023, 4, 1)));
    assert_eq!(second.get("结案日期"), "");
    assert_eq!(split_multi(sheet.rows[2].get("当事人")), ["赵六", "钱七"]);
    assert_eq!(
        parse_date(sheet.rows[2].get("登记日期")),
        Ok(date(2023, 5, 6))
    );
}

#[test]
fn utf8_csv_without_bom() {
    let sheet = read_ledger(disputes_csv().as_bytes(), Format::Csv, &DISPUTES).unwrap();
    assert_eq!(sheet.rows.len(), 3);
}

#[test]
fn gbk_csv_from_excel_on_chinese_windows() {
    let text = disputes_csv();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let sheet = read_ledger(&gbk, Format::Csv, &DISPUTES).unwrap();
    assert_eq!(sheet.header_row, 2);
    assert_eq!(sheet.rows.len(), 3);
    assert_eq!(sheet.rows[0].get("状态"), "调解成功");
    assert_eq!(sheet.rows[1].get("纠纷类型"), "婚姻家庭");
}

#[test]
fn csv_row_numbers_follow_excel() {
    // A blank line is a row in Excel; a quoted cell spanning lines is one row.
    let text = "日期,活动名称,地点类型,形式\n\n2024-01-02,\"宪法宣传\n进村入户\",广场,讲座\n2024-01-03,民法典讲座,村委会,讲座\n";
    let sheet = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap();
    let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [3, 4]);
    assert_eq!(sheet.rows[0].get("活动名称"), "宪法宣传\n进村入户");
}

#[test]
fn tab_separated_text_is_read() {
    let text = "日期\t活动名称\t地点类型\n2024-01-02\t宪法宣传\t广场\n";
    let sheet = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap();
    assert_eq!(sheet.rows[0].get("地点类型"), "广场");
}

#[test]
fn csv_write_then_read_round_trips() {
    let columns = ["日期", "活动名称", "地点类型", "形式", "受益人次"];
    let rows = vec![
        vec![
            "2024-01-02".to_owned(),
            "=HYPERLINK(\"http://x\")".to_owned(),
            "广场".to_owned(),
            "讲座, \"集市\"".to_owned(),
            "-5".to_owned(),
        ],
        vec![
            "2024-01-03".to_owned(),
            "第一行\n第二行".to_owned(),
            "村委会".to_owned(),
            String::new(),
            "120".to_owned(),
        ],
    ];
    let bytes = write_csv(&columns, &rows);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.contains("'=HYPERLINK"),
        "formula escaped for Excel: {text}"
    );
    assert!(text.contains("\r\n"));
    let sheet = read_ledger(&bytes, Format::Csv, &PUBLICITY).unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[0].get("活动名称"), "=HYPERLINK(\"http://x\")");
    assert_eq!(sheet.rows[0].get("形式"), "讲座, \"集市\"");
    assert_eq!(sheet.rows[0].get("受益人次"), "-5");
    assert_eq!(sheet.rows[1].get("活动名称"), "第一行\n第二行");
    assert_eq!(sheet.rows[1].number, 3);
}

#[test]
fn xlsx_round_trip_through_write_xlsx() {
    let columns = DISPUTES.column_names();
    let row = |no: &str, date: &str, amount: &str| -> Vec<String> {
        [
            no,
            date,
            "红旗村",
            "邻里纠纷",
            "群众来访",
            "张三、李四",
            "因宅基地边界发生争执",
            "村级",
            "",
            "调解成功",
            "2024-03-08",
            "书面",
            amount,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let rows = vec![
        row("XDG-2024-001", "2024-03-05", "12000"),
        row("007", "2024-03-06", "1.5万"),
        // The ID-number-like value must stay text, not become 6.5E+17.
        row("650102199001011234", "2024-03-07", ""),
    ];
    let notes = [("状态".to_owned(), "已受理、调解中……".to_owned())];
    let bytes = write_xlsx("纠纷台账", &columns, &rows, Some(&notes)).unwrap();

    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["纠纷台账", NOTES_SHEET_TITLE]);
    let notes_sheet = wb.worksheet_range(NOTES_SHEET_TITLE).unwrap();
    assert_eq!(notes_sheet.get_value((1, 0)).unwrap().to_string(), "状态");

    let sheet = read_ledger(&bytes, Format::Xlsx, &DISPUTES).unwrap();
    assert_eq!(sheet.header_row, 1);
    assert_eq!(sheet.columns, columns);
    assert_eq!(sheet.rows.len(), 3);
    for (read, written) in sheet.rows.iter().zip(&rows) {
        for (col, value) in columns.iter().zip(written) {
            assert_eq!(read.get(col), value, "column {col}");
        }
    }
    assert_eq!(sheet.rows[2].number, 4);
}

#[test]
fn xlsx_with_real_date_cells_title_and_offset() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = CellFormat::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let datetime_format = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    // Title in B1 merged across, header in row 3 starting at column B.
    ws.merge_range(0, 1, 0, 6, TITLE, &CellFormat::new())
        .unwrap();
    for (c, name) in ["序号", "日期", "活动名称", "地点类型", "受益人次", "横幅"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, 1 + c as u16, *name).unwrap();
    }
    ws.write_number(3, 1, 1).unwrap();
    ws.write_datetime_with_format(
        3,
        2,
        ExcelDateTime::from_ymd(2024, 3, 5).unwrap(),
        &date_format,
    )
    .unwrap();
    ws.write_string(3, 3, "宪法宣传周").unwrap();
    ws.write_string(3, 4, "广场").unwrap();
    ws.write_number(3, 5, 60.0).unwrap();
    ws.write_number(3, 6, 2.5).unwrap();
    let with_time = ExcelDateTime::parse_from_str("2024-03-06 14:30:00").unwrap();
    ws.write_datetime_with_format(4, 2, with_time, &datetime_format)
        .unwrap();
    ws.write_string(4, 3, "民法典进村").unwrap();
    ws.write_string(4, 4, "村委会").unwrap();
    // A pre-numbered empty row and formatted empty rows at the end are not data.
    ws.write_number(5, 1, 3).unwrap();
    ws.write_string(7, 3, "").unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    let sheet = read_ledger(&bytes, Format::Xlsx, &PUBLICITY).unwrap();
    assert_eq!(sheet.header_row, 3);
    assert_eq!(sheet.rows.len(), 2);
    let first = &sheet.rows[0];
    assert_eq!(first.number, 4);
    assert_eq!(first.get("日期"), "2024-03-05");
    assert_eq!(parse_date(first.get("日期")), Ok(date(2024, 3, 5)));
    assert_eq!(first.get("受益人次"), "60");
    assert_eq!(parse_count(first.get("受益人次")), Ok(60));
    assert_eq!(first.get("横幅"), "2.5");
    assert!(parse_count(first.get("横幅")).is_err());
    let second = &sheet.rows[1];
    assert_eq!(second.number, 5);
    assert_eq!(second.get("日期"), "2024-03-06 14:30:00");
    assert_eq!(parse_date(second.get("日期")), Ok(date(2024, 3, 6)));
    assert_eq!(parse_count(second.get("受益人次")), Ok(0));
}

#[test]
fn unknown_columns_are_named() {
    // 备注 is a column of every ledger; 负责人 and 经办 are not.
    let text = "日期,活动名称,地点类型,备注,,负责人,经办\n2024-01-02,宣传,广场,,,\n";
    let err = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(
        err,
        LedgerError::UnknownColumns {
            unknown: vec!["负责人".to_owned(), "经办".to_owned()],
            missing: vec![],
        }
    );
    assert!(err
        .to_string()
        .starts_with("表头中有无法识别的列「负责人」「经办」：请在导入页面"));
}

#[test]
fn synonyms_remarks_and_a_mapping_read_a_towns_own_ledger() {
    use fazhi_ledger::{read_ledger_mapped, specs::DISPUTES, ColumnMap};
    // A published 矛盾纠纷排查记录表: synonyms for most columns, two the town made up.
    let text = "西大沟镇矛盾纠纷排查记录表\n\
        序号,排查日期,排查区域/单位,纠纷类别,来源,当事人姓名,对方当事人,矛盾事项,调解层级,化解结果,包案领导,备注\n\
        1,2023-03-01,一村,婚姻家庭纠纷,排查,张三与李四,王五,宅基地,村级,调解中,赵六,已回访\n";
    let err = read_ledger(text.as_bytes(), Format::Csv, &DISPUTES).unwrap_err();
    assert_eq!(
        err,
        LedgerError::UnknownColumns {
            unknown: vec!["对方当事人".to_owned(), "包案领导".to_owned()],
            missing: vec![],
        }
    );
    let map = ColumnMap::from_entries(
        &DISPUTES,
        [
            ("对方当事人", "当事人", false),
            ("包案领导", "", false),
            ("当事人姓名", "当事人", true),
        ],
    )
    .unwrap();
    let sheet = read_ledger_mapped(text.as_bytes(), Format::Csv, &DISPUTES, &map).unwrap();
    let row = &sheet.rows[0];
    assert_eq!(row.number, 3);
    assert_eq!(row.get("登记日期"), "2023-03-01");
    assert_eq!(row.get("所属村"), "一村");
    assert_eq!(row.get("当事人"), "张三、李四、王五");
    assert_eq!(row.get("简要情况"), "宅基地");
    assert_eq!(row.get("状态"), "调解中");
    assert_eq!(row.get("备注"), "已回访");
    assert!(sheet
        .headers
        .iter()
        .any(|h| h.text == "包案领导" && h.column.is_none()));
    // A column the ledger does not have cannot be a target.
    assert!(ColumnMap::from_entries(&DISPUTES, [("包案领导", "领导", false)]).is_err());
}

#[test]
fn unknown_columns_name_the_required_ones_they_may_hold() {
    let text = "日期,活动名称,场地\n2024-01-02,宣传,广场\n";
    let err = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(
        err,
        LedgerError::UnknownColumns {
            unknown: vec!["场地".to_owned()],
            missing: vec!["地点类型".to_owned()],
        }
    );
}

#[test]
fn an_image_renamed_xlsx_is_named_as_such() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = read_ledger(png, Format::Xlsx, &PUBLICITY).unwrap_err();
    assert!(err.to_string().contains("不是 Excel 工作簿"), "{err}");
}

#[test]
fn missing_required_columns_are_named() {
    let text = format!("{TITLE}\n日期,活动名称,形式\n2024-01-02,宣传,讲座\n");
    let err = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(
        err,
        LedgerError::MissingColumns(vec!["地点类型".to_owned()])
    );
    assert_eq!(err.to_string(), "表头缺少必填列「地点类型」，请加上这些列");
}

#[test]
fn duplicate_columns_are_an_error() {
    let text = "日期,活动名称,地点类型,日期\n";
    let err = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert_eq!(err, LedgerError::DuplicateColumns(vec!["日期".to_owned()]));
}

#[test]
fn no_header_at_all() {
    let text = "一,二,三\n1,2,3\n";
    let err = read_ledger(text.as_bytes(), Format::Csv, &PUBLICITY).unwrap_err();
    assert!(matches!(err, LedgerError::NoHeader { .. }));
    assert_eq!(
        err.to_string(),
        "没有找到普法活动台账的表头行：表头应包含「日期」「活动名称」「地点类型」，请使用下载的模板"
    );
}

#[test]
fn header_only_and_empty_files() {
    let sheet = read_ledger(
        "日期,活动名称,地点类型\n,,\n".as_bytes(),
        Format::Csv,
        &PUBLICITY,
    )
    .unwrap();
    assert!(sheet.rows.is_empty());
    assert_eq!(
        read_ledger(b"", Format::Csv, &PUBLICITY),
        Err(LedgerError::EmptyFile)
    );
    assert_eq!(
        read_ledger(b"\xEF\xBB\xBF\r\n,,\r\n", Format::Csv, &PUBLICITY),
        Err(LedgerError::EmptyFile)
    );
}

#[test]
fn not_an_xlsx_file() {
    let err = read_ledger(b"PK not really", Format::Xlsx, &PUBLICITY).unwrap_err();
    assert!(matches!(err, LedgerError::Xlsx(_)), "{err:?}");
    assert!(err.to_string().starts_with("Excel 文件无法读取"));
}

#[test]
fn templates_read_back_empty() {
    for spec in specs::ALL {
        let csv = template(spec, Format::Csv).unwrap();
        let sheet = read_ledger(&csv, Format::Csv, spec).unwrap();
        assert_eq!(sheet.columns, spec.column_names(), "{}", spec.name);
        assert!(sheet.rows.is_empty());

        let xlsx = template(spec, Format::Xlsx).unwrap();
        let sheet = read_ledger(&xlsx, Format::Xlsx, spec).unwrap();
        assert_eq!(sheet.columns, spec.column_names(), "{}", spec.name);
        assert!(sheet.rows.is_empty());

        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&xlsx)).unwrap();
        assert_eq!(wb.sheet_names(), [spec.name, NOTES_SHEET_TITLE]);
        let notes = wb.worksheet_range(NOTES_SHEET_TITLE).unwrap();
        for (i, col) in spec.columns.iter().enumerate() {
            let row = i as u32 + 1;
            assert_eq!(notes.get_value((row, 0)).unwrap().to_string(), col.name);
            let required = if col.required { "必填" } else { "选填" };
            assert_eq!(notes.get_value((row, 1)).unwrap().to_string(), required);
            assert_eq!(notes.get_value((row, 2)).unwrap().to_string(), col.help);
        }
    }
    assert_eq!(specs::by_key("disputes"), Some(&DISPUTES));
    assert_eq!(specs::by_key("普法活动台账"), Some(&PUBLICITY));
    assert_eq!(specs::by_key("nope"), None);
}

#[test]
fn formats_from_file_names() {
    assert_eq!(Format::from_file_name("台账.CSV"), Ok(Format::Csv));
    assert_eq!(
        Format::from_file_name("西大沟镇纠纷台账.xlsx"),
        Ok(Format::Xlsx)
    );
    let err = Format::from_file_name("旧台账.xls").unwrap_err();
    assert!(err.to_string().contains("另存为 .xlsx"), "{err}");
    assert!(Format::from_file_name("无扩展名").is_err());
    assert_eq!(Format::Xlsx.extension(), "xlsx");
}

#[test]
fn row_errors_read_well() {
    let e = RowError::new(12, "登记日期", "日期格式不正确，请写成 2024-03-05");
    assert_eq!(
        e.to_string(),
        "第12行「登记日期」：日期格式不正确，请写成 2024-03-05"
    );
    let whole_row = RowError::new(7, "", "与第5行重复");
    assert_eq!(whole_row.to_string(), "第7行：与第5行重复");
    let all = LedgerError::InvalidRows(vec![e, RowError::new(12, "状态", "x"), whole_row]);
    let text = all.to_string();
    assert!(
        text.starts_with("有2行数据需要修改（共3处），文件未导入："),
        "{text}"
    );
    assert!(text.contains("\n第7行：与第5行重复"));
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
