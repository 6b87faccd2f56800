//! Documents as printed (issue #15 item 9): each generated DOCX (人民调解协议书, 受理登记表,
//! 回访记录, the annual report) rendered to PDF by LibreOffice, as a clerk's WPS or Word would
//! lay it out, then read back with `pdftotext -layout`: page counts, every party's name whole
//! on its signature line, and no page holding nothing but the seal block.
//!
//! Needs `soffice` (Debian `libreoffice-writer-nogui`) and `pdftotext` (`poppler-utils`); `.ci/run`
//! installs both. In CI (`CI=true`) a missing tool fails the test; elsewhere it is skipped with
//! a note.

use std::path::{Path, PathBuf};
use std::process::Command;

use fazhi::service::dispute_print::{self, Form};
use fazhi::service::{disputes, report, Caller};
use fazhi::storage::Query;

use crate::helpers::TestApp;

/// The programs that print, or `None` (with a note) when this machine lacks them outside CI.
struct Printer {
    soffice: PathBuf,
    pdftotext: PathBuf,
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

fn printer() -> Option<Printer> {
    match (on_path("soffice"), on_path("pdftotext")) {
        (Some(soffice), Some(pdftotext)) => Some(Printer { soffice, pdftotext }),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "CI 必须能把文书排版成 PDF：请安装 libreoffice-writer-nogui 和 poppler-utils（见 .ci/run）"
        ),
        _ => {
            eprintln!(
                "跳过打印排版检查：本机没有 soffice 或 pdftotext（apt-get install libreoffice-writer-nogui poppler-utils）"
            );
            None
        }
    }
}

/// A document as LibreOffice lays it out: the text of each page, line by line, with the
/// spaces `pdftotext -layout` puts between spread-out characters taken out.
struct Printed {
    pages: Vec<Vec<String>>,
}

impl Printer {
    fn print(&self, name: &str, docx: &[u8]) -> Printed {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("{name}.docx"));
        std::fs::write(&file, docx).unwrap();
        // A profile of its own, so that tests converting at the same time do not share one.
        let profile = format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("lo").display()
        );
        let out = Command::new(&self.soffice)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&file)
            .output()
            .expect("soffice runs");
        let pdf = dir.path().join(format!("{name}.pdf"));
        assert!(
            pdf.is_file(),
            "soffice made no PDF of {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Printed::read(&self.pdftotext, &pdf)
    }
}

impl Printed {
    fn read(pdftotext: &Path, pdf: &Path) -> Printed {
        let out = Command::new(pdftotext)
            .arg("-layout")
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut pages: Vec<Vec<String>> = text
            .split('\u{c}')
            .map(|page| {
                page.lines()
                    .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                    .filter(|l| !l.is_empty() && !is_page_number(l))
                    .collect()
            })
            .collect();
        // pdftotext ends the last page with a form feed too.
        if pages.last().is_some_and(Vec::is_empty) {
            pages.pop();
        }
        Printed { pages }
    }

    fn all(&self) -> String {
        self.pages
            .iter()
            .map(|p| p.join("\n"))
            .collect::<Vec<_>>()
            .join("\n----\n")
    }

    /// Each name stands whole on one line with the date its signatory fills in.
    fn assert_signature_lines(&self, names: &[String]) {
        for name in names {
            let line = format!("{name}年月日");
            assert!(
                self.pages.iter().flatten().any(|l| l.contains(&line)),
                "{name} does not stand whole on its signature line:\n{}",
                self.all()
            );
        }
    }

    /// No page holds only the signature and seal block: the page with `last_text` (the seal
    /// note, or the signature date) also holds a line that is not part of that block.
    fn assert_seal_not_alone(&self, block: &[String]) {
        for (i, page) in self.pages.iter().enumerate() {
            assert!(
                page.iter().any(|l| !block.iter().any(|b| b == l)),
                "page {} holds only the seal block:\n{}",
                i + 1,
                self.all()
            );
        }
    }

    /// The page that holds the seal note also holds the signatories it closes.
    fn assert_seal_with_signatories(&self, seal_note: &str) {
        let page = self
            .pages
            .iter()
            .find(|p| p.iter().any(|l| l == seal_note))
            .unwrap_or_else(|| panic!("no seal note:\n{}", self.all()));
        assert!(
            page.iter().any(|l| l.ends_with("年月日")),
            "the seal stands apart from the signatures:\n{}",
            self.all()
        );
    }
}

/// `— 2 —`, as the footer prints it.
fn is_page_number(line: &str) -> bool {
    let digits = line.trim_start_matches('—').trim_end_matches('—');
    line.starts_with('—') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The demo town's first case concluded with a written agreement whose parties include a long
/// minority name (`阿依古丽·吐尔逊`), and its parties' names.
async fn demo_written_case(t: &TestApp) -> (i64, Vec<String>) {
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    let id: i64 = Query::new(
        "SELECT id FROM disputes WHERE agreement_form = 'written' AND status = 'succeeded' \
         AND parties_text LIKE '%·%' ORDER BY id LIMIT 1",
    )
    .fetch_scalar(&t.app.db)
    .await
    .unwrap();
    let names: Vec<String> =
        Query::new("SELECT name FROM dispute_parties WHERE dispute_id = $1 ORDER BY id")
            .bind(id)
            .fetch_scalars(&t.app.db)
            .await
            .unwrap();
    assert!(names.len() >= 2, "{names:?}");
    (id, names)
}

const SEAL_NOTE: &str = "（人民调解委员会印章）";

#[tokio::test]
async fn the_agreement_refuses_missing_terms_and_prints_signatures_whole() {
    let t = TestApp::spawn().await;
    let (id, names) = demo_written_case(&t).await;
    let op = Caller::operator();
    // Imported without terms: no 协议书 whose agreement reads 「（无）」.
    let err = disputes::agreement_docx(&t.app, &op, id).await.unwrap_err();
    assert_eq!(err.code, "no_agreement_terms", "{err:?}");
    assert!(err.message.contains("协议内容"), "{}", err.message);

    Query::new(
        "UPDATE disputes SET agreement_terms = $1, performance_terms = $2, responsibility = $3 \
         WHERE id = $4",
    )
    .bind(
        "一、双方以村委会2019年确权登记的界桩为准重新划定地界，多占的耕地于本协议生效后归还对方。\
           二、因地界争执造成的青苗损失，由多占一方一次性补偿对方人民币八百元。\
           三、双方今后和睦相处，不得再以此事发生争执。",
    )
    .bind("于本协议生效之日起十日内，在村委会调解员见证下现场交接地界并当面支付补偿款。")
    .bind("双方对地界不清均负有责任，多占一方负主要责任。")
    .bind(id)
    .execute(&t.app.db)
    .await
    .unwrap();
    let (name, docx) = disputes::agreement_docx(&t.app, &op, id).await.unwrap();
    assert!(name.starts_with("人民调解协议书-"), "{name}");
    let text = crate::helpers::docx_text(&docx);
    // 人民调解法 第二十九条: one copy for each party and one for the committee.
    let copies = fazhi_docs::chinese_count(names.len() + 1);
    assert!(text.contains(&format!("一式{copies}份")), "{copies}");
    assert!(!text.contains("一式三份") || names.len() == 2);

    let Some(printer) = printer() else { return };
    let pdf = printer.print("agreement", &docx);
    // With the fonts a clerk's machine may lack (仿宋 falls back to a wider face), this case's
    // terms fill two pages; what must hold is below: the signatures start no page of their own
    // without the seal, no name breaks, and the seal never stands alone.
    assert!(
        pdf.pages.len() <= 3,
        "{} pages:\n{}",
        pdf.pages.len(),
        pdf.all()
    );
    pdf.assert_signature_lines(&names);
    pdf.assert_seal_with_signatories(SEAL_NOTE);
    pdf.assert_seal_not_alone(&seal_block(&pdf, SEAL_NOTE));
}

/// The lines of the seal block as printed: the note and the two lines after it (the
/// committee's name and the date).
fn seal_block(pdf: &Printed, note: &str) -> Vec<String> {
    let lines: Vec<&String> = pdf.pages.iter().flatten().collect();
    let at = lines
        .iter()
        .position(|l| *l == note)
        .unwrap_or_else(|| panic!("no {note}:\n{}", pdf.all()));
    lines[at..(at + 3).min(lines.len())]
        .iter()
        .map(|l| (*l).clone())
        .collect()
}

#[tokio::test]
async fn the_case_file_forms_print_with_names_whole() {
    let t = TestApp::spawn().await;
    let (id, names) = demo_written_case(&t).await;
    let op = Caller::operator();
    let Some(printer) = printer() else { return };
    for (form, pages) in [(Form::Intake, 2), (Form::ReturnVisits, 2)] {
        let p = dispute_print::build(&t.app, &op, id, form, false)
            .await
            .unwrap();
        let docx = dispute_print::docx(&p).await.unwrap();
        let pdf = printer.print("form", &docx);
        assert!(
            pdf.pages.len() <= pages,
            "{}: {} pages:\n{}",
            form.title(),
            pdf.pages.len(),
            pdf.all()
        );
        if form == Form::Intake {
            pdf.assert_signature_lines(&names);
        }
        pdf.assert_seal_with_signatories(SEAL_NOTE);
        pdf.assert_seal_not_alone(&seal_block(&pdf, SEAL_NOTE));
    }
}

#[tokio::test]
async fn the_annual_report_prints_without_a_lonely_signature() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    let org = fazhi::storage::orgs::by_code(&t.app.db, "654202100")
        .await
        .unwrap()
        .unwrap();
    // A draft carries no date; the report as printed is the finalised one, dated and signed.
    report::finalize(&t.app, &fazhi::service::Caller::operator(), &org, 2023)
        .await
        .unwrap();
    let doc = report::build(&t.app, &org, 2023).await.unwrap();
    let sig = doc.signature.clone().expect("the report is signed");
    let docx = report::render(&t.app, &org, 2023, report::Format::Docx)
        .await
        .unwrap()
        .bytes;
    let Some(printer) = printer() else { return };
    let pdf = printer.print("report", &docx);
    assert!(
        (2..=8).contains(&pdf.pages.len()),
        "{} pages:\n{}",
        pdf.pages.len(),
        pdf.all()
    );
    let block = [sig.organisation.clone(), sig.date_text()];
    let last = pdf.pages.last().unwrap();
    assert!(
        last.contains(&block[1]),
        "the date closes the report:\n{}",
        pdf.all()
    );
    pdf.assert_seal_not_alone(&block);
}
