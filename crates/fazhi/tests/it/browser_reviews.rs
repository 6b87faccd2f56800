//! Legality review in headless Chromium (issue #16): the demo town's staff send a contract to
//! the legal adviser, the adviser answers 修改后合法 on a phone, the contract cannot be signed
//! until the staff record the changes as adopted, and then it is.

use fantoccini::Locator;

use crate::browser::{browser, signed_in};

const TITLE: &str = "村部光伏发电设备采购合同";

#[tokio::test]
async fn staff_send_a_contract_for_review_the_adviser_answers_on_a_phone_and_staff_sign() {
    let Some((staff, _t, base)) = signed_in((1366, 768), true, "staff", "demo-staff-2023").await
    else {
        return;
    };
    let Some(phone) = browser(390, 844).await else {
        return;
    };
    let today = fazhi::service::deadlines::today().to_string();

    // Staff send the contract for review.
    staff.goto(&format!("{base}/review-requests")).await;
    staff.wait_for_text("送法律顾问审查").await;
    staff
        .click(Locator::Css("#kind option[value='contract']"))
        .await;
    staff.type_into("title", TITLE).await;
    staff.type_into("requesting_unit", "党政办").await;
    staff.type_into("adviser", "adviser").await;
    staff.type_into("sent_on", &today).await;
    staff
        .type_into("subject", "拟采购村部光伏发电设备一套，金额8.6万元。")
        .await;
    staff
        .click(Locator::XPath(
            "//form[@action='/review-requests']//button[normalize-space(text())='保存']",
        ))
        .await;
    staff.wait_for_text(TITLE).await;
    let number = staff
        .client
        .find(Locator::XPath(&format!(
            "//tr[.//a[text()='{TITLE}']]/td[1]"
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(number.starts_with("合审〔"), "{number}");

    // The adviser, on a phone, finds it in their queue and answers 修改后合法.
    phone.login(&base, "adviser", "demo-adviser-2023").await;
    phone.goto(&format!("{base}/review-requests")).await;
    phone.wait_for_text("待我审查的事项").await;
    phone
        .click(Locator::XPath(&format!("//a[text()='{TITLE}']")))
        .await;
    phone.wait_for_text("如何计算").await;
    phone
        .click(Locator::Css(
            "input[name=conclusion][value=lawful_after_changes]",
        ))
        .await;
    phone
        .type_into(
            "text",
            "合同未约定质保期和售后响应时限，建议补充；修改后合法。",
        )
        .await;
    phone.screenshot("review-opinion-phone").await;
    phone
        .click(Locator::XPath(
            "//button[normalize-space(text())='出具审查意见']",
        ))
        .await;
    phone.wait_for_text("下载合法性审查意见书").await;

    // Signing before the changes are recorded as adopted is refused, saying why.
    let sign = |review: String| {
        let staff = &staff;
        let base = &base;
        let today = today.clone();
        async move {
            staff.goto(&format!("{base}/contracts")).await;
            staff.wait_for_text("登记合同").await;
            staff.type_into("title", TITLE).await;
            staff
                .type_into("counterparty", "乌苏市某某新能源科技有限公司")
                .await;
            staff.type_into("handled_by", "党政办").await;
            staff.type_into("signed_on", &today).await;
            staff.type_into("review", &review).await;
            staff
                .click(Locator::XPath(
                    "//form[@action='/contracts']//button[normalize-space(text())='保存']",
                ))
                .await;
        }
    };
    sign(number.clone()).await;
    staff.wait_for_text("尚未记录已采纳修改意见").await;

    // Staff record the changes as adopted, then sign.
    staff.goto(&format!("{base}/review-requests")).await;
    staff
        .click(Locator::XPath(&format!("//a[text()='{TITLE}']")))
        .await;
    staff.wait_for_text("修改后合法").await;
    staff
        .click(Locator::Css("input[name=adopted][value='1']"))
        .await;
    staff
        .click(Locator::XPath(
            "//button[normalize-space(text())='记录采纳情况']",
        ))
        .await;
    staff.wait_for_text("已采纳").await;
    sign(number.clone()).await;
    staff.goto(&format!("{base}/contracts")).await;
    staff.wait_for_text(TITLE).await;
    let row = staff
        .client
        .find(Locator::XPath(&format!("//tr[.//a[text()='{TITLE}']]")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains(&number) && row.contains(&today), "{row}");
}
