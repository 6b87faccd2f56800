//! Issue #15 items 2 and 3: years without a State Council notice, the region a person
//! chooses, and a regional year that is missing or only partly loaded.

use axum::http::StatusCode;
use chrono::NaiveDate;
use fazhi::service::deadlines;
use fazhi::service::{accounts, orgs as org_service, Caller};

use crate::helpers::{TestApp, PASSWORD};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A 新疆 town under the seed's county with a staff user `staff_xj`; returns the town's id.
async fn xinjiang_town(t: &TestApp) -> i64 {
    let op = Caller::operator();
    let town = org_service::create_org(
        &t.app,
        &op,
        org_service::NewOrgInput {
            code: "XJ",
            name: "西大沟镇",
            kind: "town",
            parent_code: Some("C1"),
            region: Some("新疆"),
        },
    )
    .await
    .unwrap();
    accounts::create_user(
        &t.app,
        &op,
        accounts::NewUserInput {
            username: "staff_xj",
            display_name: "staff_xj",
            role: "staff",
            org_code: "XJ",
            password: PASSWORD,
        },
    )
    .await
    .unwrap();
    town.id
}

#[tokio::test]
async fn cli_refuses_unannounced_years_unless_provisional() {
    let t = TestApp::spawn().await;
    let run = |args: &[&str]| crate::helpers::cli(&t, args);
    let (code, stdout, stderr) = run(&["calendar", "is-workday", "2031-03-03"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "", "nothing printed as if it were certain");
    assert!(
        stderr.contains("2031年") && stderr.contains("--provisional"),
        "{stderr}"
    );

    let (code, stdout, stderr) = run(&["calendar", "is-workday", "--provisional", "2027-01-01"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "2027-01-01 restday 元旦\n");
    assert!(
        stderr.contains("调休安排未公布") && stderr.contains("预估"),
        "{stderr}"
    );

    let (code, stdout, _) = run(&["calendar", "add-workdays", "2026-12-30", "3"]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    let (code, stdout, _) = run(&[
        "calendar",
        "add-workdays",
        "--provisional",
        "2026-12-30",
        "3",
    ]);
    assert_eq!(code, Some(0));
    // 12/31, then 元旦 (Friday) rests: 1/4, 1/5.
    assert_eq!(stdout, "2027-01-05\n");
    // Inside announced years nothing changes.
    let (code, stdout, stderr) = run(&["calendar", "is-workday", "2026-02-14"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (Some(0), "2026-02-14 workday\n", "")
    );
    // A regional gap is a note, not a failure.
    let (code, stdout, stderr) = run(&["calendar", "is-workday", "--region", "新疆", "2024-03-04"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "2024-03-04 workday\n"));
    assert!(stderr.contains("新疆2024年节日安排未载入"), "{stderr}");
}

#[tokio::test]
async fn national_choice_computes_on_the_national_calendar_alone() {
    let t = TestApp::spawn().await;
    t.seed().await;
    xinjiang_town(&t).await;
    let token = t.api_login("staff_xj").await;
    // 2023-04-21 is 新疆's 肉孜节, a working day elsewhere.
    let day = |q: &'static str| {
        let token = token.clone();
        let t = &t;
        async move {
            let (status, body) = t.get(&format!("/api/v1/calendar/day?{q}"), &token).await;
            assert_eq!(status, StatusCode::OK);
            body["workday"].as_bool().unwrap()
        }
    };
    assert!(!day("date=2023-04-21").await, "own region by default");
    assert!(!day("date=2023-04-21&region=新疆").await);
    assert!(
        day("date=2023-04-21&region=全国").await,
        "全国: national alone"
    );
    assert!(day("date=2023-04-21&region=").await);

    let cookie = t.browser_login("staff_xj").await;
    // The page's day and its deadline form: 全国 gives the national due date
    // (reconsideration.reply, 10 working days from 2023-04-20: 05-06 nationally, 05-08 in 新疆).
    for (query, shown) in [
        ("date=2023-04-21&region=", "工作日</span>"),
        ("date=2023-04-21", "休息日</span> 新疆肉孜节"),
        (
            "rule=reconsideration.reply&start=2023-04-20&region=",
            "2023-05-06",
        ),
        ("rule=reconsideration.reply&start=2023-04-20", "2023-05-08"),
    ] {
        let (_, html) = t.page(&cookie, &format!("/calendar?{query}")).await;
        assert!(html.contains(shown), "{query}: {html}");
    }
}

/// The due date of a disclosure reply (20 working days) from `start` on the national calendar.
fn national_reply_due(t: &TestApp, start: NaiveDate) -> NaiveDate {
    let national = t.app.calendar.current().for_region(None);
    let rule = fazhi_domain::deadline::shipped_rules()
        .get("disclosure.request_reply")
        .unwrap();
    fazhi_domain::deadline::due_date_only(rule, start, &[], &[], &national).due
}

/// Removes the shipped 新疆 2026 file, as in a database from before it; returns its title.
async fn forget_shipped_xinjiang_2026(t: &TestApp) -> &'static str {
    let title = fazhi_domain::calendar::SHIPPED_FILES[2].1;
    fazhi::storage::Query::new("DELETE FROM calendar_files WHERE title = $1")
        .bind(title)
        .execute(&t.app.db)
        .await
        .unwrap();
    title
}

#[tokio::test]
async fn a_missing_regional_year_shows_the_national_date_with_a_note() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let town = xinjiang_town(&t).await;
    t.track_disclosures(&[(1, town, "2024-03-01"), (2, town, "2026-05-20")])
        .await;
    let national = t.app.calendar.current().for_region(None);
    let national_due = |s| national_reply_due(&t, d(s));

    let v = deadlines::for_record(&t.app, "disclosure", 1)
        .await
        .unwrap();
    assert!(!v[0].provisional);
    assert_eq!(v[0].due_date, national_due("2024-03-01"));
    assert_ne!(v[0].state, "调休安排未公布，到期日为预估");
    assert_eq!(
        v[0].notes,
        vec!["新疆2024年节日安排未载入，如自治区另行放假，到期日可能顺延".to_owned()]
    );
    // 2026 is loaded in part: 古尔邦节 5/27–5/31 moves the date by three working days, and the
    // year stays flagged for its unknown make-up days.
    let v = deadlines::for_record(&t.app, "disclosure", 2)
        .await
        .unwrap();
    assert!(!v[0].provisional);
    let nat = national_due("2026-05-20");
    assert_eq!(v[0].due_date, national.add_workdays(nat, 3).date);
    assert!(
        v[0].notes[0].starts_with("新疆2026年节日安排仅部分载入"),
        "{:?}",
        v[0].notes
    );

    // The to-do page shows the note beside the state.
    let cookie = t.browser_login("staff_xj").await;
    let (_, html) = t
        .page(
            &cookie,
            "/calendar?rule=disclosure.request_reply&start=2024-03-01",
        )
        .await;
    assert!(
        html.contains("新疆2024年节日安排未载入，如自治区另行放假，到期日可能顺延"),
        "{html}"
    );
    assert!(!html.contains("到期日待定"));
}

/// A database from before the 新疆 2026 file: starting the new version stores it once and
/// moves the running deadlines across its days.
#[tokio::test]
async fn an_upgrade_stores_new_shipped_files_and_recomputes() {
    use fazhi::storage::deadlines::{self as store, Upsert};
    let t = TestApp::spawn().await;
    t.seed().await;
    let town = xinjiang_town(&t).await;
    let title = forget_shipped_xinjiang_2026(&t).await;
    // What the old version stored: 20 working days on the national calendar.
    let national = t.app.calendar.current().for_region(None);
    let old_due = national_reply_due(&t, d("2026-05-20"));
    let mut tx = t.app.db.begin().await.unwrap();
    store::upsert(
        &mut tx,
        Upsert {
            register: "disclosure",
            record_id: 7,
            org_id: town,
            rule_code: "disclosure.request_reply",
            label: "依申请公开",
            link: "/disclosure/7",
            region: Some("新疆"),
            start: d("2026-05-20"),
            due: old_due,
            provisional: false,
            suspensions_json: None,
            extensions_json: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    fazhi::service::calendar::CalendarCache::load(&t.app.db)
        .await
        .unwrap();
    let files = fazhi::storage::calendar::all(&t.app.db).await.unwrap();
    assert_eq!(files.iter().filter(|f| f.title == title).count(), 1);
    let rows = store::running_for_record(&t.app.db, "disclosure", 7)
        .await
        .unwrap();
    assert_eq!(
        rows[0].due_date,
        national.add_workdays(old_due, 3).date,
        "古尔邦节 5/27–5/29"
    );
    // A second start adds nothing.
    fazhi::service::calendar::CalendarCache::load(&t.app.db)
        .await
        .unwrap();
    let again = fazhi::storage::calendar::all(&t.app.db).await.unwrap();
    assert_eq!(again.len(), files.len());
}

/// An official 新疆 2026 notice loaded before the upgrade is not overridden by the shipped
/// partial year from a secondary copy.
#[tokio::test]
async fn an_upgrade_leaves_an_official_year_alone() {
    let t = TestApp::spawn().await;
    let title = forget_shipped_xinjiang_2026(&t).await;
    let official = "date,kind,name,region,notice,number,note\n\
        2026,year,,新疆,新疆维吾尔自治区人民政府办公厅关于2026年节假日放假安排的通知,,测试用\n\
        2026-03-20,regional_rest,肉孜节,新疆,新疆维吾尔自治区人民政府办公厅关于2026年节假日放假安排的通知,,\n\
        2026-05-26,regional_rest,古尔邦节,新疆,新疆维吾尔自治区人民政府办公厅关于2026年节假日放假安排的通知,,\n";
    fazhi::service::calendar::load_file(&t.app, &Caller::operator(), official)
        .await
        .unwrap();
    fazhi::service::calendar::CalendarCache::load(&t.app.db)
        .await
        .unwrap();
    let files = fazhi::storage::calendar::all(&t.app.db).await.unwrap();
    assert!(
        !files.iter().any(|f| f.title == title),
        "not loaded over the official year"
    );
}
