//! `TestApp`: a fresh database and the whole router, driven without a socket.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use fazhi::app::{App, SharedApp};
use fazhi::config::Config;
use fazhi::service::{accounts, orgs as org_service, Caller};
use fazhi::storage::Query;
use http_body_util::BodyExt;
use serde_json::Value;
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
        let add = |code: &'static str,
                   name: &'static str,
                   kind: &'static str,
                   parent: Option<&'static str>| {
            let app = self.app.clone();
            let op = op.clone();
            async move {
                org_service::create_org(
                    &app,
                    &op,
                    org_service::NewOrgInput {
                        code,
                        name,
                        kind,
                        parent_code: parent,
                        region: None,
                    },
                )
                .await
                .expect("org")
            }
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

pub fn csrf_from(html: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

pub fn shared(app: &TestApp) -> Arc<App> {
    app.app.clone()
}
