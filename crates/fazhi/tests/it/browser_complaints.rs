//! Complaints in headless Chromium on phone-sized windows (issue #18): a citizen files a
//! complaint on the portal and keeps the receipt; staff accept it, a leader issues a 督办, staff
//! conclude it; the citizen, with the code and password, sees the outcome.

use fantoccini::Locator;

use crate::browser::signed_in;
use crate::helpers::PASSWORD;

const SUBJECT: &str = "村道路灯损坏三个月无人维修";

#[tokio::test]
async fn a_citizen_files_on_a_phone_staff_accept_a_leader_supervises_staff_conclude_and_the_citizen_sees_it(
) {
    let Some((staff, _t, base)) = signed_in((390, 844), false, "staff_t1", PASSWORD).await else {
        return;
    };
    let Some(phone) = crate::browser::browser(390, 844).await else {
        return;
    };

    // The citizen files on the portal, without an account.
    phone.goto(&format!("{base}/public/complaints")).await;
    phone.wait_for_text("提交信访事项").await;
    phone.click(Locator::Css("#org option[value='T1']")).await;
    phone
        .click(Locator::Css("#class option[value='claim']"))
        .await;
    phone.type_into("matter_type", "基础设施").await;
    phone.type_into("petitioner_name", "赵六").await;
    phone.type_into("phone", "13700000000").await;
    phone.type_into("subject", SUBJECT).await;
    phone
        .type_into(
            "content",
            "本村主干道路灯自今年夏天损坏，夜间行人多次摔倒，请求尽快维修。",
        )
        .await;
    phone
        .click(Locator::XPath("//button[normalize-space(text())='提交']"))
        .await;
    phone.wait_for_text("回执验证码").await;
    phone.screenshot("complaint-receipt-phone").await;
    let read = |id: &'static str| {
        let phone = &phone;
        async move {
            phone
                .client
                .find(Locator::Id(id))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let code = read("receipt-code").await;
    let password = read("receipt-password").await;
    assert!(code.starts_with("XF"), "{code}");

    // Staff find it and accept it.
    staff.goto(&format!("{base}/complaints")).await;
    staff.wait_for_text(SUBJECT).await;
    staff
        .click(Locator::XPath(&format!("//a[text()='{SUBJECT}']")))
        .await;
    staff.wait_for_text("告知是否受理").await;
    let case_url = staff.client.current_url().await.unwrap().to_string();
    staff
        .click(Locator::Css("input[name=decision][value=accepted]"))
        .await;
    staff
        .click(Locator::XPath(
            "//button[normalize-space(text())='告知受理决定']",
        ))
        .await;
    staff.wait_for_text("出具处理意见").await;

    // A leader issues a 督办 order.
    phone.login(&base, "leader_t1", PASSWORD).await;
    phone.goto(&case_url).await;
    phone.wait_for_text("发出督办").await;
    let due = (fazhi::clock::today() + chrono::Duration::days(5)).to_string();
    phone.type_into("order", "请五日内修复并回复").await;
    phone.type_into("sup-due", &due).await;
    phone
        .click(Locator::XPath(
            "//button[normalize-space(text())='发出督办']",
        ))
        .await;
    phone.wait_for_text("请五日内修复并回复").await;

    // Staff conclude it.
    staff.goto(&case_url).await;
    staff.wait_for_text("请五日内修复并回复").await;
    staff
        .click(Locator::Css("input[name=outcome][value=supported]"))
        .await;
    staff.type_into("opinion", "已更换路灯12盏，恢复照明").await;
    staff
        .click(Locator::XPath(
            "//button[normalize-space(text())='出具处理意见']",
        ))
        .await;
    staff.wait_for_text("下载信访事项处理意见书").await;

    // The citizen sees the outcome with the code and password.
    phone.goto(&format!("{base}/public/complaints")).await;
    phone.wait_for_text("查询办理进度").await;
    phone.type_into("code", &code).await;
    phone.type_into("password", &password).await;
    phone
        .click(Locator::XPath("//button[normalize-space(text())='查询']"))
        .await;
    let text = phone.wait_for_text("已办结").await;
    assert!(
        text.contains("已更换路灯12盏，恢复照明") && text.contains("予以支持"),
        "{text}"
    );
}
