//! DOCX: the GB/T 9704 page, grid, fonts, page numbers, escaping, and a real report.

use std::process::Command;

use fazhi_docs::{render_docx, Block, DocError, OfficialDocument};

use super::support::{acceptance_form, assert_well_formed, attr_values, part, seed_report, unzip};

fn document_xml(doc: &OfficialDocument) -> String {
    part(&render_docx(doc).unwrap(), "word/document.xml")
}

#[test]
fn page_is_a4_with_the_standard_margins() {
    let xml = document_xml(&seed_report());
    assert_eq!(attr_values(&xml, "w:pgSz", "w:w"), ["11906"]);
    assert_eq!(attr_values(&xml, "w:pgSz", "w:h"), ["16838"]);
    // 37 / 35 / 28 / 26 mm, rounded to the nearest twip.
    assert_eq!(attr_values(&xml, "w:pgMar", "w:top"), ["2098"]);
    assert_eq!(attr_values(&xml, "w:pgMar", "w:bottom"), ["1984"]);
    assert_eq!(attr_values(&xml, "w:pgMar", "w:left"), ["1587"]);
    assert_eq!(attr_values(&xml, "w:pgMar", "w:right"), ["1474"]);
    assert_eq!(attr_values(&xml, "w:pgMar", "w:footer"), ["1307"]);
}

#[test]
fn grid_is_22_lines_of_28_characters() {
    let xml = document_xml(&seed_report());
    assert_eq!(attr_values(&xml, "w:docGrid", "w:type"), ["linesAndChars"]);
    assert_eq!(attr_values(&xml, "w:docGrid", "w:linePitch"), ["579"]);
    assert_eq!(attr_values(&xml, "w:docGrid", "w:charSpace"), ["-842"]);
    // Body lines are fixed at the grid pitch.
    let spacing = attr_values(&xml, "w:spacing", "w:line");
    assert!(spacing.iter().filter(|v| *v == "579").count() > 20);
    // charSpace is relative to the default size, which must therefore be 三号 (32 half-points).
    let styles = part(&render_docx(&seed_report()).unwrap(), "word/styles.xml");
    assert!(attr_values(&styles, "w:sz", "w:val").contains(&"32".to_owned()));
}

#[test]
fn faces_follow_the_standard() {
    let bytes = render_docx(&seed_report()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let east_asia = attr_values(&xml, "w:rFonts", "w:eastAsia");
    for face in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(east_asia.iter().any(|f| f == face), "{face} not used");
    }
    let sizes = attr_values(&xml, "w:sz", "w:val");
    assert!(sizes.contains(&"44".to_owned()), "title in 二号");
    assert!(sizes.contains(&"32".to_owned()), "body in 三号");
    // The title run: 小标宋 二号, centred.
    let title_at = xml.find("乌苏市西大沟镇法治政府建设工作总结").unwrap();
    let title_p = &xml[xml[..title_at].rfind("<w:p ").unwrap()..title_at];
    assert!(title_p.contains("方正小标宋简体") && title_p.contains(r#"w:val="44""#));
    assert!(title_p.contains(r#"<w:jc w:val="center""#));
    // First-line indent of 2 字 on body paragraphs.
    assert!(attr_values(&xml, "w:ind", "w:firstLine").contains(&"632".to_owned()));
    // The font table tells Word what to substitute.
    let fonts = part(&bytes, "word/fontTable.xml");
    assert_well_formed(&fonts);
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
    assert!(fonts.contains(r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>"#));
}

#[test]
fn headings_use_their_faces_and_run_in_text_goes_back_to_body_type() {
    let doc = OfficialDocument {
        title: "标题".into(),
        blocks: vec![
            Block::Heading1("一、总体情况".into()),
            Block::Heading2("（一）主要做法。一是持续深入学习。".into()),
            Block::Heading3("1. 培训".into()),
        ],
        ..Default::default()
    };
    let xml = document_xml(&doc);
    let run_with = |text: &str| {
        let at = xml.find(text).unwrap();
        xml[xml[..at].rfind("<w:r>").unwrap()..at].to_owned()
    };
    assert!(run_with("一、总体情况").contains(r#"w:eastAsia="黑体""#));
    assert!(run_with("（一）主要做法。").contains(r#"w:eastAsia="楷体_GB2312""#));
    assert!(run_with("一是持续深入学习。").contains(r#"w:eastAsia="仿宋_GB2312""#));
    let h3 = run_with("1. 培训");
    assert!(h3.contains(r#"w:eastAsia="仿宋_GB2312""#) && h3.contains("<w:b"));
    // Headings appear in the navigation pane.
    assert_eq!(attr_values(&xml, "w:outlineLvl", "w:val"), ["0", "1", "2"]);
}

#[test]
fn footer_numbers_pages_odd_right_even_left() {
    let bytes = render_docx(&seed_report()).unwrap();
    let names: Vec<String> = unzip(&bytes).into_iter().map(|(n, _)| n).collect();
    let footers: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .collect();
    assert_eq!(footers.len(), 2, "{names:?}");
    let mut alignments = Vec::new();
    for f in footers {
        let xml = part(&bytes, f);
        assert_well_formed(&xml);
        assert!(xml.contains(">PAGE<"), "no PAGE field in {f}");
        assert!(xml.contains("— ") && xml.contains(" —"), "no 一字线 in {f}");
        assert_eq!(
            attr_values(&xml, "w:fldChar", "w:fldCharType"),
            ["begin", "separate", "end"]
        );
        // 四号 半角宋体.
        assert!(attr_values(&xml, "w:sz", "w:val").iter().all(|s| s == "28"));
        assert!(attr_values(&xml, "w:rFonts", "w:ascii")
            .iter()
            .all(|f| f == "宋体"));
        alignments.extend(attr_values(&xml, "w:jc", "w:val"));
    }
    alignments.sort();
    assert_eq!(alignments, ["left", "right"]);
    let xml = part(&bytes, "word/document.xml");
    let kinds = attr_values(&xml, "w:footerReference", "w:type");
    assert!(kinds.contains(&"default".to_owned()) && kinds.contains(&"even".to_owned()));
    // CT_SectPr order: the references come before the page size.
    let sect = &xml[xml.rfind("<w:sectPr>").unwrap()..];
    assert!(sect.find("<w:footerReference").unwrap() < sect.find("<w:pgSz").unwrap());
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("evenAndOddHeaders"));
}

#[test]
fn text_is_escaped() {
    let doc = OfficialDocument {
        title: "关于<&>\"'的通知".into(),
        addressee: Some("A&B村".into()),
        blocks: vec![
            Block::Paragraph("x < y && y > z\u{1}".into()),
            Block::Table {
                header: vec!["<th>".into()],
                rows: vec![vec!["&amp;".into()]],
            },
        ],
        ..Default::default()
    };
    let xml = document_xml(&doc);
    assert_well_formed(&xml);
    assert!(xml.contains("关于&lt;&amp;&gt;"));
    assert!(xml.contains("A&amp;B村："));
    assert!(xml.contains("&amp;amp;"));
    assert!(!xml.contains('\u{1}'));
}

#[test]
fn every_part_of_a_report_with_tables_is_well_formed() {
    for doc in [seed_report(), acceptance_form()] {
        let bytes = render_docx(&doc).unwrap();
        let parts = unzip(&bytes);
        assert!(parts.iter().any(|(n, _)| n == "[Content_Types].xml"));
        for (name, data) in parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let xml = String::from_utf8(data).unwrap();
                assert_well_formed(&xml);
            }
        }
    }
}

#[test]
fn the_seed_report_keeps_its_text_and_figures() {
    let xml = document_xml(&seed_report());
    for s in [
        "一、2023年法治政府建设情况",
        "（六）依法有效化解社会矛盾纠纷",
        "今年累积收集各类矛盾纠纷332起",
        "西政发〔2024〕3号",
        "乌苏市人民政府：",
        "2024年1月15日",
    ] {
        assert!(xml.contains(s), "{s} missing");
    }
    // The figure table has borders and three data rows plus the header.
    assert_eq!(xml.matches("<w:tr>").count(), 4);
    assert!(
        !attr_values(&xml, "w:tblBorders", "w:val").is_empty() || xml.contains("<w:tblBorders>")
    );
    assert!(attr_values(&xml, "w:top", "w:val")
        .iter()
        .any(|v| v == "single"));
}

#[test]
fn signature_sits_right_with_the_chinese_date() {
    let xml = document_xml(&seed_report());
    let at = xml.find("2024年1月15日").unwrap();
    let p = &xml[xml[..at].rfind("<w:p ").unwrap()..at];
    assert!(p.contains(r#"<w:jc w:val="right""#));
    // Unsealed: date starts 2 字 right of the name's start: 4.5 字 = 1421.5 twips.
    assert!(p.contains(r#"w:right="1422""#), "{p}");
    let form = document_xml(&acceptance_form());
    assert!(form.contains("（盖章）") && form.contains("2024年3月5日"));
    assert!(form.contains("当事人（签名）：__________"));
}

#[test]
fn page_break_and_multi_line_paragraphs() {
    let doc = OfficialDocument {
        title: "第一行\n第二行".into(),
        blocks: vec![Block::Paragraph("甲\n乙".into()), Block::PageBreak],
        ..Default::default()
    };
    let xml = document_xml(&doc);
    assert_eq!(
        attr_values(&xml, "w:br", "w:type"),
        ["textWrapping", "textWrapping", "page"]
    );
}

#[test]
fn bad_documents_are_refused() {
    assert!(matches!(
        render_docx(&OfficialDocument::default()),
        Err(DocError::EmptyTitle)
    ));
    let doc = OfficialDocument {
        title: "表".into(),
        blocks: vec![Block::Table {
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["1".into(), "2".into(), "3".into()]],
        }],
        ..Default::default()
    };
    assert!(matches!(
        render_docx(&doc),
        Err(DocError::TableShape {
            table: 1,
            row: 1,
            expected: 2,
            found: 3
        })
    ));
}

/// Converts the seed report to PDF with LibreOffice when it is installed (it is not on every
/// machine, and this crate does not install it).
#[test]
fn libreoffice_converts_the_report_to_pdf() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new("which")
            .arg(bin)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        eprintln!("跳过：未安装 LibreOffice（soffice），不做 DOCX→PDF 转换检查");
        return;
    };
    let dir = std::env::temp_dir().join(format!("fazhi-docs-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("report.docx");
    std::fs::write(&input, render_docx(&seed_report()).unwrap()).unwrap();
    let status = Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .env("HOME", &dir) // a private profile: no clash with a running office
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = std::fs::read(dir.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::remove_dir_all(&dir).ok();
}
