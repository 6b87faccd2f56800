//! Unknown values on the import page (issue #14 point 3): a town's ledger says 婚姻纠纷; the
//! preview lists the value with the closest code first, the clerk maps it in one step (saved as
//! the town's alias), the file is checked again and imports, and the cases count as 婚姻家庭纠纷.
//! A value may also become the town's own code; another town learns nothing.

use axum::http::StatusCode;

use crate::disputes::{count, token_of};
use crate::helpers::{multipart, Browser, TestApp};

/// A disputes ledger of 2024 for town T1 whose rows have the type `kind`.
pub(crate) fn ledger(kind: &str) -> String {
    format!(
        "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
         ,2024-03-05,东风村,{kind},来访,张三、李四,彩礼返还,村级,,调解成功,2024-03-20,书面,\n\
         ,2024-04-01,红旗村,{kind},排查,王五,离婚财产,镇级,,调解中,,,\n"
    )
}

async fn upload(t: &TestApp, b: &Browser, csv: &str) -> (StatusCode, String) {
    let fields = [("_csrf", b.csrf.as_str()), ("org", "T1")];
    let req = multipart(
        b,
        "/imports/disputes",
        &fields,
        ("town.csv", "text/csv", csv.as_bytes()),
    );
    let (status, _, html) = t.send(req).await;
    (status, String::from_utf8(html).unwrap())
}

#[tokio::test]
async fn a_clerk_maps_an_unknown_value_to_a_code_in_one_step_and_the_file_imports() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let (status, html) = upload(&t, &b, &ledger("婚姻纠纷")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("有 1 个值系统不认识"), "{html}");
    assert!(
        html.contains("<option value=\"婚姻家庭纠纷\">婚姻家庭纠纷（最接近）</option>"),
        "the closest code is offered first: {html}"
    );
    let token = token_of(&html);
    let fields = [
        ("org", "T1"),
        ("token", token.as_str()),
        ("list_0", "dispute-types"),
        ("value_0", "婚姻纠纷"),
        ("code_0", "婚姻家庭纠纷"),
    ];
    t.needs_csrf(&b, "/imports/disputes/values", &fields).await;
    let html = t
        .form_answers(&b, "/imports/disputes/values", &fields, StatusCode::OK)
        .await;
    assert!(
        html.contains("确认导入 2 条记录"),
        "checked again and clean: {html}"
    );
    assert!(
        html.contains("婚姻家庭纠纷"),
        "shown as it will be stored: {html}"
    );
    assert_eq!(t.audit_count("alias_added", Some("code_list")).await, 1);
    assert_eq!(
        count(&t).await,
        0,
        "nothing imported before the confirmation"
    );
    let html = t
        .form_answers(
            &b,
            "/imports/disputes/confirm",
            &[("org", "T1"), ("token", &token)],
            StatusCode::OK,
        )
        .await;
    assert!(html.contains("已导入 2 条记录"), "{html}");
    let stored: String = t.scalar("SELECT DISTINCT dispute_type FROM disputes").await;
    assert_eq!(stored, "婚姻家庭纠纷");

    // The alias is the town's: the neighbouring town's file is still refused.
    let other = t.browser_login("staff_t2").await;
    let fields = [("_csrf", other.csrf.as_str()), ("org", "T2")];
    let req = multipart(
        &other,
        "/imports/disputes",
        &fields,
        (
            "town.csv",
            "text/csv",
            ledger("婚姻纠纷")
                .replace("东风村", "")
                .replace("红旗村", "")
                .as_bytes(),
        ),
    );
    let (_, _, html) = t.send(req).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("有 1 个值系统不认识"), "{html}");
}

#[tokio::test]
async fn a_value_becomes_the_towns_own_code_and_a_viewer_cannot_teach_anything() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let (_, html) = upload(&t, &b, &ledger("牧区草场纠纷")).await;
    assert!(
        html.contains("作为本单位的新代码「牧区草场纠纷」"),
        "{html}"
    );
    let token = token_of(&html);
    let fields = [
        ("org", "T1"),
        ("token", token.as_str()),
        ("list_0", "dispute-types"),
        ("value_0", "牧区草场纠纷"),
        ("code_0", "__own__"),
    ];
    let html = t
        .form_answers(&b, "/imports/disputes/values", &fields, StatusCode::OK)
        .await;
    assert!(html.contains("确认导入 2 条记录"), "{html}");
    assert_eq!(t.audit_count("code_added", Some("code_list")).await, 1);

    // Leaving a value alone changes nothing and checks again with the same answer.
    let (_, html) = upload(&t, &b, &ledger("山羊纠纷")).await;
    let token = token_of(&html);
    let fields = [
        ("org", "T1"),
        ("token", token.as_str()),
        ("list_0", "dispute-types"),
        ("value_0", "山羊纠纷"),
        ("code_0", ""),
    ];
    let html = t
        .form_answers(
            &b,
            "/imports/disputes/values",
            &fields,
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("有 1 个值系统不认识"), "{html}");

    let viewer = t.browser_login("viewer_t1").await;
    let fields = [
        ("_csrf", viewer.csrf.as_str()),
        ("org", "T1"),
        ("token", token.as_str()),
        ("list_0", "dispute-types"),
        ("value_0", "山羊纠纷"),
        ("code_0", "邻里纠纷"),
    ];
    let (status, _, _) = t
        .form(&viewer, "/imports/disputes/values", &fields[1..], true)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(t.audit_count("alias_added", Some("code_list")).await, 0);
}
