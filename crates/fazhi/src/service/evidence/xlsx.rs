//! The pack's index as an XLSX written row by row into a file: a minimal workbook (one sheet,
//! inline strings) whose sheet part is streamed, so a 100,000-record index never sits in
//! memory (rust_xlsxwriter keeps the whole sheet until it saves).

use std::fs::File;
use std::io::{self, Write};

use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use fazhi_docs::escape_xml;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="证据清单" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An index being written: rows go straight into the sheet part of the file.
pub struct IndexSheet {
    zip: ZipWriter<File>,
    rows: usize,
}

fn zip_io(e: zip::result::ZipError) -> io::Error {
    io::Error::other(e)
}

impl IndexSheet {
    /// A workbook in `file` whose first row is `header`.
    pub fn create(file: File, header: &[&str]) -> io::Result<IndexSheet> {
        let mut zip = ZipWriter::new(file);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        for (name, body) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ] {
            zip.start_file(name, options).map_err(zip_io)?;
            zip.write_all(body.as_bytes())?;
        }
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .map_err(zip_io)?;
        zip.write_all(
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        )?;
        let mut sheet = IndexSheet { zip, rows: 0 };
        sheet.row(header)?;
        Ok(sheet)
    }

    /// One row of text cells.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        self.rows += 1;
        let mut xml = format!(r#"<row r="{}">"#, self.rows);
        for c in cells {
            xml.push_str(r#"<c t="inlineStr"><is><t xml:space="preserve">"#);
            xml.push_str(&escape_xml(&clean(c.as_ref())));
            xml.push_str("</t></is></c>");
        }
        xml.push_str("</row>");
        self.zip.write_all(xml.as_bytes())
    }

    /// Closes the sheet and the workbook; the file is complete.
    pub fn finish(mut self) -> io::Result<File> {
        self.zip.write_all(b"</sheetData></worksheet>")?;
        self.zip.finish().map_err(zip_io)
    }
}

/// Text XML 1.0 may carry: control characters other than tab and newline are dropped.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped_inline_strings() {
        let path = std::env::temp_dir().join(format!("fazhi-index-{}.xlsx", std::process::id()));
        let mut sheet =
            IndexSheet::create(File::create(&path).unwrap(), &["编号", "事项"]).unwrap();
        sheet.row(&["2023-001", "婚姻<家庭>&纠纷\u{1}"]).unwrap();
        sheet.finish().unwrap();
        let mut zip = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains(r#"<row r="2">"#));
        assert!(xml.contains("婚姻&lt;家庭&gt;&amp;纠纷</t>"));
        assert!(xml.ends_with("</sheetData></worksheet>"));
        std::fs::remove_file(&path).unwrap();
    }
}
