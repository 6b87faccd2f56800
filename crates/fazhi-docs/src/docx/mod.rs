//! DOCX in the GB/T 9704—2012 layout, written with docx-rs.
//!
//! Every run carries its font and size directly rather than through a style sheet: a document
//! pasted into another office's template keeps its look, and WPS and LibreOffice, which read
//! styles differently from Word, show the same thing.

mod fonts;
pub mod layout;

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableAlignmentType, TableCell, TableCellMargins, TableRow,
    VAlignType, WidthType,
};

use crate::model::{
    split_run_in, table_columns, Block, OfficialDocument, Signature, SignatureGroup, SIGN_DATE,
};
use crate::text::{width_in_zi, xml_safe};
use crate::DocError;
use layout::*;

/// Renders the document as a DOCX file (the bytes of the ZIP package).
pub fn render_docx(doc: &OfficialDocument) -> Result<Vec<u8>, DocError> {
    doc.validate()?;
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP as i32)
                .bottom(MARGIN_BOTTOM as i32)
                .left(MARGIN_LEFT as i32)
                .right(MARGIN_RIGHT as i32)
                .header(HEADER_DISTANCE as i32)
                .footer(FOOTER_DISTANCE as i32)
                .gutter(0),
        )
        // charSpace is relative to the default size, so the default must be 三号.
        .default_size(BODY_SIZE)
        .default_fonts(fonts::chinese(fonts::BODY))
        // Odd pages right, even pages left (the even footer also turns on
        // w:evenAndOddHeaders in settings.xml).
        .footer(page_number_footer(true))
        .even_footer(page_number_footer(false));
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::LinesAndChars)
            .line_pitch(LINE_PITCH as usize)
            .char_space(CHAR_SPACE as isize),
    );

    for p in front_matter(doc) {
        docx = docx.add_paragraph(p);
    }
    for block in &doc.blocks {
        if let Block::Table { header, rows } = block {
            docx = docx.add_table(table(header, rows));
            // Word merges two adjacent tables; an empty line keeps them apart.
            docx = docx.add_paragraph(body_paragraph());
        } else if let Block::Signatories(groups) = block {
            // One empty line before; the table itself keeps with what follows.
            docx = docx.add_paragraph(body_paragraph());
            docx = docx.add_table(signatories(groups));
        } else {
            for p in block_paragraphs(block) {
                docx = docx.add_paragraph(p);
            }
        }
    }
    if let Some(sig) = &doc.signature {
        for p in signature(sig) {
            docx = docx.add_paragraph(p);
        }
    }

    let mut xml = docx.build();
    xml.font_table = fonts::font_table_xml();
    xml.document = references_first(&xml.document);
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| DocError::Pack(Box::new(e)))?;
    Ok(out.into_inner())
}

/// docx-rs writes `w:footerReference` after `w:docGrid`, but the schema (CT_SectPr) puts
/// header and footer references first in `w:sectPr`, and strict readers go by the schema.
/// Moves them to the front; the XML is otherwise untouched.
fn references_first(document: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let Some(start) = xml.rfind("<w:sectPr>") else {
        return document.to_vec();
    };
    let body_start = start + "<w:sectPr>".len();
    let Some(end) = xml[body_start..]
        .find("</w:sectPr>")
        .map(|i| body_start + i)
    else {
        return document.to_vec();
    };
    let inner = &xml[body_start..end];
    // docx-rs writes only self-closing children here; anything else is left as it is.
    let elements: Vec<String> = inner
        .split_inclusive("/>")
        .map(|e| e.trim().to_owned())
        .collect();
    if elements
        .iter()
        .any(|e| !e.starts_with('<') || !e.ends_with("/>") || e[1..].contains('<'))
    {
        return document.to_vec();
    }
    let (refs, rest): (Vec<String>, Vec<String>) = elements.into_iter().partition(|e| {
        e.starts_with("<w:headerReference ") || e.starts_with("<w:footerReference ")
    });
    let (refs, rest) = (refs.concat(), rest.concat());
    format!("{}{refs}{rest}{}", &xml[..body_start], &xml[end..]).into_bytes()
}

/// A run of text in the given face and size. `\n` becomes a line break.
fn run(text: &str, fonts: RunFonts, size: usize) -> Run {
    let mut r = Run::new().fonts(fonts).size(size);
    for (i, line) in xml_safe(text).split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line.trim_end_matches('\r'));
    }
    r
}

/// An empty body-type paragraph: one grid line.
fn body_paragraph() -> Paragraph {
    Paragraph::new()
        .fonts(fonts::chinese(fonts::BODY))
        .size(BODY_SIZE)
        .line_spacing(exact_line())
}

/// Fixed line height equal to the grid pitch: 22 lines a page whatever font Word falls back to
/// (a substitute with tall ascenders would otherwise take two grid lines).
fn exact_line() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH as i32)
        .before(0)
        .after(0)
}

/// A justified body paragraph with the 2-字 first-line indent.
fn indented() -> Paragraph {
    body_paragraph()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(zi(2.0))),
            None,
            None,
        )
        .widow_control(true)
}

/// 发文字号, title and 主送机关.
fn front_matter(doc: &OfficialDocument) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(number) = doc.doc_number.as_deref().filter(|n| !n.trim().is_empty()) {
        out.push(body_paragraph().align(AlignmentType::Center).add_run(run(
            number.trim(),
            fonts::chinese(fonts::BODY),
            BODY_SIZE,
        )));
        out.push(body_paragraph());
    }
    out.push(
        body_paragraph()
            .align(AlignmentType::Center)
            .keep_next(true)
            .add_run(run(
                doc.title.trim(),
                fonts::chinese(fonts::TITLE),
                TITLE_SIZE,
            )),
    );
    // 主送机关 (or the body) starts one empty line below the title.
    out.push(body_paragraph());
    if let Some(to) = doc.addressee.as_deref().filter(|a| !a.trim().is_empty()) {
        let to = to.trim().trim_end_matches([':', '：']);
        out.push(body_paragraph().add_run(run(
            &format!("{to}："),
            fonts::chinese(fonts::BODY),
            BODY_SIZE,
        )));
    }
    out
}

/// A heading, possibly running on into body text after its first `。`.
fn heading(text: &str, head_fonts: RunFonts, bold: bool, level: usize) -> Paragraph {
    let (head, rest) = split_run_in(text);
    let mut head_run = run(head, head_fonts, BODY_SIZE);
    if bold {
        head_run = head_run.bold();
    }
    let mut p = indented().outline_lvl(level).add_run(head_run);
    if rest.is_empty() {
        p = p.keep_next(true);
    } else {
        p = p.add_run(run(rest, fonts::chinese(fonts::BODY), BODY_SIZE));
    }
    p
}

fn block_paragraphs(block: &Block) -> Vec<Paragraph> {
    match block {
        Block::Heading1(t) => vec![heading(t, fonts::chinese(fonts::HEI), false, 0)],
        Block::Heading2(t) => vec![heading(t, fonts::chinese(fonts::KAI), false, 1)],
        Block::Heading3(t) => vec![heading(t, fonts::chinese(fonts::BODY), true, 2)],
        Block::Paragraph(t) => {
            vec![indented().add_run(run(t, fonts::chinese(fonts::BODY), BODY_SIZE))]
        }
        Block::SignatureLines(lines) => {
            // One empty line before, and a line of room above each signature to write in.
            let mut out = vec![body_paragraph()];
            for (i, line) in lines.iter().enumerate() {
                let spacing = if i == 0 {
                    exact_line()
                } else {
                    exact_line().before(LINE_PITCH)
                };
                out.push(
                    body_paragraph()
                        .line_spacing(spacing)
                        .indent(
                            None,
                            Some(SpecialIndentType::FirstLine(zi(2.0))),
                            None,
                            None,
                        )
                        .add_run(run(line, fonts::chinese(fonts::BODY), BODY_SIZE)),
                );
            }
            out
        }
        Block::PageBreak => vec![Paragraph::new().add_run(Run::new().add_break(BreakType::Page))],
        // Tables are added by the caller: they are not paragraphs.
        Block::Table { .. } | Block::Signatories(_) => Vec::new(),
    }
}

/// A bordered table across the type area, in 四号 so that forms and figure tables fit.
fn table(header: &[String], rows: &[Vec<String>]) -> Table {
    let columns = table_columns(header, rows).max(1);
    let widths = column_widths(header, rows, columns);
    let cell = |text: &str, width: usize, is_header: bool| {
        let face = if is_header { fonts::HEI } else { fonts::BODY };
        let align = if is_header || looks_numeric(text) {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        };
        TableCell::new()
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(
                Paragraph::new()
                    .align(align)
                    // Off the grid: rows as tall as their text, not a 29 pt grid line each.
                    .snap_to_grid(false)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(240)
                            .before(40)
                            .after(40),
                    )
                    .add_run(run(text, fonts::chinese(face), SMALL_SIZE)),
            )
    };
    let mut table_rows = Vec::new();
    if !header.is_empty() {
        let cells = header
            .iter()
            .zip(&widths)
            .map(|(h, &w)| cell(h, w, true))
            .collect();
        table_rows.push(TableRow::new(cells).cant_split());
    }
    for row in rows {
        let cells = row
            .iter()
            .zip(&widths)
            .map(|(c, &w)| cell(c, w, false))
            .collect();
        table_rows.push(TableRow::new(cells).cant_split());
    }
    // Table::new gives single borders on every edge and between every cell.
    Table::new(table_rows)
        .set_grid(widths.clone())
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
}

/// Width of the date column of a signature table: `年　月　日` and room before it to write the
/// year in.
const SIGN_DATE_WIDTH: f64 = 8.0;

/// Signatories as a borderless table in body type: a role line across both columns, then per
/// signatory the name (indented 2 字, in a column 20 字 wide, so it does not break) and the
/// date to fill in, right-aligned, each with a line of room above it to sign in. Every
/// paragraph keeps with the next, so rows stay together and with the signature and seal after
/// the table (the seal never stands alone on a page).
fn signatories(groups: &[SignatureGroup]) -> Table {
    let date_w = zi(SIGN_DATE_WIDTH) as usize;
    let widths = vec![TEXT_WIDTH as usize - date_w, date_w];
    let para = |text: &str| {
        Paragraph::new()
            .snap_to_grid(false)
            .line_spacing(exact_line())
            .keep_next(true)
            .keep_lines(true)
            .add_run(run(text, fonts::chinese(fonts::BODY), BODY_SIZE))
    };
    let mut rows = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let mut role = para(&g.heading());
        if i > 0 {
            role = role.line_spacing(exact_line().before(LINE_PITCH));
        }
        let cell = TableCell::new()
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .grid_span(2)
            .add_paragraph(role.indent(Some(zi(2.0)), None, None, None));
        rows.push(TableRow::new(vec![cell]).cant_split());
        for name in g.printed_names() {
            let signed = |p: Paragraph| p.line_spacing(exact_line().before(LINE_PITCH));
            let name_cell = TableCell::new()
                .width(widths[0], WidthType::Dxa)
                .vertical_align(VAlignType::Bottom)
                .add_paragraph(signed(para(name)).indent(Some(zi(4.0)), None, None, None));
            let date_cell = TableCell::new()
                .width(widths[1], WidthType::Dxa)
                .vertical_align(VAlignType::Bottom)
                .add_paragraph(signed(para(SIGN_DATE)).align(AlignmentType::Right));
            rows.push(TableRow::new(vec![name_cell, date_cell]).cant_split());
        }
    }
    Table::without_borders(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .align(TableAlignmentType::Center)
}

/// Splits the type-area width between columns by how much text each holds (at least 3 字,
/// at most 12 字 of weight), so a 序号 column stays narrow and a 事由 column gets room.
fn column_widths(header: &[String], rows: &[Vec<String>], columns: usize) -> Vec<usize> {
    let mut weight = vec![3.0_f64; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (i, text) in row.iter().enumerate().take(columns) {
            weight[i] = weight[i].max(width_in_zi(text).min(12.0));
        }
    }
    let total: f64 = weight.iter().sum();
    let mut widths: Vec<usize> = weight
        .iter()
        .map(|w| (w / total * TEXT_WIDTH as f64).floor() as usize)
        .collect();
    // Give the rounding remainder to the last column so the table spans the type area exactly.
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH as usize - used;
    }
    widths
}

fn looks_numeric(text: &str) -> bool {
    let t = text.trim().trim_end_matches('%');
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// 发文机关署名 and 成文日期, placed by [`Signature::layout`].
fn signature(sig: &Signature) -> Vec<Paragraph> {
    let layout = sig.layout();
    let right = |text: &str, indent: f64| {
        body_paragraph()
            .align(AlignmentType::Right)
            .indent(None, None, Some(zi(indent)), None)
            .keep_next(true)
            .add_run(run(text, fonts::chinese(fonts::BODY), BODY_SIZE))
    };
    // One empty line below the body; a sealed document leaves about three for the seal.
    let mut out = vec![body_paragraph().keep_next(true)];
    if sig.is_sealed() {
        out.push(body_paragraph().keep_next(true));
        match sig
            .seal_note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(note) => out.push(right(note, layout.seal_note)),
            None => out.push(body_paragraph().keep_next(true)),
        }
    }
    let org = sig.organisation.trim();
    if !org.is_empty() {
        out.push(right(org, layout.organisation));
    }
    out.push(right(&sig.date_text(), layout.date).keep_next(false));
    out
}

/// Footer with `— N —` in 四号 宋体: right with a 1-字 indent on odd pages, left on even pages.
fn page_number_footer(odd: bool) -> Footer {
    let f = || fonts::song_all();
    let mut p = Paragraph::new()
        .snap_to_grid(false)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(SMALL_LINE as i32)
                .before(0)
                .after(0),
        )
        .add_run(Run::new().fonts(f()).size(SMALL_SIZE).add_text("— "))
        .add_run(
            Run::new()
                .fonts(f())
                .size(SMALL_SIZE)
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(Run::new().fonts(f()).size(SMALL_SIZE).add_text(" —"));
    p = if odd {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(zi(1.0)), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(zi(1.0)), None, None, None)
    };
    Footer::new().add_paragraph(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_span_the_type_area() {
        let header = vec!["序号".to_owned(), "纠纷事由及当事人诉求".to_owned()];
        let rows = vec![vec!["1".to_owned(), "土地纠纷".to_owned()]];
        let w = column_widths(&header, &rows, 2);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH as usize);
        assert!(w[0] < w[1]);
    }

    #[test]
    fn section_references_come_first() {
        let doc = br#"<w:body><w:p/><w:sectPr><w:pgSz w:w="1" /><w:cols w:space="425" w:num="1" /><w:footerReference w:type="default" r:id="a" /><w:footerReference w:type="even" r:id="b" /></w:sectPr></w:body>"#;
        let out = String::from_utf8(references_first(doc)).unwrap();
        assert_eq!(
            out,
            r#"<w:body><w:p/><w:sectPr><w:footerReference w:type="default" r:id="a" /><w:footerReference w:type="even" r:id="b" /><w:pgSz w:w="1" /><w:cols w:space="425" w:num="1" /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn numbers_are_recognised() {
        assert!(looks_numeric("332"));
        assert!(looks_numeric("91.3%"));
        assert!(!looks_numeric("土地纠纷"));
    }
}
