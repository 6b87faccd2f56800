//! Issue #14 point 1: administering users (disable, enable, reset password, role, organisation,
//! name) through the API, the pages and the command line, and a user's own tokens.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{TestApp, PASSWORD};

/// The id of `username`, as the county administrator lists users.
async fn user_id(t: &TestApp, username: &str) -> i64 {
    let admin = t.api_login("admin_c1").await;
    user_row(t, &admin, username).await["id"]
        .as_i64()
        .expect("an id")
}

async fn user_row(t: &TestApp, token: &str, username: &str) -> Value {
    let (status, list) = t.get("/api/v1/users", token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap_or_else(|| panic!("{username} listed"))
        .clone()
}

async fn patch_user(t: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    t.request(
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(token),
        Some(body),
    )
    .await
}

async fn login_with(t: &TestApp, username: &str, password: &str) -> (StatusCode, Value) {
    t.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"username": username, "password": password})),
    )
    .await
}

#[tokio::test]
async fn a_disabled_users_token_and_browser_stop_at_once_and_enabling_restores_sign_in() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let browser = t.browser_login("staff_t1").await;
    let admin = t.api_login("admin_t1").await;
    let id = user_id(&t, "staff_t1").await;
    // Both are looked up (and cached) before the account is disabled.
    assert_eq!(t.get("/api/v1/me", &staff).await.0, StatusCode::OK);
    assert_eq!(t.page(&browser, "/").await.0, StatusCode::OK);

    let (status, row) = patch_user(&t, &admin, id, json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["active"], false);

    let (status, body) = t.get("/api/v1/me", &staff).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = t.page(&browser, "/").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the browser is sent to sign in"
    );
    let (status, body) = login_with(&t, "staff_t1", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "account_disabled", "{body}");
    assert!(body["message"].as_str().unwrap().contains("已停用"));
    let (status, _, _) = t.login_form("staff_t1", PASSWORD, "/", None, &[]).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the login page refuses too"
    );
    // A wrong password still says nothing about the account.
    let (_, body) = login_with(&t, "staff_t1", "wrong-pass-1").await;
    assert_eq!(body["code"], "invalid_credentials");
    assert_eq!(t.audit_count("user_disabled", Some("user")).await, 1);

    let (status, row) = patch_user(&t, &admin, id, json!({"active": true})).await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["active"], true);
    let again = t.api_login("staff_t1").await;
    assert_eq!(t.get("/api/v1/me", &again).await.0, StatusCode::OK);
    assert_eq!(
        t.get("/api/v1/me", &staff).await.0,
        StatusCode::UNAUTHORIZED,
        "old tokens stay dead"
    );
    assert_eq!(t.audit_count("user_enabled", Some("user")).await, 1);
}

#[tokio::test]
async fn a_reset_password_ends_old_sessions_and_forces_a_change() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let browser = t.browser_login("staff_t1").await;
    let admin = t.api_login("admin_t1").await;
    let id = user_id(&t, "staff_t1").await;
    assert_eq!(t.get("/api/v1/me", &staff).await.0, StatusCode::OK);

    let (status, reset) = t
        .post(
            &format!("/api/v1/users/{id}/reset-password"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reset}");
    assert_eq!(reset["username"], "staff_t1");
    let password = reset["password"].as_str().unwrap().to_owned();
    assert!(password.len() >= 12, "{password}");

    assert_eq!(
        t.get("/api/v1/me", &staff).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(t.page(&browser, "/").await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        login_with(&t, "staff_t1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = login_with(&t, "staff_t1", &password).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = t.get("/api/v1/me", body["token"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "password_change_required");
    let (status, headers, _) = t.login_form("staff_t1", &password, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/password",
        "the change comes first"
    );
    assert_eq!(t.audit_count("password_reset", Some("user")).await, 1);

    // Outside the administrator's town, or no such user: not found.
    let other = user_id(&t, "staff_t2").await;
    let (status, _) = t
        .post(
            &format!("/api/v1/users/{other}/reset-password"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Only administrators reset.
    let leader = t.api_login("leader_t1").await;
    let (status, _) = t
        .post(
            &format!("/api/v1/users/{id}/reset-password"),
            &leader,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_last_active_admin_of_an_organisation_stays() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let county = t.api_login("admin_c1").await;
    let id = user_id(&t, "admin_t1").await;
    for body in [
        json!({"active": false}),
        json!({"role": "staff"}),
        json!({"org": "V1"}),
    ] {
        let (status, err) = patch_user(&t, &county, id, body.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}: {err}");
        assert_eq!(err["code"], "last_admin");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("测试镇唯一启用的系统管理员"),
            "{err}"
        );
    }
    assert_eq!(user_row(&t, &county, "admin_t1").await["active"], true);
    assert_eq!(t.audit_count("user_disabled", None).await, 0);
    // An administrator cannot lock themselves out either.
    let own = t.api_login("admin_t1").await;
    let (status, err) = patch_user(&t, &own, id, json!({"active": false})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");

    // With a second administrator in the town, the first may go.
    let (status, body) = t
        .post(
            "/api/v1/users",
            &county,
            json!({"username": "admin2_t1", "role": "admin", "org": "T1", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, row) = patch_user(&t, &county, id, json!({"role": "leader"})).await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["role"], "leader");
    // The demoted token is no longer an administrator's, at once.
    let (status, _) = t.get("/api/v1/users", &own).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(t.audit_count("role_changed", Some("user")).await, 1);
    let second = body["id"].as_i64().unwrap();
    let (status, err) = patch_user(&t, &county, second, json!({"active": false})).await;
    assert_eq!(status, StatusCode::CONFLICT, "now the last one: {err}");
}

#[tokio::test]
async fn moving_and_renaming_stay_within_the_admins_scope() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let admin = t.api_login("admin_t1").await;
    let id = user_id(&t, "staff_v1").await;
    // T2 is a town beside the administrator's: not found, like an unknown code.
    let (status, err) = patch_user(&t, &admin, id, json!({"org": "T2"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    let (status, _) = patch_user(&t, &admin, id, json!({"org": "NOPE"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let outsider = user_id(&t, "staff_t2").await;
    let (status, _) = patch_user(&t, &admin, outsider, json!({"display_name": "某人"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(t.audit_count("user_moved", None).await, 0);

    let (status, row) = patch_user(
        &t,
        &admin,
        id,
        json!({"org": "V2", "display_name": " 张三 "}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{row}");
    assert_eq!(row["org_code"], "V2");
    assert_eq!(row["display_name"], "张三");
    assert_eq!(t.audit_count("user_moved", Some("user")).await, 1);
    assert_eq!(t.audit_count("user_renamed", Some("user")).await, 1);
    // The moved user now sees the other village's scope.
    let staff = t.api_login("staff_v1").await;
    let (_, me) = t.get("/api/v1/me", &staff).await;
    assert_eq!(me["org_code"], "V2");

    // Bad input is named; nothing at all is a 400 too; writers only.
    let (status, err) =
        patch_user(&t, &admin, id, json!({"role": "boss", "display_name": ""})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["role"].is_string() && err["fields"]["display_name"].is_string(),
        "{err}"
    );
    assert_eq!(
        patch_user(&t, &admin, id, json!({})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        patch_user(&t, &admin, id, json!({"password": "x"})).await.0,
        StatusCode::BAD_REQUEST
    );
    let leader = t.api_login("leader_t1").await;
    assert_eq!(
        patch_user(&t, &leader, id, json!({"display_name": "李四"}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_user_lists_and_revokes_only_their_own_tokens() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let a = t.api_login("staff_t1").await;
    let b = t.api_login("staff_t1").await;
    let other = t.api_login("mediator_t1").await;
    let (status, list) = t.get("/api/v1/me/tokens", &a).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert!(items
        .iter()
        .all(|s| s["kind"] == "api" && s["created_at"].is_string()));
    let current: Vec<_> = items.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    let a_id = current[0]["id"].as_i64().unwrap();
    let b_id = items.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, theirs) = t.get("/api/v1/me/tokens", &other).await;
    let their_id = theirs["items"][0]["id"].as_i64().unwrap();

    let delete = |token: String, id: i64| {
        let t = &t;
        async move {
            t.request(
                Method::DELETE,
                &format!("/api/v1/me/tokens/{id}"),
                Some(&token),
                None,
            )
            .await
            .0
        }
    };
    assert_eq!(delete(a.clone(), their_id).await, StatusCode::NOT_FOUND);
    assert_eq!(
        t.get("/api/v1/me", &other).await.0,
        StatusCode::OK,
        "untouched"
    );
    assert_eq!(delete(a.clone(), b_id).await, StatusCode::NO_CONTENT);
    assert_eq!(t.get("/api/v1/me", &b).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(t.get("/api/v1/me", &a).await.0, StatusCode::OK);
    assert_eq!(delete(a.clone(), b_id).await, StatusCode::NOT_FOUND, "once");
    assert_eq!(t.audit_count("session_revoked", Some("session")).await, 1);

    // The account page lists the browser's own sign-in and ends one.
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/account/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("当前使用") && html.contains("API 令牌") && html.contains("网页登录"),
        "{html}"
    );
    let (status, headers, _) = t
        .form(
            &browser,
            &format!("/account/tokens/{a_id}/revoke"),
            &[],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/account/tokens");
    assert_eq!(t.get("/api/v1/me", &a).await.0, StatusCode::UNAUTHORIZED);
    let (status, _, _) = t
        .form(
            &browser,
            &format!("/account/tokens/{their_id}/revoke"),
            &[],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_user_page_confirms_dangerous_actions_and_shows_a_reset_password_once() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let browser = t.browser_login("admin_t1").await;
    let id = user_id(&t, "staff_t1").await;
    let page = format!("/admin/users/{id}");
    let (status, html) = t.page(&browser, "/admin/users").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"{page}\"")),
        "the list links to the page"
    );
    let (status, html) = t.page(&browser, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("停用账号") && html.contains("重置密码"),
        "{html}"
    );

    // Unconfirmed: refused, nothing changed.
    let (status, _, html) = t
        .form(&browser, &format!("{page}/disable"), &[], true)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("请勾选确认框"), "{html}");
    // Without the form token: refused.
    let (status, _, _) = t
        .form(
            &browser,
            &format!("{page}/disable"),
            &[("confirm", "yes")],
            false,
        )
        .await;
    assert_ne!(status, StatusCode::SEE_OTHER);
    assert_eq!(t.audit_count("user_disabled", None).await, 0);

    let (status, headers, _) = t
        .form(
            &browser,
            &format!("{page}/disable"),
            &[("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        format!("{page}?done=disable").as_str()
    );
    let (_, html) = t.page(&browser, &format!("{page}?done=disable")).await;
    assert!(html.contains("账号已停用"), "{html}");
    assert_eq!(
        login_with(&t, "staff_t1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, _) = t.form(&browser, &format!("{page}/enable"), &[], true).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(login_with(&t, "staff_t1", PASSWORD).await.0, StatusCode::OK);

    for (action, field, value) in [
        ("rename", "display_name", "王五"),
        ("role", "role", "viewer"),
        ("org", "org", "V1"),
    ] {
        let (status, _, html) = t
            .form(
                &browser,
                &format!("{page}/{action}"),
                &[(field, value)],
                true,
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {html}");
    }
    let admin = t.api_login("admin_t1").await;
    let row = user_row(&t, &admin, "staff_t1").await;
    assert_eq!(
        (
            row["display_name"].as_str(),
            row["role"].as_str(),
            row["org_code"].as_str()
        ),
        (Some("王五"), Some("viewer"), Some("V1"))
    );
    // Outside the administrator's town: not found.
    let (status, _, _) = t
        .form(&browser, &format!("{page}/org"), &[("org", "T2")], true)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The last administrator: the page says why, in Chinese.
    let own = user_id(&t, "admin_t1").await;
    let county = t.browser_login("admin_c1").await;
    let (status, _, html) = t
        .form(
            &county,
            &format!("/admin/users/{own}/role"),
            &[("role", "staff")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("唯一启用的系统管理员"), "{html}");

    let (status, _, html) = t
        .form(
            &browser,
            &format!("{page}/reset-password"),
            &[("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let start = html.find("<code>").expect("the password is shown") + "<code>".len();
    let password = &html[start..start + html[start..].find("</code>").unwrap()];
    let (status, headers, _) = t.login_form("staff_t1", password, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/password");
    // Viewers and leaders see no user pages.
    let leader = t.browser_login("leader_t1").await;
    assert_eq!(t.page(&leader, &page).await.0, StatusCode::FORBIDDEN);
}

/// `fazhi user …` on the test app's database: exit status, stdout and stderr.
fn cli(t: &TestApp, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .arg("user")
        .args(args)
        .env_remove("FAZHI_AUDIT_KEY")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_disables_enables_resets_re_roles_moves_and_renames() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (status, out, err) = cli(&t, &["disable", "staff_t1"]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert!(out.contains("已停用"), "{out}");
    assert_eq!(
        login_with(&t, "staff_t1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, err) = cli(&t, &["enable", "staff_t1"]);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(login_with(&t, "staff_t1", PASSWORD).await.0, StatusCode::OK);

    let (status, out, err) = cli(&t, &["reset-password", "staff_t1"]);
    assert_eq!(status, Some(0), "{err}");
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("一次性密码："))
        .expect("the one-time password is printed")
        .trim()
        .to_owned();
    assert_eq!(
        login_with(&t, "staff_t1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, headers, _) = t.login_form("staff_t1", &password, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/password");

    for args in [
        &["set-role", "staff_t1", "viewer"][..],
        &["move", "staff_t1", "--org", "V1"],
        &["rename", "staff_t1", "张三"],
    ] {
        let (status, out, err) = cli(&t, args);
        assert_eq!(status, Some(0), "{args:?}: {out}{err}");
    }
    let county = t.api_login("admin_c1").await;
    let row = user_row(&t, &county, "staff_t1").await;
    assert_eq!(row["role"], "viewer");
    assert_eq!(row["org_code"], "V1");
    assert_eq!(row["display_name"], "张三");
    for action in [
        "user_disabled",
        "user_enabled",
        "password_reset",
        "role_changed",
        "user_moved",
        "user_renamed",
    ] {
        assert_eq!(t.audit_count(action, Some("user")).await, 1, "{action}");
    }

    let (status, _, err) = cli(&t, &["set-role", "admin_t1", "staff"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("唯一启用的系统管理员"), "{err}");
    let (status, _, err) = cli(&t, &["disable", "nobody"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("找不到用户「nobody」"), "{err}");
    let (status, _, err) = cli(&t, &["move", "staff_t1", "--org", "NOPE"]);
    assert_eq!(status, Some(1));
    assert!(err.contains("NOPE"), "{err}");
}

#[tokio::test]
async fn the_openapi_document_has_the_user_operations() {
    let t = TestApp::spawn().await;
    let (status, doc) = t
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/users/{id}/reset-password", "post"),
        ("/api/v1/me/tokens", "get"),
        ("/api/v1/me/tokens/{id}", "delete"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}
