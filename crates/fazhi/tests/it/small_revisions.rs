//! The smaller registers on the revision kit (issue #13): mediation committees and mediators,
//! trainings, the 谁执法谁普法 responsibility list, 述职述法 reports and law exam results. Each
//! goes through the shared round trips of `helpers` (edit on the version seen, stale edit 409,
//! another village's 404, withdraw/restore, history, audit) on the API and on its pages; what
//! is particular to a register (figures, exports, a deactivation) is checked here.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, kit_routes, KitCase, KitUsers, TestApp};
use crate::kit_flow::{self, PageCorrection};

async fn created(t: &TestApp, token: &str, path: &str, body: Value) -> i64 {
    t.created(path, token, body).await["id"].as_i64().unwrap()
}

/// Takes record `id` of the register at `/api/v1/{register}` through [`kit_round_trip`]
/// (staff_v1 edits, staff_v2 of the other village does not find it, admin_t1 restores); returns
/// its path. The record is then at version 4.
async fn round_trip(
    t: &TestApp,
    (register, entity, id): (&str, &str, i64),
    patch: (&str, &str),
    label: &str,
) -> String {
    let list = format!("/api/v1/{register}");
    let c = KitCase {
        path: format!("{list}/{id}"),
        list: &list,
        entity,
    };
    let [writer, outsider, admin] = t.api_logins(["staff_v1", "staff_v2", "admin_t1"]).await;
    let users = KitUsers {
        writer: &writer,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(t, &c, &users, patch, label).await;
    c.path
}

fn committee_body() -> Value {
    json!({"org": "V1", "name": "东风村人民调解委员会", "term_start": "2024-01-01",
           "term_end": "2026-12-31"})
}

async fn committee(t: &TestApp, token: &str) -> i64 {
    created(t, token, "/api/v1/committees", committee_body()).await
}

#[tokio::test]
async fn a_committee_is_corrected_withdrawn_and_restored() {
    let (t, staff, record) = TestApp::with_record("/api/v1/committees", committee_body()).await;
    let id = record["id"].as_i64().unwrap();
    let path = round_trip(
        &t,
        ("committees", "committee", id),
        ("name", "东风村人民调解委员会（新）"),
        "委员会名称",
    )
    .await;

    // The organisation stays; an edit answers with the committee's warnings.
    let (status, err) = t
        .patch(&path, &staff, json!({"version": 4, "org": "V2"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["org"].is_string(), "{err}");
    let (status, v) = t
        .patch(&path, &staff, json!({"version": 4, "term_end": ""}))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "term_unknown"),
        "{v}"
    );
}

#[tokio::test]
async fn a_mediator_is_corrected_withdrawn_and_restored_with_the_phone_masked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let committee = committee(&t, &staff).await;
    let id = created(
        &t,
        &staff,
        "/api/v1/mediators",
        json!({"committee_id": committee, "name": "王玉兰", "sex": "女", "position": "主任",
               "phone": "13812345678", "education": "高中"}),
    )
    .await;
    let path = round_trip(
        &t,
        ("mediators", "mediator", id),
        ("education", "大专"),
        "文化程度",
    )
    .await;

    // A new phone: masked in the answer and in the history, in full on the record.
    let (status, m) = t
        .patch(&path, &staff, json!({"version": 4, "phone": "13987654321"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["phone"], "139****4321");
    let (_, h) = t.get(&format!("{path}/history"), &staff).await;
    let text = h.to_string();
    assert!(
        text.contains("138****5678") && text.contains("139****4321"),
        "{text}"
    );
    assert!(!text.contains("13987654321"), "{text}");
    // Leaving is a deactivation, named so in the history; the committee's count drops.
    let (status, m) = t
        .patch(&path, &staff, json!({"version": 5, "active": false}))
        .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(t.audit_count("deactivate", Some("mediator")).await, 1);
    let (_, h) = t.get(&format!("{path}/history"), &staff).await;
    assert_eq!(
        h.as_array().unwrap().last().unwrap()["action"],
        "停用",
        "{h}"
    );
    // Moving to another committee is refused by name.
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 6, "committee_id": committee + 100}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["committee_id"].is_string(), "{err}");
}

/// A withdrawn person counts nowhere on the committee: not among its members, not in the
/// warnings; restored, they count again.
#[tokio::test]
async fn a_withdrawn_mediator_leaves_the_committee_figures() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let committee = committee(&t, &staff).await;
    let mut last = 0;
    for (name, sex, position) in [
        ("王玉兰", "女", "主任"),
        ("李志强", "男", "委员"),
        ("张德明", "男", "委员"),
    ] {
        last = created(
            &t,
            &staff,
            "/api/v1/mediators",
            json!({"committee_id": committee, "name": name, "sex": sex, "position": position}),
        )
        .await;
    }
    let url = format!("/api/v1/committees/{committee}");
    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(v["member_count"], 3);
    let mediator = format!("/api/v1/mediators/{last}");
    t.withdraw(&mediator, &staff, "重复登记").await;
    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(v["member_count"], 2, "{v}");
    assert!(v["warnings"].to_string().contains("too_few_members"), "{v}");
    let (_, list) = t.get("/api/v1/committees", &staff).await;
    assert_eq!(list["items"][0]["member_count"], 2);
    t.restore(&mediator, &staff, &t.api_login("admin_t1").await)
        .await;
    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(v["member_count"], 3);
}

#[tokio::test]
async fn a_training_is_corrected_withdrawn_and_restored() {
    let (t, staff, record) = TestApp::with_record(
        "/api/v1/trainings",
        json!({"held_on": "2024-03-05", "topic": "调解实务", "trainer": "司法所",
               "attendee_names": ["张三", "李四"], "hours": 2}),
    )
    .await;
    let id = record["id"].as_i64().unwrap();
    let path = round_trip(
        &t,
        ("trainings", "training", id),
        ("topic", "土地纠纷调解实务"),
        "培训主题",
    )
    .await;

    // New names without a count: the count follows them, as at registration.
    let (status, tr) = t
        .patch(
            &path,
            &staff,
            json!({"version": 4, "attendee_names": ["张三", "李四", "王五"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tr}");
    assert_eq!(tr["attendees"], 3);
    let (status, err) = t
        .patch(&path, &staff, json!({"version": 5, "hours": 0}))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the same validation: {err}"
    );

    // Withdrawn: out of the totals, the report's figures and the export.
    let leader = t.api_login("leader_t1").await;
    assert_eq!(t.figures(&leader, &["trainings"]).await, [1]);
    let (_, l) = t.get("/api/v1/trainings", &staff).await;
    assert_eq!(l["totals"]["attendees"], 3);
    t.withdraw(&path, &staff, "重复登记").await;
    assert_eq!(t.figures(&leader, &["trainings"]).await, [0]);
    let (_, l) = t.get("/api/v1/trainings", &staff).await;
    assert_eq!(
        (l["total"].as_i64(), l["totals"]["attendees"].as_i64()),
        (Some(0), Some(0))
    );
    let b = t.browser_login("staff_v1").await;
    let (_, csv) = t.page(&b, "/trainings/export?format=csv").await;
    assert!(!csv.contains("土地纠纷调解实务"), "{csv}");
    t.restore(&path, &staff, &t.api_login("admin_t1").await)
        .await;
    assert_eq!(t.figures(&leader, &["trainings"]).await, [1]);
    let (_, csv) = t.page(&b, "/trainings/export?format=csv").await;
    assert!(csv.contains("土地纠纷调解实务"), "{csv}");
}

#[tokio::test]
async fn a_responsibility_line_is_corrected_withdrawn_and_restored() {
    let (t, staff, record) = TestApp::with_record(
        "/api/v1/responsibility-items",
        json!({"year": 2024, "unit": "司法所", "laws": "宪法"}),
    )
    .await;
    let id = record["id"].as_i64().unwrap();
    let path = round_trip(
        &t,
        ("responsibility-items", "responsibility_item", id),
        ("laws", "民法典"),
        "普法内容",
    )
    .await;

    // A withdrawn line cannot be named by a new event.
    t.withdraw(&path, &staff, "重复").await;
    let (status, err) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-03-05", "name": "宪法宣传", "venue_type": "村居",
                   "themes": ["宪法"], "responsibility_item_id": id}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["responsibility_item_id"].is_string(), "{err}");
}

#[tokio::test]
async fn a_duty_report_is_corrected_withdrawn_and_restored() {
    let (t, staff, record) = TestApp::with_record(
        "/api/v1/duty-reports",
        json!({"year": 2024, "leader": "张书记", "reported_on": "2025-01-15", "form": "书面"}),
    )
    .await;
    let id = record["id"].as_i64().unwrap();
    let path = round_trip(
        &t,
        ("duty-reports", "duty_report", id),
        ("evaluation", "好"),
        "评议结果",
    )
    .await;

    // The form is shown as people read it; a withdrawn report leaves the report's figures.
    let (status, r) = t
        .patch(&path, &staff, json!({"version": 4, "form": "口头"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (_, h) = t.get(&format!("{path}/history"), &staff).await;
    let form = h.as_array().unwrap().last().unwrap()["changes"][0].clone();
    assert_eq!(
        (
            form["label"].as_str(),
            form["before"].as_str(),
            form["after"].as_str()
        ),
        (Some("述职形式"), Some("书面"), Some("口头")),
        "{h}"
    );
    let leader = t.api_login("leader_t1").await;
    assert_eq!(t.figures(&leader, &["duty_reports"]).await, [1]);
    t.withdraw(&path, &staff, "重复").await;
    assert_eq!(t.figures(&leader, &["duty_reports"]).await, [0]);
    // A second report of the same leader and year is refused on 述职领导, as at registration.
    let other = created(
        &t,
        &staff,
        "/api/v1/duty-reports",
        json!({"year": 2023, "leader": "张书记", "reported_on": "2024-01-15", "form": "书面"}),
    )
    .await;
    let (status, err) = t
        .patch(
            &format!("/api/v1/duty-reports/{other}"),
            &staff,
            json!({"version": 1, "year": 2024}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(err["fields"]["leader"].is_string(), "{err}");
}

#[tokio::test]
async fn the_smaller_registers_are_corrected_on_their_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let c = committee(&t, &staff).await;
    // The mediator's committee is another: the first one's page withdraws it.
    let mut second = committee_body();
    second["name"] = "东风村第二人民调解委员会".into();
    let mediators_committee = created(&t, &staff, "/api/v1/committees", second).await;
    let record = |path: &'static str, body: Value| {
        let (t, staff) = (&t, &staff);
        async move { created(t, staff, path, body).await }
    };
    let m = record(
        "/api/v1/mediators",
        json!({"committee_id": mediators_committee, "name": "王玉兰", "sex": "女",
               "position": "主任"}),
    )
    .await;
    let tr = record(
        "/api/v1/trainings",
        json!({"held_on": "2024-03-05", "topic": "调解实务", "trainer": "司法所",
               "attendees": 6, "hours": 1.5}),
    )
    .await;
    let i = record(
        "/api/v1/responsibility-items",
        json!({"year": 2024, "unit": "司法所", "laws": "宪法"}),
    )
    .await;
    let r = record(
        "/api/v1/duty-reports",
        json!({"year": 2024, "leader": "张书记", "reported_on": "2025-01-15", "form": "书面"}),
    )
    .await;
    let x = record(
        "/api/v1/law-exams",
        json!({"year": 2024, "cadre": "李干部", "score": 55}),
    )
    .await;
    // Each record's page, what its form shows, the whole form corrected, the history line. A
    // second save of the same form on the old version is the stale one.
    let b = t.browser_login("staff_v1").await;
    for (record, shown, edit, history) in [
        (
            format!("/committees/{c}"),
            "value=\"东风村人民调解委员会\"",
            vec![
                ("name", "东风村调委会"),
                ("kind", "village"),
                ("term_start", "2024-01-01"),
                ("term_end", "2026-12-31"),
            ],
            "委员会名称：东风村人民调解委员会 → 东风村调委会",
        ),
        (
            format!("/mediators/{m}"),
            "value=\"王玉兰\"",
            vec![
                ("name", "王玉兰"),
                ("sex", "female"),
                ("position", "director"),
                ("education", "大专"),
            ],
            "文化程度：（空） → 大专",
        ),
        (
            format!("/trainings/{tr}"),
            "value=\"调解实务\"",
            vec![
                ("held_on", "2024-03-05"),
                ("topic", "婚姻家庭纠纷调解"),
                ("trainer", "司法所"),
                ("attendees", "6"),
                ("hours", "1.5"),
            ],
            "培训主题：调解实务 → 婚姻家庭纠纷调解",
        ),
        (
            format!("/publicity/responsibility/{i}"),
            "value=\"司法所\"",
            vec![("year", "2024"), ("unit", "司法所"), ("laws", "民法典")],
            "普法内容：宪法 → 民法典",
        ),
        (
            format!("/study/duty-reports/{r}"),
            "value=\"张书记\"",
            vec![
                ("year", "2024"),
                ("leader", "张书记"),
                ("reported_on", "2025-01-15"),
                ("form", "oral"),
            ],
            "述职形式：书面 → 口头",
        ),
        (
            format!("/study/exams/{x}"),
            "value=\"李干部\"",
            vec![("year", "2024"), ("cadre", "李干部"), ("score", "75")],
            "是否合格：否 → 是",
        ),
    ] {
        let correction = PageCorrection {
            record,
            shown: vec![shown],
            stale_edit: edit.clone(),
            edit,
            history: vec![history],
        };
        kit_flow::correct_and_withdraw(&t, &b, &correction).await;
    }
    let (_, list) = t.page(&b, "/trainings?withdrawn=1").await;
    assert!(list.contains("婚姻家庭纠纷调解"), "under 作废记录: {list}");
    // Another village's records are not found on the pages either.
    let other = t.browser_login("staff_v2").await;
    for page in [
        format!("/study/exams/{x}"),
        format!("/trainings/{tr}/edit"),
        format!("/publicity/responsibility/{i}"),
    ] {
        let (status, _) = t.page(&other, &page).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    }
}

#[tokio::test]
async fn the_smaller_registers_revision_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    let routes: Vec<_> = [
        "committees",
        "mediators",
        "trainings",
        "responsibility-items",
        "duty-reports",
    ]
    .into_iter()
    .flat_map(kit_routes)
    .collect();
    t.openapi_with(&routes).await;
}
