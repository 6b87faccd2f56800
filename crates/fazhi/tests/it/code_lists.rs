//! Code lists as data (issue #14 point 3): aliases accepted by imports, forms and filters with
//! the canonical name stored and counted; local codes seen by their own subtree only;
//! deactivation; the closest-code error; the API and the command line.

use axum::http::StatusCode;
use fazhi::service::ledger::Ledger;
use fazhi::storage::Query;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// A disputes ledger of 2024 for town T1 whose rows have the type `kind`.
fn ledger(kind: &str) -> String {
    format!(
        "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
         ,2024-03-05,东风村,{kind},来访,张三、李四,彩礼返还,村级,,调解成功,2024-03-20,书面,\n\
         ,2024-04-01,红旗村,{kind},排查,王五,离婚财产,镇级,,调解中,,,\n"
    )
}

fn new_dispute(kind: &str, village: &str) -> Value {
    json!({
        "registered_on": "2024-05-06",
        "source": "来访",
        "dispute_type": kind,
        "village": village,
        "summary": "测试",
        "parties": [{"name": "甲"}, {"name": "乙"}],
    })
}

async fn types_seen(t: &TestApp, token: &str) -> Vec<String> {
    let (status, v) = t.get("/api/v1/code-lists/dispute-types", token).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["active"] == json!(true))
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_alias_makes_a_ledger_import_and_the_cases_count_by_the_canonical_type() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let csv = ledger("婚姻纠纷");
    // Unknown: refused whole, naming the closest code and how to add the alias.
    let r = t
        .import_csv(Ledger::Disputes, "T1", csv.clone(), false)
        .await;
    assert_eq!(r.imported, 0);
    assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
    let e = &r.errors[0];
    assert!(e.contains("「纠纷类型」"), "{e}");
    assert!(e.contains("最接近的是：婚姻家庭纠纷"), "{e}");
    assert!(
        e.contains("fazhi codes alias dispute-types 婚姻纠纷 婚姻家庭纠纷 --org T1"),
        "{e}"
    );
    assert!(e.contains("/admin/code-lists/dispute-types"), "{e}");

    let admin = t.api_login("admin_t1").await;
    let (status, v) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin,
            json!({"alias": "婚姻纠纷", "name": "婚姻家庭纠纷"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["alias"]["name"], "婚姻家庭纠纷");
    assert_eq!(t.audit_count("alias_added", Some("code_list")).await, 1);

    let r = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!(r.imported, 2, "{:?}", r.errors);
    let stored: Vec<String> = Query::new("SELECT DISTINCT dispute_type FROM disputes")
        .fetch_scalars(&t.app.db)
        .await
        .unwrap();
    assert_eq!(stored, ["婚姻家庭纠纷"]);

    // The figures and the report's sentence count them under the canonical type.
    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    assert_eq!(
        f["breakdowns"]["dispute_type"],
        json!([["婚姻家庭纠纷", 2]])
    );
    let sentences = f["sentences"].to_string();
    assert!(sentences.contains("主要涉及婚姻家庭纠纷"), "{sentences}");

    // Forms and the list filter accept the alias too.
    let staff = t.api_login("staff_t1").await;
    let (status, d) = t
        .post("/api/v1/disputes", &staff, new_dispute("婚姻纠纷", "V1"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(d["dispute_type"], "婚姻家庭纠纷");
    let (status, list) = t.get("/api/v1/disputes?type=婚姻纠纷", &staff).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 3);

    // Another town does not see T1's alias.
    let other = t.api_login("staff_t2").await;
    let (_, v) = t.get("/api/v1/code-lists/dispute-types", &other).await;
    assert!(!v["aliases"].to_string().contains("婚姻纠纷"), "{v}");
}

#[tokio::test]
async fn a_local_code_is_offered_to_and_accepted_from_its_own_town_only() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [admin_t1, admin_t2, staff_t1, staff_t2, admin_c1] = t
        .api_logins(["admin_t1", "admin_t2", "staff_t1", "staff_t2", "admin_c1"])
        .await;
    let add = json!({"name": "牧区草场纠纷"});
    // Only administrators add codes; another town's administrator cannot add for T1.
    let (status, _) = t
        .post("/api/v1/code-lists/dispute-types", &staff_t1, add.clone())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin_t2,
            json!({"name": "牧区草场纠纷", "org": "T1"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v) = t
        .post("/api/v1/code-lists/dispute-types", &admin_t1, add.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["code"]["org_name"], "测试镇");
    assert_eq!(t.audit_count("code_added", Some("code_list")).await, 1);
    // A second time, or a national name, is refused with a reason.
    let (status, v) = t
        .post("/api/v1/code-lists/dispute-types", &admin_t1, add)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("已在"), "{v}");
    // Sources drive the figures: aliases only.
    let (status, v) = t
        .post(
            "/api/v1/code-lists/dispute-sources",
            &admin_t1,
            json!({"name": "信访"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");

    // Offered: the town (and its villages' users) see it; the other town and the county not.
    assert!(types_seen(&t, &staff_t1)
        .await
        .contains(&"牧区草场纠纷".to_owned()));
    let mediator_v1 = t.api_login("mediator_v1").await;
    assert!(types_seen(&t, &mediator_v1)
        .await
        .contains(&"牧区草场纠纷".to_owned()));
    assert!(!types_seen(&t, &staff_t2)
        .await
        .contains(&"牧区草场纠纷".to_owned()));
    assert!(!types_seen(&t, &admin_c1)
        .await
        .contains(&"牧区草场纠纷".to_owned()));
    let (status, _) = t
        .get("/api/v1/code-lists/dispute-types?org=T1", &staff_t2)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Accepted from T1's forms and ledger, not from T2's.
    let (status, d) = t
        .post(
            "/api/v1/disputes",
            &staff_t1,
            new_dispute("牧区草场纠纷", "V1"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let (status, e) = t
        .post(
            "/api/v1/disputes",
            &staff_t2,
            new_dispute("牧区草场纠纷", ""),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(
        e["fields"]["dispute_type"]
            .as_str()
            .unwrap()
            .contains("不在纠纷类型代码表中"),
        "{e}"
    );
    let r = t
        .import_csv(Ledger::Disputes, "T1", ledger("牧区草场纠纷"), true)
        .await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let town2 = "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
                 ,2024-03-05,T2,牧区草场纠纷,来访,张三,x,镇级,,调解中,,,\n";
    let r = t.import_csv(Ledger::Disputes, "T2", town2, true).await;
    assert!(
        r.errors.iter().any(|e| e.contains("牧区草场纠纷")),
        "{:?}",
        r.errors
    );

    // The form of the new-case page offers it to T1's staff only.
    let b1 = t.browser_login("staff_t1").await;
    let (_, html) = t.page(&b1, "/disputes/new").await;
    assert!(html.contains("牧区草场纠纷"));
    let b2 = t.browser_login("staff_t2").await;
    let (_, html) = t.page(&b2, "/disputes/new").await;
    assert!(!html.contains("牧区草场纠纷"));
    // So does the XLSX template's drop-down list.
    for (browser, offered) in [(&b1, true), (&b2, false)] {
        let (status, xlsx) = t
            .download("/disputes/template.xlsx", None, Some(browser))
            .await;
        assert_eq!(status, StatusCode::OK);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("草场纠纷"), "{strings}");
        assert_eq!(strings.contains("牧区草场纠纷"), offered, "{strings}");
    }
}

#[tokio::test]
async fn a_deactivated_code_is_refused_for_new_records_and_old_records_keep_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [admin_t1, admin_c1, staff] = t.api_logins(["admin_t1", "admin_c1", "staff_t1"]).await;
    let (_, v) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin_t1,
            json!({"name": "牧区纠纷"}),
        )
        .await;
    let id = v["code"]["id"].as_i64().unwrap();
    let (status, old) = t
        .post("/api/v1/disputes", &staff, new_dispute("牧区纠纷", "V1"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{old}");

    let path = format!("/api/v1/code-lists/dispute-types/codes/{id}");
    // Another town's administrator cannot reach it.
    let admin_t2 = t.api_login("admin_t2").await;
    let (status, _) = t.post(&path, &admin_t2, json!({"active": false})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v) = t.post(&path, &admin_t1, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["active"], false);
    assert_eq!(
        t.audit_count("code_deactivated", Some("code_list")).await,
        1
    );

    let (status, e) = t
        .post("/api/v1/disputes", &staff, new_dispute("牧区纠纷", "V1"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        e["fields"]["dispute_type"]
            .as_str()
            .unwrap()
            .contains("已停用"),
        "{e}"
    );
    assert!(!types_seen(&t, &staff)
        .await
        .contains(&"牧区纠纷".to_owned()));
    // The old case keeps its type, and an edit that leaves the type alone is accepted.
    let old_path = format!("/api/v1/disputes/{}", old["id"]);
    let (_, got) = t.get(&old_path, &staff).await;
    assert_eq!(got["dispute"]["dispute_type"], "牧区纠纷", "{got}");
    let (status, edited) = t
        .patch(
            &old_path,
            &staff,
            json!({"version": got["dispute"]["version"], "summary": "改过的情况"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (_, got) = t.get(&old_path, &staff).await;
    assert_eq!(
        (&got["dispute"]["dispute_type"], &got["dispute"]["summary"]),
        (&json!("牧区纠纷"), &json!("改过的情况"))
    );

    // National codes: not by a town's administrator, yes by the top-level one.
    let national: i64 = Query::new(
        "SELECT id FROM code_list_codes WHERE list = 'dispute-types' AND name = '医疗纠纷' \
         AND org_id IS NULL",
    )
    .fetch_scalar(&t.app.db)
    .await
    .unwrap();
    let npath = format!("/api/v1/code-lists/dispute-types/codes/{national}");
    let (status, _) = t.post(&npath, &admin_t1, json!({"active": false})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Wrong list in the path: 404, nothing changed.
    let (status, _) = t
        .post(
            &format!("/api/v1/code-lists/campaigns/codes/{national}"),
            &admin_c1,
            json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.post(&npath, &admin_c1, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!types_seen(&t, &staff)
        .await
        .contains(&"医疗纠纷".to_owned()));
    let (status, _) = t.post(&npath, &admin_c1, json!({"active": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(types_seen(&t, &staff)
        .await
        .contains(&"医疗纠纷".to_owned()));
    assert_eq!(
        t.audit_count("code_reactivated", Some("code_list")).await,
        1
    );
}

#[tokio::test]
async fn publicity_themes_and_venues_accept_aliases_and_name_the_closest_code() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [admin, staff] = t.api_logins(["admin_t1", "staff_t1"]).await;
    let event = |themes: Value| {
        json!({"org": "T1", "held_on": "2024-05-06", "name": "民法典进村", "venue_type": "社区",
               "themes": themes})
    };
    let (status, e) = t
        .post("/api/v1/publicity", &staff, event(json!(["民法典宣传"])))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let msg = e["fields"]["themes"].as_str().unwrap();
    assert!(msg.contains("最接近的是：民法典"), "{msg}");
    assert!(msg.contains("fazhi codes alias publicity-themes"), "{msg}");
    let (status, v) = t
        .post(
            "/api/v1/code-lists/publicity-themes",
            &admin,
            json!({"alias": "民法典宣传", "name": "民法典"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            event(json!(["民法典宣传", "宪法"])),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["themes"], json!(["民法典", "宪法"]));
    assert_eq!(e["venue_type"], "village");
}

#[tokio::test]
async fn bad_list_names_and_bodies_are_refused_clearly() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let admin = t.api_login("admin_t1").await;
    let (status, v) = t.get("/api/v1/code-lists/nope", &admin).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("dispute-types"),
        "{v}"
    );
    let (status, v) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin,
            json!({"name": "甲、乙"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let (status, v) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin,
            json!({"alias": "草场", "name": "草场纠纷"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["message"].as_str().unwrap().contains("已能识别"), "{v}");
    let (status, v) = t
        .post(
            "/api/v1/code-lists/dispute-types",
            &admin,
            json!({"alias": "吵架", "name": "不存在的类型"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
}

/// `fazhi codes …` on the app's database: exit status, stdout, stderr.
fn cli(t: &TestApp, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .arg("codes")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_command_line_lists_adds_and_aliases_codes() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (code, out, err) = cli(
        &t,
        &[
            "alias",
            "dispute-types",
            "婚姻纠纷",
            "婚姻家庭纠纷",
            "--org",
            "T1",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("婚姻纠纷 → 婚姻家庭纠纷（测试镇）"), "{out}");
    let (code, out, err) = cli(&t, &["add", "dispute-types", "牧区纠纷", "--org", "T1"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("牧区纠纷"), "{out}");
    let (code, out, _) = cli(&t, &["list", "dispute-types", "--org", "T1"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("婚姻家庭纠纷\t-\t全国\t启用\t别名：婚姻纠纷"),
        "{out}"
    );
    assert!(out.contains("牧区纠纷\t-\t测试镇\t启用"), "{out}");
    // The national view has neither.
    let (_, out, _) = cli(&t, &["list", "dispute-types"]);
    assert!(
        !out.contains("牧区纠纷") && !out.contains("别名：婚姻纠纷"),
        "{out}"
    );
    // Enum lists list their codes and refuse new ones; unknown lists and orgs are named.
    let (_, out, _) = cli(&t, &["list", "dispute-sources"]);
    assert!(out.contains("法院委派\tcourt\t全国\t启用"), "{out}");
    let (code, _, err) = cli(&t, &["add", "dispute-sources", "信访"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("不能新增"), "{err}");
    let (code, _, err) = cli(&t, &["list", "nope"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("dispute-types"), "{err}");
    let (code, _, err) = cli(&t, &["add", "dispute-types", "x", "--org", "NOPE"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("NOPE"), "{err}");

    // What the command line added is what the server accepts at once.
    let r = t
        .import_csv(Ledger::Disputes, "T1", ledger("婚姻纠纷"), true)
        .await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let (code, _, err) = cli(
        &t,
        &["deactivate", "dispute-types", "牧区纠纷", "--org", "T1"],
    );
    assert_eq!(code, Some(0), "{err}");
    let r = t
        .import_csv(Ledger::Disputes, "T1", ledger("牧区纠纷"), true)
        .await;
    assert!(
        r.errors.iter().any(|e| e.contains("已停用")),
        "{:?}",
        r.errors
    );
}

#[tokio::test]
async fn open_lists_store_an_alias_by_its_canonical_name_and_keep_other_text() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [admin, staff] = t.api_logins(["admin_t1", "staff_t1"]).await;
    for (list, alias, name) in [
        ("consultation-categories", "离婚", "婚姻家庭"),
        ("study-forms", "学法例会", "会前学法"),
    ] {
        let (status, v) = t
            .post(
                &format!("/api/v1/code-lists/{list}"),
                &admin,
                json!({"alias": alias, "name": name}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
    }
    let consultation = |category: &str| {
        json!({"consulted_on": "2024-03-05", "channel": "窗口", "village": "V1",
               "person": "张三", "topic": "离婚财产", "category": category})
    };
    let (status, c) = t
        .post("/api/v1/consultations", &staff, consultation("离婚"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["category"], "婚姻家庭", "{c}");
    let (status, c) = t
        .post("/api/v1/consultations", &staff, consultation("拆迁补偿"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["category"], "拆迁补偿", "{c}");
    let (status, s) = t
        .post(
            "/api/v1/study-sessions",
            &staff,
            json!({"held_on": "2024-03-05", "form": "学法例会", "laws": "宪法",
                   "attendees": ["张三"], "hours": 1.0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    assert_eq!(s["form"], "pre_meeting", "{s}");
}
