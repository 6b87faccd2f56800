//! The document model shared by every output format.

use chrono::NaiveDate;

use crate::text::{chinese_date, width_in_zi};
use crate::DocError;

/// An official document (公文) or form: what it says, not how it looks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfficialDocument {
    /// 标题, e.g. `乌苏市西大沟镇法治政府建设工作总结`.
    pub title: String,
    /// 发文字号, e.g. `西政发〔2024〕3号`; printed centred above the title.
    pub doc_number: Option<String>,
    /// 主送机关, e.g. `乌苏市人民政府`; a full-width colon is added when missing.
    pub addressee: Option<String>,
    pub blocks: Vec<Block>,
    pub signature: Option<Signature>,
}

/// One piece of the body.
///
/// Heading texts carry their own numbering (`一、`, `（一）`, `1.`), as staff write them and as
/// the seed report has them. A level-2 or level-3 heading that runs on into its paragraph
/// (`（一）主要做法。一是……`) keeps the heading font up to the first `。` and body type after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `一、…` in 黑体.
    Heading1(String),
    /// `（一）…` in 楷体.
    Heading2(String),
    /// `1. …` in 仿宋 bold.
    Heading3(String),
    /// Body text in 仿宋 with a 2-字 first-line indent; `\n` inside becomes a line break.
    Paragraph(String),
    /// A bordered table. An empty `header` gives a table without a header row (forms such as
    /// a 受理登记表 that are label/value grids); every row then has as many cells as the first.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Lines for hand signatures, e.g. `当事人（签名）：__________`.
    SignatureLines(Vec<String>),
    /// Hand signatures laid out as a borderless table, so that a printed name never breaks
    /// across lines and the block stays on the page of the signature and seal that follow:
    /// each group's role on a line of its own (`当事人（签名、盖章或按指印）：`), then one row a
    /// signatory with the name (empty: a line to write it on) and `年　月　日` to fill in.
    Signatories(Vec<SignatureGroup>),
    PageBreak,
}

/// Signatories of one role on a form, e.g. the parties of a 人民调解协议书.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureGroup {
    /// `当事人（签名、盖章或按指印）`; a full-width colon is added when printed.
    pub role: String,
    /// Printed names; an empty name leaves a line to write one on.
    pub names: Vec<String>,
}

impl SignatureGroup {
    /// The role as printed, with its colon.
    pub fn heading(&self) -> String {
        format!("{}：", self.role.trim().trim_end_matches([':', '：']))
    }

    /// Each name as printed: the name, or a line to write one on.
    pub fn printed_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|n| match n.trim() {
            "" => SIGN_HERE,
            name => name,
        })
    }
}

/// What a signatory without a printed name writes on.
pub const SIGN_HERE: &str = "____________";
/// The date a signatory writes by hand.
pub const SIGN_DATE: &str = "年　月　日";

/// 发文机关署名 and 成文日期.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub organisation: String,
    pub date: NaiveDate,
    /// Text printed where the seal goes, e.g. `（盖章）`. Its presence also selects the sealed
    /// layout of GB/T 9704 §7.3.5.1: date 4 字 from the right, name centred over the date.
    pub seal_note: Option<String>,
}

/// Where the signature lines sit, as right indents in 字 from the right margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SignatureLayout {
    pub organisation: f64,
    pub date: f64,
    pub seal_note: f64,
}

impl Signature {
    /// The date as written on the document (`2024年1月15日`).
    pub fn date_text(&self) -> String {
        chinese_date(self.date)
    }

    pub(crate) fn is_sealed(&self) -> bool {
        self.seal_note.is_some()
    }

    /// GB/T 9704 §7.3.5. Sealed: date 4 字 from the right, name (and note) centred over the
    /// date. Not sealed: name 2 字 from the right and the date starting 2 字 right of the
    /// name's start; a date too long for that sits 2 字 from the right and pushes the name left.
    pub(crate) fn layout(&self) -> SignatureLayout {
        let org_w = width_in_zi(self.organisation.trim());
        let date_w = width_in_zi(&self.date_text());
        let note_w = self
            .seal_note
            .as_deref()
            .map_or(0.0, |n| width_in_zi(n.trim()));
        let centred_over_date = |date: f64, w: f64| (date + (date_w - w) / 2.0).max(0.0);
        if self.is_sealed() {
            SignatureLayout {
                organisation: centred_over_date(4.0, org_w),
                date: 4.0,
                seal_note: centred_over_date(4.0, note_w),
            }
        } else if org_w - date_w >= 2.0 {
            SignatureLayout {
                organisation: 2.0,
                date: org_w - date_w,
                seal_note: 0.0,
            }
        } else {
            SignatureLayout {
                organisation: 2.0 + date_w + 2.0 - org_w,
                date: 2.0,
                seal_note: 0.0,
            }
        }
    }
}

impl OfficialDocument {
    /// Checks what every renderer relies on: a title, and tables whose rows all have the
    /// same number of cells.
    pub fn validate(&self) -> Result<(), DocError> {
        if self.title.trim().is_empty() {
            return Err(DocError::EmptyTitle);
        }
        let tables = self.blocks.iter().filter_map(|b| match b {
            Block::Table { header, rows } => Some((header, rows)),
            _ => None,
        });
        for (t, (header, rows)) in tables.enumerate() {
            let expected = table_columns(header, rows);
            if let Some((r, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != expected) {
                return Err(DocError::TableShape {
                    table: t + 1,
                    row: r + 1,
                    expected,
                    found: row.len(),
                });
            }
        }
        Ok(())
    }
}

/// Number of columns of a table: the header's, or the first row's when there is no header.
pub(crate) fn table_columns(header: &[String], rows: &[Vec<String>]) -> usize {
    if header.is_empty() {
        rows.first().map_or(0, Vec::len)
    } else {
        header.len()
    }
}

/// Splits a run-in heading (`（一）主要做法。一是……`) into the heading part, up to and including
/// the first `。`, and the body text after it. A heading without body text after it returns
/// `(text, "")`.
pub(crate) fn split_run_in(text: &str) -> (&str, &str) {
    match text.find('。') {
        Some(i) => {
            let end = i + '。'.len_utf8();
            let rest = &text[end..];
            if rest.trim().is_empty() {
                (text, "")
            } else {
                (&text[..end], rest)
            }
        }
        None => (text, ""),
    }
}

/// Reads plain text as staff write it (and as the seed report is laid out): one paragraph a
/// line, headings recognised by their numbering (`一、`, `（一）`, `1.`/`1．`/`1、`). Blank lines
/// are dropped. Use it to turn a saved narrative section into blocks.
pub fn parse_blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            if is_heading1(line) {
                Block::Heading1(line.to_owned())
            } else if is_heading2(line) {
                Block::Heading2(line.to_owned())
            } else if is_heading3(line) {
                Block::Heading3(line.to_owned())
            } else {
                Block::Paragraph(line.to_owned())
            }
        })
        .collect()
}

const CHINESE_DIGITS: &str = "一二三四五六七八九十百零";

fn is_heading1(line: &str) -> bool {
    let digits: String = line
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c))
        .collect();
    !digits.is_empty() && line[digits.len()..].starts_with('、')
}

fn is_heading2(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('（') else {
        return false;
    };
    let digits: String = rest
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c))
        .collect();
    !digits.is_empty() && rest[digits.len()..].starts_with('）')
}

fn is_heading3(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    // Three digits or more is a number in a sentence ("2023年…"), not a heading.
    if !(1..=2).contains(&digits) {
        return false;
    }
    let mut rest = line[digits..].chars();
    // "1.5万元" is a number, not a heading.
    matches!(rest.next(), Some('.' | '．' | '、'))
        && !rest.next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_heading_levels() {
        let blocks = parse_blocks(
            "一、2023年法治政府建设情况\n（一）强化组织领导。\n1. 培训\n2．总结\n1.5万元投入\n2023年工作\n\n正文",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading1("一、2023年法治政府建设情况".into()),
                Block::Heading2("（一）强化组织领导。".into()),
                Block::Heading3("1. 培训".into()),
                Block::Heading3("2．总结".into()),
                Block::Paragraph("1.5万元投入".into()),
                Block::Paragraph("2023年工作".into()),
                Block::Paragraph("正文".into()),
            ]
        );
    }

    #[test]
    fn splits_run_in_headings() {
        assert_eq!(
            split_run_in("（一）主要做法。一是学习。"),
            ("（一）主要做法。", "一是学习。")
        );
        assert_eq!(
            split_run_in("（一）强化组织领导。"),
            ("（一）强化组织领导。", "")
        );
        assert_eq!(split_run_in("（六）依法化解"), ("（六）依法化解", ""));
    }

    #[test]
    fn signature_layout_follows_the_standard() {
        let date = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let unsealed = Signature {
            organisation: "乌苏市西大沟镇人民政府".into(),
            date,
            seal_note: None,
        };
        // Name 11 字, date 6.5 字: name 2 字 from the right, date starts 2 字 further right.
        let l = unsealed.layout();
        assert_eq!(l.organisation, 2.0);
        assert_eq!(l.date, 4.5);
        assert_eq!(l.date + 6.5, l.organisation + 11.0 - 2.0);
        let short = Signature {
            organisation: "司法所".into(),
            ..unsealed.clone()
        };
        let l = short.layout();
        assert_eq!(l.date, 2.0);
        assert_eq!(l.organisation + 3.0, 2.0 + 6.5 + 2.0);
        let sealed = Signature {
            seal_note: Some("（盖章）".into()),
            ..short
        };
        let l = sealed.layout();
        assert_eq!(l.date, 4.0);
        // Centres coincide: 4 + 6.5 / 2 = organisation + 3 / 2.
        assert_eq!(l.organisation + 1.5, 4.0 + 3.25);
    }

    #[test]
    fn validation_reports_the_bad_row() {
        let doc = OfficialDocument {
            title: "表".into(),
            blocks: vec![Block::Table {
                header: vec!["村".into(), "起数".into()],
                rows: vec![vec!["一村".into(), "3".into()], vec!["二村".into()]],
            }],
            ..Default::default()
        };
        let err = doc.validate().unwrap_err();
        assert_eq!(err.to_string(), "第1个表格第2行有1列，应为2列");
        let untitled = OfficialDocument::default();
        assert!(matches!(untitled.validate(), Err(DocError::EmptyTitle)));
    }
}
