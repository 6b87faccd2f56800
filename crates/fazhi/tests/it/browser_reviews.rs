//! Legality review in headless Chromium (issue #16): the demo town's staff send a contract to
//! the legal adviser, the adviser answers 修改后合法 on a phone, the contract cannot be signed
//! until the staff record the changes as adopted, and then it is.

use fantoccini::Locator;

use crate::helpers::ReviewDesk;

const TITLE: &str = "村部光伏发电设备采购合同";

#[tokio::test]
async fn staff_send_a_contract_for_review_the_adviser_answers_on_a_phone_and_staff_sign() {
    let Some(desk) = ReviewDesk::open().await else {
        return;
    };
    let (staff, base, today) = (&desk.staff, &desk.base, &desk.today);

    // Staff send the contract for review.
    let number = desk
        .send(
            "contract",
            TITLE,
            "拟采购村部光伏发电设备一套，金额8.6万元。",
        )
        .await;

    // The adviser, on a phone, finds it in their queue and answers 修改后合法.
    let opinion = "合同未约定质保期和售后响应时限，建议补充；修改后合法。";
    desk.answer_lawful_after_changes(TITLE, opinion, "review-opinion-phone")
        .await;

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
    desk.adopt(TITLE).await;
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
    assert!(
        row.contains(&number) && row.contains(today.as_str()),
        "{row}"
    );
}
