//! The calendar as the running system uses it: shipped data in the database, loading a new
//! file, and every running deadline recomputed with the moves listed.

use axum::http::StatusCode;
use chrono::NaiveDate;
use fazhi::service::deadlines;
use fazhi::service::{calendar as calendar_service, Caller};

use crate::helpers::TestApp;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn shipped_calendar_is_stored_and_answers() {
    let t = TestApp::spawn().await;
    let cal = t.app.calendar.current().for_region(None);
    assert!(
        cal.day(d("2026-02-14")).workday,
        "2026-02-14 is a make-up Saturday"
    );
    assert!(!cal.day(d("2024-10-01")).workday);
    let xj = t.app.calendar.current().for_region(Some("新疆"));
    assert!(!xj.day(d("2023-04-21")).workday, "新疆 肉孜节 2023");
    assert!(cal.day(d("2023-04-21")).workday, "a working day elsewhere");
    let token = {
        t.seed().await;
        t.api_login("staff_t1").await
    };
    let (status, body) = t.get("/api/v1/calendar/day?date=2024-10-05", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["workday"], false);
    assert_eq!(body["reason"], "国庆节");
}

#[tokio::test]
async fn loading_a_file_recomputes_running_deadlines() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    // A 20-working-day disclosure reply that started on 2027-09-24: 2027 has no data yet.
    t.track_disclosures(&[(1, f.town_id, "2027-09-24")]).await;
    let before = deadlines::for_record(&t.app, "disclosure", 1)
        .await
        .unwrap();
    assert_eq!(before.len(), 1);
    assert!(before[0].provisional, "2027 is not announced: provisional");
    assert_eq!(before[0].state, "调休安排未公布，到期日为预估");
    // Statutory days only: 国庆 10/1 (Friday) to 10/3, no make-up days known.
    assert_eq!(
        before[0].due_date,
        d("2027-10-25"),
        "statutory days and weekends"
    );

    // The 2027 notice arrives: National Day 10-01..10-07 off, Saturday 10-09 worked.
    let file = "date,kind,name,region,notice,number,note\n\
        2027,year,,,国务院办公厅关于2027年部分节假日安排的通知,,测试用\n\
        2027-02-06,rest,春节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-01,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-04,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-05,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-06,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-07,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-09,makeup_workday,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n";
    let outcome = calendar_service::load_file(&t.app, &Caller::operator(), file)
        .await
        .unwrap();
    assert_eq!(outcome.years, vec![2027]);
    assert_eq!(outcome.moved.len(), 1);
    assert_eq!(outcome.moved[0].old_due, d("2027-10-25"));
    let after = deadlines::for_record(&t.app, "disclosure", 1)
        .await
        .unwrap();
    assert!(!after[0].provisional);
    // 5 weekdays off, 1 Saturday worked: four working days later.
    assert_eq!(after[0].due_date, d("2027-10-28"));
    assert_eq!(outcome.moved[0].new_due, after[0].due_date);
    assert!(after[0].explanation.iter().any(|l| l.contains("国庆节")));
}

const NOTICE_2027: &str = "date,kind,name,region,notice,number,note\n\
    2027,year,,,国务院办公厅关于2027年部分节假日安排的通知,,测试用\n\
    2027-02-06,rest,春节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
    2027-10-01,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
    2027-10-04,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n";

/// Recomputation moves plain deadlines by (rule, region, start) group and deadlines with their
/// own suspensions one by one; settled deadlines stay as they were.
#[tokio::test]
async fn recompute_moves_groups_and_adjusted_deadlines_and_leaves_settled_ones() {
    use fazhi::storage::deadlines::{self as store, Upsert};
    use fazhi_domain::deadline::{due_date_only, shipped_rules, DateRange};

    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let rule_code = "disclosure.request_reply";
    let start = d("2027-09-24");
    let suspension = vec![DateRange {
        from: d("2027-09-27"),
        to: d("2027-09-28"),
        label: "第三方征求意见".into(),
    }];
    let mut tx = t.app.db.begin().await.unwrap();
    for record_id in 1..=4 {
        let link = format!("/disclosure/{record_id}");
        let old = d("2027-10-22");
        store::upsert(
            &mut tx,
            Upsert {
                register: "disclosure",
                record_id,
                org_id: f.town_id,
                rule_code,
                label: "依申请公开",
                link: &link,
                region: None,
                start,
                due: old,
                provisional: true,
                suspensions_json: (record_id == 4)
                    .then(|| serde_json::to_string(&suspension).unwrap()),
                extensions_json: None,
            },
        )
        .await
        .unwrap();
    }
    store::settle(&mut tx, "disclosure", 3, rule_code)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let outcome = calendar_service::load_file(&t.app, &Caller::operator(), NOTICE_2027)
        .await
        .unwrap();
    assert_eq!(outcome.moved.len(), 3, "two in the group, one adjusted");

    let rule = shipped_rules().get(rule_code).unwrap();
    let calendars = t.app.calendar.current();
    let cal = calendars.for_region(None);
    let plain = due_date_only(rule, start, &[], &[], &cal).due;
    let adjusted = due_date_only(rule, start, &suspension, &[], &cal).due;
    assert_ne!(plain, adjusted, "the suspension matters");
    let due_of = |rows: Vec<store::DeadlineRow>| rows.first().map(|r| (r.due_date, r.provisional));
    for (record_id, expected) in [(1, plain), (2, plain), (4, adjusted)] {
        let rows = store::running_for_record(&t.app.db, "disclosure", record_id)
            .await
            .unwrap();
        assert_eq!(due_of(rows), Some((expected, false)), "record {record_id}");
        assert!(outcome
            .moved
            .iter()
            .any(|m| m.link == format!("/disclosure/{record_id}") && m.new_due == expected));
    }
    assert!(
        !outcome.moved.iter().any(|m| m.link == "/disclosure/3"),
        "a settled deadline does not move"
    );
}

#[tokio::test]
async fn a_bad_calendar_file_is_refused_with_line_numbers() {
    let t = TestApp::spawn().await;
    let file = "date,kind,name,region,notice,number,note\n\
        2027,year,,,通知,,\n\
        2027-10-01,rest,国庆节,,通知,,\n\
        2027-10-01,rest,国庆节,,通知,,\n\
        2027-10-13,makeup_workday,国庆节,,通知,,\n";
    let err = calendar_service::load_file(&t.app, &Caller::operator(), file)
        .await
        .err()
        .expect("refused");
    let text = err.to_string();
    assert!(text.contains("第4行"), "{text}");
    assert!(
        text.contains("第5行"),
        "a Wednesday cannot be a make-up working day: {text}"
    );
    // Nothing was stored beyond the shipped files.
    let files = fazhi::storage::calendar::all(&t.app.db).await.unwrap();
    assert_eq!(files.len(), fazhi_domain::calendar::SHIPPED_FILES.len());
}

#[tokio::test]
async fn cli_answers_in_the_promised_format() {
    let t = TestApp::spawn().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
            .args(["--database", &t.database_url, "--data-dir"])
            .arg(t.dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["calendar", "is-workday", "2026-02-14", "2024-10-01"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2026-02-14 workday\n2024-10-01 restday 国庆节\n"
    );
    let out = run(&["calendar", "add-workdays", "2024-09-27", "20"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2024-10-30\n");
    let out = run(&["calendar", "is-workday", "not-a-date"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["calendar", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2), "wrong usage exits 2");
}

/// [`NOTICE_2027`] posted to the API by `username`: the status and the answer.
async fn load_notice(t: &TestApp, username: &str) -> (StatusCode, Vec<u8>) {
    let token = t.api_login(username).await;
    let req = axum::http::Request::post("/api/v1/calendar/files")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/csv")
        .body(axum::body::Body::from(NOTICE_2027))
        .unwrap();
    let (status, _, body) = t.send(req).await;
    (status, body)
}

/// A national or regional file moves every town's deadlines, so only an administrator at the
/// root of the organisation tree (or the operator) may load one; a town's admin is refused before
/// the file is read, and the moves a load reports stay within the loader's scope.
#[tokio::test]
async fn only_the_root_admin_loads_calendar_files_and_sees_moves_in_scope() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    t.track_disclosures(&[(1, f.town_id, "2027-09-24"), (2, f.town2_id, "2027-09-24")])
        .await;
    for username in ["admin_t2", "admin_t1", "staff_c1", "leader_c1"] {
        let (status, _) = load_notice(&t, username).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{username} may not load");
    }
    let before = deadlines::for_record(&t.app, "disclosure", 2)
        .await
        .unwrap();
    assert!(
        before[0].provisional,
        "nothing was loaded: 2027 still provisional"
    );

    let (status, body) = load_notice(&t, "admin_c1").await;
    assert_eq!(status, StatusCode::OK);
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["moved"].as_array().unwrap().len(), 2, "{answer}");

    // A town-level caller's view of that file's moves holds only its own town's deadline.
    let town_caller = fazhi::storage::Scope::subtree(
        &fazhi::storage::orgs::get(&t.app.db, f.town_id)
            .await
            .unwrap()
            .path,
    );
    let file_id = answer["file_id"].as_i64().unwrap();
    let moved = fazhi::storage::deadlines::changes_of_file(&t.app.db, &town_caller, file_id)
        .await
        .unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].link, "/disclosure/1");
}
