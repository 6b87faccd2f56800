//! Legal publicity and cadre law study: each register through the API, totals against
//! independently counted fixtures, the ledger import, the pages, and who sees what.

use axum::http::StatusCode;
use fazhi::service::{publicity, study, Caller};
use fazhi::storage::orgs;
use fazhi_ledger::{read_ledger, Format};
use serde_json::{json, Value};

use crate::helpers::{multipart, TestApp};

/// One fixture event: (org, date, venue, themes, campaigns, [large, small, banners, materials,
/// vehicle, beneficiaries]).
type Fx = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    [i64; 6],
);

const EVENTS: &[Fx] = &[
    (
        "V1",
        "2023-12-04",
        "村居",
        &["宪法", "民法典"],
        &["国家宪法日/宪法宣传周"],
        [2, 5, 1, 300, 1, 120],
    ),
    (
        "V1",
        "2023-06-26",
        "village",
        &["禁毒"],
        &["国际禁毒日"],
        [0, 10, 2, 200, 2, 80],
    ),
    (
        "V2",
        "2023-05-12",
        "学校",
        &["民法典"],
        &["民法典宣传月"],
        [1, 0, 1, 150, 0, 300],
    ),
    (
        "V2",
        "2023-03-15",
        "企业",
        &["安全生产", "消防安全"],
        &[],
        [3, 3, 2, 50, 0, 45],
    ),
    (
        "T1",
        "2023-11-09",
        "enterprise",
        &["消防安全"],
        &[],
        [0, 0, 0, 0, 3, 0],
    ),
    ("T1", "2023-09-01", "机关", &[], &[], [0, 0, 0, 0, 0, 0]),
    // Another year: never in the 2023 totals.
    (
        "V1",
        "2022-12-04",
        "村居",
        &["宪法"],
        &["国家宪法日/宪法宣传周"],
        [9, 9, 9, 9, 9, 9],
    ),
];

const COUNT_KEYS: [&str; 6] = [
    "large_posters",
    "small_posters",
    "banners",
    "materials",
    "vehicle_trips",
    "beneficiaries",
];

fn body(fx: &Fx) -> Value {
    let (org, date, venue, themes, campaigns, counts) = fx;
    let mut b = json!({
        "org": org, "held_on": date, "name": format!("{venue}普法{date}"),
        "venue_type": venue, "themes": themes, "campaigns": campaigns, "form": "讲座",
    });
    for (k, v) in COUNT_KEYS.iter().zip(counts) {
        b[*k] = json!(v);
    }
    b
}

/// The 2023 fixtures matching `keep`, summed by hand: (events, per-count sums).
fn expected(keep: impl Fn(&Fx) -> bool) -> (u64, [i64; 6]) {
    let mut n = 0;
    let mut sums = [0i64; 6];
    for fx in EVENTS
        .iter()
        .filter(|f| f.1.starts_with("2023"))
        .filter(|f| keep(f))
    {
        n += 1;
        for (s, v) in sums.iter_mut().zip(fx.5) {
            *s += v;
        }
    }
    (n, sums)
}

async fn load_events(t: &TestApp, token: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for fx in EVENTS {
        let (status, b) = t.post("/api/v1/publicity", token, body(fx)).await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
        ids.push(b["id"].as_i64().unwrap());
    }
    ids
}

fn check_totals(totals: &Value, (events, sums): (u64, [i64; 6])) {
    assert_eq!(totals["events"], json!(events), "{totals}");
    assert_eq!(totals["posters"], json!(sums[0] + sums[1]), "{totals}");
    assert_eq!(totals["banners"], json!(sums[2]));
    assert_eq!(totals["materials"], json!(sums[3]));
    assert_eq!(totals["vehicle_trips"], json!(sums[4]));
    assert_eq!(totals["beneficiaries"], json!(sums[5]));
}

fn venue_events(totals: &Value, code: &str) -> u64 {
    totals["by_venue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["venue_type"] == code)
        .and_then(|v| v["events"].as_u64())
        .unwrap()
}

fn tag<'a>(totals: &'a Value, list: &str, name: &str) -> &'a Value {
    totals[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {list}: {totals}"))
}

#[tokio::test]
async fn publicity_totals_match_hand_counted_fixtures() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    load_events(&t, &staff).await;

    let (status, all) = t.get("/api/v1/publicity?year=2023", &staff).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["total"], json!(6));
    let totals = &all["totals"];
    check_totals(totals, expected(|_| true));
    assert_eq!(venue_events(totals, "village"), 2);
    assert_eq!(venue_events(totals, "enterprise"), 2);
    assert_eq!(venue_events(totals, "school"), 1);
    assert_eq!(venue_events(totals, "agency"), 1);
    assert_eq!(venue_events(totals, "grid"), 0);

    // Per theme: an event with two themes counts under each.
    let civil = tag(totals, "by_theme", "民法典");
    let (n, sums) = expected(|f| f.3.contains(&"民法典"));
    assert_eq!(civil["events"], json!(n));
    assert_eq!(civil["beneficiaries"], json!(sums[5]));
    let fire = tag(totals, "by_theme", "消防安全");
    let (n, sums) = expected(|f| f.3.contains(&"消防安全"));
    assert_eq!(fire["events"], json!(n));
    assert_eq!(fire["vehicle_trips"], json!(sums[4]));

    // Per campaign, and a campaign's totals on their own through the filter.
    let constitution = tag(totals, "by_campaign", "国家宪法日/宪法宣传周");
    assert_eq!(constitution["events"], json!(1));
    let (status, only) = t
        .get(
            "/api/v1/publicity?year=2023&campaign=%E5%9B%BD%E9%99%85%E7%A6%81%E6%AF%92%E6%97%A5",
            &staff,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    check_totals(&only["totals"], expected(|f| f.4.contains(&"国际禁毒日")));

    // Filters: venue type by code or label, theme, organisation subtree.
    let (_, schools) = t
        .get("/api/v1/publicity?year=2023&venue_type=school", &staff)
        .await;
    check_totals(&schools["totals"], expected(|f| f.2 == "学校"));
    let (_, ent) = t
        .get(
            "/api/v1/publicity?year=2023&venue_type=%E4%BC%81%E4%B8%9A",
            &staff,
        )
        .await;
    check_totals(
        &ent["totals"],
        expected(|f| f.2 == "企业" || f.2 == "enterprise"),
    );
    let (_, theme) = t
        .get(
            "/api/v1/publicity?year=2023&theme=%E7%A6%81%E6%AF%92",
            &staff,
        )
        .await;
    check_totals(&theme["totals"], expected(|f| f.3.contains(&"禁毒")));
    let (_, v2) = t.get("/api/v1/publicity?year=2023&org=V2", &staff).await;
    check_totals(&v2["totals"], expected(|f| f.0 == "V2"));
    assert_eq!(v2["items"].as_array().unwrap().len(), 2);

    // Paging leaves the totals alone.
    let (_, page) = t
        .get("/api/v1/publicity?year=2023&per_page=2&page=2", &staff)
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["total"], json!(6));
    check_totals(&page["totals"], expected(|_| true));

    // The service the annual report calls gives the same figures and the seed's sentences.
    let town = orgs::by_code(&t.app.db, "T1").await.unwrap().unwrap();
    let report = publicity::publicity_totals(&t.app, &town, 2023)
        .await
        .unwrap();
    let (_, sums) = expected(|_| true);
    assert_eq!(report.vehicle_trips as i64, sums[4]);
    assert_eq!(
        report.report_sentences()[2],
        format!(
            "共开展法治宣传进企业2场次、进村居2场次、进学校1场次，受益群众{}人次",
            sums[5]
        )
    );
}

#[tokio::test]
async fn publicity_input_errors_are_clear_and_counts_optional() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;

    // No counts at all is a valid event, counted as zeros, in the caller's own village.
    let (status, b) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024/3/5", "name": "法律明白人座谈", "venue_type": "网格"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["held_on"], "2024-03-05");
    assert_eq!(b["beneficiaries"], 0);
    assert_eq!(b["themes"], json!([]));
    assert_eq!(b["org_name"], "东风村");

    let (status, b) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2023-02-30", "name": "x", "venue_type": "广场",
                   "banners": -2, "themes": ["宪法", "火星法"]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["code"], "validation_failed");
    let f = &b["fields"];
    assert!(f["held_on"].as_str().unwrap().contains("不存在"), "{b}");
    assert!(f["venue_type"].as_str().unwrap().contains("广场"), "{b}");
    assert!(f["banners"].as_str().unwrap().contains("负数"), "{b}");
    assert!(f["themes"].as_str().unwrap().contains("火星法"), "{b}");

    // Malformed bodies, fractional counts, unknown fields and bad ids are 4xx, never 500.
    let (status, _) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-01-01", "name": "x", "venue_type": "村居", "banners": 1.5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-01-01", "name": "x", "venue_type": "村居", "colour": "red"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = t.get("/api/v1/publicity/abc", &staff).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.get("/api/v1/publicity?year=abc", &staff).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, b) = t.get("/api/v1/publicity?venue_type=moon", &staff).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    let (status, _) = t.get("/api/v1/publicity?colour=red", &staff).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_village_sees_only_its_own_events_and_the_town_sees_all() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let v1 = t.api_login("staff_v1").await;
    let v2 = t.api_login("staff_v2").await;
    let town = t.api_login("staff_t1").await;
    let other_town = t.api_login("staff_t2").await;
    let county_viewer = t.api_login("viewer_c1").await;
    let mediator = t.api_login("mediator_v1").await;

    let make = |org: &'static str| json!({"held_on": "2023-05-01", "name": format!("{org}活动"), "venue_type": "村居", "beneficiaries": 10});
    let (_, a) = t.post("/api/v1/publicity", &v1, make("V1")).await;
    let (_, b) = t.post("/api/v1/publicity", &v2, make("V2")).await;
    let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());

    let (_, mine) = t.get("/api/v1/publicity", &v1).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["totals"]["beneficiaries"], 10);
    assert_eq!(mine["items"][0]["id"], a);
    let (status, _) = t.get(&format!("/api/v1/publicity/{b}"), &v1).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Naming another village as the event's organisation, or as a filter, is refused.
    let mut into_v2 = make("V2");
    into_v2["org"] = json!("V2");
    let (status, body) = t.post("/api/v1/publicity", &v1, into_v2).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["fields"]["org"].is_string());
    let (status, _) = t.get("/api/v1/publicity?org=V2", &v1).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, all) = t.get("/api/v1/publicity", &town).await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["totals"]["beneficiaries"], 20);
    let (status, _) = t.get(&format!("/api/v1/publicity/{b}"), &town).await;
    assert_eq!(status, StatusCode::OK);
    let (_, none) = t.get("/api/v1/publicity", &other_town).await;
    assert_eq!(none["total"], 0);
    let (status, _) = t.get(&format!("/api/v1/publicity/{a}"), &other_town).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The county's viewer reads everything but writes nothing; mediators do not do publicity.
    let (_, county) = t.get("/api/v1/publicity", &county_viewer).await;
    assert_eq!(county["total"], 2);
    let (status, _) = t
        .post("/api/v1/publicity", &county_viewer, make("C1"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = t.get("/api/v1/publicity", &mediator).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The same isolation holds for the study registers.
    let session =
        json!({"held_on": "2023-03-01", "form": "会前学法", "laws": "宪法", "hours": 1.0});
    let (status, s) = t.post("/api/v1/study-sessions", &v2, session).await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    let (status, _) = t
        .get(&format!("/api/v1/study-sessions/{}", s["id"]), &v1)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = t.get("/api/v1/study-sessions", &town).await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn study_exam_duty_report_and_responsibility_registers_work_through_the_api() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;

    // The responsibility list, and an event recorded against one of its lines.
    let (status, item) = t
        .post(
            "/api/v1/responsibility-items",
            &staff,
            json!({"year": 2023, "unit": "司法所", "laws": "《中华人民共和国民法典》",
                   "audiences": "村民", "measures": "进村宣讲", "responsible": "王所长"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    assert_eq!(item["events"], 0);
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2023-05-20", "name": "民法典进村", "venue_type": "村居",
                   "responsibility_item_id": item["id"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    let (_, item) = t
        .get(
            &format!("/api/v1/responsibility-items/{}", item["id"]),
            &staff,
        )
        .await;
    assert_eq!(item["events"], 1);
    let (_, items) = t
        .get("/api/v1/responsibility-items?year=2023", &staff)
        .await;
    assert_eq!(items["total"], 1);
    let (status, b) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2023-05-20", "name": "x", "venue_type": "村居",
                   "responsibility_item_id": 9999}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");

    // Study sessions: per-cadre hours over named attendees.
    for (date, form, who, hours) in [
        ("2023-02-01", "理论学习中心组", vec!["张三", "李四"], 2.0),
        ("2023-04-01", "会前学法", vec!["张三"], 0.5),
        ("2022-04-01", "在线", vec!["张三"], 9.0),
    ] {
        let (status, b) = t
            .post(
                "/api/v1/study-sessions",
                &staff,
                json!({"held_on": date, "form": form, "laws": "宪法", "attendees": who,
                       "hours": hours, "speaker": "法律顾问"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (_, s) = t.get("/api/v1/study-sessions?year=2023", &staff).await;
    assert_eq!(s["total"], 2);
    assert_eq!(s["hours"], 2.5);
    assert_eq!(s["hours_per_cadre"][0], json!(["张三", 2.5]));
    assert_eq!(s["items"][0]["attendee_count"], 1);
    let (status, b) = t
        .post(
            "/api/v1/study-sessions",
            &staff,
            json!({"held_on": "2023-13-01", "form": "唱歌", "laws": "", "hours": 0.0}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for f in ["held_on", "form", "laws", "hours"] {
        assert!(b["fields"][f].is_string(), "{f}: {b}");
    }

    // Exams: pass derived from the score, one result per cadre and year.
    for (cadre, score) in [("张三", 92.0), ("李四", 58.0), ("王五", 75.5)] {
        let (status, b) = t
            .post(
                "/api/v1/law-exams",
                &staff,
                json!({"year": 2023, "cadre": cadre, "score": score}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (status, b) = t
        .post(
            "/api/v1/law-exams",
            &staff,
            json!({"year": 2023, "cadre": "张三", "score": 80}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{b}");
    assert!(b["fields"]["cadre"].is_string());
    let (_, x) = t.get("/api/v1/law-exams?year=2023", &staff).await;
    assert_eq!(x["total"], 3);
    assert_eq!(
        x["stats"],
        json!({"taken": 3, "passed": 2, "pass_rate": 66.7})
    );
    let id = x["items"][0]["id"].clone();
    let (status, one) = t.get(&format!("/api/v1/law-exams/{id}"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{one}");

    // 述职述法.
    let (status, r) = t
        .post(
            "/api/v1/duty-reports",
            &staff,
            json!({"year": 2023, "leader": "赵书记", "post": "党委书记",
                   "reported_on": "2024-01-12", "form": "会议", "evaluation": "好"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["form"], "meeting");
    let (status, _) = t
        .get(&format!("/api/v1/duty-reports/{}", r["id"]), &staff)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, b) = t
        .post(
            "/api/v1/duty-reports",
            &staff,
            json!({"year": 2023, "leader": "钱镇长", "reported_on": "2019-01-01", "form": "唱歌"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(b["fields"]["form"].is_string() && b["fields"]["reported_on"].is_string());
    let (_, list) = t.get("/api/v1/duty-reports?year=2023", &staff).await;
    assert_eq!(list["total"], 1);

    // Every write is in the audit log.
    let admin = t.api_login("admin_t1").await;
    let (_, audit) = t.get("/api/v1/audit?entity=law_exam", &admin).await;
    assert_eq!(audit["total"], 3);
}

async fn count_events(t: &TestApp) -> i64 {
    let token = t.api_login("viewer_c1").await;
    let (_, b) = t.get("/api/v1/publicity", &token).await;
    b["total"].as_i64().unwrap()
}

#[tokio::test]
async fn the_publicity_ledger_imports_all_or_nothing_and_exports_back() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let caller = Caller::operator();
    let village = orgs::by_code(&t.app.db, "V1").await.unwrap().unwrap();

    let good = "西大沟镇普法活动台账（2023年）\n\
        日期,活动名称,地点类型,主题,形式,大型海报,小型海报,横幅,宣传品份数,宣传车台次,受益人次\n\
        2023-12-04,宪法宣传日活动,村居,宪法、民法典,集市宣传,2,5,1,300,1,120\n\
        2023/6/26,禁毒宣传,进学校,禁毒,讲座,,,,,,200人次\n\
        2023年3月5日,安全生产进企业,企业,安全生产,展板,1,0,2,50,0,45\n\
        ,,,,,,,,,,\n";
    let sheet = read_ledger(good.as_bytes(), Format::Csv, &publicity::LEDGER).unwrap();
    let dry = publicity::import_rows(&t.app, &caller, &village, &sheet, "good.csv", true)
        .await
        .unwrap();
    assert_eq!(dry, Ok(3));
    assert_eq!(count_events(&t).await, 0, "a dry run writes nothing");
    let n = publicity::import_rows(&t.app, &caller, &village, &sheet, "good.csv", false)
        .await
        .unwrap();
    assert_eq!(n, Ok(3));
    assert_eq!(count_events(&t).await, 3);
    let totals = publicity::publicity_totals(&t.app, &village, 2023)
        .await
        .unwrap();
    assert_eq!(totals.posters, 2 + 5 + 1);
    assert_eq!(totals.beneficiaries, 120 + 200 + 45);
    assert_eq!(
        totals.events_at(fazhi_domain::publicity::VenueType::School),
        1
    );

    // One import is one audit entry.
    let admin = t.api_login("admin_c1").await;
    let (_, audit) = t.get("/api/v1/audit?entity=publicity_event", &admin).await;
    assert_eq!(audit["total"], 1, "{audit}");
    assert_eq!(audit["items"][0]["action"], "import");

    // A file with bad rows: every problem reported by row and column, nothing written.
    let bad = "日期,活动名称,地点类型,主题,横幅,受益人次\n\
        2023-02-30,坏日期,村居,宪法,1,1\n\
        2023-04-01,好的一行,村居,宪法,1,1\n\
        2023-04-02,,广场,火星法,-3,很多\n";
    let sheet = read_ledger(bad.as_bytes(), Format::Csv, &publicity::LEDGER).unwrap();
    let errors = publicity::import_rows(&t.app, &caller, &village, &sheet, "bad.csv", false)
        .await
        .unwrap()
        .unwrap_err();
    let at = |row: usize, col: &str| errors.iter().any(|e| e.row == row && e.column == col);
    assert!(at(2, "日期"), "{errors:?}");
    assert!(!errors.iter().any(|e| e.row == 3), "{errors:?}");
    for col in ["活动名称", "地点类型", "主题", "横幅", "受益人次"] {
        assert!(at(4, col), "{col}: {errors:?}");
    }
    assert_eq!(count_events(&t).await, 3, "nothing changes on a bad file");

    // Export gives back the ledger's header and the rows, oldest first, re-importable.
    let (header, rows) = publicity::export_rows(&t.app, &caller, &village, Some(2023))
        .await
        .unwrap();
    assert_eq!(header, publicity::LEDGER.column_names());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "2023-03-05");
    assert_eq!(rows[2][3], "宪法、民法典");
    let csv = fazhi_ledger::write_csv(&header, &rows);
    let again = read_ledger(&csv, Format::Csv, &publicity::LEDGER).unwrap();
    assert!(publicity::parse_rows(&again, &publicity::vocabulary()).is_ok());
}

#[tokio::test]
async fn study_sessions_and_exam_results_import_from_ledgers() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let caller = Caller::operator();
    let town = orgs::by_code(&t.app.db, "T1").await.unwrap().unwrap();

    let sessions = "日期,形式,学习内容,主讲人,参加人员,参加人数,学时\n\
        2023-03-01,会前学法,《中华人民共和国宪法》,镇长,张三、李四,12,1\n\
        2023-05-10,中心组,民法典,,张三,,2.5\n";
    let sheet = read_ledger(sessions.as_bytes(), Format::Csv, &study::SESSIONS_LEDGER).unwrap();
    let n = study::import_session_rows(&t.app, &caller, &town, &sheet, "s.csv", false)
        .await
        .unwrap();
    assert_eq!(n, Ok(2));
    let staff = t.api_login("staff_t1").await;
    let (_, s) = t.get("/api/v1/study-sessions?year=2023", &staff).await;
    assert_eq!(s["hours"], 3.5);
    assert_eq!(s["items"][1]["attendee_count"], 12);

    let exams = "年度,姓名,职务,成绩,是否合格\n\
        2023,张三,副镇长,88,\n\
        2023,李四,,,不合格\n";
    let sheet = read_ledger(exams.as_bytes(), Format::Csv, &study::EXAMS_LEDGER).unwrap();
    let n = study::import_exam_rows(&t.app, &caller, &town, &sheet, "x.csv", false)
        .await
        .unwrap();
    assert_eq!(n, Ok(2));
    // The same file again: each row is already recorded, nothing is written.
    let errors = study::import_exam_rows(&t.app, &caller, &town, &sheet, "x.csv", false)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let bad = "年度,姓名,成绩\n2023,王五,abc\n20x3,赵六,70\n2023,,70\n";
    let sheet = read_ledger(bad.as_bytes(), Format::Csv, &study::EXAMS_LEDGER).unwrap();
    let errors = study::import_exam_rows(&t.app, &caller, &town, &sheet, "bad.csv", false)
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        errors.iter().any(|e| e.row == 2 && e.column == "成绩"),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.row == 3 && e.column == "年度"),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.row == 4 && e.column == "姓名"),
        "{errors:?}"
    );
    let (_, x) = t.get("/api/v1/law-exams?year=2023", &staff).await;
    assert_eq!(
        x["stats"],
        json!({"taken": 2, "passed": 1, "pass_rate": 50.0})
    );
}

#[tokio::test]
async fn publicity_pages_list_create_and_summarise() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("staff_t1").await;
    load_events(&t, &token).await;
    let browser = t.browser_login("staff_t1").await;

    let (status, html) = t.page(&browser, "/publicity?year=2023").await;
    assert_eq!(status, StatusCode::OK);
    let (_, sums) = expected(|_| true);
    assert!(
        html.contains(&format!("活动 6 场，海报 {} 张", sums[0] + sums[1])),
        "totals line"
    );
    assert!(html.contains("普法责任清单"), "navigation");

    // A form with mistakes comes back with a summary and what was typed.
    let (status, _, html) = t
        .form(
            &browser,
            "/publicity",
            &[
                ("held_on", "2023-02-30"),
                ("name", "民法典进村"),
                ("venue_type", ""),
                ("banners", "很多"),
                ("themes", "民法典"),
                ("themes", "宪法"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("error-summary"));
    assert!(html.contains("民法典进村"));
    let (status, _, _) = t
        .form(
            &browser,
            "/publicity",
            &[
                ("held_on", "2023-02-28"),
                ("name", "x"),
                ("venue_type", "village"),
            ],
            false,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token, no write");

    let (status, headers, _) = t
        .form(
            &browser,
            "/publicity",
            &[
                ("held_on", "2023年2月28日"),
                ("name", "民法典进村"),
                ("venue_type", "village"),
                ("themes", "民法典"),
                ("themes", "宪法"),
                ("campaigns", "民法典宣传月"),
                ("beneficiaries", "150"),
                ("banners", ""),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers["location"].to_str().unwrap().to_owned();
    let (status, html) = t.page(&browser, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("民法典进村") && html.contains("民法典宣传月"));

    // Export gives exactly the filtered set.
    let (status, csv) = t
        .page(
            &browser,
            "/publicity/export?format=csv&year=2023&theme=%E6%B6%88%E9%98%B2%E5%AE%89%E5%85%A8",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (n, _) = expected(|f| f.3.contains(&"消防安全"));
    assert_eq!(csv.lines().count() as u64, 1 + n, "{csv}");
    assert!(csv.contains("消防安全"));

    let (status, html) = t.page(&browser, "/publicity/summary?year=2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg"), "charts");
    assert!(html.contains("共开展法治宣传进企业2场次、进村居3场次、进学校1场次"));

    for path in [
        "/publicity/new",
        "/publicity/responsibility",
        "/study",
        "/study/exams",
        "/study/duty-reports",
    ] {
        let (status, _) = t.page(&browser, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (status, _, _) = t
        .form(
            &browser,
            "/study",
            &[
                ("held_on", "2023-03-01"),
                ("form", "pre_meeting"),
                ("laws", "宪法"),
                ("hours", "1.5"),
                ("attendees", "张三、李四"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, html) = t
        .form(
            &browser,
            "/study/exams",
            &[("year", "2023"), ("cadre", "张三"), ("score", "abc")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("请填写数字"));
    let (_, x) = t.get("/api/v1/law-exams", &token).await;
    assert_eq!(x["total"], 0, "a half-understood form writes nothing");

    // Villages see their own pages only.
    let village = t.browser_login("staff_v2").await;
    let (_, html) = t.page(&village, "/publicity?year=2023").await;
    assert!(html.contains("活动 2 场"), "V2 has two fixture events");
}

#[tokio::test]
async fn publicity_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    t.openapi_with(&[
        ("/api/v1/publicity", "get"),
        ("/api/v1/publicity/{id}", "get"),
        ("/api/v1/study-sessions", "get"),
        ("/api/v1/law-exams", "get"),
        ("/api/v1/duty-reports", "get"),
        ("/api/v1/responsibility-items", "get"),
    ])
    .await;
}

#[tokio::test]
async fn event_photos_are_uploaded_shown_and_kept_within_the_organisation() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("staff_v1").await;
    let (_, e) = t
        .post(
            "/api/v1/publicity",
            &token,
            json!({"held_on": "2023-06-26", "name": "禁毒宣传", "venue_type": "村居"}),
        )
        .await;
    let id = e["id"].as_i64().unwrap();
    let browser = t.browser_login("staff_v1").await;
    let photos = format!("/publicity/{id}/photos");
    let upload = |csrf: &str, name: &str, ct: &str, bytes: &[u8]| {
        multipart(&browser, &photos, &[("_csrf", csrf)], (name, ct, bytes))
    };
    let png = b"\x89PNG\r\n\x1a\n fake image bytes";
    let (status, headers, _) = t
        .send(upload(&browser.csrf, "现场.png", "image/png", png))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], format!("/publicity/{id}").as_str());
    let (_, html) = t.page(&browser, &format!("/publicity/{id}")).await;
    assert!(
        html.contains("<img src=\"/attachments/"),
        "the photo is shown"
    );

    // Not a photo; no CSRF token: refused, nothing stored.
    let (status, _, body) = t
        .send(upload(
            &browser.csrf,
            "x.exe",
            "application/x-msdownload",
            b"MZ",
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("照片"));
    let (status, _, _) = t.send(upload("wrong", "a.png", "image/png", png)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let shown = |html: &str| html.matches("<img src=\"/attachments/").count();
    let (_, html) = t.page(&browser, &format!("/publicity/{id}")).await;
    assert_eq!(shown(&html), 1);

    // Another village can neither see the event nor add photos to it.
    let other = t.browser_login("staff_v2").await;
    let (status, _) = t.page(&other, &format!("/publicity/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let file = ("a.png", "image/png", &png[..]);
    let req = multipart(&other, &photos, &[("_csrf", &other.csrf)], file);
    let (status, _, _) = t.send(req).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The study page pages through the shared pager, whose links keep every filter
/// (the study links used to drop the organisation).
#[tokio::test]
async fn study_page_links_keep_year_and_organisation() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    t.add_study_sessions(&staff, 26).await;
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/study?year=2023&org=V1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("第 1 / 2 页"), "{html}");
    assert!(
        html.contains("href=\"/study?year=2023&#38;org=V1&#38;page=2\""),
        "{html}"
    );
    let (_, html) = t.page(&browser, "/study?year=2023&org=V1&page=2").await;
    assert!(html.contains("第 2 / 2 页") && html.contains("上一页"));
    let (_, html) = t.page(&browser, "/study?year=2023&org=V2").await;
    assert!(html.contains("第 1 / 1 页") && !html.contains("下一页"));
}

/// Publicity, study and exam lists count their filtered set once per version of the register
/// and still follow every write, including rows added outside this process; a page past the
/// last record is empty.
#[tokio::test]
async fn small_register_totals_follow_every_write() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let (status, b) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-03-05", "name": "宪法宣传", "venue_type": "村居"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    t.add_study_sessions(&staff, 2).await;
    let (_, list) = t.get("/api/v1/study-sessions", &staff).await;
    assert_eq!(list["hours"], 2.0, "{list}");
    for (path, expected) in [("/api/v1/publicity", 1), ("/api/v1/study-sessions", 2)] {
        for _ in 0..2 {
            let (_, list) = t.get(path, &staff).await;
            assert_eq!(list["total"], expected, "{path}: {list}");
        }
    }
    // A change made outside the service (another process, a hand-made fix in SQL).
    for table in ["publicity_events", "study_sessions"] {
        fazhi::storage::Query::new(format!(
            "DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table})"
        ))
        .execute(&t.app.db)
        .await
        .unwrap();
    }
    let (_, list) = t.get("/api/v1/publicity", &staff).await;
    assert_eq!(list["total"], 0, "{list}");
    let (_, list) = t.get("/api/v1/study-sessions", &staff).await;
    assert_eq!(
        list["total"], 1,
        "a delete made outside the service is counted: {list}"
    );
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["hours"], 1.0, "and so are the hours: {list}");
    let (_, list) = t.get("/api/v1/study-sessions?page=5", &staff).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}
