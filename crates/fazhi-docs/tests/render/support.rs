//! Shared helpers: sample documents, unzipping, XML well-formedness.

use std::io::{Cursor, Read};

use chrono::NaiveDate;
use fazhi_docs::{parse_blocks, Block, OfficialDocument, Signature};
use quick_xml::events::Event;
use quick_xml::Reader;

/// The seed annual report (乌苏市西大沟镇法治政府建设工作总结), title line split off.
pub fn seed_report() -> OfficialDocument {
    let text = include_str!("../fixtures/seed_report.txt");
    let (title, body) = text.split_once('\n').expect("seed has a title line");
    let mut blocks = parse_blocks(body);
    blocks.push(Block::Table {
        header: vec!["指标".into(), "数量".into(), "单位".into()],
        rows: vec![
            vec!["矛盾纠纷".into(), "332".into(), "起".into()],
            vec!["村级调处化解".into(), "303".into(), "起".into()],
            vec!["镇级调解".into(), "29".into(), "起".into()],
        ],
    });
    OfficialDocument {
        title: title.trim().to_owned(),
        doc_number: Some("西政发〔2024〕3号".into()),
        addressee: Some("乌苏市人民政府".into()),
        blocks,
        signature: Some(Signature {
            organisation: "乌苏市西大沟镇人民政府".into(),
            date: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(),
            seal_note: None,
        }),
    }
}

/// A 受理登记表-like form: a label/value table without header, signature lines, a seal.
pub fn acceptance_form() -> OfficialDocument {
    OfficialDocument {
        title: "人民调解受理登记表".into(),
        doc_number: None,
        addressee: None,
        blocks: vec![
            Block::Table {
                header: vec![],
                rows: vec![
                    vec![
                        "申请人".into(),
                        "张三".into(),
                        "联系电话".into(),
                        "138****5678".into(),
                    ],
                    vec![
                        "被申请人".into(),
                        "李四".into(),
                        "住址".into(),
                        "西大沟村".into(),
                    ],
                    vec![
                        "纠纷类型".into(),
                        "土地纠纷".into(),
                        "登记日期".into(),
                        "2024年3月5日".into(),
                    ],
                ],
            },
            Block::Paragraph("纠纷简要情况：双方因承包地边界发生争议。".into()),
            Block::SignatureLines(vec![
                "当事人（签名）：__________".into(),
                "登记人（签名）：__________".into(),
            ]),
        ],
        signature: Some(Signature {
            organisation: "西大沟镇人民调解委员会".into(),
            date: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
            seal_note: Some("（盖章）".into()),
        }),
    }
}

/// Every file in a ZIP archive, by name.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid ZIP");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            (f.name().to_owned(), buf)
        })
        .collect()
}

/// One part of a DOCX package as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let (_, data) = unzip(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing from the package"));
    String::from_utf8(data).expect("UTF-8 XML")
}

/// Panics unless `xml` is well-formed (balanced, matching tags, valid escapes).
pub fn assert_well_formed(xml: &str) {
    let mut reader = Reader::from_str(xml);
    let mut depth: i64 = 0;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::Text(t)) => {
                t.decode().expect("text decodes");
            }
            // Only the five predefined entities and character references exist in our XML.
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().unwrap().into_owned();
                let known = ["lt", "gt", "amp", "quot", "apos"].contains(&name.as_str());
                assert!(
                    known || r.resolve_char_ref().unwrap().is_some(),
                    "unknown entity &{name};"
                );
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed at {}: {e}\n{}",
                reader.buffer_position(),
                &xml[..xml.len().min(400)]
            ),
        }
    }
    assert_eq!(depth, 0, "unbalanced tags");
    assert_eq!(roots, 1, "exactly one root element");
}

/// The values of an attribute on every element with the given tag name, in document order.
pub fn attr_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag.as_bytes() => {
                if let Some(a) = e.try_get_attribute(attr).unwrap() {
                    out.push(
                        a.decoded_and_normalized_value(
                            quick_xml::XmlVersion::Implicit1_0,
                            reader.decoder(),
                        )
                        .unwrap()
                        .into_owned(),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
