//! Official documents and charts for fazhi.
//!
//! * [`OfficialDocument`] is one document model (title, 发文字号, 主送机关, body blocks,
//!   signature) rendered three ways: DOCX in the GB/T 9704—2012 layout ([`render_docx`]),
//!   print-ready HTML ([`render_html`]) and Markdown ([`render_markdown`]), so the annual
//!   report and every form come out of the same data.
//! * [`chart`] builds small, dependency-free SVG charts for dashboards, with Chinese labels and
//!   a link from every number to the records behind it.

pub mod chart;
pub mod docx;
mod html;
mod markdown;
mod model;
mod text;

pub use chart::{bar_chart, horizontal_bar_chart, line_chart, Datum};
pub use docx::render_docx;
pub use html::{render_html, render_html_fragment, PRINT_CSS};
pub use markdown::render_markdown;
pub use model::{parse_blocks, Block, OfficialDocument, Signature, SignatureGroup};
pub use text::{chinese_count, chinese_date, escape_xml};

/// What can go wrong while rendering a document. Messages are Chinese because they reach staff.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("公文标题不能为空")]
    EmptyTitle,
    #[error("第{table}个表格第{row}行有{found}列，应为{expected}列")]
    TableShape {
        /// 1-based position of the table among the document's tables.
        table: usize,
        /// 1-based data row (the header is not counted).
        row: usize,
        expected: usize,
        found: usize,
    },
    #[error("生成 DOCX 文件失败：{0}")]
    Pack(#[source] Box<dyn std::error::Error + Send + Sync>),
}
