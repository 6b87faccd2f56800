//! The contracts register (对外协议合同), the first register written as one folder on the kit
//! (`src/registers/contracts/`): registration with the counterparty's code checked, the list's
//! totals, the shared round trips of the kit on the API and the pages, the export of exactly
//! the filtered set, and who may see it.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_routes, KitCase, TestApp};
use crate::kit_flow::{self, PageCorrection};

/// A valid 统一社会信用代码: a body with its GB 32100 check character.
fn credit_code() -> String {
    let body = "91650202MA78Q3KX0";
    format!(
        "{body}{}",
        fazhi_domain::ident::uscc_check_char(body).unwrap()
    )
}

/// A signed contract registered as predating fazhi (`historical`), so the review gate lets it
/// through; the gate itself is tested in `reviews.rs`.
fn contract() -> Value {
    json!({"title": "村委会办公楼维修工程施工合同", "counterparty": "新疆某某建筑工程有限公司",
           "counterparty_code": credit_code(), "amount": "12.5万", "handled_by": "党政办 张三",
           "signed_on": "2024-03-05", "starts_on": "2024-03-10", "ends_on": "2024-06-30",
           "review_ref": "法律顾问审查意见书〔2024〕3号", "historical": true})
}

#[tokio::test]
async fn a_contract_is_registered_corrected_withdrawn_and_restored() {
    let (t, staff, record) = TestApp::with_record("/api/v1/contracts", contract()).await;
    assert_eq!(
        (record["amount_fen"].as_i64(), record["year"].as_i64()),
        (Some(12_500_000), Some(2024))
    );
    let id = record["id"].as_i64().unwrap();
    let path = format!("/api/v1/contracts/{id}");
    let c = KitCase::of("/api/v1/contracts", "contract", &record);
    c.round_trip(&t, &staff, ("title", "村委会办公楼维修合同"), "合同名称")
        .await;

    // An unsigned contract is filed under the year it was registered, and the totals count it
    // as not signed; signing it later moves it to the year of signing.
    let (_, l) = t.get("/api/v1/contracts?year=2024", &staff).await;
    assert_eq!(
        (
            l["totals"]["contracts"].as_i64(),
            l["totals"]["signed"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(l["totals"]["amount_fen"].as_i64(), Some(12_500_000));
    let (status, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 4, "signed_on": "2025-01-08"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["year"].as_i64(), Some(2025));
    let (_, l) = t.get("/api/v1/contracts?year=2024", &staff).await;
    assert_eq!(l["total"].as_i64(), Some(0), "{l}");

    // The same validation as at registration.
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 5, "ends_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["ends_on"].is_string(), "{err}");
}

#[tokio::test]
async fn a_wrong_contract_is_refused_field_by_field() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let mut code = credit_code();
    let last = code.pop().unwrap();
    code.push(if last == '0' { '1' } else { '0' });
    let mut body = contract();
    body["counterparty_code"] = json!(code);
    body["amount"] = json!("十二万");
    body["signed_on"] = json!("2024-02-30");
    body["title"] = json!("");
    let (status, err) = t.post("/api/v1/contracts", &staff, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    for field in ["counterparty_code", "amount", "signed_on", "title"] {
        assert!(err["fields"][field].is_string(), "{field}: {err}");
    }
    assert!(
        err["fields"]["counterparty_code"]
            .as_str()
            .unwrap()
            .contains("校验"),
        "says the check character is wrong: {err}"
    );
    let (_, l) = t.get("/api/v1/contracts", &staff).await;
    assert_eq!(l["total"].as_i64(), Some(0), "nothing written");
    // A year outside the record years is a filter error, not an empty list.
    let (status, err) = t.get("/api/v1/contracts?year=20240", &staff).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["year"].is_string(), "{err}");
    // A village mediator does not see the town's contracts.
    let mediator = t.api_login("mediator_v1").await;
    let (status, _) = t.get("/api/v1/contracts", &mediator).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_contract_is_corrected_on_its_page_and_exported_only_while_valid() {
    let (t, _staff, record) = TestApp::with_record("/api/v1/contracts", contract()).await;
    let id = record["id"].as_i64().unwrap();
    let b = t.browser_login("staff_v1").await;
    let (status, list) = t.page(&b, "/contracts").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert!(
        list.contains("村委会办公楼维修工程施工合同") && list.contains("125000.00"),
        "{list}"
    );
    // Registered on the page too, with the same messages.
    let (status, _, page) = t
        .form(
            &b,
            "/contracts",
            &[
                ("title", "草场承包协议"),
                ("counterparty", "李四"),
                ("amount", "很多"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the form again: {page}");
    assert!(
        page.contains("不是金额") && page.contains("承办单位或经办人"),
        "{page}"
    );

    let (_, csv) = t.page(&b, "/contracts/export?format=csv").await;
    assert!(csv.contains("村委会办公楼维修工程施工合同"), "{csv}");
    assert!(csv.contains("125000.00"), "{csv}");
    let body = contract();
    let full: Vec<(&str, String)> = body
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?.to_owned())))
        .collect();
    let with = |title: &'static str| {
        let mut f: Vec<(&str, &str)> = full
            .iter()
            .filter(|(k, _)| *k != "title")
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        f.push(("title", title));
        f
    };
    let correction = PageCorrection {
        record: format!("/contracts/{id}"),
        shown: vec![
            "value=\"村委会办公楼维修工程施工合同\"",
            "value=\"125000.00\"",
        ],
        edit: with("村委会办公楼修缮合同"),
        stale_edit: with("旧版本上的修改"),
        history: vec!["合同名称：村委会办公楼维修工程施工合同 → 村委会办公楼修缮合同"],
    };
    let withdrawn = kit_flow::correct_and_withdraw(&t, &b, &correction).await;
    assert!(withdrawn.contains("已作废"), "{withdrawn}");
    for export in [
        "/contracts/export?format=csv",
        "/contracts/export?format=csv&withdrawn=1",
    ] {
        let (_, csv) = t.page(&b, export).await;
        assert!(
            !csv.contains("村委会办公楼修缮合同"),
            "{export}: a withdrawn contract is not exported: {csv}"
        );
    }
    let (_, list) = t.page(&b, "/contracts?withdrawn=1").await;
    assert!(
        list.contains("村委会办公楼修缮合同"),
        "under 作废记录: {list}"
    );
    let other = t.browser_login("staff_v2").await;
    let (status, _) = t.page(&other, &format!("/contracts/{id}/edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_contracts_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    let mut routes = kit_routes("contracts");
    routes.push(("/api/v1/contracts".to_owned(), "get"));
    routes.push(("/api/v1/contracts".to_owned(), "post"));
    t.openapi_with(&routes).await;
}
