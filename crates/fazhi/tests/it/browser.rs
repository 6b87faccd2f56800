//! Smoke flows in headless Chromium (Debian's `chromium` + `chromium-driver`) against a real
//! server on loopback, at desktop and phone sizes. With `FAZHI_SCREENSHOTS=1` the flows also
//! refresh the README's screenshots in `docs/screenshots/`.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::helpers::TestApp;

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    pub downloads: tempfile::TempDir,
}

impl Drop for Browser {
    /// Ends chromedriver and the Chromium it started: they share a process group of their own
    /// (see [`browser`]); killing only chromedriver left Chromium running after the tests.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--"])
            .arg(format!("-{}", self.driver.id()))
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Serves the app on a loopback port, as `fazhi serve` does.
pub async fn serve(t: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = fazhi::web::router(t.app.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// A fresh headless Chromium of the given window size, or `None` (with a note) where the
/// machine has none and this is not CI.
pub async fn browser(width: u32, height: u32) -> Option<Browser> {
    let chromium = std::env::var("FAZHI_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let driver_bin =
        std::env::var("FAZHI_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if !Path::new(&chromium).exists() || !Path::new(&driver_bin).exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install chromium and chromium-driver"
        );
        eprintln!("跳过浏览器测试：未安装 chromium / chromium-driver");
        return None;
    }
    let port = free_port();
    let driver = Command::new(&driver_bin)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-crash-reporter", "--lang=zh-CN",
                format!("--user-data-dir={}", profile.path().display()),
                format!("--window-size={width},{height}"),
            ],
            "prefs": {
                "download.default_directory": downloads.path().display().to_string(),
                "download.prompt_for_download": false,
            },
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    let url = format!("http://127.0.0.1:{port}");
    let mut last_err = String::new();
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    driver,
                    _profile: profile,
                    downloads,
                })
            }
            Err(e) => {
                last_err = e.to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    panic!("could not start a Chromium session: {last_err}");
}

impl Browser {
    pub async fn login(&self, base: &str, username: &str, password: &str) {
        let c = &self.client;
        c.goto(&format!("{base}/login")).await.unwrap();
        c.find(Locator::Id("username"))
            .await
            .unwrap()
            .send_keys(username)
            .await
            .unwrap();
        c.find(Locator::Id("password"))
            .await
            .unwrap()
            .send_keys(password)
            .await
            .unwrap();
        c.find(Locator::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for_text("退出").await;
    }

    /// The page's text; empty while a navigation replaces the page (the element went stale).
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn wait_for_text(&self, needle: &str) -> String {
        for _ in 0..50 {
            let text = self.body_text().await;
            if text.contains(needle) {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = self.body_text().await;
        let start = text.find("请更正").unwrap_or(0);
        panic!("page never showed 「{needle}」: {}", &text[start..]);
    }

    /// Waits until the browser has navigated to an address containing `needle` (after a form is
    /// submitted, the old page's text may still match what the new one should show).
    pub async fn wait_for_url(&self, needle: &str) {
        for _ in 0..50 {
            if self
                .client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains(needle)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the browser never went to an address with 「{needle}」");
    }

    /// Saves a screenshot for the README when `FAZHI_SCREENSHOTS` is set.
    pub async fn screenshot(&self, name: &str) {
        if std::env::var("FAZHI_SCREENSHOTS").is_err() {
            return;
        }
        let png = self.client.screenshot().await.unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Goes to `url` (the base address and a path).
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Waits for a downloaded DOCX; its name and bytes, which must be a zip archive.
    pub async fn downloaded_docx(&self) -> (String, Vec<u8>) {
        let file = self.downloaded("docx").await;
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"PK"), "a DOCX is a zip archive");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        (name, bytes)
    }

    /// Waits for a finished download whose name ends with `ext`.
    pub async fn downloaded(&self, ext: &str) -> PathBuf {
        for _ in 0..100 {
            if let Some(p) = std::fs::read_dir(self.downloads.path())
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == ext))
            {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no .{ext} file was downloaded");
    }
}

/// A browser of the given size signed in as `user` (with `password`) to a served app, loaded
/// with the demo town when `demo`: the browser, the app and its base address. `None` where the
/// machine has no Chromium (see [`browser`]).
pub(crate) async fn signed_in(
    (width, height): (u32, u32),
    demo: bool,
    user: &str,
    password: &str,
) -> Option<(Browser, TestApp, String)> {
    let b = browser(width, height).await?;
    let t = TestApp::spawn().await;
    if demo {
        fazhi::service::demo::load(&t.app).await.unwrap();
    } else {
        t.seed().await;
    }
    let base = format!("http://{}", serve(&t).await);
    b.login(&base, user, password).await;
    Some((b, t, base))
}

#[tokio::test]
async fn dashboard_switches_year_and_the_report_downloads() {
    let Some((b, _t, base)) = signed_in((1366, 768), true, "leader", "demo-leader-2023").await
    else {
        return;
    };
    b.screenshot("home").await;

    b.goto(&format!("{base}/dashboard?org=654202100&year=2023"))
        .await;
    let text = b.wait_for_text("矛盾纠纷按月").await;
    assert!(text.contains("332"), "2023's disputes are on the dashboard");
    b.screenshot("dashboard").await;

    // Switch the year with the form, as a person would.
    b.click(Locator::Css("#year option[value='2024']")).await;
    b.click(Locator::Css("#dashboard-picker button[type=submit]"))
        .await;
    b.wait_for_url("year=2024").await;
    let text = b.wait_for_text("矛盾纠纷按月").await;
    assert!(!text.contains("332"), "the 2024 page shows 2024's figures");

    b.goto(&format!("{base}/reports/annual?org=654202100&year=2023"))
        .await;
    b.wait_for_text("今年累积收集各类矛盾纠纷332起").await;
    b.screenshot("report").await;
    b.click(Locator::Id("download-docx")).await;
    let (name, _) = b.downloaded_docx().await;
    assert_eq!(name, "西大沟镇-2023年法治政府建设工作总结.docx");

    // The demo town's contracts of 2023, with the totals of the filtered set.
    b.goto(&format!("{base}/contracts?year=2023")).await;
    let text = b.wait_for_text("对外协议合同台账").await;
    assert!(
        text.contains("合同 3 份，其中已签订 3 份；合同金额合计 468000.00 元"),
        "{text}"
    );
    let at = |title: &str| {
        text.find(title)
            .unwrap_or_else(|| panic!("{title}: {text}"))
    };
    assert!(
        at("农村饮水安全设施维护服务协议") < at("村级活动场所维修工程施工合同")
            && at("村级活动场所维修工程施工合同") < at("镇政府法律顾问服务合同"),
        "the newest signed first: {text}"
    );
    b.screenshot("contracts").await;
}

#[tokio::test]
async fn the_portal_reads_on_a_phone() {
    let Some(b) = browser(390, 844).await else {
        return;
    };
    let t = TestApp::spawn().await;
    let base = format!("http://{}", serve(&t).await);
    b.goto(&format!("{base}/public/")).await;
    let text = b.wait_for_text("法治政府建设年度报告").await;
    assert!(text.contains("暂无已公开的报告"));
    b.goto(&format!("{base}/login")).await;
    b.wait_for_text("法治工作平台").await;
    b.screenshot("login-phone").await;
}

impl Browser {
    pub(crate) async fn click(&self, locator: Locator<'_>) {
        self.client
            .find(locator)
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    pub(crate) async fn type_into(&self, id: &str, text: &str) {
        let field = self.client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Opens one of the record page's step panels (a `<details>`) and returns once it is open.
    async fn open_step(&self, title: &str) {
        self.click(Locator::XPath(&format!(
            "//summary[normalize-space(text())='{title}']"
        )))
        .await;
    }
}

/// A village mediator on a phone: registers a dispute, records a session, closes it with a
/// written agreement and downloads the 人民调解协议书.
#[tokio::test]
async fn a_mediator_handles_a_dispute_on_a_phone() {
    let Some((b, _t, base)) = signed_in((390, 844), true, "mediator", "demo-mediator-2023").await
    else {
        return;
    };
    let today = fazhi::service::deadlines::today().to_string();

    b.goto(&format!("{base}/disputes/new")).await;
    b.wait_for_text("纠纷类型").await;
    b.type_into("registered_on", &today).await;
    b.click(Locator::XPath(
        "//select[@id='dispute_type']/option[text()='草场纠纷']",
    ))
    .await;
    b.click(Locator::XPath(
        "//select[@id='source']/option[contains(text(),'排查')]",
    ))
    .await;
    b.type_into("summary", "两户因春季草场放牧边界发生争执，牲畜越界。")
        .await;
    b.type_into("party1_name", "测试甲").await;
    b.type_into("party2_name", "测试乙").await;
    b.click(Locator::Css("input[name=accept_now]")).await;
    b.screenshot("dispute-new-phone").await;
    b.click(Locator::XPath("//button[normalize-space(text())='登记']"))
        .await;
    b.wait_for_text("测试甲").await;

    b.open_step("开始调解").await;
    b.click(Locator::XPath(
        "//button[normalize-space(text())='开始调解']",
    ))
    .await;
    b.wait_for_text("调解中").await;

    b.open_step("记录一次调解").await;
    b.type_into("session-place", "青杨村村委会调解室").await;
    b.type_into(
        "session-record",
        "双方到场，调解员讲解草原法相关规定，双方同意重新划定放牧边界。",
    )
    .await;
    b.click(Locator::XPath(
        "//button[normalize-space(text())='保存调解记录']",
    ))
    .await;
    b.wait_for_text("青杨村村委会调解室").await;

    b.open_step("结案").await;
    b.click(Locator::XPath(
        "//select[@id='close-outcome']/option[contains(text(),'调解成功')]",
    ))
    .await;
    b.click(Locator::XPath(
        "//select[@id='close-agreement_form']/option[contains(text(),'书面')]",
    ))
    .await;
    b.type_into(
        "close-agreement_terms",
        "以河沟为界，各自在界内放牧，互不越界。",
    )
    .await;
    b.type_into(
        "close-performance_terms",
        "自协议签订之日起执行，地点为双方草场交界处。",
    )
    .await;
    b.click(Locator::Id("close-signatures_complete")).await;
    b.click(Locator::XPath(
        "//button[starts-with(normalize-space(text()),'确认结案')]",
    ))
    .await;
    b.wait_for_text("下载人民调解协议书").await;
    b.screenshot("dispute-closed-phone").await;

    b.click(Locator::XPath("//a[contains(text(),'下载人民调解协议书')]"))
        .await;
    let (name, _) = b.downloaded_docx().await;
    assert!(name.starts_with("人民调解协议书"), "{name}");
}

/// The demo village mediator on a phone: their committee is listed with its status, they add a
/// member (the form keeps what was typed when the phone number is wrong), then record a
/// training and see the year's totals.
#[tokio::test]
async fn a_mediator_keeps_the_committee_and_trainings_on_a_phone() {
    let Some((b, _t, base)) = signed_in((390, 844), true, "mediator", "demo-mediator-2023").await
    else {
        return;
    };

    b.goto(&format!("{base}/committees")).await;
    let text = b.wait_for_text("青杨村人民调解委员会").await;
    assert!(!text.contains("红柳沟村"), "only their own village");
    b.click(Locator::XPath("//a[text()='青杨村人民调解委员会']"))
        .await;
    b.wait_for_text("添加成员或调解员").await;
    b.type_into("m-name", "刘桂芳").await;
    b.click(Locator::XPath(
        "//select[@id='m-position']/option[text()='委员']",
    ))
    .await;
    b.click(Locator::XPath("//select[@id='m-sex']/option[text()='女']"))
        .await;
    b.type_into("m-ethnicity", "汉族").await;
    b.type_into("m-phone", "1391234").await;
    b.click(Locator::XPath("//button[normalize-space(text())='添加']"))
        .await;
    b.wait_for_text("请更正以下问题").await;
    b.screenshot("committee-error-phone").await;
    b.type_into("m-phone", "13912345678").await;
    b.click(Locator::XPath("//button[normalize-space(text())='添加']"))
        .await;
    let text = b.wait_for_text("139****5678").await;
    assert!(text.contains("刘桂芳"));
    b.screenshot("committee-phone").await;

    b.goto(&format!("{base}/trainings")).await;
    b.wait_for_text("登记培训").await;
    b.type_into("topic", "婚姻家庭纠纷调解技巧").await;
    b.type_into("trainer", "西大沟镇司法所").await;
    b.type_into("attendees", "6").await;
    b.type_into("hours", "1.5").await;
    b.click(Locator::XPath("//button[normalize-space(text())='保存']"))
        .await;
    let text = b.wait_for_text("婚姻家庭纠纷调解技巧").await;
    assert!(
        text.contains("共 1 次，参训 6 人次，合计 1.5 小时"),
        "{text}"
    );
    b.screenshot("trainings-phone").await;
}

/// A village mediator on a phone corrects a party's ID number on a closed case as a 更正 with a
/// reason, then downloads the 人民调解协议书 again: it holds the corrected number (in full, as
/// a mediator may see it; the case page shows it masked).
#[tokio::test]
async fn a_mediator_corrects_a_closed_case_on_a_phone_and_the_agreement_follows() {
    let Some((b, t, base)) =
        signed_in((390, 844), false, "mediator_v1", crate::helpers::PASSWORD).await
    else {
        return;
    };
    let id_card = |body: &str| {
        format!(
            "{body}{}",
            fazhi_domain::ident::id_card_check_char(body).unwrap()
        )
    };
    let (wrong, right) = (id_card("65010219900101123"), id_card("65010219850505567"));
    let token = t.api_login("mediator_v1").await;
    let today = fazhi::service::deadlines::today().to_string();
    let (status, d) = t
        .post(
            "/api/v1/disputes",
            &token,
            serde_json::json!({"registered_on": today, "source": "来访", "dispute_type": "草场纠纷",
                "summary": "两户草场边界争执", "accept_now": true,
                "parties": [{"name": "测试甲", "id_no": wrong}, {"name": "测试乙"}]}),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::CREATED, "{d}");
    let id = d["id"].as_i64().unwrap();
    for (step, body) in [
        ("start", serde_json::json!({})),
        (
            "close",
            serde_json::json!({"outcome": "调解成功", "agreement_form": "书面", "date": today,
                "agreement_terms": "以河沟为界", "performance_terms": "即日执行",
                "signatures_complete": true}),
        ),
    ] {
        let (status, body) = t
            .post(&format!("/api/v1/disputes/{id}/{step}"), &token, body)
            .await;
        assert_eq!(status, axum::http::StatusCode::OK, "{step}: {body}");
    }

    b.goto(&format!("{base}/disputes/{id}")).await;
    b.wait_for_text("下载人民调解协议书").await;
    b.click(Locator::XPath("//a[normalize-space(text())='编辑']"))
        .await;
    b.wait_for_text("更正原因").await;
    b.type_into("party1_id_no", &right).await;
    b.type_into("correction-reason", "当事人身份证号码登记有误")
        .await;
    b.screenshot("dispute-correct-phone").await;
    b.click(Locator::XPath(
        "//button[normalize-space(text())='保存修改']",
    ))
    .await;
    let text = b.wait_for_text("原因：当事人身份证号码登记有误").await;
    let masked = fazhi_domain::mask::mask_id_card(&right);
    assert!(
        text.contains(&masked),
        "the case page shows the new number masked"
    );
    assert!(text.contains("更正"));

    b.click(Locator::XPath("//a[contains(text(),'下载人民调解协议书')]"))
        .await;
    let (_, bytes) = b.downloaded_docx().await;
    let xml = crate::helpers::docx_text(&bytes);
    assert!(
        xml.contains(&right),
        "the agreement holds the corrected number"
    );
    assert!(!xml.contains(&wrong), "and not the old one");
}
