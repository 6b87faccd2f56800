//! Mediation committees, mediators and trainings: composition warnings as people come and go,
//! who sees and changes what (pages and API), training totals, and the audit trail.

use axum::http::StatusCode;
use chrono::{Duration, Months};
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// A current term: started a month ago, ends within three years of its start.
fn current_term() -> (String, String) {
    let today = chrono::Utc::now().date_naive();
    let start = today - Duration::days(30);
    let end = start + Months::new(36) - Duration::days(1);
    (start.to_string(), end.to_string())
}

async fn committee(t: &TestApp, token: &str, org: &str, name: &str) -> i64 {
    let (start, end) = current_term();
    let (status, b) = t
        .post(
            "/api/v1/committees",
            token,
            json!({"org": org, "name": name, "term_start": start, "term_end": end,
                   "multi_ethnic": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b["id"].as_i64().unwrap()
}

async fn member(t: &TestApp, token: &str, committee: i64, body: Value) -> Value {
    let mut body = body;
    body["committee_id"] = json!(committee);
    let (status, b) = t.post("/api/v1/mediators", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

fn codes(view: &Value) -> Vec<String> {
    view["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

/// A `PATCH` on the version the caller reads now (the register kit asks for it), unless the body
/// names one; a record the caller cannot read is patched "on" version 1.
async fn patch(t: &TestApp, path: &str, token: &str, mut body: Value) -> (StatusCode, Value) {
    if body.get("version").is_none() {
        let (_, now) = t.get(path, token).await;
        body["version"] = now["version"].as_i64().unwrap_or(1).into();
    }
    t.patch(path, token, body).await
}

#[tokio::test]
async fn warnings_appear_and_disappear_as_the_committee_changes() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = committee(&t, &staff, "V1", "东风村人民调解委员会").await;
    let url = format!("/api/v1/committees/{id}");

    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(v["kind"], "village", "a village's committee by default");
    assert_eq!(codes(&v), ["too_few_members"]);

    for (name, position) in [("王建国", "主任"), ("李志强", "委员"), ("张德明", "委员")]
    {
        member(
            &t,
            &staff,
            id,
            json!({"name": name, "sex": "男", "ethnicity": "汉族", "position": position}),
        )
        .await;
    }
    // A hired mediator does not make the committee compliant.
    member(
        &t,
        &staff,
        id,
        json!({"name": "马春花", "sex": "女", "ethnicity": "回族", "position": "调解员"}),
    )
    .await;
    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(codes(&v), ["no_woman", "no_minority"]);
    assert_eq!(v["member_count"], 3);
    assert_eq!(v["mediator_count"], 4);
    assert!(v["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("妇女成员"));

    let woman = member(
        &t,
        &staff,
        id,
        json!({"name": "阿依古丽", "sex": "女", "ethnicity": "维吾尔族", "position": "副主任",
               "phone": "13812345678"}),
    )
    .await;
    let (_, v) = t.get(&url, &staff).await;
    assert!(codes(&v).is_empty(), "{v}");
    assert_eq!(v["member_count"], 4);
    // Members inherit the committee's term.
    assert_eq!(woman["term_end"], v["term_end"]);

    // A term longer than three years, then back.
    let (start, end) = current_term();
    let long_end = (chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap()
        + Months::new(48))
    .to_string();
    let (status, v) = patch(&t, &url, &staff, json!({"term_end": long_end})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(codes(&v).contains(&"term_too_long".to_owned()), "{v}");
    assert_eq!(
        v["name"], "东风村人民调解委员会",
        "fields left out keep their value"
    );
    let (_, v) = patch(&t, &url, &staff, json!({"term_end": end})).await;
    assert!(codes(&v).is_empty(), "{v}");

    // The only woman leaves: the warnings come back, and she is kept as inactive.
    let woman_url = format!("/api/v1/mediators/{}", woman["id"]);
    let (status, m) = patch(&t, &woman_url, &staff, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["active"], false);
    let (_, v) = t.get(&url, &staff).await;
    assert_eq!(codes(&v), ["no_woman", "no_minority"]);
    assert_eq!(v["mediators"].as_array().unwrap().len(), 5);

    // The list carries the same figures.
    let (_, list) = t.get("/api/v1/committees", &staff).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["member_count"], 3);
    assert_eq!(codes(&list["items"][0]), ["no_woman", "no_minority"]);
}

/// 人民调解法 第八条 asks for members of the 人数较少民族 of the place: where the committee names
/// 锡伯族 as the smaller group, a 维吾尔族 member does not satisfy it and a 锡伯族 member does.
#[tokio::test]
async fn the_smaller_ethnic_groups_are_set_per_committee() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = committee(&t, &staff, "V1", "东风村人民调解委员会").await;
    let url = format!("/api/v1/committees/{id}");
    for (name, sex, ethnicity, position) in [
        ("王建国", "男", "汉族", "主任"),
        ("刘秀英", "女", "汉族", "副主任"),
        ("艾尔肯", "男", "维吾尔族", "委员"),
    ] {
        member(
            &t,
            &staff,
            id,
            json!({"name": name, "sex": sex, "ethnicity": ethnicity, "position": position}),
        )
        .await;
    }
    let (_, v) = t.get(&url, &staff).await;
    assert!(
        codes(&v).is_empty(),
        "not set: any member not of 汉族 counts: {v}"
    );

    let (status, v) = patch(&t, &url, &staff, json!({"smaller_ethnic_groups": "锡伯"})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["smaller_ethnic_groups"], "锡伯族");
    assert_eq!(codes(&v), ["no_minority"]);
    let message = v["warnings"][0]["message"].as_str().unwrap();
    assert!(message.contains("人数较少的民族（锡伯族）"), "{message}");

    member(
        &t,
        &staff,
        id,
        json!({"name": "佟春花", "sex": "女", "ethnicity": "锡伯族", "position": "委员"}),
    )
    .await;
    let (_, v) = t.get(&url, &staff).await;
    assert!(codes(&v).is_empty(), "{v}");

    // Bounded, and the form carries the field.
    let long = vec!["回族"; 13].join("、");
    let (status, v) = patch(&t, &url, &staff, json!({"smaller_ethnic_groups": long})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["fields"]["smaller_ethnic_groups"].is_string(), "{v}");
    let browser = t.browser_login("staff_t1").await;
    let (_, html) = t.page(&browser, &format!("/committees/{id}/edit")).await;
    assert!(
        html.contains("name=\"smaller_ethnic_groups\" value=\"锡伯族\""),
        "{html}"
    );
}

#[tokio::test]
async fn mediator_records_are_checked_and_phones_masked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = committee(&t, &staff, "V1", "东风村人民调解委员会").await;
    let (status, b) = t
        .post(
            "/api/v1/mediators",
            &staff,
            json!({"committee_id": id, "name": "王玉兰", "sex": "女", "position": "书记",
                   "phone": "1381234"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    assert!(b["fields"]["phone"].is_string(), "{b}");
    assert!(b["fields"]["position"].is_string(), "{b}");

    let m = member(
        &t,
        &staff,
        id,
        json!({"name": "王玉兰", "sex": "女", "position": "委员", "phone": "+86 138-1234-5678"}),
    )
    .await;
    assert_eq!(m["phone"], "13812345678", "stored normalised");
    let (_, list) = t
        .get(&format!("/api/v1/mediators?committee_id={id}"), &staff)
        .await;
    assert_eq!(list["items"][0]["phone"], "138****5678", "lists mask");
    let (_, v) = t.get(&format!("/api/v1/committees/{id}"), &staff).await;
    assert_eq!(v["mediators"][0]["phone"], "138****5678");
    let one = format!("/api/v1/mediators/{}", m["id"]);
    let (_, full) = t.get(&one, &staff).await;
    assert_eq!(full["phone"], "13812345678");
    let leader = t.api_login("leader_t1").await;
    let (status, masked) = t.get(&one, &leader).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(masked["phone"], "138****5678");
    // Leaders read but do not change committees.
    let (status, _) = patch(&t, &one, &leader, json!({"name": "王玉"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_village_mediator_sees_and_changes_only_their_own_village() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let mine = committee(&t, &staff, "V1", "东风村人民调解委员会").await;
    let theirs = committee(&t, &staff, "V2", "红旗村人民调解委员会").await;
    let their_member = member(
        &t,
        &staff,
        theirs,
        json!({"name": "刘永福", "sex": "男", "position": "主任"}),
    )
    .await;
    let their_member = their_member["id"].as_i64().unwrap();
    let (status, b) = t
        .post(
            "/api/v1/trainings",
            &staff,
            json!({"org": "V2", "held_on": "2024-03-05", "topic": "红旗村专题培训",
                   "trainer": "司法所", "attendees": 12, "hours": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let their_training = b["id"].as_i64().unwrap();

    // The API.
    let token = t.api_login("mediator_v1").await;
    let (_, list) = t.get("/api/v1/committees", &token).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], mine);
    for path in [
        format!("/api/v1/committees/{theirs}"),
        format!("/api/v1/mediators/{their_member}"),
        format!("/api/v1/trainings/{their_training}"),
    ] {
        let (status, _) = t.get(&path, &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = patch(
        &t,
        &format!("/api/v1/committees/{theirs}"),
        &token,
        json!({"name": "改名"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = patch(
        &t,
        &format!("/api/v1/mediators/{their_member}"),
        &token,
        json!({"active": false}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, b) = t
        .post(
            "/api/v1/mediators",
            &token,
            json!({"committee_id": theirs, "name": "张三", "sex": "男", "position": "委员"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    assert!(b["fields"]["committee_id"].is_string());
    let (_, trainings) = t.get("/api/v1/trainings", &token).await;
    assert_eq!(trainings["total"], 0, "{trainings}");
    let (status, _) = t
        .post(
            "/api/v1/trainings",
            &token,
            json!({"org": "V2", "held_on": "2024-03-05", "topic": "x", "trainer": "y",
                   "attendees": 1, "hours": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Their own village's records they do keep.
    member(
        &t,
        &token,
        mine,
        json!({"name": "王建国", "sex": "男", "position": "主任"}),
    )
    .await;
    let (status, b) = t
        .post(
            "/api/v1/trainings",
            &token,
            json!({"held_on": "2024-04-01", "topic": "东风村学习", "trainer": "司法所",
                   "attendee_names": ["王建国"], "hours": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["org_name"], "东风村");

    // The pages.
    let browser = t.browser_login("mediator_v1").await;
    let (status, html) = t.page(&browser, "/committees").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("东风村人民调解委员会") && !html.contains("红旗村人民调解委员会"));
    let (status, html) = t.page(&browser, "/trainings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("东风村学习") && !html.contains("红旗村专题培训"));
    for path in [
        format!("/committees/{theirs}"),
        format!("/mediators/{their_member}"),
    ] {
        let (status, _) = t.page(&browser, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let forms: [(String, &[(&str, &str)]); 3] = [
        (
            format!("/committees/{theirs}/edit"),
            &[("version", "1"), ("name", "改名")],
        ),
        (
            format!("/committees/{theirs}/mediators"),
            &[("name", "张三"), ("sex", "male"), ("position", "member")],
        ),
        (format!("/mediators/{their_member}/deactivate"), &[]),
    ];
    for (path, fields) in forms {
        let (status, _, _) = t.form(&browser, &path, fields, true).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, v) = t.get(&format!("/api/v1/committees/{theirs}"), &staff).await;
    assert_eq!(v["name"], "红旗村人民调解委员会");
    assert_eq!(v["mediators"][0]["active"], true, "nothing changed");
}

/// (org, date, attendees, names, hours)
type TrainingFx = (
    &'static str,
    &'static str,
    Option<i64>,
    &'static [&'static str],
    f64,
);

#[tokio::test]
async fn training_totals_add_up_by_year_and_organisation() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let fixtures: &[TrainingFx] = &[
        ("T1", "2023-02-10", Some(30), &[], 3.0),
        (
            "T1",
            "2023-06-15",
            None,
            &["王建国", "李志强", "阿依古丽"],
            1.5,
        ),
        ("V1", "2023-09-01", Some(12), &["王建国"], 2.0),
        ("V2", "2023-11-20", Some(8), &[], 0.5),
        ("V1", "2024-01-05", Some(99), &[], 8.0),
    ];
    for (org, date, attendees, names, hours) in fixtures {
        let (status, b) = t
            .post(
                "/api/v1/trainings",
                &staff,
                json!({"org": org, "held_on": date, "topic": format!("培训{date}"),
                       "trainer": "乌苏市司法局", "attendees": attendees,
                       "attendee_names": names, "hours": hours}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (_, all) = t.get("/api/v1/trainings?year=2023", &staff).await;
    assert_eq!(all["total"], 4);
    assert_eq!(all["totals"]["trainings"], 4);
    assert_eq!(all["totals"]["attendees"], 30 + 3 + 12 + 8);
    assert_eq!(all["totals"]["minutes"], 180 + 90 + 120 + 30);
    assert_eq!(all["totals"]["hours"], 7.0);
    let (_, v1) = t.get("/api/v1/trainings?year=2023&org=V1", &staff).await;
    assert_eq!(v1["totals"]["trainings"], 1);
    assert_eq!(v1["items"][0]["attendee_names"], json!(["王建国"]));
    let (_, page) = t
        .get("/api/v1/trainings?year=2023&per_page=2&page=2", &staff)
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["totals"]["trainings"], 4, "totals cover every page");

    let (status, b) = t
        .post(
            "/api/v1/trainings",
            &staff,
            json!({"held_on": "2023-13-01", "topic": "", "trainer": "x", "hours": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for f in ["held_on", "topic", "hours", "attendees"] {
        assert!(b["fields"][f].is_string(), "{f}: {b}");
    }

    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/trainings?year=2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("共 4 次，参训 53 人次，合计 7 小时"),
        "totals line"
    );
    let (status, _, body) = t
        .form(
            &browser,
            "/trainings",
            &[
                ("held_on", "2023年12月1日"),
                ("topic", "调解协议与司法确认"),
                ("trainer", "司法所"),
                ("attendees", "20人"),
                ("hours", "2.5"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, html) = t.page(&browser, "/trainings?year=2023").await;
    assert!(html.contains("共 5 次，参训 73 人次，合计 9.5 小时"));
    let (status, _, body) = t
        .form(
            &browser,
            "/trainings",
            &[
                ("held_on", "2023-12-01"),
                ("topic", "x"),
                ("trainer", "y"),
                ("hours", "两小时"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("请填写数字"));

    let (status, csv) = t
        .page(&browser, "/trainings/export?format=csv&year=2023")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("培训日期") && csv.contains("调解协议与司法确认"));
    assert_eq!(csv.lines().count(), 6, "header and five trainings: {csv}");
}

#[tokio::test]
async fn committee_pages_register_members_and_show_warnings() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/committees/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("新建调解委员会"));
    let (start, end) = current_term();
    let (status, headers, body) = t
        .form(
            &browser,
            "/committees",
            &[
                ("org", "V1"),
                ("name", "东风村人民调解委员会"),
                ("term_start", &start),
                ("term_end", &end),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = headers["location"].to_str().unwrap().to_owned();
    let (status, html) = t.page(&browser, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("少于 3 人"), "size warning shown");

    let add = format!("{location}/mediators");
    let (status, _, body) = t
        .form(
            &browser,
            &add,
            &[
                ("name", "王玉兰"),
                ("sex", "female"),
                ("position", "director"),
                ("phone", "12345"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("请更正以下问题") && body.contains("value=\"王玉兰\""),
        "typed input kept"
    );
    for (name, sex, position) in [
        ("王玉兰", "female", "director"),
        ("李志强", "male", "member"),
        ("张德明", "male", "member"),
    ] {
        let (status, _, body) = t
            .form(
                &browser,
                &add,
                &[
                    ("name", name),
                    ("sex", sex),
                    ("position", position),
                    ("phone", "13812345678"),
                ],
                true,
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    let (_, html) = t.page(&browser, &location).await;
    assert!(
        html.contains("符合要求"),
        "not multi-ethnic, three members, a woman"
    );
    // Members' phones are masked on the committee's page (the form's example number aside).
    assert!(html.contains(">138****5678<") && !html.contains(">13812345678<"));

    // Mark the area multi-ethnic: a warning appears on the page and in the list.
    let (status, _, body) = t
        .form(
            &browser,
            &format!("{location}/edit"),
            &[
                ("version", "1"),
                ("name", "东风村人民调解委员会"),
                ("kind", "village"),
                ("term_start", &start),
                ("term_end", &end),
                ("multi_ethnic", "on"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, html) = t.page(&browser, "/committees").await;
    assert!(html.contains("没有少数民族成员"), "{html}");

    // Without the CSRF token nothing changes.
    let (status, _, _) = t
        .form(
            &browser,
            &add,
            &[("name", "赵六"), ("sex", "male"), ("position", "member")],
            false,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_change_is_in_the_audit_log() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = committee(&t, &staff, "V1", "东风村人民调解委员会").await;
    patch(
        &t,
        &format!("/api/v1/committees/{id}"),
        &staff,
        json!({"multi_ethnic": false}),
    )
    .await;
    let m = member(
        &t,
        &staff,
        id,
        json!({"name": "王玉兰", "sex": "女", "position": "主任", "phone": "13812345678"}),
    )
    .await;
    let one = format!("/api/v1/mediators/{}", m["id"]);
    // Versions named, so the only read of the full phone is the one below.
    patch(&t, &one, &staff, json!({"version": 1, "education": "大专"})).await;
    patch(&t, &one, &staff, json!({"version": 2, "active": false})).await;
    t.get(&one, &staff).await;
    t.post(
        "/api/v1/trainings",
        &staff,
        json!({"held_on": "2024-03-05", "topic": "培训", "trainer": "司法所", "attendees": 5,
               "hours": 2}),
    )
    .await;

    let admin = t.api_login("admin_c1").await;
    let actions = |v: &Value| -> Vec<String> {
        let mut a: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_owned())
            .collect();
        a.sort();
        a
    };
    let (_, log) = t.get("/api/v1/audit?entity=committee", &admin).await;
    assert_eq!(actions(&log), ["create", "update"]);
    let (_, log) = t.get("/api/v1/audit?entity=mediator", &admin).await;
    assert_eq!(
        actions(&log),
        ["create", "deactivate", "update", "view_personal_data"]
    );
    let (_, log) = t.get("/api/v1/audit?entity=training", &admin).await;
    assert_eq!(actions(&log), ["create"]);
    assert_eq!(log["items"][0]["actor"], "staff_t1");
}

#[tokio::test]
async fn committee_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    t.openapi_with(&[
        ("/api/v1/committees", "post"),
        ("/api/v1/committees/{id}", "patch"),
        ("/api/v1/mediators", "get"),
        ("/api/v1/trainings", "post"),
    ])
    .await;
}

#[tokio::test]
async fn the_demo_town_has_committees_and_shows_a_warning() {
    let t = TestApp::spawn().await;
    fazhi::service::demo::load(&t.app).await.unwrap();
    let list = fazhi::service::committees::list(&t.app, &fazhi::service::Caller::operator(), false)
        .await
        .unwrap();
    assert_eq!(list.len(), 9, "the town's committee and one per village");
    let no_woman: Vec<&str> = list
        .iter()
        .filter(|c| c.warnings.iter().any(|w| w.code == "no_woman"))
        .map(|c| c.committee.name.as_str())
        .collect();
    assert_eq!(no_woman, ["石桥子村人民调解委员会"]);
    assert!(list.iter().all(|c| c.member_count >= 3));
}
