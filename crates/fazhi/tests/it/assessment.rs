//! The annual assessment (考核, `src/registers/assessments/`): the county sets a year's
//! indicator tree, each town fills its own self-assessment (not another town's: 404; the
//! county cannot: 403), the county scores two towns and the ranking follows their totals (ties
//! share a place); a town cannot score; the county's XLSX indicator list imports all or
//! nothing with each row's problem; the routes are documented.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

fn indicator(code: &str, name: &str, points: &str) -> Value {
    json!({"code": code, "name": name, "points": points, "method": "查阅资料", "evidence": "会议记录"})
}

/// The county's 2024 tree: 1 (10) = 1.1 (6) + 1.2 (4); 2 (5.5) = 2.1 (5.5).
fn tree() -> Vec<Value> {
    vec![
        indicator("1", "党政主要负责人履行第一责任人职责", "10"),
        indicator("1.1", "专题研究法治建设", "6"),
        indicator("1.2", "年终述法", "4"),
        indicator("2", "依法决策", "5.5"),
        indicator("2.1", "合法性审查全覆盖", "5.5"),
    ]
}

fn items(scores: &[(&str, &str)]) -> Vec<Value> {
    scores
        .iter()
        .map(|(code, score)| json!({"code": code, "score": score, "note": "见佐证", "evidence_links": ""}))
        .collect()
}

async fn scores(
    t: &TestApp,
    token: &str,
    town: &str,
    scores: &[(&str, &str)],
) -> (StatusCode, Value) {
    let body = json!({"year": 2024, "town": town, "items": items(scores)});
    t.post("/api/v1/assessments/scores", token, body).await
}

/// The ranking as (town code, total, place).
async fn ranking(t: &TestApp, token: &str) -> Vec<(String, String, i64)> {
    let (status, r) = t.get("/api/v1/assessments?year=2024", token).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    r["towns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["town"].as_str().unwrap().to_owned(),
                s["score_total"].as_str().unwrap().to_owned(),
                s["rank"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_county_scores_two_towns_and_the_ranking_follows() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [county, town1, town2, viewer] = t
        .api_logins(["staff_c1", "staff_t1", "staff_t2", "viewer_c1"])
        .await;
    let set = |token: &str, indicators: Vec<Value>| {
        let body = json!({"year": 2024, "indicators": indicators});
        let token = token.to_owned();
        let t = &t;
        async move { t.post("/api/v1/assessments/indicators", &token, body).await }
    };
    let (status, _) = set(&town1, tree()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a town sets no indicators");
    let mut broken = tree();
    broken[2] = indicator("1.2", "年终述法", "5");
    let (status, err) = set(&county, broken).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err.to_string().contains("其下级指标合计"), "{err}");
    let (status, v) = set(&county, tree()).await;
    assert_eq!(status, StatusCode::OK, "{v}");

    // The town reads its county's tree and fills its own sheet.
    let (_, tree_seen) = t
        .get("/api/v1/assessments/indicators?year=2024", &town1)
        .await;
    assert_eq!(tree_seen["total_points"], "15.5", "{tree_seen}");
    assert_eq!(tree_seen["indicators"].as_array().unwrap().len(), 5);
    let own = |token: &str, town: Option<&str>, scores: &[(&str, &str)]| {
        let mut body = json!({"year": 2024, "items": items(scores)});
        if let Some(town) = town {
            body["town"] = town.into();
        }
        let token = token.to_owned();
        let t = &t;
        async move { t.post("/api/v1/assessments/self", &token, body).await }
    };
    let (status, sheet) = own(&town1, None, &[("1.1", "6"), ("1.2", "3.5"), ("2.1", "5")]).await;
    assert_eq!(status, StatusCode::OK, "{sheet}");
    assert_eq!(sheet["self_total"], "14.5", "{sheet}");
    let (status, err) = own(&town1, None, &[("1.2", "4.5")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "above the points: {err}");
    let (status, err) = own(&town1, None, &[("1", "10")]).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a parent is not scored: {err}"
    );
    let (status, _) = own(&town2, Some("T1"), &[("1.1", "0")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "T2 cannot fill T1's sheet");
    let (status, _) = own(&county, Some("T1"), &[("1.1", "0")]).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the county does not self-assess"
    );
    for (token, town) in [(&town2, "T1"), (&town1, "T2"), (&town1, "V1")] {
        let (status, _) = t
            .get(
                &format!("/api/v1/assessments/self?year=2024&town={town}"),
                token,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{town}'s sheet is not theirs"
        );
    }
    let (status, _) = own(&town2, None, &[("1.1", "5"), ("1.2", "4"), ("2.1", "5.5")]).await;
    assert_eq!(status, StatusCode::OK);

    // The county scores; a town cannot, nor read the county's table.
    let (status, _) = scores(&t, &town1, "T1", &[("1.1", "6")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a town does not score");
    let (status, _) = t.get("/api/v1/assessments?year=2024", &town1).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = scores(&t, &viewer, "T1", &[("1.1", "6")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a viewer does not score");
    let (status, v) = scores(
        &t,
        &county,
        "T1",
        &[("1.1", "5"), ("1.2", "4"), ("2.1", "5.5")],
    )
    .await;
    assert_eq!(
        (status, v["score_total"].as_str()),
        (StatusCode::OK, Some("14.5")),
        "{v}"
    );
    let (status, v) = scores(
        &t,
        &county,
        "T2",
        &[("1.1", "6"), ("1.2", "3"), ("2.1", "5.5")],
    )
    .await;
    assert_eq!(
        (status, v["score_total"].as_str()),
        (StatusCode::OK, Some("14.5")),
        "{v}"
    );
    let tie = ranking(&t, &viewer).await;
    assert_eq!(
        tie,
        vec![
            ("T1".into(), "14.5".into(), 1),
            ("T2".into(), "14.5".into(), 1)
        ],
        "equal totals share first place"
    );
    let (_, v) = scores(&t, &county, "T1", &[("1.2", "3.5")]).await;
    assert_eq!(v["score_total"], "14", "{v}");
    assert_eq!(
        ranking(&t, &county).await,
        vec![
            ("T2".into(), "14.5".into(), 1),
            ("T1".into(), "14".into(), 2)
        ]
    );
    // The town reads the county's score and comment on its own sheet, not the others'.
    let (_, mine) = t.get("/api/v1/assessments/self?year=2024", &town1).await;
    assert_eq!(
        (mine["score_total"].as_str(), mine["self_total"].as_str()),
        (Some("14"), Some("14.5"))
    );
    assert_eq!(mine["lines"][2]["score_comment"], "见佐证", "{mine}");

    // A scored indicator stays in the tree.
    let (status, err) = set(&county, tree()[..3].to_vec()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("indicator_in_use")),
        "{err}"
    );

    // The pages: the county's table with the ranking, the town's own form.
    let b = t.browser_login("staff_c1").await;
    let (status, html) = t.page(&b, "/assessments?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("评分汇总与排名") && html.contains("另一镇"),
        "{html}"
    );
    let b = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&b, "/assessments/self?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("保存自评") && html.contains("name=\"score.1.1\""),
        "{html}"
    );
    let (status, _) = t.page(&b, "/assessments/self?year=2024&town=T2").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn import_request(token: &str, query: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(format!("/api/v1/assessments/indicators/import?{query}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(bytes))
        .unwrap()
}

fn xlsx(rows: &[[&str; 5]]) -> Vec<u8> {
    let columns = ["指标编号", "指标名称", "分值", "评分方法", "佐证材料"];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect();
    fazhi_ledger::write_xlsx("法治建设考核指标表", &columns, &rows, None).unwrap()
}

async fn import(t: &TestApp, token: &str, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let (status, _, body) = t.send(import_request(token, query, bytes)).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_indicator_list_imports_all_or_nothing() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [county, town] = t.api_logins(["staff_c1", "staff_t1"]).await;
    let good = [
        ["1", "党政主要负责人履行第一责任人职责", "10", "", ""],
        ["1.1", "专题研究法治建设", "6", "每少一次扣3分", "会议纪要"],
        ["1.2", "年终述法", "4", "未开展不得分", "述法材料"],
    ];
    let (status, _) = import(&t, &town, "year=2025", xlsx(&good)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a town imports no indicators"
    );

    let bad = [
        ["1", "党政主要负责人履行第一责任人职责", "10", "", ""],
        ["1.1", "专题研究法治建设", "六分", "", ""],
        ["3.1", "孤立指标", "2", "", ""],
    ];
    let (status, report) = import(&t, &county, "year=2025", xlsx(&bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{report}");
    let errors: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    // Row 1 is the header: 1.1 is on row 3.
    assert!(
        errors.iter().any(|e| e.starts_with("第3行「分值」")),
        "{errors:?}"
    );
    assert_eq!(report["imported"], 0);
    let (_, tree) = t
        .get("/api/v1/assessments/indicators?year=2025", &county)
        .await;
    assert_eq!(
        tree["indicators"].as_array().unwrap().len(),
        0,
        "nothing written: {tree}"
    );

    // A file whose rows each read but whose tree does not add up names the row.
    let mut unsummed = good;
    unsummed[2][2] = "5";
    let (status, report) = import(&t, &county, "year=2025", xlsx(&unsummed)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{report}");
    assert!(
        report["errors"][0].as_str().unwrap().contains("合计"),
        "{report}"
    );

    let (status, report) = import(&t, &county, "year=2025&dry_run=true", xlsx(&good)).await;
    assert_eq!(
        (status, report["imported"].as_i64()),
        (StatusCode::OK, Some(0)),
        "{report}"
    );
    let (status, report) = import(&t, &county, "year=2025", xlsx(&good)).await;
    assert_eq!(
        (status, report["imported"].as_i64()),
        (StatusCode::OK, Some(3)),
        "{report}"
    );
    let (_, tree) = t
        .get("/api/v1/assessments/indicators?year=2025", &town)
        .await;
    let codes: Vec<&str> = tree["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1", "1.1", "1.2"]);
    assert_eq!(tree["indicators"][1]["method"], "每少一次扣3分");

    t.openapi_with(&[
        ("/api/v1/assessments", "get"),
        ("/api/v1/assessments/indicators", "get"),
        ("/api/v1/assessments/indicators", "post"),
        ("/api/v1/assessments/indicators/import", "post"),
        ("/api/v1/assessments/self", "get"),
        ("/api/v1/assessments/self", "post"),
        ("/api/v1/assessments/scores", "post"),
    ])
    .await;
}

/// The right (and the county's or the town's part) is checked before a body is read: a
/// viewer's malformed, oversized or badly queried request is refused as such (403), never
/// parsed into a 400 or a 413 that would tell what the body held (issue #12).
#[tokio::test]
async fn a_callers_right_is_checked_before_the_body_is_read() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [viewer_c, viewer_t, town] = t.api_logins(["viewer_c1", "viewer_t1", "staff_t1"]).await;
    let post = |token: &str, path: &str, body: Vec<u8>| {
        Request::builder()
            .method("POST")
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let huge = vec![b'{'; fazhi::web::BODY_LIMIT + 1024];
    let cases = [
        (&viewer_c, "/api/v1/assessments/indicators"),
        (&viewer_c, "/api/v1/assessments/scores"),
        (&viewer_t, "/api/v1/assessments/self"),
        (&viewer_c, "/api/v1/assessments/indicators/import?year=2024"),
        (
            &viewer_c,
            "/api/v1/assessments/indicators/import?year=abc&x=1",
        ),
        // A town's staff write, but neither the county's indicators nor its scores.
        (&town, "/api/v1/assessments/indicators"),
        (&town, "/api/v1/assessments/scores"),
    ];
    for (token, path) in cases {
        for body in [b"{not json".to_vec(), huge.clone()] {
            let (status, _, answer) = t.send(post(token, path, body)).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path}: {}",
                String::from_utf8_lossy(&answer)
            );
        }
    }
    // The same malformed body from who may write is read, and refused for what it is.
    let (status, _, _) = t
        .send(post(
            &town,
            "/api/v1/assessments/self",
            b"{not json".to_vec(),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
