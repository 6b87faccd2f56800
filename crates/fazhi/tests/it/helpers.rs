//! `TestApp`: a fresh database and the whole router, driven without a socket.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use fazhi::app::{App, SharedApp};
use fazhi::config::Config;
use fazhi::service::{accounts, demo, Caller};
use fazhi::storage::Query;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct TestApp {
    pub app: SharedApp,
    pub router: Router,
    pub dir: tempfile::TempDir,
    pub database_url: String,
}

/// The password every fixture user gets.
pub const PASSWORD: &str = "test-pass-123";

/// Which backend this run tests; CI runs the suite once per backend.
pub fn backend_url() -> Option<String> {
    std::env::var("FAZHI_TEST_DATABASE")
        .ok()
        .filter(|v| v.starts_with("postgres"))
}

async fn fresh_postgres(server_url: &str) -> String {
    use sqlx::Connection;
    let name = format!(
        "fazhi_test_{}",
        fazhi::auth::random_token()[..16].to_owned()
    );
    let mut conn = sqlx::PgConnection::connect(server_url)
        .await
        .expect("PostgreSQL test server reachable");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let (base, _) = server_url
        .rsplit_once('/')
        .expect("URL has a database part");
    format!("{base}/{name}")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// A fresh app whose configuration `configure` adjusts first (e.g. a trusted proxy).
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend_url() {
            Some(server) => fresh_postgres(&server).await,
            None => format!("sqlite://{}", dir.path().join("test.sqlite").display()),
        };
        let mut config = Config::new(dir.path(), Some(&database_url));
        // Issue #15: tests run at 23:30 UTC, already tomorrow in Beijing.
        config.clock = fazhi::clock::Clock::test();
        configure(&mut config);
        let app = App::open(config).await.expect("app opens");
        let router = fazhi::web::router(app.clone());
        TestApp {
            app,
            router,
            dir,
            database_url,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        let (status, _, bytes) = self.send(req).await;
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, json)
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (status, headers, bytes)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.request(Method::POST, path, Some(token), Some(body))
            .await
    }

    /// A download's status and bytes, signed in through the API (`token`) or the pages
    /// (`browser`).
    pub async fn download(
        &self,
        path: &str,
        token: Option<&str>,
        browser: Option<&Browser>,
    ) -> (StatusCode, Vec<u8>) {
        let mut req = Request::builder().uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(b) = browser {
            req = req.header(header::COOKIE, &b.cookie);
        }
        let (status, _, bytes) = self.send(req.body(Body::empty()).unwrap()).await;
        (status, bytes)
    }

    /// The actions of a kit record's history (`GET …/history`), oldest first.
    pub async fn history_actions(&self, path: &str, token: &str) -> (Value, Vec<String>) {
        let (status, h) = self.get(&format!("{path}/history"), token).await;
        assert_eq!(status, StatusCode::OK, "{h}");
        let actions = h
            .as_array()
            .expect("a list")
            .iter()
            .map(|e| e["action"].as_str().unwrap_or("").to_owned())
            .collect();
        (h, actions)
    }

    pub async fn api_login(&self, username: &str) -> String {
        let (status, body) = self
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(serde_json::json!({"username": username, "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// The API tokens of `usernames`, in their order.
    pub async fn api_logins<const N: usize>(&self, usernames: [&str; N]) -> [String; N] {
        let mut tokens = Vec::with_capacity(N);
        for username in usernames {
            tokens.push(self.api_login(username).await);
        }
        tokens.try_into().expect("one token a user")
    }

    /// Posts the login form as a browser would: it opens `/login` first for the form's CSRF
    /// cookie and token. `peer` is the socket address the request seems to come from, and
    /// `extra` any further headers (e.g. `X-Forwarded-For`).
    pub async fn login_form(
        &self,
        username: &str,
        password: &str,
        next: &str,
        peer: Option<&str>,
        extra: &[(&str, &str)],
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let (_, headers, html) = self
            .send(
                Request::builder()
                    .uri("/login")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let html = String::from_utf8_lossy(&html);
        let csrf = csrf_from(&html).expect("the login form carries a CSRF token");
        let cookie = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("the login form sets its CSRF cookie")
            .to_owned();
        let body = serde_urlencoded::to_string([
            ("username", username),
            ("password", password),
            ("next", next),
            ("_csrf", &csrf),
        ])
        .unwrap();
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in extra {
            req = req.header(*name, *value);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        if let Some(peer) = peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(
                peer.parse::<std::net::SocketAddr>().expect("peer address"),
            ));
        }
        let (status, headers, body) = self.send(req).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// Signs in through the login form; returns the cookie and the CSRF token of the session.
    pub async fn browser_login(&self, username: &str) -> Browser {
        let (status, headers, _) = self.login_form(username, PASSWORD, "/", None, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "browser login {username}");
        let cookie = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_owned();
        let mut browser = Browser {
            cookie,
            csrf: String::new(),
        };
        let (_, html) = self.page(&browser, "/").await;
        browser.csrf = csrf_from(&html).expect("the layout carries a CSRF token");
        browser
    }

    pub async fn page(&self, browser: &Browser, path: &str) -> (StatusCode, String) {
        let req = Request::builder()
            .uri(path)
            .header(header::COOKIE, &browser.cookie)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = self.send(req).await;
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Posts a form as the browser would, with the session's CSRF token unless `csrf` is false.
    pub async fn form(
        &self,
        browser: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        csrf: bool,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if csrf {
            all.push(("_csrf", &browser.csrf));
        }
        let body = serde_urlencoded::to_string(&all).unwrap();
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let (status, headers, body) = self.send(req).await;
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// Records `count` study sessions in 2023 (one a day from 1 January) as `token`'s user:
    /// enough rows to page through.
    pub async fn add_study_sessions(&self, token: &str, count: u32) {
        let first = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
        for day in 0..count {
            let held_on = first + chrono::Duration::days(i64::from(day));
            let (status, body) = self
                .post(
                    "/api/v1/study-sessions",
                    token,
                    serde_json::json!({"held_on": held_on, "form": "会前学法", "laws": "宪法",
                                       "attendees": ["张三"], "hours": 1.0}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
    }

    /// How many audit entries record `action` (on `entity`, when given).
    pub async fn audit_count(&self, action: &str, entity: Option<&str>) -> i64 {
        let mut q = Query::new("SELECT COUNT(*) FROM audit_log WHERE action = ");
        q.push_bind(action);
        if let Some(entity) = entity {
            q.push(" AND entity = ").push_bind(entity);
        }
        q.fetch_scalar(&self.app.db).await.unwrap()
    }

    /// A county with one town and two villages, and a user of every role at each level
    /// (`<role>_<org>`, e.g. `mediator_v1`), all with [`PASSWORD`].
    pub async fn seed(&self) -> Fixture {
        let op = Caller::operator();
        let add = |code, name, kind, parent| async move {
            demo::add_org(&self.app, (code, name, kind), parent, None)
                .await
                .expect("org")
        };
        let county = add("C1", "测试县", "county", None).await;
        let town = add("T1", "测试镇", "town", Some("C1")).await;
        let v1 = add("V1", "东风村", "village", Some("T1")).await;
        let v2 = add("V2", "红旗村", "village", Some("T1")).await;
        let town2 = add("T2", "另一镇", "town", Some("C1")).await;
        for (org, suffix) in [
            ("C1", "c1"),
            ("T1", "t1"),
            ("V1", "v1"),
            ("V2", "v2"),
            ("T2", "t2"),
        ] {
            for role in ["admin", "leader", "staff", "mediator", "viewer"] {
                let username = format!("{role}_{suffix}");
                accounts::create_user(
                    &self.app,
                    &op,
                    accounts::NewUserInput {
                        username: &username,
                        display_name: &username,
                        role,
                        org_code: org,
                        password: PASSWORD,
                    },
                )
                .await
                .expect("user");
            }
        }
        Fixture {
            county_id: county.id,
            town_id: town.id,
            village1_id: v1.id,
            village2_id: v2.id,
            town2_id: town2.id,
        }
    }
}

pub struct Fixture {
    pub county_id: i64,
    pub town_id: i64,
    pub village1_id: i64,
    pub village2_id: i64,
    pub town2_id: i64,
}

pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// `s` as a query-string value (a search word in a list's URL).
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .unwrap()
        .trim_start_matches('=')
        .to_owned()
}

pub fn csrf_from(html: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

pub fn shared(app: &TestApp) -> Arc<App> {
    app.app.clone()
}

/// One record of a register on the revision kit, for [`kit_round_trip`].
/// A file posted as the body (`{path}?name=…`), as the API's attachment calls take it.
pub fn upload(path: &str, token: &str, name: &str, bytes: &'static [u8]) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(format!("{path}?name={name}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap()
}

/// One record's lifecycle steps (`POST {list}/{id}/{step}`) taken by one caller.
pub struct Case<'a> {
    t: &'a TestApp,
    list: &'a str,
    token: &'a str,
    id: String,
}

impl<'a> Case<'a> {
    pub fn of(t: &'a TestApp, list: &'a str, token: &'a str, id: impl std::fmt::Display) -> Self {
        let id = id.to_string();
        Case { t, list, token, id }
    }

    pub async fn step(&self, step: &str, body: Value) -> (StatusCode, Value) {
        let path = format!("{}/{}/{step}", self.list, self.id);
        self.t.post(&path, self.token, body).await
    }

    /// The step, which must succeed; its answer.
    pub async fn ok(&self, step: &str, body: Value) -> Value {
        let (status, v) = self.step(step, body).await;
        assert_eq!(status, StatusCode::OK, "{step}: {v}");
        v
    }
}

pub struct KitCase<'a> {
    /// The record in the API, `/api/v1/trainings/5`.
    pub path: String,
    /// The register's list in the API (`{"items", "total"}`), without a query.
    pub list: &'a str,
    /// The audit log's name for the register's records.
    pub entity: &'a str,
}

async fn listed(t: &TestApp, token: &str, list: &str, id: i64, withdrawn: bool) -> (i64, bool) {
    let path = if withdrawn {
        format!("{list}?withdrawn=true")
    } else {
        list.to_owned()
    };
    let (status, l) = t.get(&path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {l}");
    let has = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"].as_i64() == Some(id));
    (l["total"].as_i64().unwrap(), has)
}

/// The kit's steps on one record in the API (issue #13), each a request and what must follow;
/// [`kit_round_trip`] chains them, the larger registers' tests call them between their own
/// checks (figures, exports).
impl TestApp {
    /// A `PATCH` of the record at `path` (the body names the version it was based on).
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.request(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// A `POST` that must create a record; its answer.
    pub async fn created(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, created) = self.post(path, token, body).await;
        assert_eq!(status, StatusCode::CREATED, "{path}: {created}");
        created
    }

    /// The OpenAPI document, which must describe each of `routes` (a path and a method).
    pub async fn openapi_with<P: AsRef<str>>(&self, routes: &[(P, &str)]) -> Value {
        let (status, doc) = self
            .request(Method::GET, "/api/v1/openapi.json", None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        for (path, method) in routes {
            let path = path.as_ref();
            assert!(doc["paths"][path][method].is_object(), "{method} {path}");
        }
        doc
    }

    /// A fresh app with the fixture of [`TestApp::seed`], the token of `staff_v1` and a record
    /// they registered at `path` (its answer).
    pub async fn with_record(path: &str, body: Value) -> (TestApp, String, Value) {
        let t = TestApp::spawn().await;
        t.seed().await;
        let staff = t.api_login("staff_v1").await;
        let record = t.created(path, &staff, body).await;
        (t, staff, record)
    }

    /// The report's figures `keys` of town T1 for 2024 (0 where a figure is missing).
    pub async fn figures(&self, token: &str, keys: &[&str]) -> Vec<i64> {
        let (status, f) = self.get("/api/v1/figures?org=T1&year=2024", token).await;
        assert_eq!(status, StatusCode::OK, "{f}");
        keys.iter()
            .map(|k| f["values"][k].as_i64().unwrap_or(0))
            .collect()
    }

    /// An edit made on an old copy (`stale` names the old version) is refused as stale and
    /// changes nothing: the record still has `kept` (a field and its value) at `version`.
    pub async fn stale_edit_is_refused(
        &self,
        path: &str,
        token: &str,
        stale: Value,
        kept: (&str, Value),
        version: i64,
    ) {
        let (status, err) = self.patch(path, token, stale).await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert_eq!(err["code"], "stale_version");
        let (_, now) = self.get(path, token).await;
        assert_eq!(
            (&now[kept.0], now["version"].as_i64()),
            (&kept.1, Some(version)),
            "nothing changed: {now}"
        );
    }

    /// Another village's user (`other`) does not find the record: not to edit (`edit`), not to
    /// withdraw, not its history.
    pub async fn hidden_from(&self, path: &str, other: &str, edit: Value) {
        let (status, _) = self.patch(path, other, edit).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "PATCH {path}");
        let (status, _) = self
            .post(
                &format!("{path}/withdraw"),
                other,
                serde_json::json!({"reason": "不是本村的"}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "withdraw {path}");
        let (status, _) = self.get(&format!("{path}/history"), other).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "history of {path}");
    }

    /// A withdrawal needs a reason: a blank one is refused, then `reason` withdraws the record;
    /// returns the withdrawn record.
    pub async fn withdraw(&self, path: &str, token: &str, reason: &str) -> Value {
        let withdraw = format!("{path}/withdraw");
        let (status, err) = self
            .post(&withdraw, token, serde_json::json!({"reason": " "}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        let (status, w) = self
            .post(&withdraw, token, serde_json::json!({"reason": reason}))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert!(w["withdrawn_at"].is_string(), "{w}");
        assert_eq!(w["withdrawn_reason"], reason);
        w
    }

    /// Only an administrator restores a withdrawn record: `writer` is refused, `admin` not.
    pub async fn restore(&self, path: &str, writer: &str, admin: &str) {
        let restore = format!("{path}/restore");
        let (status, _) = self.post(&restore, writer, serde_json::json!({})).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "only an administrator restores"
        );
        let (status, r) = self.post(&restore, admin, serde_json::json!({})).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert!(r["withdrawn_at"].is_null(), "{r}");
    }

    /// The record's history, whose steps must be `actions` (登记, 修改, 作废, …).
    pub async fn history(&self, path: &str, token: &str, actions: &[&str]) -> Value {
        let (status, h) = self.get(&format!("{path}/history"), token).await;
        assert_eq!(status, StatusCode::OK, "{h}");
        let steps: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(steps, actions, "{h}");
        h
    }
}

/// The revision kit's routes of the register at `/api/v1/{register}` (PATCH, withdraw, restore,
/// history), for [`TestApp::openapi_with`].
pub fn kit_routes(register: &str) -> Vec<(String, &'static str)> {
    let one = format!("/api/v1/{register}/{{id}}");
    vec![
        (format!("{one}/withdraw"), "post"),
        (format!("{one}/restore"), "post"),
        (format!("{one}/history"), "get"),
        (one, "patch"),
    ]
}

/// The labels of the changes of history step `step`, in order.
pub fn change_labels(h: &Value, step: usize) -> Vec<&str> {
    h[step]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect()
}

/// The kit's API round trip on one record (issue #13): `patch` (a field and its new text) on
/// the version read shows in `GET` and in the history under `label` (old → new); a `PATCH` on
/// the old version is 409 `stale_version` and changes nothing; the outsider (another village) gets 404
/// for `PATCH`, withdraw and the history; a withdrawal needs a reason, takes the record out of
/// the list and its total and into `?withdrawn=true`; only an administrator restores it; each
/// step is in the audit log with before and after.
pub async fn kit_round_trip(
    t: &TestApp,
    c: &KitCase<'_>,
    users: &KitUsers<'_>,
    patch: (&str, &str),
    label: &str,
) {
    let writer = users.writer;
    let (status, before) = t.get(&c.path, writer).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    let id = before["id"].as_i64().unwrap();
    let version = before["version"]
        .as_i64()
        .expect("a version in every answer");
    let old = before[patch.0].clone();
    let (field, new) = patch;

    let body = serde_json::json!({ "version": version, field: new });
    let (status, after) = t.patch(&c.path, writer, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(
        (after[field].as_str(), after["version"].as_i64()),
        (Some(new), Some(version + 1))
    );
    t.stale_edit_is_refused(
        &c.path,
        writer,
        serde_json::json!({ "version": version, field: "旧版本上的修改" }),
        (field, Value::from(new)),
        version + 1,
    )
    .await;
    t.hidden_from(&c.path, users.outsider, body).await;

    let (total, has) = listed(t, writer, c.list, id, false).await;
    assert!(has, "listed before the withdrawal");
    t.withdraw(&c.path, writer, "重复登记").await;
    assert_eq!(
        listed(t, writer, c.list, id, false).await,
        (total - 1, false),
        "out of the list and its total"
    );
    assert!(
        listed(t, writer, c.list, id, true).await.1,
        "listed as withdrawn"
    );
    t.restore(&c.path, writer, users.admin).await;
    assert_eq!(
        listed(t, writer, c.list, id, false).await,
        (total, true),
        "back on restore"
    );

    let h = t
        .history(&c.path, writer, &["登记", "修改", "作废", "恢复"])
        .await;
    let change = h[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|ch| ch["label"] == label)
        .unwrap_or_else(|| panic!("{label} in {h}"));
    let old = match &old {
        Value::Null => "（空）".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    assert_eq!(
        (change["before"].as_str(), change["after"].as_str()),
        (Some(old.as_str()), Some(new))
    );
    assert_eq!(h[2]["reason"], "重复登记");

    for action in ["update", "withdraw", "restore"] {
        let mut q = Query::new("SELECT COUNT(*) FROM audit_log WHERE action = ");
        q.push_bind(action)
            .push(" AND entity = ")
            .push_bind(c.entity)
            .push(" AND entity_id = ")
            .push_bind(id.to_string())
            .push(" AND before_json IS NOT NULL AND after_json IS NOT NULL");
        let n: i64 = q.fetch_scalar(&t.app.db).await.unwrap();
        assert_eq!(
            n, 1,
            "{action} of {} in the audit log with before and after",
            c.entity
        );
    }
}

/// The text of a DOCX's body (`word/document.xml`, tags and all): enough to find a number in it.
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a DOCX has a body")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    xml
}

/// Who acts in a register-kit round trip (their API tokens): one who may write the record, an
/// administrator of its unit, and a writer who may not see it (another village or town).
pub struct KitUsers<'a> {
    pub writer: &'a str,
    pub admin: &'a str,
    pub outsider: &'a str,
}

impl TestApp {
    /// The record's current version, as its register answers `GET path`.
    async fn kit_version(&self, path: &str, token: &str, key: Option<&str>) -> i64 {
        let (status, body) = self.get(path, token).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        let record = key.map_or(&body, |k| &body[k]);
        record["version"]
            .as_i64()
            .expect("every record carries its version")
    }

    /// A register-kit edit of the record at `path` (`/api/v1/<register>/{id}`; its `GET`
    /// answers the record, or the record under `key`): `patch` (without `version`) is refused
    /// on a stale version and changes nothing, is not found by the outsider, is accepted on the
    /// current version, and shows in the history under `label` (old → new). Returns the
    /// record as the `PATCH` answered it.
    pub async fn kit_edit(
        &self,
        path: &str,
        key: Option<&str>,
        users: &KitUsers<'_>,
        patch: Value,
        label: &str,
    ) -> Value {
        let version = self.kit_version(path, users.writer, key).await;
        let with = |v: i64| {
            let mut body = patch.clone();
            body["version"] = v.into();
            body
        };
        let (status, err) = self
            .request(
                Method::PATCH,
                path,
                Some(users.writer),
                Some(with(version - 1)),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "a stale edit: {err}");
        assert_eq!(err["code"], "stale_version");
        assert_eq!(
            self.kit_version(path, users.writer, key).await,
            version,
            "a stale edit changes nothing"
        );
        let (status, _) = self
            .request(
                Method::PATCH,
                path,
                Some(users.outsider),
                Some(with(version)),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another unit's record is not found"
        );
        let (status, after) = self
            .request(Method::PATCH, path, Some(users.writer), Some(with(version)))
            .await;
        assert_eq!(status, StatusCode::OK, "the edit: {after}");
        assert_eq!(after["version"].as_i64(), Some(version + 1));
        let (status, h) = self.get(&format!("{path}/history"), users.writer).await;
        assert_eq!(status, StatusCode::OK, "{h}");
        let last = h.as_array().and_then(|a| a.last()).expect("a history");
        assert!(
            last["changes"]
                .as_array()
                .is_some_and(|cs| cs.iter().any(|c| c["label"] == label)),
            "the history names {label}: {h}"
        );
        after
    }

    /// Withdraws the record at `path` with a reason (a blank one and the outsider refused).
    pub async fn kit_withdraw(&self, path: &str, users: &KitUsers<'_>, reason: &str) {
        let withdraw = format!("{path}/withdraw");
        let (status, _) = self
            .post(&withdraw, users.writer, json!({"reason": " "}))
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "a withdrawal needs a reason"
        );
        let (status, _) = self
            .post(&withdraw, users.outsider, json!({"reason": reason}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, w) = self
            .post(&withdraw, users.writer, json!({"reason": reason}))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert!(w["withdrawn_at"].is_string(), "{w}");
    }

    /// Restores the record at `path`: refused to the writer (administrators only), then done by
    /// the administrator; the history ends 作废, 恢复.
    pub async fn kit_restore(&self, path: &str, users: &KitUsers<'_>) {
        let restore = format!("{path}/restore");
        let (status, _) = self.post(&restore, users.writer, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, r) = self.post(&restore, users.admin, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert!(r["withdrawn_at"].is_null(), "{r}");
        let (_, h) = self.get(&format!("{path}/history"), users.writer).await;
        let actions: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert!(actions.ends_with(&["作废", "恢复"]), "{h}");
    }
}

/// The actions of a record's history (`GET …/history`), oldest first: 登记, 修改, 作废, 恢复 …
pub fn history_actions(h: &Value) -> Vec<&str> {
    h.as_array()
        .expect("a history is a list")
        .iter()
        .map(|e| e["action"].as_str().expect("each entry names its action"))
        .collect()
}

impl TestApp {
    /// Starts a 20-working-day disclosure reply (依申请公开, linked to `/disclosure/{id}`) for
    /// each (record id, organisation, start day), in one transaction as the register would.
    pub async fn track_disclosures(&self, records: &[(i64, i64, &str)]) {
        use fazhi::service::deadlines::{track, Tracked};
        let mut tx = self.app.db.begin().await.unwrap();
        for &(record_id, org_id, start) in records {
            let tracked = Tracked {
                register: "disclosure",
                record_id,
                org_id,
                rule_code: "disclosure.request_reply",
                start: start.parse().expect("an ISO date"),
                label: "依申请公开",
                link: &format!("/disclosure/{record_id}"),
            };
            track(&mut tx, &self.app, tracked).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
}

impl TestApp {
    /// Registers a case in village V1 with one party (张三) as `token` (a V1 mediator); its id.
    pub async fn village_case(&self, token: &str) -> i64 {
        self.created(
            "/api/v1/disputes",
            token,
            serde_json::json!({"registered_on": "2024-03-05", "source": "来访",
                "dispute_type": "邻里纠纷", "village": "V1", "summary": "院墙排水",
                "parties": [{"name": "张三"}]}),
        )
        .await["id"]
            .as_i64()
            .expect("id")
    }

    /// Runs `sql` in a transaction of its own (SQLite writes through its one writer), as
    /// another process or a hand-written fix would.
    pub async fn write_sql(&self, sql: &str) -> Result<u64, fazhi::storage::StorageError> {
        let mut tx = self.app.db.begin().await?;
        let written = Query::new(sql.to_owned()).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The one value `sql` selects (a count, a sum, a column of one row).
    pub async fn scalar<T: fazhi::storage::db::Scalar>(&self, sql: &str) -> T {
        Query::new(sql)
            .fetch_scalar(&self.app.db)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Imports the CSV ledger `csv` into organisation `org` as the operator (`dry_run`: check
    /// only); the report of rows, imports and errors.
    pub async fn import_csv(
        &self,
        ledger: fazhi::service::ledger::Ledger,
        org: &str,
        csv: impl Into<Vec<u8>>,
        dry_run: bool,
    ) -> fazhi::service::ledger::ImportReport {
        let op = Caller::operator();
        let name = "ledger.csv";
        fazhi::service::ledger::import(&self.app, &op, ledger, org, name, csv.into(), dry_run)
            .await
            .expect("the import runs")
    }

    /// Posts a form with the session's CSRF token that must answer `status`; the page answered.
    pub async fn form_answers(
        &self,
        browser: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        status: StatusCode,
    ) -> String {
        let (got, _, html) = self.form(browser, path, fields, true).await;
        assert_eq!(got, status, "{path}: {html}");
        html
    }
}

/// A multipart form as a browser posts it: `fields`, then `file` (its name, content type and
/// bytes), with the session's cookie.
pub fn multipart(
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    (name, content_type, bytes): (&str, &str, &[u8]),
) -> Request<Body> {
    let boundary = "XfazhiBoundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::COOKIE, &browser.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

impl TestApp {
    /// A form posted without the session's CSRF token is refused (403).
    pub async fn needs_csrf(&self, browser: &Browser, path: &str, fields: &[(&str, &str)]) {
        let (status, _, _) = self.form(browser, path, fields, false).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} without a CSRF token");
    }
}

/// `fazhi ARGS…` run on `t`'s database and data directory: exit status, stdout and stderr.
pub fn cli(t: &TestApp, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .args(args)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

impl<'a> KitCase<'a> {
    /// The case of `record` (by its `id`) in the API list `list`, audited as `entity`.
    pub fn of(list: &'a str, entity: &'a str, record: &Value) -> Self {
        KitCase {
            path: format!("{list}/{}", record["id"]),
            list,
            entity,
        }
    }

    /// [`kit_round_trip`] with the usual cast: `writer`, `admin_t1`, and `staff_v2` (of another
    /// village) as the outsider, whose token it answers for further refusals.
    pub async fn round_trip(
        &self,
        t: &TestApp,
        writer: &str,
        patch: (&str, &str),
        label: &str,
    ) -> String {
        let [outsider, admin] = t.api_logins(["staff_v2", "admin_t1"]).await;
        let users = KitUsers {
            writer,
            admin: &admin,
            outsider: &outsider,
        };
        kit_round_trip(t, self, &users, patch, label).await;
        outsider
    }
}

/// The legality-review flow in headless Chromium that several registers' browser tests walk:
/// the demo town's staff at a desk and the legal adviser on a phone.
pub struct ReviewDesk {
    pub staff: crate::browser::Browser,
    pub phone: crate::browser::Browser,
    /// The served app (kept alive for the test).
    pub app: TestApp,
    pub base: String,
    /// Today, as a form's date field takes it.
    pub today: String,
}

impl ReviewDesk {
    /// Staff signed in to the demo town and a phone-sized browser; `None` where the machine has
    /// no Chromium.
    pub async fn open() -> Option<ReviewDesk> {
        let (staff, app, base) =
            crate::browser::signed_in((1366, 768), true, "staff", "demo-staff-2023").await?;
        let phone = crate::browser::browser(390, 844).await?;
        let today = fazhi::service::deadlines::today().to_string();
        Some(ReviewDesk {
            staff,
            phone,
            app,
            base,
            today,
        })
    }

    /// Staff send `title` of review kind `kind` (from 党政办, on `subject`) to the adviser today;
    /// the review's number as listed.
    pub async fn send(&self, kind: &str, title: &str, subject: &str) -> String {
        use fantoccini::Locator;
        let staff = &self.staff;
        staff.goto(&format!("{}/review-requests", self.base)).await;
        staff.wait_for_text("送法律顾问审查").await;
        let kind = format!("#kind option[value='{kind}']");
        staff.click(Locator::Css(&kind)).await;
        staff.type_into("title", title).await;
        staff.type_into("requesting_unit", "党政办").await;
        staff.type_into("adviser", "adviser").await;
        staff.type_into("sent_on", &self.today).await;
        staff.type_into("subject", subject).await;
        staff
            .click(Locator::XPath(
                "//form[@action='/review-requests']//button[normalize-space(text())='保存']",
            ))
            .await;
        staff.wait_for_text(title).await;
        let cell = format!("//tr[.//a[text()='{title}']]/td[1]");
        let number = staff.client.find(Locator::XPath(&cell)).await.unwrap();
        let number = number.text().await.unwrap();
        assert!(number.starts_with("合审〔"), "{number}");
        number
    }

    /// The adviser, on the phone, finds `title` in their queue and answers 修改后合法 with
    /// `opinion`; `screenshot` names the phone's screenshot.
    pub async fn answer_lawful_after_changes(&self, title: &str, opinion: &str, screenshot: &str) {
        use fantoccini::Locator;
        let phone = &self.phone;
        phone
            .login(&self.base, "adviser", "demo-adviser-2023")
            .await;
        phone.goto(&format!("{}/review-requests", self.base)).await;
        phone.wait_for_text("待我审查的事项").await;
        let link = format!("//a[text()='{title}']");
        phone.click(Locator::XPath(&link)).await;
        phone.wait_for_text("如何计算").await;
        let conclusion = "input[name=conclusion][value=lawful_after_changes]";
        phone.click(Locator::Css(conclusion)).await;
        phone.type_into("text", opinion).await;
        phone.screenshot(screenshot).await;
        let answer = "//button[normalize-space(text())='出具审查意见']";
        phone.click(Locator::XPath(answer)).await;
        phone.wait_for_text("下载合法性审查意见书").await;
    }

    /// Staff record the changes the adviser asked for on `title` as adopted.
    pub async fn adopt(&self, title: &str) {
        use fantoccini::Locator;
        let staff = &self.staff;
        staff.goto(&format!("{}/review-requests", self.base)).await;
        let link = format!("//a[text()='{title}']");
        staff.click(Locator::XPath(&link)).await;
        staff.wait_for_text("修改后合法").await;
        staff
            .click(Locator::Css("input[name=adopted][value='1']"))
            .await;
        let record = "//button[normalize-space(text())='记录采纳情况']";
        staff.click(Locator::XPath(record)).await;
        staff.wait_for_text("已采纳").await;
    }
}
