//! Normative documents in the figures and the annual report (issue #16 items 5 and 7): issued,
//! repealed, in force at the year's end, filed and filed on time, counted from hand-made
//! fixtures, shown by `/api/v1/figures` and written as the documents sentence of 一(二).

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const API: &str = "/api/v1/normative-documents";

/// A document registered as predating fazhi, published (and issued) on `published_on`, filed
/// on `filed_on` when given.
fn document(title: &str, number: &str, published_on: &str, filed_on: Option<&str>) -> Value {
    let mut v = json!({"title": title, "drafting_unit": "党政办", "doc_number": number,
           "issued_on": published_on, "published_on": published_on, "channel": "镇政府网站",
           "interpretation": "解读", "full_text": "第一条 为规范管理，制定本规定。",
           "historical": true});
    if let Some(f) = filed_on {
        v["filed_on"] = json!(f);
        v["filing_body"] = json!("县司法局");
    }
    v
}

async fn create(t: &TestApp, token: &str, body: Value) -> i64 {
    let v = t.created(API, token, body).await;
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

#[tokio::test]
async fn the_figures_and_the_report_count_normative_documents() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other_town] = t.api_logins(["staff_t1", "staff_t2"]).await;
    // Hand-counted for T1 in 2023 (filing within 15 days of publication):
    // 1号 filed on day 9 (on time); 2号 filed after 60 days (late); 3号 never filed and repealed
    // by 4号 on 1 November; 4号 filed on day 4 (on time); a 2022 document still in force; a
    // withdrawn 2023 document and another town's count nowhere.
    // Issued 4, repealed 1, in force on 31 December 4 (1号, 2号, 4号, the 2022 one), filed 3,
    // on time 2.
    for (title, number, published, filed) in [
        (
            "东风镇草场管理规定",
            "东政规〔2023〕1号",
            "2023-03-01",
            Some("2023-03-10"),
        ),
        (
            "东风镇河道管护办法",
            "东政规〔2023〕2号",
            "2023-05-01",
            Some("2023-06-30"),
        ),
        (
            "东风镇农村人居环境整治办法",
            "东政规〔2023〕3号",
            "2023-07-01",
            None,
        ),
        (
            "东风镇人居环境长效管护办法",
            "东政规〔2023〕4号",
            "2023-10-01",
            Some("2023-10-05"),
        ),
        (
            "东风镇村规民约备案办法",
            "东政规〔2022〕1号",
            "2022-06-01",
            Some("2022-06-10"),
        ),
    ] {
        create(&t, &staff, document(title, number, published, filed)).await;
    }
    let repealed = t
        .scalar::<i64>("SELECT id FROM normative_documents WHERE doc_number = '东政规〔2023〕3号'")
        .await;
    let (status, v) = t
        .post(
            &format!("{API}/{repealed}/repeal"),
            &staff,
            json!({"ended_on": "2023-11-01", "ended_by": "东政规〔2023〕4号"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let gone = create(
        &t,
        &staff,
        document("重复登记的文件", "东政规〔2023〕9号", "2023-04-01", None),
    )
    .await;
    let (status, v) = t
        .post(
            &format!("{API}/{gone}/withdraw"),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    create(
        &t,
        &other_town,
        document("西山镇文件", "西政规〔2023〕1号", "2023-02-01", None),
    )
    .await;

    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?org=T1&year=2023", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let v = &f["values"];
    for (key, n) in [
        ("normative_issued", 4),
        ("normative_repealed", 1),
        ("normative_valid", 4),
        ("normative_filed", 3),
        ("normative_filed_on_time", 2),
    ] {
        assert_eq!(v[key], n, "{key}: {v}");
    }
    let sentence =
        "全年制发行政规范性文件4件，报送备案3件，其中按时报送2件；废止1件，现行有效4件。";
    let sentences: String = f["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(sentences.contains(sentence), "{sentences}");
    // The report's 一(二) carries the sentence; the register's own figures agree.
    let (_, text) = crate::report::markdown(&t, "T1", 2023).await;
    let part = text
        .split("（二）推进政务公开")
        .nth(1)
        .expect("part （二）");
    let part = part.split("（三）").next().unwrap();
    assert!(part.contains(sentence), "{part}");
    let (_, own) = t.get(&format!("{API}/figures?year=2023"), &staff).await;
    assert_eq!(
        (own["issued"].as_i64(), own["filed_on_time"].as_i64()),
        (Some(4), Some(2)),
        "{own}"
    );
    // 2022: one issued, filed on time; nothing repealed; in force at its end.
    let (_, text) = crate::report::markdown(&t, "T1", 2022).await;
    assert!(
        text.contains("全年制发行政规范性文件1件，1件均按时报送备案；废止0件，现行有效1件。"),
        "{text}"
    );
}

#[tokio::test]
async fn the_demo_town_has_normative_documents_in_its_report_and_on_the_portal() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    // 2023: three issued, all filed within 15 days; the first repealed in October by the third,
    // two older ones ended by the December clean-up (废止 and 宣布失效); the 暂行 one, the third
    // and the older homestead rules (to be amended) in force on 31 December.
    let (_, text) = crate::report::markdown(&t, "654202100", 2023).await;
    let sentence = "全年制发行政规范性文件3件，3件均按时报送备案；废止3件，现行有效3件。";
    assert!(text.contains(sentence), "{text}");
    assert!(
        text.contains("3件行政规范性文件"),
        "the reviews sentence: {text}"
    );
    // Today the portal lists the one in force, with its 解读; the repealed one is off the list.
    let anonymous = crate::helpers::Browser {
        cookie: String::new(),
        csrf: String::new(),
    };
    let (status, page) = t.page(&anonymous, "/public/normative-documents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("西大沟镇集体草场承包经营管理办法"), "{page}");
    assert!(!page.contains("西大沟镇集体草场管理办法<"), "{page}");
}

#[tokio::test]
async fn the_figures_follow_a_repeal_at_once() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let doc = create(
        &t,
        &staff,
        document(
            "东风镇草场管理规定",
            "东政规〔2023〕1号",
            "2023-03-01",
            None,
        ),
    )
    .await;
    let leader = t.api_login("leader_t1").await;
    let repealed = |f: &Value| f["values"]["normative_repealed"].as_i64();
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2023", &leader).await;
    assert_eq!(repealed(&f), Some(0), "{f}");
    // The figures are kept per version of their registers: a repeal must move it.
    let (status, v) = t
        .post(
            &format!("{API}/{doc}/repeal"),
            &staff,
            json!({"ended_on": "2023-11-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2023", &leader).await;
    assert_eq!(repealed(&f), Some(1), "{f}");
}
