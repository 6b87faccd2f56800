//! Issue #14 point 6: the audit log as officials read it — actions, record kinds and fields in
//! Chinese, changes as 字段：旧值 → 新值 (not JSON), filters typed in Chinese, Beijing time, and
//! one rule for who reads it that the menu follows.

use axum::http::StatusCode;
use fazhi::storage::audit::{self, Actor, Change};
use fazhi_domain::audit_labels;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const PHONE: &str = "13812345678";

/// A case registered by the village mediator (a party with a phone), then its summary edited.
async fn case_registered_and_edited(t: &TestApp) -> i64 {
    let m = t.api_login("mediator_v1").await;
    let d = t
        .created(
            "/api/v1/disputes",
            &m,
            json!({"registered_on": chrono::Utc::now().date_naive(),
                "source": "来访", "dispute_type": "草场纠纷", "summary": "草场边界",
                "parties": [{"name": "张三", "phone": PHONE}, {"name": "李四"}]}),
        )
        .await;
    let id = d["id"].as_i64().unwrap();
    let path = format!("/api/v1/disputes/{id}");
    let (status, after) = t
        .patch(
            &path,
            &m,
            json!({"version": d["version"], "summary": "草场边界不清"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    id
}

#[tokio::test]
async fn entries_read_in_chinese_with_changes_as_old_to_new() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let id = case_registered_and_edited(&t).await;
    let admin = t.api_login("admin_t1").await;

    // The API: codes and JSON as before, and the same in Chinese beside them.
    let (status, log) = t.get("/api/v1/audit?entity=dispute", &admin).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let items = log["items"].as_array().unwrap();
    let edit = items
        .iter()
        .find(|e| e["action"] == "update")
        .expect("the edit is logged");
    assert_eq!(edit["action_label"], "修改");
    assert_eq!(edit["entity_label"], "纠纷案件");
    assert_eq!(edit["entity_id"], id.to_string());
    assert_eq!(
        edit["changes"],
        json!([{"label": "简要情况", "before": "草场边界", "after": "草场边界不清"}]),
        "only what changed, under the register's own label: {edit}"
    );
    let at: chrono::DateTime<chrono::Utc> = edit["at"].as_str().unwrap().parse().unwrap();
    let beijing = at
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    assert_eq!(edit["at_beijing"], beijing.as_str());
    let created = items.iter().find(|e| e["action"] == "create").unwrap();
    assert_eq!(created["action_label"], "登记");
    let lines = created["changes"].as_array().unwrap();
    let phone = lines
        .iter()
        .find(|l| l["label"].as_str().unwrap().contains("电话"))
        .expect("a party's phone, flattened under its own label");
    assert_eq!(
        phone["after"],
        fazhi_domain::mask::mask_phone(PHONE).as_str(),
        "masked as in the registers: {phone}"
    );
    assert!(phone["before"].is_null(), "a registration has no old value");
    assert!(
        phone["label"].as_str().unwrap().starts_with("当事人"),
        "{phone}"
    );

    // The page: the same in Chinese, no JSON, no codes, Beijing time, phone masked.
    let browser = t.browser_login("admin_t1").await;
    let (status, html) = t.page(&browser, "/audit?entity=dispute").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("简要情况：草场边界 → 草场边界不清"), "{html}");
    assert!(html.contains(">修改<") && html.contains(">登记<"), "{html}");
    assert!(html.contains("纠纷案件"), "{html}");
    assert!(html.contains(&beijing), "Beijing time: {html}");
    assert!(!html.contains(PHONE), "{html}");
    assert!(
        html.contains(&fazhi_domain::mask::mask_phone(PHONE)),
        "{html}"
    );
    let table = &html[html.find("<table").unwrap()..];
    assert!(
        !table.contains("{&#34;") && !table.contains("{\"") && !table.contains("&quot;"),
        "no JSON in the table: {table}"
    );
}

#[tokio::test]
async fn filters_accept_chinese_as_well_as_codes() {
    let t = TestApp::spawn().await;
    t.seed().await;
    case_registered_and_edited(&t).await;
    let admin = t.api_login("admin_t1").await;
    let actions = |v: &Value| -> Vec<(String, String)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["entity"].as_str().unwrap().to_owned(),
                    e["action"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let edit = vec![("dispute".to_owned(), "update".to_owned())];
    for q in [
        "entity=dispute&action=update",
        "entity=%E7%BA%A0%E7%BA%B7&action=%E7%BC%96%E8%BE%91", // 纠纷 / 编辑
        "entity=%E7%BA%A0%E7%BA%B7%E6%A1%88%E4%BB%B6&action=%E4%BF%AE%E6%94%B9", // 纠纷案件 / 修改
        "entity=%E3%80%8C%E7%BA%A0%E7%BA%B7%E3%80%8D&action=%E3%80%8C%E7%BC%96%E8%BE%91%E3%80%8D", // 「纠纷」 / 「编辑」
    ] {
        let (status, log) = t.get(&format!("/api/v1/audit?{q}"), &admin).await;
        assert_eq!(status, StatusCode::OK, "{q}: {log}");
        assert_eq!(actions(&log), edit, "{q}");
    }
    // 登记 finds the case's registration; a word that names nothing finds nothing (not all).
    let (_, log) = t
        .get(
            "/api/v1/audit?entity=%E7%BA%A0%E7%BA%B7&action=%E7%99%BB%E8%AE%B0",
            &admin,
        )
        .await;
    assert_eq!(
        actions(&log),
        vec![("dispute".to_owned(), "create".to_owned())]
    );
    let (_, log) = t
        .get("/api/v1/audit?entity=%E6%B2%A1%E6%9C%89", &admin)
        .await; // 没有
    assert_eq!(log["total"], 0, "{log}");
    // The actor filter takes part of a name; the page's filters work the same way.
    let (_, log) = t.get("/api/v1/audit?actor=mediator_v", &admin).await;
    assert!(log["total"].as_i64().unwrap() >= 3, "{log}");
    let browser = t.browser_login("admin_t1").await;
    let (status, html) = t
        .page(
            &browser,
            "/audit?entity=%E7%BA%A0%E7%BA%B7&action=%E7%BC%96%E8%BE%91",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("共 1 条"), "{html}");
    assert!(html.contains("简要情况：草场边界 → 草场边界不清"), "{html}");
}

/// A code this version does not know (written by a newer one, or a helper's new step) is shown
/// as it is, and its values still read field by field.
#[tokio::test]
async fn an_unknown_code_is_shown_as_it_is() {
    let t = TestApp::spawn().await;
    let fx = t.seed().await;
    let mut tx = t.app.db.begin().await.unwrap();
    audit::record(
        &mut tx,
        &Actor::cli(),
        Change::new("brand_new_step", "brand_new_kind", 1)
            .org(fx.town_id)
            .before(&json!({"name": "旧名", "nested": {"level": "村级"}}))
            .after(&json!({"name": "新名", "nested": {"level": "镇级"}})),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let browser = t.browser_login("admin_t1").await;
    let (_, html) = t.page(&browser, "/audit?action=brand_new_step").await;
    assert!(html.contains(">brand_new_step<"), "{html}");
    assert!(html.contains("brand_new_kind 1"), "{html}");
    assert!(html.contains("名称：旧名 → 新名"), "{html}");
    assert!(html.contains("nested 层级：村级 → 镇级"), "{html}");
}

/// Who reads the audit log is one rule: every role's menu shows the link exactly when the API
/// and the page answer.
#[tokio::test]
async fn the_menu_shows_the_audit_log_to_exactly_those_who_may_read_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut readers = Vec::new();
    for role in ["admin", "leader", "staff", "mediator", "viewer"] {
        let user = format!("{role}_t1");
        let token = t.api_login(&user).await;
        let (api, _) = t.get("/api/v1/audit", &token).await;
        let browser = t.browser_login(&user).await;
        let (page, _) = t.page(&browser, "/audit").await;
        let (_, home) = t.page(&browser, "/").await;
        let in_menu = home.contains("href=\"/audit\"");
        assert_eq!(api == StatusCode::OK, in_menu, "{user}: API {api}");
        assert_eq!(page == StatusCode::OK, in_menu, "{user}: page {page}");
        if in_menu {
            readers.push(role);
        } else {
            assert_eq!(api, StatusCode::FORBIDDEN, "{user}");
        }
    }
    assert_eq!(readers, ["admin", "leader", "viewer"]);
}

/// Every action and record kind the code writes has a Chinese label, and so do the codes the
/// administration work of issue #14 adds: found by reading the source, so a new code without a
/// label fails here rather than reaching an official as English.
#[test]
fn every_code_the_code_writes_has_a_label() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut actions: Vec<String> = [
        "user_disabled",
        "user_enabled",
        "password_reset",
        "role_changed",
        "user_moved",
        "org_renamed",
        "org_moved",
        "org_deactivated",
        "code_added",
        "alias_added",
        "ledger_profile_saved",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut entities = Vec::new();
    for step in fazhi_domain::dispute::Action::ALL {
        actions.push(step.code().to_owned());
    }
    let mut files = vec![src];
    let mut seen = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // `Change::new("action", "entity", …)` and `Change { action: "…", entity: "…" }`, and
        // the kit's `Target { entity: "…" }`, the steps' `=> "code"` of an audited step enum.
        for (i, _) in text.match_indices("Change::new(") {
            let args = literals(&text[i + "Change::new(".len()..], 2);
            seen += 1;
            if let Some(a) = args.first() {
                actions.push(a.clone());
            }
            if let Some(e) = args.get(1) {
                entities.push(e.clone());
            }
        }
        for (key, into) in [("action: \"", &mut actions), ("entity: \"", &mut entities)] {
            for (i, _) in text.match_indices(key) {
                let rest = &text[i + key.len()..];
                into.push(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    assert!(seen > 20, "the scan finds the log's writers ({seen})");
    // Actions passed as variables: the legal-aid steps and the dispute revisions' own.
    actions.extend(
        [
            "transfer",
            "decide",
            "assign",
            "add_session",
            "add_return_visit",
            "withdraw",
            "restore",
            "correct",
            "update",
            "deactivate",
            "reactivate",
            "import",
        ]
        .map(str::to_owned),
    );
    let unlabelled: Vec<_> = actions
        .iter()
        .filter(|a| !audit_labels::is_known_action(a))
        .collect();
    assert!(
        unlabelled.is_empty(),
        "actions without a label: {unlabelled:?}"
    );
    let unlabelled: Vec<_> = entities
        .iter()
        .filter(|e| !audit_labels::is_known_entity(e))
        .collect();
    assert!(
        unlabelled.is_empty(),
        "kinds without a label: {unlabelled:?}"
    );
}

/// The first `n` arguments of a call whose text starts at `s`, where they are string literals.
fn literals(s: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    for _ in 0..n {
        let t = rest.trim_start();
        let Some(body) = t.strip_prefix('"') else {
            break;
        };
        let end = body.find('"').unwrap();
        out.push(body[..end].to_owned());
        rest = body[end + 1..].trim_start().trim_start_matches(',');
    }
    out
}
