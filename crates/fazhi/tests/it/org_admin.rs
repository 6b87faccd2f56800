//! Organisation administration (issue 14 point 2): rename, recode (the old code still works),
//! move (visibility and list totals follow at once), switch off (no new records; old ones kept
//! in the figures) — through the API, the pages and the command line's service, on both
//! backends.

use axum::http::StatusCode;
use fazhi::service::deadlines::today;
use fazhi::service::ledger::Ledger;
use fazhi::service::orgs::{self as org_service, OrgChange};
use fazhi::service::{accounts, demo, Caller};
use fazhi::storage::orgs;
use serde_json::{json, Value};

use crate::disputes::GOOD;
use crate::helpers::{cli, TestApp, PASSWORD};

fn new_dispute(village: &str) -> Value {
    json!({
        "registered_on": today().to_string(),
        "source": "来访",
        "dispute_type": "草场纠纷",
        "summary": "草场边界",
        "village": village,
        "parties": [{"name": "张三"}, {"name": "李四"}],
    })
}

async fn add_user(t: &TestApp, username: &str, role: &str, org: &str) {
    accounts::create_user(
        &t.app,
        &Caller::operator(),
        accounts::NewUserInput {
            username,
            display_name: username,
            role,
            org_code: org,
            password: PASSWORD,
        },
    )
    .await
    .expect("user");
}

/// The number of disputes `token`'s user sees, optionally filtered by `?org=`.
async fn disputes_seen(t: &TestApp, token: &str, org: Option<&str>) -> i64 {
    let path = match org {
        Some(code) => format!("/api/v1/disputes?org={code}"),
        None => "/api/v1/disputes".to_owned(),
    };
    let (status, list) = t.get(&path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {list}");
    list["total"].as_i64().unwrap()
}

/// The town's 2023 dispute figure (the year of [`GOOD`]'s cases).
async fn disputes_2023(t: &TestApp, token: &str) -> i64 {
    let (status, f) = t.get("/api/v1/figures?org=T1&year=2023", token).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    f["values"]["disputes"].as_i64().unwrap()
}

async fn patch_org(t: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    t.patch(&format!("/api/v1/orgs/{id}"), token, body).await
}

#[tokio::test]
async fn a_renamed_and_recoded_org_keeps_its_old_code_as_a_filter_and_in_imports() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let [admin, staff] = t.api_logins(["admin_c1", "staff_t1"]).await;
    let r = t.import_csv(Ledger::Disputes, "T1", GOOD, false).await;
    assert_eq!(r.imported, 3, "{:?}", r.errors);

    let (status, org) = patch_org(
        &t,
        &admin,
        f.town_id,
        json!({"name": "新测试镇", "code": "654202100000"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{org}");
    assert_eq!(org["name"], "新测试镇");
    assert_eq!(org["code"], "654202100000");
    assert_eq!(org["former_codes"], json!(["T1"]));
    assert_eq!(t.audit_count("rename", Some("org")).await, 1);
    assert_eq!(t.audit_count("recode", Some("org")).await, 1);

    // The old code still names the town: as a list filter, and for an import.
    assert_eq!(disputes_seen(&t, &staff, Some("T1")).await, 3);
    assert_eq!(disputes_seen(&t, &staff, Some("654202100000")).await, 3);
    let csv = GOOD.replace("测试调〔2023〕9号", "测试调〔2023〕19号");
    let csv = csv.replace("2023-03-05", "2023-03-06");
    let again = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!(again.errors, Vec::<String>::new());
    assert_eq!(again.imported, 3);
    assert_eq!(disputes_seen(&t, &staff, Some("654202100000")).await, 6);
    let town = orgs::by_code(&t.app.db, "T1").await.unwrap().unwrap();
    assert_eq!(town.id, f.town_id);

    // A recoded village's old code, in a ledger's 所属村 column, still names it.
    let (status, body) = patch_org(&t, &admin, f.village2_id, json!({"code": "V2-NEW"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let csv = GOOD.replace("测试调〔2023〕9号", "测试调〔2023〕39号");
    let csv = csv.replace("2023-03-05", "2023-03-07");
    assert!(csv.contains(",V2,"));
    let third = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!(third.errors, Vec::<String>::new());
    assert_eq!(third.imported, 3);
    assert_eq!(disputes_seen(&t, &staff, Some("V2-NEW")).await, 6);

    // A code, current or former, names one organisation for good.
    let (status, body) = patch_org(&t, &admin, f.town2_id, json!({"code": "T1"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["fields"]["code"]
        .as_str()
        .unwrap()
        .contains("已被其他组织使用"));
    let taken = demo::add_org(&t.app, ("T1", "重名镇", "town"), Some("C1"), None).await;
    assert!(taken.is_err());
    // The town may take its own former code back.
    let (status, org) = patch_org(&t, &admin, f.town_id, json!({"code": "T1"})).await;
    assert_eq!(status, StatusCode::OK, "{org}");
    assert_eq!(org["former_codes"], json!(["654202100000"]));
    assert_eq!(disputes_seen(&t, &staff, Some("654202100000")).await, 9);
}

#[tokio::test]
async fn a_moved_town_takes_its_records_and_list_totals_follow_at_once() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    demo::add_org(&t.app, ("C2", "邻县", "county"), None, None)
        .await
        .unwrap();
    add_user(&t, "leader_c2", "leader", "C2").await;
    let r = t.import_csv(Ledger::Disputes, "T1", GOOD, false).await;
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let [old_county, new_county, town] = t.api_logins(["leader_c1", "leader_c2", "staff_t1"]).await;
    // Totals are counted and cached before the move.
    assert_eq!(disputes_seen(&t, &old_county, None).await, 3);
    assert_eq!(disputes_seen(&t, &new_county, None).await, 0);

    // An administrator of the old county cannot reach the other county.
    let admin = t.api_login("admin_c1").await;
    let (status, body) = patch_org(&t, &admin, f.town_id, json!({"parent": "C2"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["fields"]["parent"].is_string());

    // The operator moves the town (as `fazhi org move T1 --parent C2` does).
    let change = OrgChange {
        parent: Some("C2".into()),
        ..OrgChange::default()
    };
    let moved = org_service::change(&t.app, &Caller::operator(), f.town_id, change)
        .await
        .unwrap();
    assert_eq!(moved.parent_code.as_deref(), Some("C2"));
    assert_eq!(t.audit_count("move", Some("org")).await, 1);
    // Its villages moved with it.
    let village = orgs::get(&t.app.db, f.village1_id).await.unwrap();
    assert!(
        village.path.starts_with(&moved.org.path),
        "{}",
        village.path
    );

    assert_eq!(disputes_seen(&t, &new_county, None).await, 3);
    assert_eq!(disputes_seen(&t, &old_county, None).await, 0);
    assert_eq!(disputes_seen(&t, &new_county, Some("T1")).await, 3);
    // The old county's filter no longer reaches the town (the list's usual answer for an
    // organisation outside the caller's subtree).
    let (status, body) = t.get("/api/v1/disputes?org=T1", &old_county).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["fields"]["org"].is_string(), "{body}");
    // The town's own users keep working, on their new path.
    assert_eq!(disputes_seen(&t, &town, None).await, 3);
    let (status, d) = t.post("/api/v1/disputes", &town, new_dispute("V1")).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(disputes_seen(&t, &new_county, None).await, 4);
}

#[tokio::test]
async fn moves_into_its_own_subtree_and_changes_outside_scope_are_refused() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let [admin_c1, admin_t2, admin_v1, staff_t1] = t
        .api_logins(["admin_c1", "admin_t2", "admin_v1", "staff_t1"])
        .await;

    // Into its own subtree (below its own village), or under itself.
    for parent in ["V1", "T1"] {
        let (status, body) = patch_org(&t, &admin_c1, f.town_id, json!({"parent": parent})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            body["fields"]["parent"]
                .as_str()
                .unwrap()
                .contains("自己或它的下级"),
            "{body}"
        );
    }
    let (status, body) = patch_org(&t, &admin_c1, f.county_id, json!({"parent": "T2"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // A village under a county is not a place a village can be.
    let (status, body) = patch_org(&t, &admin_c1, f.village2_id, json!({"parent": "C1"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Outside the caller's subtree: not found, reading or writing; the body is never read.
    for (token, id) in [
        (&admin_t2, f.town_id),
        (&admin_v1, f.town_id),
        (&admin_t2, f.village1_id),
    ] {
        let (status, _) = patch_org(&t, token, id, json!({"name": "改名"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = t.get(&format!("/api/v1/orgs/{id}"), token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = patch_org(&t, &admin_t2, f.town_id, json!({"bogus": 1})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Described in the OpenAPI document, with its body.
    let doc = t
        .openapi_with(&[("/api/v1/orgs/{id}", "get"), ("/api/v1/orgs/{id}", "patch")])
        .await;
    let schema = &doc["components"]["schemas"]["OrgChange"]["properties"];
    for field in ["name", "code", "parent", "active"] {
        assert!(schema[field].is_object(), "OrgChange.{field}: {schema}");
    }
    // Not an administrator: refused before anything else.
    let (status, _) = patch_org(&t, &staff_t1, f.village1_id, json!({"name": "改名"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Unknown fields are refused.
    let (status, _) = patch_org(&t, &admin_c1, f.village1_id, json!({"bogus": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A village with cases cannot take them to another town (case numbers are per town).
    let (status, d) = t
        .post("/api/v1/disputes", &staff_t1, new_dispute("V1"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let (status, body) = patch_org(&t, &admin_c1, f.village1_id, json!({"parent": "T2"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["fields"]["parent"]
        .as_str()
        .unwrap()
        .contains("案件编号"));
    // Without cases it may.
    let (status, body) = patch_org(&t, &admin_c1, f.village2_id, json!({"parent": "T2"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["parent_code"], "T2");
    assert_eq!(t.audit_count("move", Some("org")).await, 1);
}

#[tokio::test]
async fn a_switched_off_village_takes_no_new_records_and_keeps_its_old_ones() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let [admin, staff, mediator] = t.api_logins(["admin_t1", "staff_t1", "mediator_v1"]).await;
    let r = t.import_csv(Ledger::Disputes, "T1", GOOD, false).await;
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    let before = disputes_2023(&t, &staff).await;

    let (status, org) = patch_org(&t, &admin, f.village1_id, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{org}");
    assert_eq!(org["active"], false);
    assert_eq!(t.audit_count("deactivate", Some("org")).await, 1);

    // New records are refused, whoever registers them and however.
    for (token, village) in [(&mediator, ""), (&staff, "V1")] {
        let (status, body) = t
            .post("/api/v1/disputes", token, new_dispute(village))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "org_inactive");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("「东风村」已停用，不能再登记新记录"),
            "{message}"
        );
    }
    let consultation = json!({"consulted_on": today().to_string(), "channel": "窗口",
        "village": "V1", "person": "张三", "topic": "宅基地边界", "category": "土地"});
    let (status, body) = t.post("/api/v1/consultations", &staff, consultation).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "org_inactive");
    // An import naming the village is refused whole.
    let r = t
        .import_csv(Ledger::Disputes, "T1", GOOD.replace("9号", "29号"), false)
        .await;
    assert_eq!(r.imported, 0);
    assert!(
        r.errors.iter().any(|e| e.contains("东风村")),
        "{:?}",
        r.errors
    );
    // So is an import into the village itself, and a new organisation under it.
    let r = fazhi::service::ledger::import(
        &t.app,
        &Caller::operator(),
        Ledger::Disputes,
        "V1",
        "ledger.csv",
        GOOD.as_bytes().to_vec(),
        false,
    )
    .await;
    assert!(r.is_err() || r.as_ref().unwrap().imported == 0);
    let under = demo::add_org(&t.app, ("V1A", "小组", "committee"), Some("V1"), None).await;
    assert!(under.is_err());

    // Everything kept, still listed and counted.
    assert_eq!(disputes_2023(&t, &staff).await, before);
    assert_eq!(before, 3);
    let (status, list) = t.get("/api/v1/disputes", &mediator).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    // Other villages carry on.
    let (status, body) = t.post("/api/v1/disputes", &staff, new_dispute("V2")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // Switched on again, it takes records again.
    let (status, _) = patch_org(&t, &admin, f.village1_id, json!({"active": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(t.audit_count("activate", Some("org")).await, 1);
    let (status, body) = t.post("/api/v1/disputes", &mediator, new_dispute("")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn the_org_page_renames_and_switches_off() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let admin = t.browser_login("admin_t1").await;
    let (status, html) = t
        .page(&admin, &format!("/admin/orgs/{}", f.village1_id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("东风村") && html.contains("停用东风村"),
        "{html}"
    );
    let path = format!("/admin/orgs/{}", f.village1_id);
    t.form_answers(
        &admin,
        &path,
        &[("name", "东风新村"), ("code", "V1N"), ("parent", "T1")],
        StatusCode::SEE_OTHER,
    )
    .await;
    let (_, html) = t.page(&admin, &path).await;
    assert!(html.contains("东风新村") && html.contains("V1"), "{html}");
    // A move into its own subtree is refused on the page with the reason.
    let town = format!("/admin/orgs/{}", f.town_id);
    let html = t
        .form_answers(
            &admin,
            &town,
            &[("name", "测试镇"), ("code", "T1"), ("parent", "V1N")],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("下级组织"), "{html}");
    t.form_answers(
        &admin,
        &format!("{path}/active"),
        &[("active", "false")],
        StatusCode::SEE_OTHER,
    )
    .await;
    let (_, html) = t.page(&admin, "/admin/orgs").await;
    assert!(html.contains("已停用"), "{html}");
    // Another town's administrator: not found.
    let other = t.browser_login("admin_t2").await;
    let (status, _) = t.page(&other, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_command_line_renames_recodes_moves_and_switches_off() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let ok = |args: &[&str]| {
        let (status, out, err) = cli(&t, args);
        assert_eq!(status, Some(0), "{args:?}: {err}");
        out
    };
    assert!(ok(&["org", "recode", "T1", "654202100000"]).contains("曾用代码：T1"));
    // The old code still names the town.
    assert!(ok(&["org", "rename", "T1", "新测试镇"]).contains("新测试镇"));
    assert!(ok(&["org", "move", "V2", "--parent", "T2"]).contains("另一镇"));
    assert!(ok(&["org", "deactivate", "V1"]).contains("已停用"));
    let list = ok(&["org", "list"]);
    assert!(
        list.lines()
            .any(|l| l.contains("东风村") && l.ends_with("已停用")),
        "{list}"
    );
    ok(&["org", "activate", "V1"]);

    let (status, _, err) = cli(&t, &["org", "move", "T1", "--parent", "V1"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("自己或它的下级"), "{err}");
    let (status, _, err) = cli(&t, &["org", "rename", "NOPE", "x"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("找不到组织代码「NOPE」"), "{err}");

    let town = orgs::get(&t.app.db, f.town_id).await.unwrap();
    assert_eq!(
        (town.code.as_str(), town.name.as_str()),
        ("654202100000", "新测试镇")
    );
    let v2 = orgs::get(&t.app.db, f.village2_id).await.unwrap();
    assert_eq!(v2.parent_id, Some(f.town2_id));
    assert!(orgs::get(&t.app.db, f.village1_id).await.unwrap().active);
    for action in ["recode", "rename", "move", "deactivate", "activate"] {
        assert_eq!(t.audit_count(action, Some("org")).await, 1, "{action}");
    }
}
