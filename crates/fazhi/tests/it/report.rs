//! The annual report's figures, checked against fixtures counted by hand (not against the
//! report's own queries); the county roll-up; an empty year; the demo town's seed sentences.

use axum::http::StatusCode;
use fazhi::service::{ledger, Caller};

use crate::helpers::TestApp;

async fn import(t: &TestApp, key: &str, org: &str, csv: &str) {
    let ledger = ledger::parse_ledger(key).unwrap();
    let report = t.import_csv(ledger, org, csv, false).await;
    assert!(report.errors.is_empty(), "{key}: {:?}", report.errors);
}

/// Town T1: 5 disputes in 2023 (3 village-level, 2 town-level; 2 land, 2 grassland, 1 other),
/// one in 2022; 2 consultations; 1 legal-aid referral; 3 publicity events. Town T2 (village
/// 西湖村): 2 town-level disputes.
async fn fixture(t: &TestApp) {
    t.seed().await;
    fazhi::service::orgs::create_org(
        &t.app,
        &Caller::operator(),
        fazhi::service::orgs::NewOrgInput {
            code: "V3",
            name: "西湖村",
            kind: "village",
            parent_code: Some("T2"),
            region: None,
        },
    )
    .await
    .unwrap();
    import(
        t,
        "disputes",
        "T1",
        "登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
         2023-01-05,东风村,土地纠纷,排查,甲、乙,地界,村级,张三,调解成功,2023-01-20,书面,\n\
         2023-03-05,东风村,草场纠纷,来访,丙、丁,放牧,村级,张三,调解成功,2023-03-20,口头,\n\
         2023-05-05,红旗村,土地纠纷,排查,戊、己,地界,镇级,李四,调解不成,2023-06-01,无,\n\
         2023-07-05,红旗村,其他纠纷,电话,庚、辛,琐事,村级,李四,调解成功,2023-07-10,书面,\n\
         2023-12-31,东风村,草场纠纷,排查,壬、癸,草场,镇级,张三,调解中,,无,\n\
         2022-12-31,东风村,家庭纠纷,排查,子、丑,赡养,村级,张三,调解成功,2023-01-03,口头,\n",
    )
    .await;
    import(
        t,
        "consultations",
        "T1",
        "日期,所属村,咨询人,咨询事项,类别,答复人,处理方式\n\
         2023-02-01,东风村,赵一,土地流转,土地承包,司法所,当场解答\n\
         2023-02-02,红旗村,钱二,赡养,婚姻家庭,司法所,转调解\n",
    )
    .await;
    import(
        t,
        "legal-aid",
        "T1",
        "申请日期,申请人,所属村,事项,转交机构,结果\n2023-04-01,孙三,东风村,欠薪,县法律援助中心,已指派\n",
    )
    .await;
    import(
        t,
        "publicity",
        "T1",
        "日期,活动名称,地点类型,主题,形式,大型海报,小型海报,横幅,宣传品份数,宣传车台次,受益人次\n\
         2023-03-01,民法典宣传,企业,民法典,讲座,2,3,1,100,1,50\n\
         2023-04-01,禁毒宣传,村居,禁毒,展板,1,0,2,200,3,120\n\
         2023-05-01,安全出行,学校,爱路护路,讲座,0,4,0,0,0,300\n",
    )
    .await;
    import(
        t,
        "disputes",
        "T2",
        "登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
         2023-02-05,西湖村,家庭纠纷,排查,甲、乙,赡养,镇级,王五,调解成功,2023-02-20,书面,\n\
         2023-02-06,西湖村,家庭纠纷,排查,丙、丁,赡养,镇级,王五,调解成功,2023-02-21,书面,\n",
    )
    .await;
}

/// Finalises `org`'s report for `year` through the page, as a leader does.
pub async fn finalize_on_page(t: &TestApp, b: &crate::helpers::Browser, org: &str, year: i32) {
    let year = year.to_string();
    let (status, _, _) = t
        .form(
            b,
            "/reports/annual/finalize",
            &[("org", org), ("year", &year), ("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn town_figures_match_the_fixture() {
    let t = TestApp::spawn().await;
    fixture(&t).await;
    let token = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?year=2023", &token).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let v = &f["values"];
    assert_eq!(v["disputes"], 5, "the 2022 case is not counted");
    assert_eq!(v["village_level"], 3);
    assert_eq!(v["town_level"], 2);
    assert_eq!(v["succeeded"], 3);
    assert_eq!(v["failed"], 1);
    assert_eq!(v["written_agreements"], 2);
    assert_eq!(v["oral_agreements"], 1);
    assert_eq!(v["consultations"], 2);
    assert_eq!(v["legal_aid"], 1);
    assert_eq!(v["publicity_events"], 3);
    assert_eq!(v["posters"], 10);
    assert_eq!(v["banners"], 3);
    assert_eq!(v["materials"], 300);
    assert_eq!(v["vehicle_trips"], 4);
    assert_eq!(v["beneficiaries"], 470);
    assert_eq!(v["enterprise_events"], 1);
    assert_eq!(v["village_events"], 1);
    assert_eq!(v["school_events"], 1);
    let sentences: String = f["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        sentences.contains("今年累积收集各类矛盾纠纷5起，提供法律咨询2次，申请法律援助1次，其中，村级调处化解纠纷3起，镇级调解2起，主要涉及土地纠纷、草场纠纷等。"),
        "{sentences}"
    );
    assert!(
        sentences.contains("共开展法治宣传进企业1场次、进村居1场次、进学校1场次，受益群众470人次")
    );
}

#[tokio::test]
async fn a_county_rolls_up_its_towns_and_a_village_sees_only_itself() {
    let t = TestApp::spawn().await;
    fixture(&t).await;
    let token = t.api_login("viewer_c1").await;
    let (_, f) = t.get("/api/v1/figures?org=C1&year=2023", &token).await;
    assert_eq!(f["values"]["disputes"], 7, "5 in T1 + 2 in T2");
    assert_eq!(f["values"]["town_level"], 4);
    let towns = f["towns"].as_array().unwrap();
    assert_eq!(towns.len(), 2);
    let t1 = towns.iter().find(|r| r["code"] == "T1").unwrap();
    assert_eq!(t1["disputes"], 5);
    assert_eq!(t1["beneficiaries"], 470);
    let t2 = towns.iter().find(|r| r["code"] == "T2").unwrap();
    assert_eq!(t2["disputes"], 2);

    // A town leader cannot ask for the county, or for the other town.
    let token = t.api_login("leader_t1").await;
    let (status, _) = t.get("/api/v1/figures?org=C1&year=2023", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.get("/api/v1/figures?org=T2&year=2023", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_year_without_records_reports_zeros() {
    let t = TestApp::spawn().await;
    fixture(&t).await;
    let token = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?year=2021", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(f["values"]["disputes"], 0);
    assert_eq!(f["values"]["beneficiaries"], 0);
    let (status, body) = t.get("/api/v1/figures?year=99999", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn the_report_renders_in_three_formats_and_finalises() {
    let t = TestApp::spawn().await;
    fixture(&t).await;
    let token = t.api_login("leader_t1").await;
    for (format, magic) in [
        ("docx", &b"PK"[..]),
        ("html", &b"<!DOCTYPE html>"[..]),
        ("md", "# ".as_bytes()),
    ] {
        let req = axum::http::Request::builder()
            .uri(format!("/api/v1/reports/annual?year=2023&format={format}"))
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap();
        let (status, headers, body) = t.send(req).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        assert!(body.starts_with(magic), "{format} starts right");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    }
    // Narratives are saved through the page, then the report is finalised and published.
    let b = t.browser_login("leader_t1").await;
    let (status, _, _) = t
        .form(
            &b,
            "/reports/annual/narrative",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("section", "problems"),
                ("body", "普法形式较为单一。"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = t.page(&b, "/reports/annual?org=T1&year=2023").await;
    assert!(html.contains("普法形式较为单一。"));
    assert!(html.contains("今年累积收集各类矛盾纠纷5起"));
    finalize_on_page(&t, &b, "T1", 2023).await;
    // Figures are frozen: a later import does not change the final report.
    import(
        &t,
        "consultations",
        "T1",
        "日期,所属村,咨询人,咨询事项,类别,答复人,处理方式\n2023-09-01,东风村,周四,借款,合同债务,司法所,当场解答\n",
    )
    .await;
    let (_, f) = t.get("/api/v1/figures?year=2023", &token).await;
    assert_eq!(f["values"]["consultations"], 2, "frozen at finalisation");
    // The public portal lists it, without login.
    let req = axum::http::Request::builder()
        .uri("/public/")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, body) = t.send(req).await;
    assert_eq!(status, StatusCode::OK);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("测试镇2023年法治政府建设工作总结"), "{body}");
}

/// The annual report of the organisation `code` for `year` in Markdown: its file name and text.
pub(crate) async fn markdown(t: &TestApp, code: &str, year: i32) -> (String, String) {
    use fazhi::service::report;
    let org = fazhi::storage::orgs::by_code(&t.app.db, code)
        .await
        .unwrap()
        .expect("the organisation exists");
    let r = report::render(&t.app, &org, year, report::Format::Markdown)
        .await
        .unwrap();
    (r.file_name, String::from_utf8(r.bytes).unwrap())
}

#[tokio::test]
async fn the_demo_town_reproduces_the_seed() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    assert!(
        !fazhi::service::demo::load(&t.app).await.unwrap(),
        "loads once"
    );
    let (_, text) = markdown(&t, "654202100", 2023).await;
    for sentence in [
        "组织开展人民调解业务培训7次",
        "今年累积收集各类矛盾纠纷332起，提供法律咨询158次，申请法律援助3次，其中，村级调处化解纠纷303起，镇级调解29起，主要涉及土地纠纷、草场纠纷、家庭纠纷等。",
        "开展法治宣传车走街进村宣传50台次",
        "张贴大、小型宣传海报157张，悬挂横幅60条，发放宣传物品、单张共5000份",
        "共开展法治宣传进企业8场次、进村居53场次、进学校4场次，受益群众4000人次",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
    assert!(text.contains("西大沟镇2023年法治政府建设工作总结"));
    // 314 of 332 concluded cases: 94.578…%, rounded half up (truncation printed 94.5%).
    assert!(text.contains("调解成功率94.6%"), "{text}");
}

/// Issue #15 item 8: the 存在问题 prompt asks for 不足和原因; title and signatories are the
/// report's settings; a draft is undated and the final report is dated the day it is finalised.
#[tokio::test]
async fn report_settings_and_dating() {
    let t = TestApp::spawn().await;
    fixture(&t).await;
    let b = t.browser_login("leader_t1").await;
    let (_, html) = t.page(&b, "/reports/annual?org=T1&year=2023").await;
    assert!(html.contains("存在的不足和原因"), "the 存在问题 prompt");
    // The draft: default title and signatory, no date.
    let org = fazhi::storage::orgs::by_code(&t.app.db, "T1")
        .await
        .unwrap()
        .unwrap();
    let dated = fazhi_docs::chinese_date(fazhi::service::deadlines::today());
    let (name, text) = markdown(&t, "T1", 2023).await;
    assert!(text.contains("测试镇2023年法治政府建设工作总结"));
    assert_eq!(name, "测试镇-2023年法治政府建设工作总结.md");
    assert!(!text.contains(&dated), "a draft is not dated today: {text}");
    assert!(text.contains("日期在定稿发布时填写"));

    // Settings: the annual-report title, signed by the Party committee and the government.
    let (status, _, _) = t
        .form(
            &b,
            "/reports/annual/settings",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("title", "annual_report"),
                ("signatories", "party_and_government"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = t
        .form(
            &b,
            "/reports/annual/settings",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("title", "总结报告"),
                ("signatories", "government"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    let (name, text) = markdown(&t, "T1", 2023).await;
    assert!(text.contains("测试镇2023年法治政府建设年度报告"), "{text}");
    assert_eq!(name, "测试镇-2023年法治政府建设年度报告.md");
    assert!(text.contains("中共测试镇委员会　测试镇人民政府"), "{text}");
    // They carry over to the next year's draft.
    let s = fazhi::service::report::settings(&t.app, &org, 2024)
        .await
        .unwrap();
    assert_eq!(s.title, fazhi_domain::report::ReportTitle::AnnualReport);

    // Finalised: dated today (Beijing), and the settings can no longer change.
    finalize_on_page(&t, &b, "T1", 2023).await;
    let (_, text) = markdown(&t, "T1", 2023).await;
    assert!(text.contains(&dated), "{text}");
    assert!(!text.contains("日期在定稿发布时填写"));
    let err = fazhi::service::report::save_settings(
        &t.app,
        &fazhi::service::Caller::operator(),
        &org,
        2023,
        "work_summary",
        "government",
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "report_final");
}
