//! Fonts of the 公文 layout and the font table that tells Word what to use when one is missing.
//!
//! Modern Windows ships 仿宋/楷体 but not the `_GB2312` faces many offices still install, and
//! 方正小标宋简体 is a commercial font. Word substitutes a missing font by the `w:altName`,
//! charset and panose in `word/fontTable.xml`; docx-rs writes a fixed table, so we replace it.

use docx_rs::RunFonts;

/// 标题: 方正小标宋简体.
pub const TITLE: &str = "方正小标宋简体";
/// 正文 and level-3 headings: 仿宋_GB2312.
pub const BODY: &str = "仿宋_GB2312";
/// Level-1 headings: 黑体.
pub const HEI: &str = "黑体";
/// Level-2 headings: 楷体_GB2312.
pub const KAI: &str = "楷体_GB2312";
/// Page numbers: 宋体 (half-width digits).
pub const SONG: &str = "宋体";
/// Latin letters and digits inside Chinese text, as most offices set them.
pub const LATIN: &str = "Times New Roman";

/// Run fonts for a Chinese face: the face for East Asian text, Times New Roman for Latin, and
/// the eastAsia hint so that quotes and dashes (ambiguous-width) take the Chinese face.
pub fn chinese(face: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(face)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
        .hint("eastAsia")
}

/// Run fonts for page numbers: 宋体 throughout, so the digits are 半角宋体.
pub fn song_all() -> RunFonts {
    RunFonts::new()
        .east_asia(SONG)
        .ascii(SONG)
        .hi_ansi(SONG)
        .cs(SONG)
        .hint("eastAsia")
}

/// (name, altName, panose-1, family, pitch) of each face the documents use.
const FACES: &[(&str, Option<&str>, &str, &str, &str)] = &[
    (LATIN, None, "02020603050405020304", "roman", "variable"),
    (
        SONG,
        Some("SimSun"),
        "02010600030101010101",
        "auto",
        "variable",
    ),
    (
        BODY,
        Some("仿宋"),
        "02010609030101010101",
        "modern",
        "fixed",
    ),
    (KAI, Some("楷体"), "02010609030101010101", "modern", "fixed"),
    (
        HEI,
        Some("SimHei"),
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        TITLE,
        Some("华文中宋"),
        "02010600030101010101",
        "auto",
        "variable",
    ),
];

/// `word/fontTable.xml` declaring every face with its substitute.
pub fn font_table_xml() -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, panose, family, pitch) in FACES {
        xml.push_str(&format!(r#"<w:font w:name="{name}">"#));
        if let Some(alt) = alt {
            xml.push_str(&format!(r#"<w:altName w:val="{alt}"/>"#));
        }
        // Charset 86 is GB2312; Times New Roman is plain ANSI (00).
        let charset = if *name == LATIN { "00" } else { "86" };
        xml.push_str(&format!(
            r#"<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        ));
    }
    xml.push_str("</w:fonts>");
    xml.into_bytes()
}
