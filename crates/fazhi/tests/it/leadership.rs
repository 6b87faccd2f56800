//! The leadership registers of issue #19 (`src/registers/{leading_groups,
//! leading_group_members,meetings,work_rules,budget_lines}/`): the kit's round trip on each;
//! the report's meeting, rule and budget figures and sentences against fixtures counted by
//! hand; a meeting that was also a study session counted once; a leading group's composition
//! on a date after a member left; another town's records not found.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, kit_routes, KitCase, KitUsers, TestApp};

fn meeting(held_on: &str, kind: &str) -> Value {
    json!({"held_on": held_on, "kind": kind, "topics": "研究部署法治政府建设工作",
           "attendees": "马建国、李文华", "decisions": "由司法所牵头落实"})
}

fn rule(title: &str, adopted_on: &str, status: &str) -> Value {
    json!({"title": title, "adopted_on": adopted_on, "adopted_by": "镇党委会",
           "document": "某党发〔2024〕1号", "status": status})
}

fn budget(year: i32, line: &str, budgeted: &str, spent: &str) -> Value {
    json!({"year": year, "line": line, "budgeted": budgeted, "spent": spent})
}

fn group() -> Value {
    json!({"name": "某镇法治政府建设工作领导小组", "set_up_on": "2023-01-06",
           "document": "某党发〔2023〕5号", "office": "设在司法所"})
}

fn member(person: &str, post: &str, role: &str, from_on: &str) -> Value {
    json!({"person": person, "post": post, "role": role, "from_on": from_on,
           "document": "某党发〔2023〕5号"})
}

/// The kit's round trip on one record of `register` registered by `staff_v1` from `body`,
/// `patch` edited and checked in its history under `label`.
async fn round_trip(register: &str, entity: &str, body: Value, patch: (&str, &str), label: &str) {
    let list = format!("/api/v1/{register}");
    let (t, staff, record) = TestApp::with_record(&list, body).await;
    let [outsider, admin] = t.api_logins(["staff_v2", "admin_t1"]).await;
    let c = KitCase {
        path: format!("{list}/{}", record["id"]),
        list: &list,
        entity,
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(&t, &c, &users, patch, label).await;
}

#[tokio::test]
async fn meetings_rules_and_budget_lines_round_trip_on_the_kit() {
    let m = meeting("2024-03-01", "党委会");
    round_trip(
        "meetings",
        "meeting",
        m,
        ("topics", "研究法律顾问聘用"),
        "研究议题",
    )
    .await;
    let r = rule("议事规则", "2024-02-01", "");
    round_trip(
        "work-rules",
        "work_rule",
        r,
        ("title", "领导小组议事规则"),
        "制度名称",
    )
    .await;
    let b = budget(2024, "普法", "2万", "1.5万");
    round_trip(
        "budget-lines",
        "budget_line",
        b,
        ("note", "含宪法宣传周"),
        "说明",
    )
    .await;
    let g = group();
    round_trip(
        "leading-groups",
        "leading_group",
        g,
        ("office", "设在党政办"),
        "领导小组办公室",
    )
    .await;
}

#[tokio::test]
async fn a_membership_round_trips_on_the_kit() {
    let (t, staff, g) = TestApp::with_record("/api/v1/leading-groups", group()).await;
    let added = t
        .created(
            &format!("/api/v1/leading-groups/{}/members", g["id"]),
            &staff,
            member("张丽", "司法所所长", "成员", "2023-01-06"),
        )
        .await;
    let [outsider, admin] = t.api_logins(["staff_v2", "admin_t1"]).await;
    let c = KitCase {
        path: format!("/api/v1/leading-group-members/{}", added["id"]),
        list: "/api/v1/leading-group-members",
        entity: "leading_group_member",
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(&t, &c, &users, ("post", "司法所副所长"), "职务").await;
}

#[tokio::test]
async fn budget_amounts_are_exact_to_the_fen_and_checked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let b = t
        .created(
            "/api/v1/budget-lines",
            &staff,
            budget(2024, "法律顾问", "30000", "29999.99"),
        )
        .await;
    assert_eq!(
        (
            b["budgeted_fen"].as_i64(),
            b["spent_fen"].as_i64(),
            b["line"].as_str()
        ),
        (Some(3_000_000), Some(2_999_999), Some("adviser"))
    );
    let (status, e) = t
        .post(
            "/api/v1/budget-lines",
            &staff,
            budget(2024, "差旅", "1.001", ""),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    for field in ["line", "budgeted", "spent"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
}

/// T1's figures of `year` under `keys`, and its computed sentences joined.
async fn figures(t: &TestApp, token: &str, year: i32, keys: &[&str]) -> (Vec<i64>, String) {
    let (status, f) = t
        .get(&format!("/api/v1/figures?org=T1&year={year}"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let values = keys
        .iter()
        .map(|k| f["values"][k].as_i64().unwrap_or(0))
        .collect();
    let sentences = f["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    (values, sentences)
}

#[tokio::test]
async fn meetings_rules_and_budget_figures_match_the_hand_count() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [t1, v1, t2, leader] = t
        .api_logins(["staff_t1", "staff_v1", "staff_t2", "leader_t1"])
        .await;
    // Counted in T1's 2024: two 党委会 and one 政府常务会 of the town, one 政府常务会 of its
    // village V1 (its subtree), one 专题会. Not counted: a 党委会 of 2023, a withdrawn one,
    // T2's.
    for (token, held_on, kind) in [
        (&t1, "2024-01-15", "党委会"),
        (&t1, "2024-06-03", "party_committee"),
        (&t1, "2024-03-20", "政府常务会"),
        (&v1, "2024-04-08", "政府常务会"),
        (&t1, "2024-09-09", "专题会"),
        (&t1, "2023-12-31", "党委会"),
        (&t2, "2024-05-05", "党委会"),
    ] {
        t.created("/api/v1/meetings", token, meeting(held_on, kind))
            .await;
    }
    let gone = t
        .created("/api/v1/meetings", &t1, meeting("2024-07-01", "党委会"))
        .await;
    t.withdraw(&format!("/api/v1/meetings/{}", gone["id"]), &t1, "重复登记")
        .await;
    // Rules adopted in 2024: two (one since repealed still was adopted that year).
    for (title, adopted_on, status) in [
        ("领导小组议事规则", "2024-02-01", "在用"),
        ("法律顾问工作制度", "2024-05-01", "已废止"),
        ("学法制度", "2023-11-01", "在用"),
    ] {
        t.created("/api/v1/work-rules", &t1, rule(title, adopted_on, status))
            .await;
    }
    // 2024 budget lines: spent 2.5万 + 1.05万 = 3.55万 (355 万分); a 2023 line not counted.
    for (year, line, budgeted, spent) in [
        (2024, "普法", "3万", "2.5万"),
        (2024, "人民调解", "12000", "10500.00"),
        (2023, "法律顾问", "3万", "3万"),
    ] {
        t.created(
            "/api/v1/budget-lines",
            &t1,
            budget(year, line, budgeted, spent),
        )
        .await;
    }
    let keys = [
        "meetings",
        "meetings_party_committee",
        "meetings_executive",
        "meetings_special",
        "work_rules_adopted",
        "budget_budgeted_fen",
        "budget_spent_fen",
    ];
    let (values, sentences) = figures(&t, &t1, 2024, &keys).await;
    assert_eq!(values, vec![5, 2, 2, 1, 2, 4_200_000, 3_550_000]);
    for expected in [
        "全年召开党委会、政府常务会专题研究法治建设工作4次",
        "召开法治建设领导小组会议、专题会1次",
        "制定完善2项工作制度",
        "落实法治建设经费3.55万元",
    ] {
        assert!(sentences.contains(expected), "{expected} in {sentences}");
    }
    // The report itself writes them into 一(一) (and the leaders' 三).
    let req = axum::http::Request::builder()
        .uri("/api/v1/reports/annual?year=2024&format=md")
        .header("authorization", format!("Bearer {leader}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, body) = t.send(req).await;
    assert_eq!(status, StatusCode::OK);
    let md = String::from_utf8(body.to_vec()).unwrap();
    let first = md.find("强化组织领导").expect("the 一(一) heading");
    let at = md
        .find("全年召开党委会、政府常务会专题研究法治建设工作4次")
        .expect("the meetings sentence in the report");
    assert!(at > first, "written under 一(一)");
    assert!(
        md.contains("全年专题研究法治建设工作4次"),
        "the leaders' 三"
    );
}

#[tokio::test]
async fn a_meeting_that_was_a_study_session_is_counted_once() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [t1, t2] = t.api_logins(["staff_t1", "staff_t2"]).await;
    let session = json!({"held_on": "2024-03-04", "form": "会前学法", "laws": "宪法",
                         "attendees": ["马建国"], "hours": 1.0});
    let s = t
        .created("/api/v1/study-sessions", &t1, session.clone())
        .await;
    let keys = ["study_sessions", "meetings"];
    assert_eq!(figures(&t, &t1, 2024, &keys).await.0, vec![1, 0]);

    let mut linked = meeting("2024-03-04", "党委会");
    linked["study_session_id"] = s["id"].clone();
    let m = t.created("/api/v1/meetings", &t1, linked.clone()).await;
    assert_eq!(m["study_session_id"], s["id"]);
    assert_eq!(
        figures(&t, &t1, 2024, &keys).await.0,
        vec![0, 1],
        "counted once, as the meeting"
    );
    // The same session cannot be a second meeting.
    let (status, e) = t.post("/api/v1/meetings", &t1, linked.clone()).await;
    assert!(
        status.is_client_error() && status != StatusCode::NOT_FOUND,
        "{e}"
    );
    // A session of another town is not found.
    let other = t.created("/api/v1/study-sessions", &t2, session).await;
    linked["study_session_id"] = other["id"].clone();
    let (status, _) = t.post("/api/v1/meetings", &t1, linked).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Withdrawn, the meeting no longer counts and the session counts again.
    t.withdraw(&format!("/api/v1/meetings/{}", m["id"]), &t1, "误登记")
        .await;
    assert_eq!(figures(&t, &t1, 2024, &keys).await.0, vec![1, 0]);
}

/// The people of a composition answer, in order.
fn people(c: &Value) -> Vec<String> {
    c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}{}",
                m["person"].as_str().unwrap(),
                m["role"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn membership_history_gives_the_composition_on_a_date() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other] = t.api_logins(["staff_t1", "staff_t2"]).await;
    let g = t.created("/api/v1/leading-groups", &staff, group()).await;
    let members = format!("/api/v1/leading-groups/{}/members", g["id"]);
    let mut ids = Vec::new();
    for body in [
        member("王志强", "镇党委副书记", "副组长", "2023-01-06"),
        member("马建国", "镇党委书记", "组长", "2023-01-06"),
        member("张丽", "司法所所长", "成员", "2023-01-06"),
    ] {
        ids.push(t.created(&members, &staff, body).await["id"].clone());
    }
    // 王志强 leaves on 14 July (his last day) by a document; 赵永明 takes over the next day.
    let leaving = format!("/api/v1/leading-group-members/{}", ids[0]);
    let (status, left) = t
        .patch(
            &leaving,
            &staff,
            json!({"version": 1, "to_on": "2023-07-14", "document": "某党发〔2023〕21号"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{left}");
    t.created(
        &members,
        &staff,
        member("赵永明", "镇党委副书记", "副组长", "2023-07-15"),
    )
    .await;

    let on = |day: &str| format!("{members}?on={day}");
    let (_, march) = t.get(&on("2023-03-01"), &staff).await;
    assert_eq!(
        people(&march),
        ["马建国leader", "王志强deputy", "张丽member"]
    );
    let (_, last_day) = t.get(&on("2023-07-14"), &staff).await;
    assert_eq!(
        people(&last_day),
        ["马建国leader", "王志强deputy", "张丽member"]
    );
    let (_, august) = t.get(&on("2023-08-01"), &staff).await;
    assert_eq!(
        people(&august),
        ["马建国leader", "赵永明deputy", "张丽member"]
    );
    let (_, before) = t.get(&on("2022-12-31"), &staff).await;
    assert_eq!(people(&before), Vec::<String>::new());
    let (_, now) = t.get(&members, &staff).await;
    assert_eq!(people(&now), people(&august), "the current composition");

    // The one who left is kept, with his end date and the change in his history.
    let (_, kept) = t.get(&leaving, &staff).await;
    assert_eq!(kept["to_on"], "2023-07-14");
    let h = t.history(&leaving, &staff, &["登记", "修改"]).await;
    let labels = crate::helpers::change_labels(&h, 1);
    assert!(
        labels.contains(&"离任日期") && labels.contains(&"任免文件"),
        "{labels:?}"
    );

    // The year-end figures name the group by its leader.
    let (values, sentences) = figures(&t, &staff, 2023, &["leading_group_members"]).await;
    assert_eq!(values, vec![3]);
    assert!(
        sentences.contains("成立以镇党委书记为组长的法治政府建设工作领导小组，领导小组成员3人"),
        "{sentences}"
    );

    // Another town: the group and its members are not found, nor may it add to them.
    let (status, _) = t.get(&members, &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .post(
            &members,
            &other,
            member("外人", "外镇干部", "成员", "2023-01-06"),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut sneaky = member("外人", "外镇干部", "成员", "2023-01-06");
    sneaky["group"] = g["id"].clone();
    let (status, _) = t
        .post("/api/v1/leading-group-members", &other, sneaky)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_towns_records_are_not_found() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [t1, t2] = t.api_logins(["staff_t1", "staff_t2"]).await;
    let records = [
        ("/api/v1/meetings", meeting("2024-03-01", "党委会")),
        ("/api/v1/work-rules", rule("议事规则", "2024-02-01", "在用")),
        ("/api/v1/budget-lines", budget(2024, "普法", "1万", "0")),
        ("/api/v1/leading-groups", group()),
    ];
    for (list, body) in records {
        let r = t.created(list, &t1, body).await;
        let one = format!("{list}/{}", r["id"]);
        let (status, _) = t.get(&one, &t2).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "GET {one}");
        t.hidden_from(&one, &t2, json!({"version": 1})).await;
        let (_, l) = t.get(list, &t2).await;
        assert_eq!(l["total"], 0, "{list} of T2: {l}");
    }
    let (status, _) = t
        .post(
            "/api/v1/meetings",
            &t2,
            json!({"org": "T1", "held_on": "2024-03-01", "kind": "党委会", "topics": "越权登记"}),
        )
        .await;
    assert!(
        status.is_client_error(),
        "registering into another town: {status}"
    );
}

#[tokio::test]
async fn a_meetings_minutes_are_attached_and_listed_in_scope() {
    let (t, staff, m) =
        TestApp::with_record("/api/v1/meetings", meeting("2024-03-01", "党委会")).await;
    let other = t.api_login("staff_v2").await;
    let minutes = format!("/api/v1/meetings/{}/minutes", m["id"]);
    let upload = |token: &str| {
        crate::helpers::upload(&minutes, token, "minutes-2024-03.pdf", b"%PDF-1.4 minutes")
    };
    let (status, _, _) = t.send(upload(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another village's meeting");
    let (status, _, body) = t.send(upload(&staff)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, list) = t.get(&minutes, &staff).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["file_name"], "minutes-2024-03.pdf");
    let (status, _) = t.get(&minutes, &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_leadership_registers_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    let mut routes = Vec::new();
    for register in [
        "leading-groups",
        "leading-group-members",
        "meetings",
        "work-rules",
        "budget-lines",
    ] {
        routes.extend(kit_routes(register));
        routes.push((format!("/api/v1/{register}"), "get"));
        routes.push((format!("/api/v1/{register}"), "post"));
    }
    routes.push(("/api/v1/leading-groups/{id}/members".to_owned(), "get"));
    routes.push(("/api/v1/leading-groups/{id}/members".to_owned(), "post"));
    routes.push(("/api/v1/meetings/{id}/minutes".to_owned(), "post"));
    routes.push(("/api/v1/meetings/{id}/minutes".to_owned(), "get"));
    t.openapi_with(&routes).await;
}
