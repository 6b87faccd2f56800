//! Print-ready HTML of an official document: the same layout as the DOCX where CSS can say it
//! (A4, GB/T 9704 margins, 22 lines of 28 characters, the same faces with fallbacks, page
//! numbers through `@page` margin boxes), and a readable page on a phone.

use crate::model::{split_run_in, Block, OfficialDocument, Signature};
use crate::text::escape_xml;

/// The stylesheet that [`render_html`] embeds; the web layer may serve it on its own and use
/// [`render_html_fragment`] inside its own page.
pub const PRINT_CSS: &str = r#"
.gongwen {
  --gw-fangsong: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  --gw-kai: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  --gw-hei: "黑体", "SimHei", "Heiti SC", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  --gw-title: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif;
  font-family: var(--gw-fangsong);
  font-size: 16pt;
  line-height: 28.95pt;
  color: #000;
  background: #fff;
  box-sizing: border-box;
  width: 210mm;
  max-width: 100%;
  margin: 0 auto;
  padding: 37mm 26mm 35mm 28mm;
  text-align: justify;
}
.gongwen p, .gongwen h2, .gongwen h3, .gongwen h4 { margin: 0; font-size: 16pt; font-weight: normal; }
.gongwen p, .gongwen h2, .gongwen h3, .gongwen h4, .gongwen .gw-sign-lines p { text-indent: 2em; }
.gongwen .gw-number { text-align: center; text-indent: 0; margin-bottom: 28.95pt; }
.gongwen h1.gw-title { font-family: var(--gw-title); font-size: 22pt; font-weight: normal; line-height: 28.95pt; text-align: center; margin: 0 0 28.95pt; }
.gongwen .gw-to { text-indent: 0; }
.gongwen h2 { font-family: var(--gw-hei); }
.gongwen h3 .gw-head { font-family: var(--gw-kai); }
.gongwen h4 .gw-head { font-weight: bold; }
.gongwen .gw-run-on { font-family: var(--gw-fangsong); font-weight: normal; }
.gongwen table { border-collapse: collapse; width: 100%; font-size: 14pt; line-height: 1.5; margin: 0 0 28.95pt; }
.gongwen th, .gongwen td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; text-align: left; }
.gongwen th { font-family: var(--gw-hei); font-weight: normal; text-align: center; }
.gongwen td.gw-num { text-align: center; font-variant-numeric: tabular-nums; }
.gongwen .gw-sign-lines { margin-top: 28.95pt; }
.gongwen .gw-sign-lines p + p { margin-top: 28.95pt; }
.gongwen .gw-signature { margin-top: 28.95pt; text-align: right; }
.gongwen table.gw-signatories { font-size: 16pt; line-height: 28.95pt; margin: 28.95pt 0 0; break-inside: avoid; }
.gongwen table.gw-signatories td { border: none; padding: 0; }
.gongwen table.gw-signatories tr.gw-signer td { padding: 14.5pt 0 0 2em; }
.gongwen table.gw-signatories tr.gw-signer td + td { text-align: right; white-space: nowrap; }
.gongwen .gw-signature.gw-sealed { margin-top: 57.9pt; }
.gongwen .gw-signature p { text-indent: 0; text-align: right; }
.gongwen hr.gw-break { border: 0; margin: 0; }
@media screen {
  body { background: #f3f4f6; margin: 0; padding: 16px 0; }
  .gongwen { box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
  .gongwen hr.gw-break { border-top: 1px dashed #9ca3af; margin: 14pt 0; }
}
@media screen and (max-width: 640px) {
  body { padding: 0; }
  .gongwen { padding: 20px 16px; font-size: 16px; line-height: 1.8; box-shadow: none; }
  .gongwen p, .gongwen h2, .gongwen h3, .gongwen h4 { font-size: 16px; }
  .gongwen h1.gw-title { font-size: 22px; line-height: 1.5; margin-bottom: 1em; }
  .gongwen table { font-size: 14px; display: block; overflow-x: auto; }
  .gongwen .gw-signature p { padding-right: 0 !important; }
}
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
}
@page :right {
  @bottom-right { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", "Songti SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-right: 1em; }
}
@page :left {
  @bottom-left { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", "Songti SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-left: 1em; }
}
@media print {
  body { margin: 0; background: none; }
  .gongwen { width: auto; padding: 0; box-shadow: none; }
  .gongwen h1, .gongwen h2, .gongwen h3, .gongwen h4 { break-after: avoid; }
  .gongwen p { orphans: 2; widows: 2; }
  .gongwen tr, .gongwen .gw-signature, .gongwen .gw-sign-lines p { break-inside: avoid; }
  .gongwen thead { display: table-header-group; }
  .gongwen hr.gw-break { break-after: page; }
}
"#;

/// A complete HTML page (with the stylesheet) for printing or publishing on the portal.
pub fn render_html(doc: &OfficialDocument) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape_xml(doc.title.trim()),
        PRINT_CSS,
        render_html_fragment(doc)
    )
}

/// The document as one `<article class="gongwen">` element, for embedding in another page
/// that includes [`PRINT_CSS`].
pub fn render_html_fragment(doc: &OfficialDocument) -> String {
    let mut h = String::from("<article class=\"gongwen\">\n");
    if let Some(n) = doc.doc_number.as_deref().filter(|n| !n.trim().is_empty()) {
        h += &format!("<p class=\"gw-number\">{}</p>\n", escape_xml(n.trim()));
    }
    h += &format!("<h1 class=\"gw-title\">{}</h1>\n", lines(doc.title.trim()));
    if let Some(to) = doc.addressee.as_deref().filter(|a| !a.trim().is_empty()) {
        let to = to.trim().trim_end_matches([':', '：']);
        h += &format!("<p class=\"gw-to\">{}：</p>\n", escape_xml(to));
    }
    for block in &doc.blocks {
        h += &block_html(block);
    }
    if let Some(sig) = &doc.signature {
        h += &signature_html(sig);
    }
    h += "</article>\n";
    h
}

/// Escaped text with `\n` as `<br>`.
fn lines(text: &str) -> String {
    text.split('\n')
        .map(|l| escape_xml(l.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn heading_html(tag: &str, text: &str) -> String {
    let (head, rest) = split_run_in(text);
    if rest.is_empty() {
        format!(
            "<{tag}><span class=\"gw-head\">{}</span></{tag}>\n",
            lines(head)
        )
    } else {
        format!(
            "<{tag}><span class=\"gw-head\">{}</span><span class=\"gw-run-on\">{}</span></{tag}>\n",
            lines(head),
            lines(rest)
        )
    }
}

fn block_html(block: &Block) -> String {
    match block {
        Block::Heading1(t) => format!("<h2>{}</h2>\n", lines(t)),
        Block::Heading2(t) => heading_html("h3", t),
        Block::Heading3(t) => heading_html("h4", t),
        Block::Paragraph(t) => format!("<p>{}</p>\n", lines(t)),
        Block::Table { header, rows } => {
            let mut h = String::from("<table>\n");
            if !header.is_empty() {
                h += "<thead><tr>";
                for c in header {
                    h += &format!("<th scope=\"col\">{}</th>", lines(c));
                }
                h += "</tr></thead>\n";
            }
            h += "<tbody>\n";
            for row in rows {
                h += "<tr>";
                for c in row {
                    let numeric = c.trim().trim_end_matches('%').parse::<f64>().is_ok();
                    let class = if numeric { " class=\"gw-num\"" } else { "" };
                    h += &format!("<td{class}>{}</td>", lines(c));
                }
                h += "</tr>\n";
            }
            h += "</tbody>\n</table>\n";
            h
        }
        Block::SignatureLines(ls) => {
            let mut h = String::from("<div class=\"gw-sign-lines\">\n");
            for l in ls {
                h += &format!("<p>{}</p>\n", lines(l));
            }
            h += "</div>\n";
            h
        }
        Block::Signatories(groups) => {
            let mut h = String::from("<table class=\"gw-signatories\">\n");
            for g in groups {
                h += &format!(
                    "<tr><td colspan=\"2\">{}</td></tr>\n",
                    escape_xml(&g.heading())
                );
                for name in g.printed_names() {
                    h += &format!(
                        "<tr class=\"gw-signer\"><td>{}</td><td>{}</td></tr>\n",
                        escape_xml(name),
                        crate::model::SIGN_DATE
                    );
                }
            }
            h += "</table>\n";
            h
        }
        Block::PageBreak => "<hr class=\"gw-break\">\n".to_owned(),
    }
}

fn signature_html(sig: &Signature) -> String {
    let layout = sig.layout();
    let class = if sig.is_sealed() {
        "gw-signature gw-sealed"
    } else {
        "gw-signature"
    };
    let line = |text: &str, right: f64| {
        format!(
            "<p style=\"padding-right:{right}em\">{}</p>\n",
            escape_xml(text)
        )
    };
    let mut h = format!("<div class=\"{class}\">\n");
    if let Some(note) = sig
        .seal_note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        h += &line(note, layout.seal_note);
    }
    let org = sig.organisation.trim();
    if !org.is_empty() {
        h += &line(org, layout.organisation);
    }
    h += &line(&sig.date_text(), layout.date);
    h += "</div>\n";
    h
}
