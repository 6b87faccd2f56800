//! Issue #14 point 8: the newcomer's path, kept true. The README's command-line block runs as it
//! stands, in order, on a new data directory; `demo load` refuses a database already in use
//! (naming what is there) instead of making a second tree; `serve --demo` prints the accounts
//! the README promises; the demo's dashboard and report open on a year with records.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use axum::http::{Method, StatusCode};
use chrono::Datelike;
use serde_json::json;

use crate::helpers::{backend_url, Browser, TestApp};

const BEGIN: &str = "<!-- readme-cli-begin -->";
const END: &str = "<!-- readme-cli-end -->";

/// The commands of the README's block between the markers, one a line, without the fence.
fn readme_commands() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("README.md");
    let start = readme.find(BEGIN).expect("the README marks its CLI block") + BEGIN.len();
    let end = readme[start..].find(END).expect("…and its end") + start;
    readme[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// A directory whose `fazhi` is the binary under test, for `PATH`.
fn bin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fazhi"), dir.path().join("fazhi")).unwrap();
    dir
}

/// `line` run by `sh` in `cwd` with the binary first on `PATH` and `env` set: its exit status,
/// stdout and stderr.
fn run(line: &str, cwd: &Path, bin: &Path, env: &[(&str, String)]) -> (bool, String, String) {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("sh");
    cmd.args(["-c", line])
        .current_dir(cwd)
        .env("PATH", path)
        .env_remove("FAZHI_DATABASE_URL")
        .env_remove("FAZHI_DATA_DIR")
        .env_remove("FAZHI_AUDIT_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("sh runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A demo account's API token and page session (its password is its own, not the fixtures').
async fn demo_login(t: &TestApp, user: &str, password: &str) -> (String, Browser) {
    let (status, body) = t
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": user, "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}: {body}");
    let (status, headers, _) = t.login_form(user, password, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{user}");
    let cookie = headers
        .get(axum::http::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let token = body["token"].as_str().unwrap().to_owned();
    (
        token,
        Browser {
            cookie,
            csrf: String::new(),
        },
    )
}

#[tokio::test]
async fn the_readmes_command_line_runs_in_order_on_a_new_data_directory() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    assert!(
        commands[0].starts_with("fazhi demo load"),
        "the block starts from the demo town: {commands:?}"
    );
    let bin = bin_dir();
    let cwd = tempfile::tempdir().unwrap();
    // SQLite: exactly as a newcomer runs it, the default ./fazhi-data in the working directory.
    // PostgreSQL: a new database (migrated, nothing in it) and its new data directory.
    let t;
    let mut env = Vec::new();
    let postgres = backend_url().is_some();
    if postgres {
        t = Some(TestApp::spawn().await);
        let app = t.as_ref().unwrap();
        env.push(("FAZHI_DATABASE_URL", app.database_url.clone()));
        env.push(("FAZHI_DATA_DIR", app.dir.path().display().to_string()));
    } else {
        t = None;
    }
    let mut outputs = Vec::new();
    for line in &commands {
        if postgres && line.contains("(SQLite") {
            continue; // the README names what PostgreSQL uses instead
        }
        let (ok, out, err) = run(line, cwd.path(), bin.path(), &env);
        assert!(
            ok,
            "README line failed: {line}\nstdout: {out}\nstderr: {err}"
        );
        outputs.push((line.clone(), out));
    }
    // What the last line starting with `prefix` printed.
    let said = |prefix: &str| {
        outputs
            .iter()
            .rfind(|(l, _)| l.starts_with(prefix))
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| panic!("the README runs {prefix}"))
    };
    assert!(said("fazhi demo load").contains("已载入演示乡镇"));
    assert!(said("fazhi org list").contains("新建村"));
    assert!(said("fazhi import disputes 纠纷台账.csv").contains("已导入 1 条记录"));
    assert!(said("fazhi audit verify").contains("审计日志完整"));
    assert!(cwd
        .path()
        .join("西大沟镇-2023年法治政府建设工作总结.docx")
        .exists());
    if !postgres {
        assert!(
            cwd.path().join("fazhi-data").is_dir(),
            "the default data directory"
        );
        assert!(cwd.path().join("fazhi-backup.zip").exists());
    }
    drop(t);
}

/// A database first started without `--demo` (its root and `admin`) or already holding one of
/// the demo's codes: `demo load` writes nothing and says what is there and what to do.
#[tokio::test]
async fn the_demo_refuses_a_database_in_use_and_says_why() {
    let t = TestApp::spawn().await;
    let password = fazhi::service::accounts::bootstrap(&t.app).await.unwrap();
    assert!(password.is_some());
    let err = fazhi::service::demo::load(&t.app).await.unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("本级单位") && msg.contains("--data-dir"),
        "names the tree there and what to do: {msg}"
    );
    let orgs: i64 = t.scalar("SELECT COUNT(*) FROM orgs").await;
    assert_eq!(orgs, 1, "nothing written");

    // A code the demo needs, taken: named with the organisation that holds it (the CLI too).
    let t = TestApp::spawn().await;
    fazhi::service::demo::add_org(&t.app, ("654202100", "某镇", "town"), None, None)
        .await
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .args(["demo", "load"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("654202100") && err.contains("某镇") && err.contains("--data-dir"),
        "{err}"
    );
}

/// On a new database the demo's printed administrator signs in and sees the demo's tree.
#[tokio::test]
async fn the_demos_printed_admin_signs_in_and_sees_the_demo_town() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    let (user, _, _, _, password) = fazhi::service::demo::USERS[0];
    assert_eq!(user, "admin");
    let (token, _) = demo_login(&t, user, password).await;
    let token = token.as_str();
    let (_, orgs) = t.get("/api/v1/orgs", token).await;
    let codes: Vec<&str> = orgs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"654202100"), "{codes:?}");
    // Idempotent: a second load changes nothing and says so.
    assert!(!fazhi::service::demo::load(&t.app).await.unwrap());
}

/// `serve --demo` prints the demo's accounts with their passwords, as the README says.
#[tokio::test]
async fn serve_with_the_demo_prints_its_accounts() {
    let t = TestApp::spawn().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let printed = tokio::task::spawn_blocking(move || {
        let mut seen = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            seen.push_str(&line);
            seen.push('\n');
            if line.contains("fazhi 已启动") {
                break;
            }
        }
        seen
    });
    let printed = tokio::time::timeout(std::time::Duration::from_secs(300), printed).await;
    child.kill().ok();
    child.wait().ok();
    let printed = printed.expect("serve starts within 5 minutes").unwrap();
    for (user, _, _, _, password) in fazhi::service::demo::USERS {
        assert!(
            printed.contains(user) && printed.contains(password),
            "{user}: {printed}"
        );
    }
}

/// The demo's dashboard and annual report open on a year with records (not last year, which
/// the demo does not reach), and a year asked for is kept.
#[tokio::test]
async fn the_demos_pages_open_on_a_year_with_records() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    let (token, browser) = demo_login(&t, "leader", "demo-leader-2023").await;
    let this_year = fazhi::service::deadlines::today().year();
    for page in ["/dashboard", "/reports/annual"] {
        let (status, html) = t.page(&browser, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let marker = "西大沟镇 · ";
        let at = html
            .find(marker)
            .unwrap_or_else(|| panic!("{page}: {html}"))
            + marker.len();
        let year: i32 = html[at..at + 4].parse().unwrap();
        assert!(year < this_year, "{page} opens on a past year, not {year}");
        let (_, f) = t
            .get(
                &format!("/api/v1/figures?org=654202100&year={year}"),
                &token,
            )
            .await;
        assert!(
            f["values"]["disputes"].as_i64().unwrap_or(0) > 0,
            "{page} opens on {year}, which has records: {f}"
        );
        let (_, html) = t.page(&browser, &format!("{page}?year=2023")).await;
        assert!(
            html.contains("西大沟镇 · 2023年"),
            "{page}: the year asked for"
        );
    }
}
