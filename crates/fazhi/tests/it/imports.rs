//! Safe ledger imports (issue #12 items 2 and 8): the right to import is checked before the
//! upload is read, files past the limits are refused with a message naming the limit, and a
//! confirmation imports once however often it is posted.

use std::io::{Cursor, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use fazhi::service::ledger::{self, Ledger};
use fazhi_ledger::Format;

use crate::disputes::{confirm_import, count, token_of, upload_ledger, GOOD};
use crate::helpers::TestApp;

/// A request body that fails when read: a handler that answers 403 with it never read it.
struct Unreadable;

impl http_body::Body for Unreadable {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other("the body was read"))))
    }
}

fn api_import(token: &str, query: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(format!("/api/v1/imports/disputes?{query}"))
        .header("authorization", format!("Bearer {token}"))
        .body(body)
        .unwrap()
}

/// The disputes template with `rows` more rows appended to its sheet: megabytes of XML in a
/// file of kilobytes, the shape of a zip bomb.
fn xlsx_bomb(rows: usize) -> Vec<u8> {
    let template = ledger::template(Ledger::Disputes, Format::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let row = r#"<row><c t="inlineStr"><is><t>2023-03-05</t></is></c></row>"#;
            content = String::from_utf8(content)
                .unwrap()
                .replace("</sheetData>", &(row.repeat(rows) + "</sheetData>"))
                .into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_viewer_is_refused_before_the_upload_is_read() {
    let t = TestApp::spawn().await;
    t.seed().await;
    // API: 403, not the 413 of a body that could not be read nor the 400 of a bad file.
    let viewer = t.api_login("viewer_t1").await;
    let (status, _, body) = t
        .send(api_import(
            &viewer,
            "org=T1&dry_run=true",
            Body::new(Unreadable),
        ))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "{}",
        String::from_utf8_lossy(&body)
    );
    // The same for a file that is not an XLSX at all: no parse error, the right comes first.
    let (status, _, _) = t
        .send(api_import(
            &viewer,
            "org=T1&dry_run=true",
            Body::from("PK not an xlsx"),
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A staff member outside the organisation is refused before the body is read too.
    let staff = t.api_login("staff_t1").await;
    let (status, _, _) = t
        .send(api_import(&staff, "org=T2", Body::new(Unreadable)))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // …and with the right and the organisation, the body is read (and here fails).
    let (status, _, _) = t
        .send(api_import(&staff, "org=T1", Body::new(Unreadable)))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // The page: the viewer's upload of a broken file is refused, not parsed.
    let b = t.browser_login("viewer_t1").await;
    let (status, html) = upload_ledger(&t, &b, "bad.xlsx", b"PK not an xlsx").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("Excel 文件无法读取"), "{html}");

    // Confirming a file a staff member staged is refused for the viewer, and the file stays.
    let s = t.browser_login("staff_t1").await;
    let (status, html) = upload_ledger(&t, &s, "good.csv", GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    let token = token_of(&html);
    let (status, _) = confirm_import(&t, &b, &token, true).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(t.app.config.data_dir.join("imports").join(&token).exists());
    assert_eq!(count(&t).await, 0);
}

#[tokio::test]
async fn files_past_the_limits_are_refused_with_the_limit_named() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    // A CSV one row over the cap (header + 200,000 rows).
    let mut csv = GOOD.lines().nth(1).unwrap().to_owned() + "\n";
    csv += &",2023-03-05,东风村,草场纠纷,排查,张三,草场边界,村级,,调解中,,,\n".repeat(200_000);
    let (status, _, body) = t
        .send(api_import(
            &staff,
            "org=T1&format=csv&dry_run=true",
            Body::from(csv),
        ))
        .await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("文件超过 200,000 行上限"), "{body}");

    // An XLSX of a few dozen KB holding 200,001 rows.
    let bomb = xlsx_bomb(200_001);
    assert!(bomb.len() < 512 * 1024, "{} bytes", bomb.len());
    let (status, _, body) = t
        .send(api_import(
            &staff,
            "org=T1&dry_run=true",
            Body::from(bomb.clone()),
        ))
        .await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("文件超过 200,000 行上限"), "{body}");
    // The page says the same.
    let b = t.browser_login("staff_t1").await;
    let (status, html) = upload_ledger(&t, &b, "bomb.xlsx", &bomb).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("文件超过 200,000 行上限"), "{html}");
    assert_eq!(count(&t).await, 0);
}

#[tokio::test]
async fn a_confirmation_imports_once_and_answers_again_with_its_result() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let imports = t.app.config.data_dir.join("imports");

    // A double click: two confirmations at once import the file once.
    let (_, html) = upload_ledger(&t, &b, "good.csv", GOOD.as_bytes()).await;
    let token = token_of(&html);
    let (first, second) = tokio::join!(
        confirm_import(&t, &b, &token, true),
        confirm_import(&t, &b, &token, true),
    );
    for (status, html) in [&first, &second] {
        assert_eq!(*status, StatusCode::OK, "{html}");
        assert!(html.contains("已导入 3 条记录"), "{html}");
    }
    assert_eq!(count(&t).await, 3);
    // Posted again later (the back button, a reload): the same answer, nothing imported.
    let (status, html) = confirm_import(&t, &b, &token, true).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已导入 3 条记录"), "{html}");
    assert_eq!(count(&t).await, 3);
    // The staged upload is gone; only the small answer stays (swept after a day).
    assert!(!imports.join(&token).exists());
    assert!(!imports.join(format!("{token}.claimed")).exists());
    assert_eq!(t.audit_count("import", None).await, 1);
}

#[tokio::test]
async fn staging_sweeps_uploads_older_than_a_day() {
    let t = TestApp::spawn().await;
    let imports = t.app.config.data_dir.join("imports");
    std::fs::create_dir_all(&imports).unwrap();
    let old = imports.join(format!("{}.csv", "a".repeat(64)));
    std::fs::write(&old, "x").unwrap();
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let fresh = ledger::stage(&t.app, b"y", Format::Csv, "y.csv").unwrap();
    assert!(!old.exists(), "the day-old upload is swept");
    assert!(imports.join(&fresh).exists());
    // Each upload is its own confirmation: the same file staged again gets another token.
    assert_ne!(
        ledger::stage(&t.app, b"y", Format::Csv, "y.csv").unwrap(),
        fresh
    );
}

#[tokio::test]
async fn counts_and_party_lists_are_bounded() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let parties = |n: usize| -> Vec<serde_json::Value> {
        (1..=n)
            .map(|i| serde_json::json!({"name": format!("当事人{i}")}))
            .collect()
    };
    let dispute = |n: usize| {
        serde_json::json!({
            "registered_on": fazhi::service::deadlines::today().to_string(),
            "source": "来访",
            "dispute_type": "草场纠纷",
            "summary": "多人纠纷",
            "parties": parties(n),
        })
    };
    // 10,000 parties made a 500; past 50 the form says what to do instead.
    let (status, e) = t.post("/api/v1/disputes", &staff, dispute(10_000)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e.to_string().contains("超过 50 位上限"), "{e}");
    let (status, e) = t.post("/api/v1/disputes", &staff, dispute(50)).await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    // Free text and names have generous caps.
    let mut long = dispute(2);
    long["summary"] = "情".repeat(5_001).into();
    long["parties"][0]["name"] = "名".repeat(101).into();
    let (status, e) = t.post("/api/v1/disputes", &staff, long).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["fields"]["summary"], "简要情况不能超过 5000 字，请精简");
    assert_eq!(
        e["fields"]["party1_name"],
        "第1位当事人的姓名或单位名称不能超过 100 字"
    );

    // A screening report of 2^62 disputes wrapped the round's total negative.
    let (status, r) = t
        .post(
            "/api/v1/screening-rounds",
            &staff,
            serde_json::json!({"name": "春节前排查", "kind": "专项排查",
                "starts_on": "2024-02-01", "ends_on": "2024-02-08"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let id = r["id"].as_i64().unwrap();
    let m1 = t.api_login("mediator_v1").await;
    let (status, e) = t
        .post(
            &format!("/api/v1/screening-rounds/{id}/reports"),
            &m1,
            serde_json::json!({"found": 1_i64 << 62}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e.to_string().contains("不能超过 100000"), "{e}");

    // A ledger row naming more than 50 parties is a row error, not a 500.
    let names: Vec<String> = (1..=51).map(|i| format!("人{i}")).collect();
    let csv = format!(
        "{}\n,2023-03-05,东风村,草场纠纷,排查,{},草场边界,村级,,调解中,,,\n",
        GOOD.lines().nth(1).unwrap(),
        names.join("、")
    );
    let r = t.import_csv(Ledger::Disputes, "T1", csv, true).await;
    assert!(
        r.errors.iter().any(|e| e.contains("超过 50 位上限")),
        "{:?}",
        r.errors
    );
}
