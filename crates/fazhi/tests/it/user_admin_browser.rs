//! Headless Chromium: an administrator on a phone disables a colleague (only once the tick box
//! is ticked), enables them again and reads a reset password once; then the account page of
//! sign-ins.

use axum::http::{header, StatusCode};
use fantoccini::Locator;

use crate::browser::signed_in;
use crate::helpers::PASSWORD;

#[tokio::test]
async fn an_admin_disables_enables_and_resets_a_colleague_on_a_phone() {
    let Some((b, t, base)) = signed_in((390, 844), false, "admin_t1", PASSWORD).await else {
        return;
    };
    let button = |label: &str| format!("//button[normalize-space(text())='{label}']");
    b.goto(&format!("{base}/admin/users")).await;
    b.wait_for_text("点用户名打开用户页面").await;
    b.click(Locator::LinkText("staff_t1")).await;
    b.wait_for_text("停用账号").await;
    b.screenshot("user-page-phone").await;

    // Without the tick the browser does not post the form.
    b.click(Locator::XPath(&button("停用账号"))).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(t.audit_count("user_disabled", None).await, 0);
    b.click(Locator::Css("form[action$='/disable'] input[name=confirm]"))
        .await;
    b.click(Locator::XPath(&button("停用账号"))).await;
    b.wait_for_text("账号已停用").await;
    assert_eq!(t.audit_count("user_disabled", Some("user")).await, 1);
    b.click(Locator::XPath(&button("启用账号"))).await;
    b.wait_for_text("账号已启用").await;

    b.click(Locator::Css(
        "form[action$='/reset-password'] input[name=confirm]",
    ))
    .await;
    b.click(Locator::XPath(&button("重置密码"))).await;
    b.wait_for_url("reset-password").await;
    b.wait_for_text("密码已重置").await;
    b.screenshot("user-reset-phone").await;
    let password = b
        .client
        .find(Locator::Css(".one-time-password code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, headers, _) = t.login_form("staff_t1", &password, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/password");

    b.goto(&format!("{base}/account/tokens")).await;
    b.wait_for_text("当前使用").await;
    b.screenshot("account-tokens-phone").await;
}
