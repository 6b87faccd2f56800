//! The disputes register through the API and the staff pages: the lifecycle, scope (a village
//! mediator never sees another village's cases), masking, search, ledger import and CSRF.

use axum::http::StatusCode;
use fazhi::service::deadlines::today;
use fazhi::service::ledger::{self, Ledger};
use fazhi::service::Caller;
use fazhi::storage::Query;
use serde_json::{json, Value};

use crate::helpers::{multipart, urlencode, Browser, TestApp};

fn id_card(body: &str) -> String {
    let check = fazhi_domain::ident::id_card_check_char(body).expect("17 digits");
    format!("{body}{check}")
}

fn new_dispute(summary: &str, party: &str) -> Value {
    json!({
        "registered_on": today().to_string(),
        "source": "来访",
        "dispute_type": "草场纠纷",
        "summary": summary,
        "parties": [{"name": party}, {"name": "对方当事人"}],
    })
}

async fn create(t: &TestApp, token: &str, body: Value) -> Value {
    let (status, d) = t.post("/api/v1/disputes", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    d
}

/// A registered case and the user who takes its steps through the API.
struct Case<'a> {
    t: &'a TestApp,
    token: &'a str,
    id: i64,
}

impl<'a> Case<'a> {
    /// Registers `body` as `token`'s user.
    async fn register(t: &'a TestApp, token: &'a str, body: Value) -> Case<'a> {
        let id = create(t, token, body).await["id"].as_i64().unwrap();
        Case { t, token, id }
    }

    /// The same case in the hands of another user.
    fn by(&self, token: &'a str) -> Case<'a> {
        Case { token, ..*self }
    }

    /// Step `step` (its path under the case) with `body`: the status and the answer.
    async fn step(&self, step: &str, body: Value) -> (StatusCode, Value) {
        let path = format!("/api/v1/disputes/{}/{step}", self.id);
        self.t.post(&path, self.token, body).await
    }

    /// Step `step`, which must answer `status`; the answer.
    async fn expect(&self, step: &str, status: StatusCode, body: Value) -> Value {
        let (got, answer) = self.step(step, body).await;
        assert_eq!(got, status, "{step}: {answer}");
        answer
    }

    /// Step `step`, which must be refused as invalid (400) naming each of `fields`.
    async fn invalid(&self, step: &str, body: Value, fields: &[&str]) {
        let e = self.expect(step, StatusCode::BAD_REQUEST, body).await;
        for field in fields {
            assert!(e["fields"][field].is_string(), "{step} names {field}: {e}");
        }
    }

    /// Each of `steps` with `body` is refused with `status` (and so changes nothing).
    async fn each_refused(&self, steps: &[&str], body: Value, status: StatusCode) {
        for step in steps {
            self.expect(step, status, body.clone()).await;
        }
    }

    /// The case as the API shows it: the record, its parties, events, sessions and deadlines.
    async fn view(&self) -> (StatusCode, Value) {
        let path = format!("/api/v1/disputes/{}", self.id);
        self.t.get(&path, self.token).await
    }
}

/// The disputes list of the API searched for `q`.
async fn search(t: &TestApp, token: &str, q: &str) -> Value {
    let (status, found) = t
        .get(&format!("/api/v1/disputes?q={}", urlencode(q)), token)
        .await;
    assert_eq!(status, StatusCode::OK, "search {q}: {found}");
    found
}

/// `key` of every entry of the list `v` (e.g. the actions of a case's events).
fn each<'v>(v: &'v Value, key: &str) -> Vec<&'v str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_lifecycle_through_the_api() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let d = create(&t, &m, new_dispute("两户因草场边界发生争执", "张三")).await;
    let case = Case {
        t: &t,
        token: &m,
        id: d["id"].as_i64().unwrap(),
    };
    let id = case.id;
    let year = today().format("%Y").to_string();
    assert_eq!(d["case_no"], format!("测试调〔{year}〕1号"));
    assert_eq!(d["status"], "registered");
    assert_eq!(d["level"], "village");

    // Steps that are not allowed yet are refused with 409 and change nothing.
    let early = [
        "start",
        "close",
        "return-visits",
        "judicial-confirmation",
        "sessions",
    ];
    case.each_refused(&early, json!({}), StatusCode::CONFLICT)
        .await;
    case.expect("accept", StatusCode::OK, json!({})).await;
    let (_, v) = case.view().await;
    assert_eq!(v["dispute"]["status"], "accepted");
    let month = &v["deadlines"][0];
    assert_eq!(month["rule_code"], "dispute.mediation_month");
    assert!(!month["explanation"].as_array().unwrap().is_empty());
    let reason = json!({"reason": "x"});
    case.each_refused(&["accept", "reject"], reason, StatusCode::CONFLICT)
        .await;

    case.expect("start", StatusCode::OK, json!({"mediators": "李调解"}))
        .await;
    case.invalid("sessions", json!({"place": ""}), &["place", "record"])
        .await;
    let session = json!({"place": "村委会调解室", "record": "双方陈述，同意实地测量"});
    case.expect("sessions", StatusCode::CREATED, session).await;

    // A written agreement needs its terms; without signatures and seal it is not in effect.
    let unwritten = json!({"outcome": "调解成功", "agreement_form": "书面"});
    case.invalid("close", unwritten, &["agreement_terms", "date"])
        .await;
    let written = json!({
        "outcome": "调解成功", "date": today().to_string(), "agreement_form": "书面",
        "agreement_terms": "以界桩为准，张三退还草场两亩",
        "performance_terms": "十日内在村委会现场交接",
        "signatures_complete": true,
    });
    let d = case.expect("close", StatusCode::OK, written).await;
    assert_eq!(d["status"], "succeeded");
    assert_eq!(d["agreement_effective_on"], today().to_string());

    let after = [
        "accept", "start", "close", "escalate", "transfer", "sessions",
    ];
    case.each_refused(&after, json!({"target": "法院"}), StatusCode::CONFLICT)
        .await;
    let visit = json!({"visitor": "李调解", "performance": "已履行"});
    case.expect("return-visits", StatusCode::CREATED, visit)
        .await;
    let ruling =
        json!({"court": "乌苏市人民法院", "ruling": "确认有效", "date": today().to_string()});
    let d = case
        .expect("judicial-confirmation", StatusCode::OK, ruling)
        .await;
    assert_eq!(d["confirmation_ruling"], "valid");

    // The written agreement as DOCX, named for people; none for another village.
    let req = axum::http::Request::builder()
        .uri(format!("/api/v1/disputes/{id}/agreement.docx"))
        .header("authorization", format!("Bearer {m}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, bytes) = t.send(req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains(&urlencode("人民调解协议书-")),
        "{disposition}"
    );
    let other = t.api_login("mediator_v2").await;
    let (status, _) = t
        .get(&format!("/api/v1/disputes/{id}/agreement.docx"), &other)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let b = t.browser_login("mediator_v2").await;
    let (status, _) = t.page(&b, &format!("/disputes/{id}/agreement.docx")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, v) = case.view().await;
    assert_eq!(v["dispute"]["performance"], "performed");
    assert_eq!(
        each(&v["events"], "action"),
        ["register", "accept", "start", "close"]
    );
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1);
    // Concluded: the one-month deadline is settled; the confirmation window too.
    assert!(
        v["deadlines"].as_array().unwrap().is_empty(),
        "{}",
        v["deadlines"]
    );
    // Case numbers continue per town and year.
    let d2 = create(&t, &m, new_dispute("另一起", "王五")).await;
    assert_eq!(d2["case_no"], format!("测试调〔{year}〕2号"));
}

#[tokio::test]
async fn refusals_name_what_is_missing_and_viewers_cannot_act() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let viewer = t.api_login("viewer_t1").await;
    let case = Case::register(&t, &m, new_dispute("宅基地争议", "赵六")).await;
    case.invalid("reject", json!({}), &["reason"]).await;
    case.invalid("transfer", json!({}), &["target"]).await;
    case.by(&viewer)
        .expect("accept", StatusCode::FORBIDDEN, json!({}))
        .await;
    let (status, _) = t
        .post("/api/v1/disputes", &viewer, new_dispute("x", "y"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let reason = json!({"reason": "已由人民法院受理"});
    let d = case.expect("reject", StatusCode::OK, reason).await;
    assert_eq!(d["status"], "rejected");
    // Unknown fields and wrong types are 400, never 500.
    case.expect("accept", StatusCode::BAD_REQUEST, json!({"bogus": 1}))
        .await;
    let (status, _) = t.get("/api/v1/disputes/abc", &m).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.get("/api/v1/disputes?year=abcd", &m).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn closing_with_failure_or_termination_and_transfer() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let s = t.api_login("staff_t1").await;
    let mut body = new_dispute("劳务费争议", "钱七");
    body["village"] = json!("V2");
    body["accept_now"] = json!(true);
    let case = Case::register(&t, &s, body).await;
    let date = today().to_string();
    let without_reason = json!({"outcome": "已终止", "date": date});
    case.invalid("close", without_reason, &["reason"]).await;
    let terminated = json!({"outcome": "terminated", "date": date, "reason": "一方明确拒绝调解"});
    let d = case.expect("close", StatusCode::OK, terminated).await;
    assert_eq!(d["status"], "terminated");
    assert_eq!(d["agreement_form"], "none");

    let case = Case::register(&t, &s, new_dispute("债务纠纷", "孙八")).await;
    let target = json!({"target": "乌苏市人民法院"});
    let d = case.expect("transfer", StatusCode::OK, target).await;
    assert_eq!(d["status"], "transferred");
    assert_eq!(d["transfer_target"], "乌苏市人民法院");
}

#[tokio::test]
async fn escalation_keeps_one_case_with_its_village_history() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let staff = t.api_login("staff_t1").await;
    let case = Case::register(&t, &m, new_dispute("跨村草场纠纷", "马某")).await;
    case.expect("accept", StatusCode::OK, json!({})).await;
    let note = json!({"note": "涉及两村"});
    let d = case.expect("escalate", StatusCode::OK, note).await;
    assert_eq!(d["level"], "town");
    assert_eq!(d["status"], "accepted");
    // The town now handles it; the village mediator no longer sees it.
    assert_eq!(case.view().await.0, StatusCode::NOT_FOUND);
    let town = case.by(&staff);
    let (status, v) = town.view().await;
    assert_eq!(status, StatusCode::OK);
    let events: Vec<(&str, &str)> = each(&v["events"], "action")
        .into_iter()
        .zip(each(&v["events"], "org_name"))
        .collect();
    assert_eq!(
        events,
        [
            ("register", "东风村"),
            ("accept", "东风村"),
            ("escalate", "测试镇")
        ]
    );
    town.expect("escalate", StatusCode::CONFLICT, json!({}))
        .await;
    let (_, list) = t.get("/api/v1/disputes?level=镇级", &staff).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["totals"]["town"], 1);
}

#[tokio::test]
async fn a_village_mediator_cannot_see_or_change_another_village() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m1 = t.api_login("mediator_v1").await;
    let m2 = t.api_login("mediator_v2").await;
    let d = create(&t, &m1, new_dispute("东风村草场边界纠纷", "哈力木")).await;
    let id = d["id"].as_i64().unwrap();
    let case_no = d["case_no"].as_str().unwrap().to_owned();
    create(&t, &m2, new_dispute("红旗村家庭纠纷", "古丽")).await;

    // API: read, every step, list, search.
    let outsider = Case {
        t: &t,
        token: &m2,
        id,
    };
    assert_eq!(outsider.view().await.0, StatusCode::NOT_FOUND);
    let steps = [
        "accept", "reject", "escalate", "transfer", "sessions", "close",
    ];
    let body = json!({"reason": "x", "target": "y"});
    outsider
        .each_refused(&steps, body, StatusCode::NOT_FOUND)
        .await;
    let (_, list) = t.get("/api/v1/disputes", &m2).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["summary"], "红旗村家庭纠纷");
    for q in ["东风村", "哈力木", case_no.as_str()] {
        assert_eq!(search(&t, &m2, q).await["total"], 0, "search {q}");
    }
    let (_, other) = t.get("/api/v1/disputes?org=V1", &m2).await;
    assert_eq!(other["code"], "validation_failed");

    // Pages and exports.
    let b2 = t.browser_login("mediator_v2").await;
    let (status, _) = t.page(&b2, &format!("/disputes/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let accept = format!("/disputes/{id}/steps/accept");
    t.form_answers(&b2, &accept, &[], StatusCode::NOT_FOUND)
        .await;
    let (_, html) = t.page(&b2, "/disputes").await;
    assert!(!html.contains("哈力木") && html.contains("古丽"));
    let (status, csv) = t.page(&b2, "/disputes/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!csv.contains("哈力木") && csv.contains("古丽"), "{csv}");
    // The town sees both.
    let s = t.api_login("staff_t1").await;
    let (_, all) = t.get("/api/v1/disputes", &s).await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["totals"]["village"], 2);
}

#[tokio::test]
async fn personal_data_is_masked_unless_revealed_by_a_role_that_may() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id_no = id_card("65020219900101123");
    let mut body = new_dispute("邻里纠纷", "阿依古丽");
    body["village"] = json!("V1");
    body["parties"][0]["id_no"] = json!(id_no);
    body["parties"][0]["phone"] = json!("13812345678");
    let id = create(&t, &staff, body).await["id"].as_i64().unwrap();

    let (_, v) = t.get(&format!("/api/v1/disputes/{id}"), &staff).await;
    let masked_id = format!("{}**********{}", &id_no[..4], &id_no[14..]);
    assert_eq!(v["parties"][0]["id_no"], masked_id);
    assert_eq!(v["parties"][0]["phone"], "138****5678");
    let views = || t.audit_count("view_personal_data", None);
    assert_eq!(views().await, 0);

    let viewer = t.api_login("viewer_t1").await;
    let (_, v) = t
        .get(&format!("/api/v1/disputes/{id}?reveal=true"), &viewer)
        .await;
    assert_eq!(v["parties"][0]["phone"], "138****5678");
    assert_eq!(v["personal_data_shown"], false);
    assert_eq!(views().await, 0);

    let (_, v) = t
        .get(&format!("/api/v1/disputes/{id}?reveal=true"), &staff)
        .await;
    assert_eq!(v["parties"][0]["id_no"], id_no.as_str());
    assert_eq!(v["parties"][0]["phone"], "13812345678");
    assert_eq!(views().await, 1);

    // Bad identifiers are refused with what to fix.
    let mut bad = new_dispute("x", "y");
    bad["village"] = json!("V1");
    bad["parties"][0]["id_no"] = json!("650202199001011230");
    bad["parties"][0]["phone"] = json!("1234");
    let (status, e) = t.post("/api/v1/disputes", &staff, bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(e["fields"]["party1_id_no"]
        .as_str()
        .unwrap()
        .contains("校验位"));
    assert!(e["fields"]["party1_phone"].is_string());

    // The page shows masked values until asked, and logs the full view.
    let b = t.browser_login("staff_t1").await;
    let (_, html) = t.page(&b, &format!("/disputes/{id}")).await;
    assert!(html.contains("138****5678") && !html.contains("13812345678"));
    let (_, html) = t.page(&b, &format!("/disputes/{id}?reveal=1")).await;
    assert!(html.contains("13812345678"));
    assert_eq!(views().await, 2);
}

#[tokio::test]
async fn search_finds_words_of_two_three_and_four_characters() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let s = t.api_login("staff_t1").await;
    for (summary, party, kind) in [
        ("因草场边界发生争执", "努尔兰", "草场纠纷"),
        ("邻居宅基地纠纷，涉及围墙", "王建国", "邻里纠纷"),
        ("婚姻家庭矛盾", "李秀英", "婚姻家庭纠纷"),
    ] {
        let mut b = new_dispute(summary, party);
        b["village"] = json!("V1");
        b["dispute_type"] = json!(kind);
        create(&t, &s, b).await;
    }
    for (q, expected) in [
        ("草场", 1),
        ("草场纠纷", 1),
        ("邻里纠纷", 1),
        ("宅基地", 1),
        ("草场边界", 1),
        ("王建国", 1),
        ("对方当事人", 3),
        ("测试调", 3),
        ("家庭 矛盾", 1),
        ("100%", 0),
        ("不存在的词", 0),
    ] {
        let r = search(&t, &s, q).await;
        assert_eq!(r["total"], expected, "search {q}");
        assert_eq!(
            r["items"].as_array().unwrap().len(),
            expected,
            "page of {q}"
        );
    }

    // The list page's pager keeps the search and the page size in its links.
    let b = t.browser_login("staff_t1").await;
    let list = format!("/disputes?q={}&per_page=1", urlencode("对方当事人"));
    let (_, html) = t.page(&b, &list).await;
    assert!(
        html.contains("第 1 / 3 页") && !html.contains("上一页"),
        "{html}"
    );
    assert!(html.contains("per_page=1&#38;page=2\">下一页"), "{html}");
    let (_, html) = t.page(&b, &format!("{list}&page=3")).await;
    assert!(html.contains("第 3 / 3 页") && html.contains("per_page=1&#38;page=2\">上一页"));
    assert!(!html.contains("下一页"));

    // The search index follows writes made anywhere, here straight in the database.
    for sql in [
        "UPDATE disputes SET summary = '羊群越界吃草' WHERE parties_text LIKE '%努尔兰%'",
        "UPDATE disputes SET parties_text = '王某、对方当事人' WHERE parties_text LIKE '%王建国%'",
    ] {
        Query::new(sql).execute(&t.app.db).await.unwrap();
    }
    for (q, expected) in [
        ("羊群越界", 1),
        ("草场边界", 0),
        ("王建国", 0),
        ("宅基地", 1),
    ] {
        let r = search(&t, &s, q).await;
        assert_eq!(r["total"], expected, "search {q} after the change");
    }
}

pub(crate) const GOOD: &str = "西大沟镇矛盾纠纷排查化解台账（2023年）\n\
编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
,2023-03-05,东风村,草场纠纷,排查,张三、李四,草场边界,村级,王调解,调解成功,2023-03-20,书面,1.5万\n\
,2023/4/1,V2,家庭纠纷,来访,赵五,赡养,镇级,,调解中,,,\n\
测试调〔2023〕9号,2023年5月6日,红旗村,土地纠纷,电话,钱六,承包地,村级,,调解不成,2023-06-01,无,\n";

const BAD: &str = "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
,2023-13-05,东风村,草场纠纷,排查,张三,x,村级,,调解成功,2023-03-20,书面,\n\
,2023-03-05,另一村,打架,路过,,x,省级,,完成,,,abc\n\
,2023-03-05,东风村,草场纠纷,排查,张三,x,村级,,调解成功,,无,\n";

pub(crate) async fn count(t: &TestApp) -> i64 {
    t.scalar("SELECT COUNT(*) FROM disputes").await
}

/// The disputes ledger `csv` posted to the import API by `token`'s user for `org`: the status
/// and the answer.
pub(crate) async fn api_import(
    t: &TestApp,
    token: &str,
    org: &str,
    csv: impl Into<axum::body::Body>,
) -> (StatusCode, Value) {
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/api/v1/imports/disputes?org={org}&format=csv"))
        .header("authorization", format!("Bearer {token}"))
        .body(csv.into())
        .unwrap();
    let (status, _, body) = t.send(req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_good_ledger_imports_and_a_bad_one_changes_nothing() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let dry = t.import_csv(Ledger::Disputes, "T1", GOOD, true).await;
    assert_eq!((dry.rows, dry.imported, dry.errors.len()), (3, 0, 0));
    assert_eq!(count(&t).await, 0);
    let r = t.import_csv(Ledger::Disputes, "T1", GOOD, false).await;
    assert_eq!(r.imported, 3, "{:?}", r.errors);
    assert_eq!(count(&t).await, 3);
    let nos: Vec<String> = Query::new("SELECT case_no FROM disputes ORDER BY registered_on")
        .fetch_scalars(&t.app.db)
        .await
        .unwrap();
    // Blank numbers continue after the highest number in the file.
    assert_eq!(
        nos,
        [
            "测试调〔2023〕10号",
            "测试调〔2023〕11号",
            "测试调〔2023〕9号"
        ]
    );
    let amount: Option<i64> = t
        .scalar("SELECT amount_fen FROM disputes WHERE case_no = '测试调〔2023〕10号'")
        .await;
    assert_eq!(amount, Some(1_500_000));
    assert_eq!(t.audit_count("import", None).await, 1);

    // Same file again: the given number now clashes; nothing is imported.
    let again = t.import_csv(Ledger::Disputes, "T1", GOOD, false).await;
    assert_eq!(again.imported, 0);
    assert!(
        again.errors.iter().any(|e| e.contains("第5行「编号」")),
        "{:?}",
        again.errors
    );

    let bad = t.import_csv(Ledger::Disputes, "T1", BAD, false).await;
    assert_eq!(bad.imported, 0);
    assert_eq!(count(&t).await, 3);
    let joined = bad.errors.join("\n");
    for expected in [
        "第2行「登记日期」",
        "第3行「所属村」",
        "第3行「纠纷类型」",
        "第3行「来源」",
        "第3行「当事人」",
        "第3行「调解层级」",
        "第3行「状态」",
        "第3行「涉及金额」",
        "第4行「结案日期」",
        "第4行「协议形式」",
    ] {
        assert!(joined.contains(expected), "missing {expected} in\n{joined}");
    }

    // The same import over the API: every bad row reported, 400, nothing written.
    let token = t.api_login("staff_t1").await;
    let (status, body) = api_import(&t, &token, "T1", BAD).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"].as_array().unwrap().len(), bad.errors.len());
    assert_eq!(count(&t).await, 3);
    let mediator = t.api_login("mediator_v2").await;
    let (status, _) = api_import(&t, &mediator, "V1", GOOD).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "another village's code is not found"
    );
    assert_eq!(count(&t).await, 3);

    // Export round-trips the header and the rows.
    let (name, bytes) = ledger::export(
        &t.app,
        &Caller::operator(),
        Ledger::Disputes,
        "T1",
        Some(2023),
        fazhi_ledger::Format::Csv,
    )
    .await
    .unwrap();
    assert!(name.starts_with("纠纷台账-测试镇-2023年"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("编号,登记日期,所属村") && text.contains("张三、李四"));
    assert!(text.contains("15000"));
}

#[tokio::test]
async fn forms_need_the_csrf_token_and_show_errors_by_field() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("mediator_v1").await;
    let (status, html) = t.page(&b, "/disputes/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("登记纠纷"));
    let today = today().to_string();
    let fields = [
        ("registered_on", today.as_str()),
        ("source", "visit"),
        ("dispute_type", "草场纠纷"),
        ("summary", "草场边界争执"),
        ("party1_name", "张三"),
    ];
    let (status, _, _) = t.form(&b, "/disputes", &fields, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count(&t).await, 0);

    let only_summary = [("summary", "只写了情况")];
    let html = t
        .form_answers(&b, "/disputes", &only_summary, StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains("error-summary") && html.contains("href=\"#registered_on\""));
    assert!(html.contains("只写了情况"), "typed text is kept");

    let (status, headers, _) = t.form(&b, "/disputes", &fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers["location"].to_str().unwrap().to_owned();
    let accept = format!("{location}/steps/accept");
    for (csrf, expected) in [
        (false, StatusCode::FORBIDDEN),
        (true, StatusCode::SEE_OTHER),
    ] {
        let (status, _, _) = t.form(&b, &accept, &[], csrf).await;
        assert_eq!(status, expected, "CSRF token sent: {csrf}");
    }
    let (_, html) = t.page(&b, &location).await;
    assert!(html.contains("已受理") && html.contains("人民调解一般一个月内调结"));
    assert!(html.contains("如何计算"));
    // A refused step comes back with its message.
    let close = format!("{location}/steps/close");
    let terminated = [("outcome", "terminated")];
    let html = t
        .form_answers(&b, &close, &terminated, StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains("请填写终止调解的原因"), "{html}");
    let (_, html) = t.page(&b, "/disputes").await;
    assert!(html.contains("共 1 起，村级 1，镇级 0"));
}

#[tokio::test]
async fn consultations_and_legal_aid_referrals_with_their_deadlines() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let today = today().to_string();
    // A POST of `body` to `path` as the mediator, which must answer `status`; the answer.
    let post = |path: String, body: Value, status: StatusCode| {
        let (t, m) = (&t, &m);
        async move {
            let (got, answer) = t.post(&path, m, body).await;
            assert_eq!(got, status, "{path}: {answer}");
            answer
        }
    };
    let consultations = "/api/v1/consultations".to_owned();
    let c = post(
        consultations.clone(),
        json!({"consulted_on": today, "channel": "窗口", "person": "马强",
               "phone": "13912345678", "topic": "土地承包经营权流转", "aid_explained": true,
               "follow_up": "转法律援助"}),
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_i64().unwrap();
    let blank = json!({"consulted_on": "x", "channel": "信", "person": "", "topic": ""});
    let e = post(consultations, blank, StatusCode::BAD_REQUEST).await;
    for f in ["consulted_on", "channel", "person", "topic"] {
        assert!(e["fields"][f].is_string(), "{f}: {e}");
    }
    let (_, list) = t.get("/api/v1/consultations", &m).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["phone"], "139****5678");
    let other = t.api_login("mediator_v2").await;
    let (status, _) = t.get(&format!("/api/v1/consultations/{cid}"), &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let r = post(
        "/api/v1/legal-aid".to_owned(),
        json!({"applied_on": today, "applicant": "马强", "matter": "追索劳动报酬",
               "institution": "乌苏市法律援助中心", "referred_on": today,
               "consultation_id": cid}),
        StatusCode::CREATED,
    )
    .await;
    let rid = r["id"].as_i64().unwrap();
    let referral = format!("/api/v1/legal-aid/{rid}");
    let running = || async {
        let (_, v) = t.get(&referral, &m).await;
        each(&v["deadlines"], "rule_code")
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(running().await, ["legal_aid.decision"]);
    let step = |s: &str| format!("{referral}/{s}");
    let lawyer = json!({"lawyer": "王律师", "date": today});
    post(step("assignment"), lawyer.clone(), StatusCode::CONFLICT).await;
    let refusal = json!({"decision": "不予援助", "date": today});
    let e = post(step("decision"), refusal, StatusCode::BAD_REQUEST).await;
    assert!(e["fields"]["reason"].is_string(), "{e}");
    let grant = json!({"decision": "给予援助", "date": today});
    post(step("decision"), grant, StatusCode::OK).await;
    assert_eq!(running().await, ["legal_aid.assignment"]);
    post(step("assignment"), lawyer, StatusCode::OK).await;
    let (_, v) = t.get(&referral, &m).await;
    assert!(v["deadlines"].as_array().unwrap().is_empty());
    assert_eq!(v["referral"]["lawyer"], "王律师");

    // Their ledgers import all-or-nothing too.
    let good = "日期,所属村,咨询人,咨询事项,类别,答复人,处理方式\n2023-02-01,东风村,甲,离婚财产,婚姻家庭,司法所,当场解答\n";
    let r = t.import_csv(Ledger::Consultations, "T1", good, false).await;
    assert_eq!(r.imported, 1, "{:?}", r.errors);
    let bad = "申请日期,申请人,所属村,事项,转交机构,结果\n2023-02-30,,西村,,中心,\n";
    let r = t.import_csv(Ledger::LegalAid, "T1", bad, false).await;
    assert_eq!(r.imported, 0);
    assert_eq!(r.errors.len(), 4, "{:?}", r.errors);
}

#[tokio::test]
async fn photos_are_stored_by_content_and_only_within_scope() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let id = create(&t, &m, new_dispute("现场照片", "甲")).await["id"]
        .as_i64()
        .unwrap();
    let b = t.browser_login("mediator_v1").await;
    let other = t.browser_login("mediator_v2").await;
    let photo: &[u8] = b"\xFF\xD8\xFF\xE0fake-jpeg";
    let path = format!("/disputes/{id}/attachments");
    // (who, CSRF token, file, answer): a wrong token, not a photo, the same photo twice (one
    // file), and another village's mediator.
    let csrf = b.csrf.as_str();
    for (who, csrf, file, expected) in [
        (
            &b,
            "wrong",
            ("a.jpg", "image/jpeg", photo),
            StatusCode::FORBIDDEN,
        ),
        (
            &b,
            csrf,
            ("a.exe", "application/x-msdownload", &b"MZ"[..]),
            StatusCode::BAD_REQUEST,
        ),
        (
            &b,
            csrf,
            ("现场.jpg", "image/jpeg", photo),
            StatusCode::SEE_OTHER,
        ),
        (
            &b,
            csrf,
            ("现场.jpg", "image/jpeg", photo),
            StatusCode::SEE_OTHER,
        ),
        (
            &other,
            other.csrf.as_str(),
            ("b.jpg", "image/jpeg", photo),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let req = multipart(who, &path, &[("_csrf", csrf)], file);
        let (status, _, _) = t.send(req).await;
        assert_eq!(status, expected, "{} with CSRF {csrf}", file.0);
    }
    let sha = fazhi::service::attachments::sha256_hex(photo);
    let stored = fazhi::service::attachments::blobs(&t.app).get(&sha).await;
    assert_eq!(stored.unwrap(), photo);
    let ids: Vec<i64> = Query::new("SELECT id FROM attachments ORDER BY id")
        .fetch_scalars(&t.app.db)
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    // The case's page lists both, read with the case (storage/nested.rs).
    let (status, v) = t.get(&format!("/api/v1/disputes/{id}"), &m).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        each(&v["attachments"], "file_name"),
        ["现场.jpg", "现场.jpg"]
    );
    assert_eq!(v["attachments"][0]["size_bytes"], photo.len());
    assert!(v["attachments"][1]["uploaded_at"].as_str().is_some(), "{v}");
    let (status, body) = t.page(&b, &format!("/attachments/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.is_empty());
    let (_, html) = t.page(&b, &format!("/disputes/{id}")).await;
    assert!(html.contains("现场.jpg"));
    let (status, _) = t.page(&other, &format!("/attachments/{}", ids[0])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The disputes ledger `bytes` (named `name`) uploaded on the import page for T1: the status
/// and the page answered.
pub(crate) async fn upload_ledger(
    t: &TestApp,
    browser: &Browser,
    name: &str,
    bytes: &[u8],
) -> (StatusCode, String) {
    let fields = [("_csrf", browser.csrf.as_str()), ("org", "T1")];
    let req = multipart(
        browser,
        "/disputes/import",
        &fields,
        (name, "text/csv", bytes),
    );
    let (status, _, html) = t.send(req).await;
    (status, String::from_utf8(html).unwrap())
}

/// The confirmation token of an import preview.
pub(crate) fn token_of(html: &str) -> String {
    html.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a confirmation token")
        .to_owned()
}

/// Confirms the staged upload `token` of T1 on the import page (with the CSRF token when
/// `csrf`): the status and the page answered.
pub(crate) async fn confirm_import(
    t: &TestApp,
    browser: &Browser,
    token: &str,
    csrf: bool,
) -> (StatusCode, String) {
    let fields = [("org", "T1"), ("token", token)];
    let (status, _, html) = t
        .form(browser, "/disputes/import/confirm", &fields, csrf)
        .await;
    (status, html)
}

#[tokio::test]
async fn the_import_page_previews_then_imports_on_confirmation() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let (status, html) = upload_ledger(&t, &b, "bad.csv", BAD.as_bytes()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("第3行「所属村」") && html.contains("文件未导入"));
    assert_eq!(count(&t).await, 0);
    let (status, html) = upload_ledger(&t, &b, "good.csv", GOOD.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("确认导入 3 条记录"), "{html}");
    assert_eq!(count(&t).await, 0, "the preview imports nothing");
    let token = token_of(&html);
    let (status, _) = confirm_import(&t, &b, &token, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html) = confirm_import(&t, &b, &token, true).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已导入 3 条记录"));
    assert_eq!(count(&t).await, 3);
    let (status, _) = confirm_import(&t, &b, "../../etc/passwd", true).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn screening_rounds_show_who_has_not_reported() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let m1 = t.api_login("mediator_v1").await;
    let m2 = t.api_login("mediator_v2").await;
    let (status, e) = t
        .post("/api/v1/screening-rounds", &m1, json!({"name": "春节前排查", "kind": "special", "starts_on": "2024-02-01", "ends_on": "2024-01-01"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        e["fields"]["ends_on"].is_string() && e["fields"]["org"].is_string(),
        "{e}"
    );
    let (status, r) = t
        .post("/api/v1/screening-rounds", &staff, json!({"name": "2024年春节前矛盾纠纷集中排查", "kind": "专项排查", "starts_on": "2024-02-01", "ends_on": "2024-02-08"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let id = r["id"].as_i64().unwrap();
    let round = format!("/api/v1/screening-rounds/{id}");
    let (_, v) = t.get(&round, &m1).await;
    assert_eq!(v["not_reported"].as_array().unwrap().len(), 2);
    // (who, report, answer): V1's zero report, V1 again, V2 reporting for V1.
    let reports = format!("{round}/reports");
    for (who, report, expected, why) in [
        (
            &m1,
            json!({"found": 0}),
            StatusCode::CREATED,
            "a zero report",
        ),
        (
            &m1,
            json!({"found": 2}),
            StatusCode::CONFLICT,
            "a second report",
        ),
        (
            &m2,
            json!({"village": "V1", "found": 1}),
            StatusCode::BAD_REQUEST,
            "another village cannot report for V1",
        ),
    ] {
        let (status, e) = t.post(&reports, who, report).await;
        assert_eq!(status, expected, "{why}: {e}");
    }
    let (_, v) = t.get(&round, &staff).await;
    assert_eq!(each(&v["not_reported"], "name"), ["红旗村"]);
    assert_eq!(v["reports"][0]["zero_report"], true);
    let other_town = t.api_login("staff_t2").await;
    let (status, _) = t.get(&round, &other_town).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The list's totals are cached per register version: a write through the service, and a write
/// that bypasses it (the CLI, another server instance), both show at once.
#[tokio::test]
async fn list_totals_follow_every_write() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    create(&t, &m, new_dispute("两户因草场边界发生争执", "张三")).await;
    let (_, first) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(first["total"], 1);
    let (_, again) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(again["total"], 1, "served from the cache, still right");

    let d = create(&t, &m, new_dispute("邻里因排水发生争执", "李四")).await;
    let (_, after_create) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(after_create["total"], 2);
    assert_eq!(after_create["totals"]["village"], 2);

    // A change made outside this process: raise one case to town level in SQL.
    fazhi::storage::Query::new("UPDATE disputes SET level = 'town' WHERE id = $1")
        .bind(d["id"].as_i64().unwrap())
        .execute(&t.app.db)
        .await
        .unwrap();
    let (_, after_sql) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(after_sql["totals"]["town"], 1);
    assert_eq!(after_sql["totals"]["village"], 1);
}

/// A seeded app on PostgreSQL; `None` on SQLite, for the tests of PostgreSQL's planner.
async fn seeded_postgres() -> Option<TestApp> {
    let t = TestApp::spawn().await;
    if t.app.db.backend() != fazhi::storage::Backend::Postgres {
        return None;
    }
    t.seed().await;
    Some(t)
}

/// A large import leaves PostgreSQL with fresh planner statistics, so the list that follows is
/// planned on the real table (SQLite keeps no statistics to refresh).
#[tokio::test]
async fn a_large_import_refreshes_the_planner_statistics() {
    let Some(t) = seeded_postgres().await else {
        return;
    };
    let mut csv = String::from(
        "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n",
    );
    for i in 0..1_000 {
        csv.push_str(&format!(
            ",2023-03-{:02},V1,草场纠纷,排查,张三{i}、李四,草场边界,村级,,调解成功,2023-03-28,书面,\n",
            i % 28 + 1
        ));
    }
    let r = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!(r.imported, 1_000, "{:?}", r.errors);
    // ANALYZE writes the row estimate into the catalog at once (a fresh table has -1, and
    // autovacuum wakes only once a minute).
    let estimated: i64 = t
        .scalar("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE relname = 'disputes'")
        .await;
    assert_eq!(estimated, 1_000);
}

/// PostgreSQL plans every scoped page by how many organisations lie under a path; without
/// statistics of `orgs` (autovacuum never analyses so small a table) it sorted whole registers
/// instead of reading a page off the date index.
#[tokio::test]
async fn postgres_has_statistics_of_the_organisations_once_they_are_added() {
    let Some(t) = seeded_postgres().await else {
        return;
    };
    let analysed: i64 = t
        .scalar("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'orgs' AND attname = 'path'")
        .await;
    assert_eq!(analysed, 1, "orgs.path has planner statistics");
}

/// The 办理经过 lists the steps of one date in the order they happened: a session held on the day
/// of the 结案 comes before it, and the return visit after.
#[tokio::test]
async fn the_timeline_of_one_date_is_in_the_order_of_events() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let case = Case::register(&t, &m, new_dispute("邻里排水沟纠纷", "马六")).await;
    let today = today().to_string();
    let steps = [
        ("accept", json!({})),
        ("start", json!({"mediators": "李调解"})),
        (
            "sessions",
            json!({"place": "村委会调解室", "record": "当场疏通水沟"}),
        ),
        (
            "close",
            json!({"outcome": "调解成功", "date": today, "agreement_form": "口头",
                         "agreement_terms": "共同疏通水沟"}),
        ),
        (
            "return-visits",
            json!({"visitor": "李调解", "performance": "已履行"}),
        ),
    ];
    for (s, body) in steps {
        let (status, v) = case.step(s, body).await;
        assert!(status.is_success(), "{s}: {status} {v}");
    }
    let b = t.browser_login("mediator_v1").await;
    let (_, html) = t.page(&b, &format!("/disputes/{}", case.id)).await;
    let list = html
        .split("<ol class=\"timeline\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the 办理经过 list");
    let titles: Vec<&str> = list
        .split("<strong>")
        .skip(1)
        .filter_map(|item| item.split("</strong>").next())
        .collect();
    assert_eq!(
        titles,
        [
            "登记",
            "受理",
            "开始调解",
            "调解（村委会调解室）",
            "结案",
            "回访：已履行"
        ],
        "{list}"
    );
}

/// The 调解员 are chosen from the mediators register, with a field for those from outside it:
/// the forms offer the register's active mediators to tick, and what is ticked and typed becomes
/// the case's mediators.
#[tokio::test]
async fn mediators_are_chosen_from_the_register_with_outsiders_typed() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let start = today() - chrono::Duration::days(30);
    let end = start + chrono::Months::new(36);
    let c = t
        .created(
            "/api/v1/committees",
            &staff,
            json!({"org": "V1", "name": "一村人民调解委员会", "term_start": start.to_string(),
                   "term_end": end.to_string()}),
        )
        .await;
    t.created(
        "/api/v1/mediators",
        &staff,
        json!({"committee_id": c["id"], "name": "王调解", "sex": "男", "ethnicity": "汉族",
               "position": "调解员"}),
    )
    .await;

    let b = t.browser_login("mediator_v1").await;
    let (_, form) = t.page(&b, "/disputes/new").await;
    assert!(
        form.contains("name=\"mediator_pick_1\" value=\"王调解\"") && form.contains("其他（外聘）"),
        "{form}"
    );
    let m1 = t.api_login("mediator_v1").await;
    let case = Case::register(&t, &m1, new_dispute("草场边界", "甲")).await;
    let id = case.id;
    case.expect("accept", StatusCode::OK, json!({})).await;
    let today = today().to_string();
    let picked = [
        ("date", today.as_str()),
        ("mediator_pick_1", "王调解"),
        ("mediators_outside", "赵律师"),
    ];
    let start = format!("/disputes/{id}/steps/start");
    t.form_answers(&b, &start, &picked, StatusCode::SEE_OTHER)
        .await;
    let (_, now) = case.view().await;
    assert_eq!(now["dispute"]["mediators"], "王调解、赵律师", "{now}");
    let (_, page) = t.page(&b, &format!("/disputes/{id}")).await;
    assert!(
        page.contains("value=\"王调解\" checked") && page.contains("value=\"赵律师\""),
        "the register's name ticked, the outsider in its own field: {page}"
    );
}
