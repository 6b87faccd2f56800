//! Files on the record pages (issue #19): a meeting's minutes, a complaint's investigation
//! material and a supervision item's rectification evidence are uploaded through one form and
//! listed with download links; the right and the record are checked before the upload is
//! read; a refused file is shown in Chinese. The county imports its indicator list on the
//! assessment page, and a finalised report's plan becomes next year's tasks from its page.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{multipart, TestApp};

/// A record of each register that takes files, registered by `staff_t1`: (page, id).
async fn records(t: &TestApp, token: &str) -> Vec<(&'static str, i64)> {
    let meeting = json!({"held_on": "2024-03-01", "kind": "党委会", "topics": "研究法治建设",
                         "attendees": "马建国", "decisions": "落实"});
    let complaint = json!({"org": "T1", "channel": "phone", "class": "claim",
        "matter_type": "土地纠纷", "petitioner_name": "王五", "subject": "承包地被占用",
        "content": "反映承包地被邻居占用", "received_on": "2024-03-05"});
    let item = json!({"org": "T1", "kind": "audit_finding", "source": "县审计局",
        "received_on": "2024-03-06", "content": "专项资金未按规定公示", "handling_unit": "镇财政所"});
    let mut out = Vec::new();
    for (page, body) in [
        ("/meetings", meeting),
        ("/complaints", complaint),
        ("/supervision-items", item),
    ] {
        let r = t.created(&format!("/api/v1{page}"), token, body).await;
        out.push((page, r["id"].as_i64().expect("an id")));
    }
    out
}

#[tokio::test]
async fn files_are_uploaded_and_listed_on_three_record_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let writer = t.browser_login("staff_t1").await;
    let viewer = t.browser_login("viewer_t1").await;
    let outsider = t.browser_login("staff_t2").await;
    for (page, id) in records(&t, &staff).await {
        let record = format!("{page}/{id}");
        let action = format!("{record}/files");
        let (status, html) = t.page(&writer, &record).await;
        assert_eq!(status, StatusCode::OK, "{record}");
        assert!(
            html.contains(&format!("action=\"{action}\"")),
            "{record}: the upload form"
        );
        assert!(html.contains("尚未上传"), "{record}");

        let file = ("现场照片.jpg", "image/jpeg", &b"\xff\xd8\xff photo"[..]);
        let upload =
            |who: &crate::helpers::Browser| multipart(who, &action, &[("_csrf", &who.csrf)], file);
        // A viewer and another town are refused before the file is read.
        let (status, _, _) = t.send(upload(&viewer)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{record}: a viewer");
        let (status, _, _) = t.send(upload(&outsider)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{record}: another town");
        let (status, _, _) = t
            .send(multipart(&writer, &action, &[("_csrf", "wrong")], file))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{record}: without the token");

        let (status, headers, _) = t.send(upload(&writer)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{record}");
        assert_eq!(headers["location"], format!("{record}#files").as_str());
        let (_, html) = t.page(&writer, &record).await;
        let at = html.find("data-attachment").expect("the file is listed");
        let start = html[..at].rfind("href=\"").unwrap() + 6;
        let href = html[start..].split('"').next().unwrap().to_owned();
        assert!(
            html[at..].starts_with("data-attachment>现场照片.jpg"),
            "{record}"
        );
        let (status, bytes) = t.download(&href, None, Some(&writer)).await;
        assert_eq!(
            (status, bytes.as_slice()),
            (StatusCode::OK, &b"\xff\xd8\xff photo"[..])
        );
        // The viewer reads the list (no form) but the other town does not see the file.
        let (_, html) = t.page(&viewer, &record).await;
        assert!(
            html.contains("现场照片.jpg") && !html.contains(&action),
            "{record}"
        );
        assert_eq!(
            t.download(&href, None, Some(&outsider)).await.0,
            StatusCode::NOT_FOUND
        );

        // A file that may not be attached: the record's page again, the reason in Chinese.
        let bad = ("说明.exe", "application/octet-stream", &b"MZ"[..]);
        let csrf = writer.csrf.clone();
        let (status, _, body) = t
            .send(multipart(&writer, &action, &[("_csrf", &csrf)], bad))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{record}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            body.contains("只能上传照片、录音、视频或 PDF"),
            "{record}: {body}"
        );
        assert!(
            body.contains(&format!("action=\"{action}\"")),
            "{record}: its own page"
        );
    }
}

#[tokio::test]
async fn the_county_imports_its_indicator_list_on_the_assessment_page() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let county = t.browser_login("staff_c1").await;
    let town = t.browser_login("staff_t1").await;
    let (_, html) = t.page(&county, "/assessments?year=2025").await;
    assert!(html.contains("action=\"/assessments/indicators/import\""));
    let (_, html) = t.page(&town, "/assessments?year=2025").await;
    assert!(
        !html.contains("action=\"/assessments/indicators/import\""),
        "a town imports nothing"
    );

    // The template's columns are the ones the import reads.
    let (status, template) = t
        .download("/assessments/indicators/template.xlsx", None, Some(&county))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(template.starts_with(b"PK"), "an XLSX");

    let columns = ["指标编号", "指标名称", "分值", "评分方法", "佐证材料"];
    let sheet = |rows: &[[&str; 5]]| {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect();
        fazhi_ledger::write_xlsx("法治建设考核指标表", &columns, &rows, None).unwrap()
    };
    let post = |who: &crate::helpers::Browser, bytes: Vec<u8>| {
        let file = (
            "考核指标表.xlsx",
            "application/octet-stream",
            bytes.as_slice(),
        );
        multipart(
            who,
            "/assessments/indicators/import",
            &[("_csrf", &who.csrf), ("year", "2025")],
            file,
        )
    };
    let bad = sheet(&[
        ["1", "依法决策", "10", "", ""],
        ["1.1", "合法性审查", "6", "", ""],
        ["1.2", "", "x", "", ""],
    ]);
    let (status, _, _) = t.send(post(&town, bad.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a town may not import");
    let (status, _, body) = t.send(post(&county, bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("未导入任何指标") && body.contains("第4行"),
        "{body}"
    );
    let (_, html) = t.page(&county, "/assessments?year=2025").await;
    assert!(html.contains("尚未设定"), "all or nothing");

    let good = sheet(&[
        ["1", "依法决策", "10", "", ""],
        ["1.1", "合法性审查", "6", "每少一件扣2分", "审查意见书"],
        ["1.2", "集体讨论", "4", "", "会议纪要"],
    ]);
    let (status, _, body) = t.send(post(&county, good)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("已导入 2025 年考核指标 3 项"));
    let (_, html) = t.page(&town, "/assessments?year=2025").await;
    assert!(
        html.contains("每少一件扣2分"),
        "the town reads the county's tree"
    );
}

#[tokio::test]
async fn a_finalised_reports_plan_becomes_next_years_tasks_from_its_page() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let plan = "（一）主要目标任务。一是持续落实综合行政执法改革。二是推进村级法律顾问全覆盖。";
    let (status, _, _) = t
        .form(
            &b,
            "/reports/annual/narrative",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("section", "plans"),
                ("body", plan),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let button = "将本报告的下一年度重点工作转为任务";
    let (_, html) = t.page(&b, "/reports/annual?org=T1&year=2023").await;
    assert!(!html.contains(button), "a draft has no button");
    let make = || {
        t.form(
            &b,
            "/plan-tasks/from-report",
            &[("org", "T1"), ("year", "2023")],
            true,
        )
    };
    let (status, _, html) = make().await;
    assert_eq!(status, StatusCode::CONFLICT, "not finalised: {html}");
    assert!(html.contains("尚未定稿"), "{html}");

    let (status, _, _) = t
        .form(
            &b,
            "/reports/annual/finalize",
            &[("org", "T1"), ("year", "2023"), ("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = t.page(&b, "/reports/annual?org=T1&year=2023").await;
    assert!(html.contains(button), "the finalised report offers it");
    let (status, _, html) = make().await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("2024 年目标任务 <strong>2</strong> 项"),
        "{html}"
    );
    assert!(html.contains("推进村级法律顾问全覆盖"), "{html}");
    let (_, _, html) = make().await;
    assert!(
        html.contains("新增 <strong>0</strong> 项"),
        "idempotent: {html}"
    );
    let (_, html) = t.page(&b, "/plan-tasks?year=2024").await;
    assert_eq!(
        html.matches("持续落实综合行政执法改革").count(),
        1,
        "made once"
    );
    t.needs_csrf(
        &b,
        "/plan-tasks/from-report",
        &[("org", "T1"), ("year", "2023")],
    )
    .await;
}
