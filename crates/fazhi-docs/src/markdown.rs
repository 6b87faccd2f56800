//! Markdown of an official document, for the portal's editors and for diffing report drafts.

use crate::model::{Block, OfficialDocument};

/// The document as CommonMark (tables in the GFM pipe syntax). Heading levels shift down by
/// one, since the title is the `#` heading.
pub fn render_markdown(doc: &OfficialDocument) -> String {
    let mut md = String::new();
    if let Some(n) = doc.doc_number.as_deref().filter(|n| !n.trim().is_empty()) {
        md += &format!("{}\n\n", inline(n.trim()));
    }
    md += &format!("# {}\n\n", one_line(doc.title.trim()));
    if let Some(to) = doc.addressee.as_deref().filter(|a| !a.trim().is_empty()) {
        let to = to.trim().trim_end_matches([':', '：']);
        md += &format!("{}：\n\n", inline(to));
    }
    for block in &doc.blocks {
        match block {
            Block::Heading1(t) => md += &format!("## {}\n\n", one_line(t)),
            Block::Heading2(t) => md += &format!("### {}\n\n", one_line(t)),
            Block::Heading3(t) => md += &format!("#### {}\n\n", one_line(t)),
            Block::Paragraph(t) => md += &format!("{}\n\n", paragraph(t)),
            Block::Table { header, rows } => md += &table(header, rows),
            Block::SignatureLines(ls) => {
                for l in ls {
                    md += &format!("{}\n\n", paragraph(l));
                }
            }
            Block::Signatories(groups) => {
                for g in groups {
                    md += &format!("{}\n\n", inline(&g.heading()));
                    for name in g.printed_names() {
                        md += &format!("{}　　{}\n\n", inline(name), crate::model::SIGN_DATE);
                    }
                }
            }
            Block::PageBreak => md += "---\n\n",
        }
    }
    if let Some(sig) = &doc.signature {
        if let Some(note) = sig
            .seal_note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            md += &format!("{}\n\n", inline(note));
        }
        if !sig.organisation.trim().is_empty() {
            md += &format!("{}\n\n", inline(sig.organisation.trim()));
        }
        md += &format!("{}\n", sig.date_text());
    }
    md
}

/// Escapes the characters that Markdown (or HTML inside it) would read as markup.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph whose lines cannot start a list, quote or heading: `1. ` at the start of a
/// line would otherwise turn body text into a numbered list.
fn paragraph(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = inline(l.trim());
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            let rest = &l[digits..];
            if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ") || rest == ".") {
                format!("{}\\{}", &l[..digits], rest)
            } else if l.starts_with(['-', '+', '=']) {
                format!("\\{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
}

fn one_line(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let columns = crate::model::table_columns(header, rows);
    if columns == 0 {
        return String::new();
    }
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| one_line(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    // GFM needs a header row; a form without one gets an empty header.
    let mut md = if header.is_empty() {
        row(&vec![String::new(); columns])
    } else {
        row(header)
    };
    md += &format!("|{}\n", " --- |".repeat(columns));
    for r in rows {
        md += &row(r);
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(inline("a*b*<c>|"), "a\\*b\\*\\<c\\>\\|");
        assert_eq!(paragraph("1. 不是列表"), "1\\. 不是列表");
        assert_eq!(paragraph("- 不是列表"), "\\- 不是列表");
    }
}
