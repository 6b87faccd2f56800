use std::fmt;

/// One problem in one cell (or row) of an import, worded for the person who will fix the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row number as shown in Excel (1-based, counting title and header rows).
    pub row: usize,
    /// The column's header name; empty when the problem is the row as a whole.
    pub column: String,
    pub message: String,
}

impl RowError {
    pub fn new(row: usize, column: impl Into<String>, message: impl Into<String>) -> Self {
        RowError {
            row,
            column: column.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "第{}行：{}", self.row, self.message)
        } else {
            write!(f, "第{}行「{}」：{}", self.row, self.column, self.message)
        }
    }
}

impl std::error::Error for RowError {}

/// Why a ledger file could not be read or written. Messages are Chinese and say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LedgerError {
    #[error("不支持的文件类型「{0}」：请上传 .csv 或 .xlsx 文件（.xls 文件请先在 Excel 中另存为 .xlsx）")]
    UnsupportedFormat(String),
    #[error("文件是空的")]
    EmptyFile,
    #[error("CSV 文件无法读取：{0}")]
    Csv(String),
    #[error("Excel 文件无法读取（请确认是 .xlsx 格式且未加密）：{0}")]
    Xlsx(String),
    #[error("文件解压后超过 {} MB 上限，请删去无关的工作表、图片和空白行列，或分成几个文件导入", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("文件超过 {} 行上限，请分成几个文件导入", thousands(*.0))]
    TooManyRows(usize),
    #[error("文件超过 {} 个单元格上限，请删去无关的列和空白单元格，或分成几个文件导入", thousands(*.0))]
    TooManyCells(usize),
    #[error("第{row}行「{column}」超过 32,767 个字符（Excel 单元格的上限），请核对")]
    CellTooLong { row: usize, column: String },
    #[error("Excel 文件中没有工作表")]
    NoWorksheet,
    #[error("没有找到{ledger}的表头行：表头应包含{}，请使用下载的模板", quoted(.expected))]
    NoHeader {
        ledger: String,
        expected: Vec<String>,
    },
    #[error("表头缺少必填列{}，请加上这些列", quoted(.0))]
    MissingColumns(Vec<String>),
    /// Headers that are neither a column, a synonym nor mapped; `missing` lists the required
    /// columns the same row lacks (often the ones the unknown headers hold).
    #[error("{}", unknown_message(.unknown, .missing))]
    UnknownColumns {
        unknown: Vec<String>,
        missing: Vec<String>,
    },
    #[error("表头中有重复的列{}，每列只能出现一次", quoted(.0))]
    DuplicateColumns(Vec<String>),
    #[error("生成文件失败：{0}")]
    Write(String),
    #[error("{}", rows_message(.0))]
    InvalidRows(Vec<RowError>),
}

/// 200000 → 200,000, as limits are written in the messages.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or_default())
        .collect();
    groups.join(",")
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("「{n}」")).collect()
}

fn unknown_message(unknown: &[String], missing: &[String]) -> String {
    let mut out = format!("表头中有无法识别的列{}", quoted(unknown));
    if !missing.is_empty() {
        out.push_str(&format!("，缺少必填列{}", quoted(missing)));
    }
    out.push_str("：请在导入页面把这些列对应到台账的列或标为忽略（命令行用 --profile 使用已保存的对应），或改成模板中的列名");
    out
}

/// How many rows are shown inline; the caller has the full list for a page or a report file.
const ROWS_SHOWN: usize = 20;

fn rows_message(errors: &[RowError]) -> String {
    let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    rows.dedup();
    let mut out = format!(
        "有{}行数据需要修改（共{}处），文件未导入：",
        rows.len(),
        errors.len()
    );
    for e in errors.iter().take(ROWS_SHOWN) {
        out.push('\n');
        out.push_str(&e.to_string());
    }
    if errors.len() > ROWS_SHOWN {
        out.push_str(&format!("\n……另有{}处", errors.len() - ROWS_SHOWN));
    }
    out
}

impl From<rust_xlsxwriter::XlsxError> for LedgerError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        LedgerError::Write(e.to_string())
    }
}
