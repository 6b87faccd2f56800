//! Accessibility of the public portal (WCAG 2.1 AA, issue #17): axe-core, from its npm package
//! (`scripts/axe.sh`, path in `FAZHI_AXE`), runs in headless Chromium over every kind of portal
//! page: the county index, a town's home, its catalogue and guide, news and reports, a published
//! report, the request form, the receipt and the status page; none may have a violation. On a
//! phone-sized window, which is how citizens read it (`docs/screenshots/portal-phone.png`).

use fantoccini::Locator;

use fazhi::service::demo;

use crate::browser::{browser, serve};
use crate::helpers::TestApp;

/// The demo town (`fazhi::service::demo`).
const TOWN: &str = "654202100";

/// axe-core's source, or `None` (with a notice) where it was not fetched; CI sets `FAZHI_AXE`.
fn axe_source() -> Option<String> {
    match std::env::var("FAZHI_AXE") {
        Ok(path) => Some(std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("FAZHI_AXE={path} is not readable ({e}); run scripts/axe.sh")
        })),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must set FAZHI_AXE (scripts/axe.sh)"
            );
            eprintln!("跳过无障碍检查：未设置 FAZHI_AXE（运行 scripts/axe.sh 获取 axe-core）");
            None
        }
    }
}

/// The WCAG 2.1 A and AA violations axe-core finds on the page the browser shows, as
/// `rule: element…` lines.
async fn violations(b: &crate::browser::Browser, axe: &str) -> Vec<String> {
    b.client
        .execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .expect("axe-core loads");
    let run = "const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' +
              v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
          .catch(e => done(['axe failed: ' + e]));";
    let out = b.client.execute_async(run, vec![]).await.expect("axe runs");
    serde_json::from_value(out).expect("a list of violations")
}

#[tokio::test]
async fn every_portal_page_type_passes_axe_on_a_phone() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(b) = browser(390, 844).await else {
        return;
    };
    let t = TestApp::spawn().await;
    demo::load(&t.app).await.unwrap();
    let town = fazhi::storage::orgs::by_code(&t.app.db, TOWN)
        .await
        .unwrap()
        .unwrap();
    let op = fazhi::service::Caller::operator();
    let report = fazhi::service::report::finalize(&t.app, &op, &town, 2023)
        .await
        .unwrap();
    let base = format!("http://{}", serve(&t).await);

    let mut failures = Vec::new();
    let mut check = |page: String, found: Vec<String>| {
        if !found.is_empty() {
            failures.push(format!("{page}: {}", found.join("; ")));
        }
    };
    for (path, text) in [
        ("/public/".to_owned(), "各单位门户"),
        (format!("/public/{TOWN}/"), "公共法律服务"),
        (
            format!("/public/{TOWN}/disclosure-catalogue"),
            "政府信息公开目录",
        ),
        (
            format!("/public/{TOWN}/disclosure-guide"),
            "政府信息公开指南",
        ),
        (format!("/public/{TOWN}/news"), "普法动态"),
        (
            format!("/public/{TOWN}/disclosure-reports?year=2023"),
            "下载 2023 年度报告",
        ),
        (format!("/public/{TOWN}/reports?year=2023"), "年度报告"),
        (
            format!("/public/{TOWN}/normative-cleanups"),
            "行政规范性文件清理结果",
        ),
        (format!("/public/reports/{}", report.id), "下载 Word"),
        ("/public/disclosure".to_owned(), "提交申请"),
    ] {
        b.goto(&format!("{base}{path}")).await;
        b.wait_for_text(text).await;
        if path == format!("/public/{TOWN}/") {
            b.screenshot("portal-phone").await;
        }
        check(path, violations(&b, &axe).await);
    }

    // A citizen files a request: the receipt, then the status page with its code and password.
    b.goto(&format!("{base}/public/disclosure")).await;
    b.type_into("applicant_name", "张三").await;
    b.type_into("applicant_phone", "13812345678").await;
    b.type_into("information", "2023年本镇农村低保资金发放名单")
        .await;
    b.click(Locator::XPath(
        "//button[normalize-space(text())='提交申请']",
    ))
    .await;
    let receipt = b.wait_for_text("查询密码只显示这一次").await;
    check("receipt".to_owned(), violations(&b, &axe).await);
    let value_after = |label: &str| {
        let at = receipt.find(label).expect("the receipt shows it") + label.len();
        receipt[at..]
            .split_whitespace()
            .next()
            .expect("a value")
            .to_owned()
    };
    let (code, password) = (value_after("查询码"), value_after("查询密码"));
    b.goto(&format!("{base}/public/disclosure")).await;
    b.type_into("code", &code).await;
    b.type_into("password", &password).await;
    b.click(Locator::XPath("//button[normalize-space(text())='查询']"))
        .await;
    b.wait_for_text("办理状态").await;
    check("status".to_owned(), violations(&b, &axe).await);

    // Staff pages with charts (issue #19 item 7): the dashboard, its tables of linked figures
    // opened, so that the links beside the charts are checked too.
    let (user, password) = demo::USERS
        .iter()
        .find(|u| u.0 == "staff")
        .map(|u| (u.0, u.4))
        .expect("the demo's staff member");
    b.login(&base, user, password).await;
    b.goto(&format!("{base}/dashboard?org={TOWN}&year=2023"))
        .await;
    b.wait_for_text("矛盾纠纷按村").await;
    b.client
        .execute(
            "document.querySelectorAll('details').forEach(d => d.open = true); return true;",
            vec![],
        )
        .await
        .expect("tables open");
    check("/dashboard".to_owned(), violations(&b, &axe).await);

    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}
