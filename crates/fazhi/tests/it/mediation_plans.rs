//! Major-dispute mediation plans (重大矛盾纠纷调处方案) on the disputes register
//! (`service::dispute_plans`): a plan is recorded as carried out only with a linked legality
//! review of kind 重大矛盾纠纷调处方案 that passed (409 `review_required` on the API and the case
//! page, an administrator included); a review of another kind or of another town does not count;
//! a plan that predates fazhi passes and is marked, and a gated plan cannot become historical.

use axum::http::StatusCode;
use fazhi::service::deadlines::today;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::penalties::{adopt, answer, page_refused, refused};
use crate::reviews::add_adviser;

/// A town-level case registered today by `token`'s user; its id.
async fn dispute(t: &TestApp, token: &str) -> i64 {
    let d = t
        .created(
            "/api/v1/disputes",
            token,
            json!({"registered_on": today().to_string(), "source": "来访",
                   "dispute_type": "征地拆迁纠纷", "summary": "三十余户村民对征地补偿标准有异议",
                   "parties": [{"name": "村民代表"}, {"name": "某村村委会"}]}),
        )
        .await;
    d["id"].as_i64().unwrap()
}

fn plan(carried_out: bool, review: &str) -> Value {
    let day = today().to_string();
    json!({"text": "成立工作专班，逐户核对补偿面积，召开听证会后兑付", "drawn_on": day,
           "review": review, "carried_out_on": if carried_out { day } else { String::new() }})
}

/// Sends a review of `kind` to `adviser`, answered `conclusion` (none if blank); its id and
/// number.
async fn review(
    t: &TestApp,
    token: &str,
    adviser: &str,
    kind: &str,
    conclusion: &str,
) -> (i64, String) {
    let r = t
        .created(
            "/api/v1/review-requests",
            token,
            json!({"kind": kind, "title": "征地补偿纠纷调处方案", "requesting_unit": "司法所",
                   "subject": "拟按方案分三步化解", "adviser": adviser, "sent_on": "2025-03-03"}),
        )
        .await;
    let id = r["id"].as_i64().unwrap();
    if !conclusion.is_empty() {
        answer(t, adviser, id, conclusion).await;
    }
    (id, r["number"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_mediation_plan_is_carried_out_only_after_a_passing_review() {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    let [staff, admin] = t.api_logins(["staff_t1", "admin_t1"]).await;
    let id = dispute(&t, &staff).await;
    let path = format!("/api/v1/disputes/{id}/plan");

    // No review: carrying it out is refused, an administrator too; drawing it up is not.
    for token in [&staff, &admin] {
        let (status, err) = t.post(&path, token, plan(true, "")).await;
        refused(status, &err, "实施前须经合法性审查（重大矛盾纠纷调处方案）");
    }
    let (status, d) = t.post(&path, &staff, plan(false, "")).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert!(
        d["plan_text"].is_string() && d["plan_carried_out_on"].is_null(),
        "{d}"
    );

    // A review of another kind does not count; nor does another town's.
    let (_, penalty_review) = review(&t, &staff, "adviser_a", "penalty", "lawful").await;
    let (status, err) = t.post(&path, &staff, plan(true, &penalty_review)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"]
            .as_str()
            .unwrap()
            .contains("重大矛盾纠纷调处方案"),
        "{err}"
    );
    add_adviser(&t, "adviser_t2", "T2").await;
    let staff_t2 = t.api_login("staff_t2").await;
    let (other_town, _) = review(&t, &staff_t2, "adviser_t2", "mediation_plan", "lawful").await;
    let (status, err) = t
        .post(&path, &staff, plan(true, &other_town.to_string()))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"].as_str().unwrap().contains("找不到"),
        "{err}"
    );
    // …and another town cannot touch this case at all.
    let (status, _) = t.post(&path, &staff_t2, plan(false, "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Not answered, then 修改后合法 without adoption: refused, saying which review and why.
    let (rid, number) = review(&t, &staff, "adviser_a", "重大矛盾纠纷调处方案", "").await;
    let (status, err) = t.post(&path, &staff, plan(true, &number)).await;
    refused(status, &err, &format!("审查 {number} 尚未出具意见"));
    answer(&t, "adviser_a", rid, "lawful_after_changes").await;
    let (status, err) = t.post(&path, &staff, plan(true, &number)).await;
    refused(status, &err, "尚未记录已采纳修改意见");

    // The case page says which review is missing, with the plan's form open.
    let browser = t.browser_login("staff_t1").await;
    let day = today().to_string();
    let fields = [
        ("text", "成立工作专班，逐户核对补偿面积"),
        ("drawn_on", day.as_str()),
        ("review", number.as_str()),
        ("carried_out_on", day.as_str()),
    ];
    let step = format!("/disputes/{id}/steps/plan");
    let page = page_refused(&t, &browser, &step, &fields, &number).await;
    assert!(
        page.contains("重大矛盾纠纷调处方案"),
        "the plan's form: {page}"
    );
    let (_, d) = t.get(&format!("/api/v1/disputes/{id}"), &staff).await;
    assert!(
        d["dispute"]["plan_carried_out_on"].is_null(),
        "nothing written: {d}"
    );

    // The changes adopted: the gate opens, on the page and the API.
    adopt(&t, &staff, rid).await;
    let (status, _, _) = t.form(&browser, &step, &fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "carried out on the page");
    let (status, d) = t.post(&path, &staff, plan(true, &rid.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(
        (
            d["plan_carried_out_on"].as_str(),
            d["plan_review_number"].as_str()
        ),
        (Some(day.as_str()), Some(number.as_str())),
        "{d}"
    );
    let (_, page) = t.page(&browser, &format!("/disputes/{id}")).await;
    assert!(
        page.contains(&number) && page.contains(&format!("{day} 实施")),
        "{page}"
    );
    assert!(t.audit_count("mediation_plan", Some("dispute")).await >= 3);
    // A gated plan does not become historical later.
    let mut again = plan(true, &number);
    again["historical"] = true.into();
    let (status, err) = t.post(&path, &staff, again).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["historical"].is_string(), "{err}");

    // 合法 opens the gate of another case at once.
    let other = dispute(&t, &staff).await;
    let (_, lawful) = review(&t, &staff, "adviser_a", "mediation_plan", "lawful").await;
    let (status, d) = t
        .post(
            &format!("/api/v1/disputes/{other}/plan"),
            &staff,
            plan(true, &lawful),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
}

#[tokio::test]
async fn a_plan_that_predates_fazhi_passes_and_is_marked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = dispute(&t, &staff).await;
    let mut old = plan(true, "");
    old["historical"] = true.into();
    let (status, d) = t
        .post(&format!("/api/v1/disputes/{id}/plan"), &staff, old)
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["plan_historical"], true, "{d}");
    let browser = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&browser, &format!("/disputes/{id}")).await;
    assert!(
        page.contains("历史记录") && page.contains("未经合法性审查闸门"),
        "{page}"
    );
    // A withdrawn case takes no plan.
    t.withdraw(&format!("/api/v1/disputes/{id}"), &staff, "重复登记")
        .await;
    let (status, _) = t
        .post(
            &format!("/api/v1/disputes/{id}/plan"),
            &staff,
            plan(false, ""),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    t.openapi_with(&[("/api/v1/disputes/{id}/plan", "post")])
        .await;
}
