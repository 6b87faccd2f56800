//! Disclosure on request in headless Chromium on a phone-sized window (issue #17): a citizen
//! files a request on the portal and keeps the receipt's code and password, staff answer it on
//! the request's page with the reply step and download the 告知书, and the citizen then reads
//! the answer with the code and password.

use fantoccini::Locator;

use crate::browser::{browser, serve};
use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn a_citizen_files_on_a_phone_keeps_the_receipt_staff_answer_and_the_citizen_reads_it() {
    let Some(citizen) = browser(390, 844).await else {
        return;
    };
    let Some(staff) = browser(390, 844).await else {
        return;
    };
    let t = TestApp::spawn().await;
    t.seed().await;
    let base = format!("http://{}", serve(&t).await);

    // The citizen files a request.
    citizen.goto(&format!("{base}/public/disclosure")).await;
    citizen.wait_for_text("提交申请").await;
    citizen.click(Locator::Css("#org option[value='T1']")).await;
    citizen
        .click(Locator::Css("#applicant_kind option[value='person']"))
        .await;
    citizen.type_into("applicant_name", "李四").await;
    citizen.type_into("applicant_phone", "13900000000").await;
    citizen
        .type_into("information", "本村2024年土地征收补偿标准")
        .await;
    citizen
        .click(Locator::XPath(
            "//button[normalize-space(text())='提交申请']",
        ))
        .await;
    citizen.wait_for_text("查询密码只显示这一次").await;
    let kept = citizen
        .client
        .find_all(Locator::Css(".receipt strong.mono"))
        .await
        .unwrap();
    assert_eq!(kept.len(), 2, "the receipt shows the code and the password");
    let code = kept[0].text().await.unwrap();
    let password = kept[1].text().await.unwrap();
    assert!(code.starts_with("GK"), "{code}");
    citizen.screenshot("disclosure-receipt-phone").await;

    // Staff find it in the queue and answer it.
    staff.login(&base, "staff_t1", PASSWORD).await;
    staff.goto(&format!("{base}/disclosure-requests")).await;
    staff
        .click(Locator::XPath("//a[text()='本村2024年土地征收补偿标准']"))
        .await;
    staff.wait_for_text("办理步骤").await;
    staff
        .click(Locator::Css("#rp-type option[value='disclosed']"))
        .await;
    staff
        .type_into("rp-text", "补偿标准见所附文件，已通过电子邮件发送。")
        .await;
    staff
        .click(Locator::XPath(
            "//button[normalize-space(text())='登记答复']",
        ))
        .await;
    staff.wait_for_text("下载答复告知书").await;
    staff.click(Locator::Id("letter")).await;
    let (name, _) = staff.downloaded_docx().await;
    assert!(name.contains("告知书"), "{name}");

    // The citizen reads the answer with the pair from the receipt.
    citizen.goto(&format!("{base}/public/disclosure")).await;
    citizen.wait_for_text("查询办理进度").await;
    citizen.type_into("code", &code).await;
    citizen.type_into("password", &password).await;
    citizen
        .click(Locator::XPath("//button[normalize-space(text())='查询']"))
        .await;
    let text = citizen.wait_for_text("已答复").await;
    assert!(
        text.contains("补偿标准见所附文件") && text.contains("予以公开"),
        "{text}"
    );
    citizen.screenshot("disclosure-answer-phone").await;
}
