//! The town's own ledgers and every ledger in the browser (issue #14 points 4 and 5): header
//! synonyms and 备注, a column mapping saved as the organisation's ledger profile (page, API and
//! the command line's `--profile`), the preview's rows, the same file imported twice, rows
//! identical to stored records, and files that are not ledgers.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use fazhi::service::ledger::{self, Ledger, ProfileChoice};
use fazhi::service::Caller;
use serde_json::Value;

use crate::disputes::{count, token_of};
use crate::helpers::{multipart, Browser, TestApp};

/// A published 矛盾纠纷排查记录表: a title row, 序号, synonyms for most columns and 备注.
pub(crate) const TOWN_LEDGER: &str = "测试镇矛盾纠纷排查记录表（2023年）\n\
序号,排查日期,排查区域/单位,纠纷类别,纠纷来源,当事人姓名,矛盾事项,调处层级,化解结果,备注\n\
1,2023/3/5,东风村,草场纠纷,排查,张三、李四,草场边界,村级,调解中,已回访两次\n\
2,2023年3月6日,红旗村,婚姻家庭纠纷,来访,王五,赡养,村级,已受理,\n";

/// The same layout with two columns the town made up: 对方当事人 (the other party) and 包案领导.
pub(crate) const UNKNOWN_COLUMNS: &str =
    "排查日期,排查区域/单位,纠纷类别,纠纷来源,当事人姓名,对方当事人,包案领导,调处层级,化解结果\n\
2023-04-01,东风村,草场纠纷,排查,张三,李四与王五,赵书记,村级,调解中\n\
2023-04-02,红旗村,草场纠纷,排查,孙六,周七,赵书记,村级,调解中\n";

/// Another file of the same layout (other rows).
pub(crate) const UNKNOWN_COLUMNS_AGAIN: &str =
    "排查日期,排查区域/单位,纠纷类别,纠纷来源,当事人姓名,对方当事人,包案领导,调处层级,化解结果\n\
2023-05-01,东风村,草场纠纷,排查,吴八,郑九,钱书记,村级,调解中\n";

async fn remarks(t: &TestApp, sql: &str) -> Vec<Option<String>> {
    fazhi::storage::Query::new(sql)
        .fetch_scalars(&t.app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn synonyms_and_remarks_import_into_every_register() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let r = t
        .import_csv(Ledger::Disputes, "T1", TOWN_LEDGER, false)
        .await;
    assert_eq!((r.imported, r.errors.clone()), (2, vec![]));
    let kept = remarks(&t, "SELECT remarks FROM disputes ORDER BY registered_on").await;
    assert_eq!(kept, vec![Some("已回访两次".to_owned()), None]);
    let summary: String = t
        .scalar("SELECT summary FROM disputes ORDER BY registered_on LIMIT 1")
        .await;
    assert_eq!(summary, "草场边界", "矛盾事项 is read as 简要情况");
    let parties: i64 = t.scalar("SELECT COUNT(*) FROM dispute_parties").await;
    assert_eq!(parties, 3);

    let consultations = "咨询日期,咨询人姓名,咨询内容,备注\n2023-03-05,张三,土地承包,电话回访\n";
    let r = t
        .import_csv(Ledger::Consultations, "T1", consultations, false)
        .await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let kept = remarks(&t, "SELECT remarks FROM consultations").await;
    assert_eq!(kept, vec![Some("电话回访".to_owned())]);

    let aid = "申请日期,受援人,申请事项,备注\n2023-03-05,李四,追索劳动报酬,材料齐全\n";
    let r = t.import_csv(Ledger::LegalAid, "T1", aid, false).await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let kept = remarks(&t, "SELECT remarks FROM legal_aid_referrals").await;
    assert_eq!(kept, vec![Some("材料齐全".to_owned())]);

    let publicity = "活动日期,活动名称,地点类型,宣传主题,受益群众,备注\n\
        2023-03-05,民法典进村,村居,民法典,120,镇司法所主办\n";
    let r = t
        .import_csv(Ledger::Publicity, "T1", publicity, false)
        .await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let notes: Option<String> = t.scalar("SELECT notes FROM publicity_events").await;
    assert_eq!(notes.as_deref(), Some("镇司法所主办"));

    let exams = "考试年度,干部姓名,考试成绩,备注\n2023,张三,88,补考\n";
    let r = t.import_csv(Ledger::LawExams, "T1", exams, false).await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let kept = remarks(&t, "SELECT remarks FROM law_exams").await;
    assert_eq!(kept, vec![Some("补考".to_owned())]);

    // The trainings ledger: 日期*, 主题*, 授课人, 参训人数*, 学时, 备注.
    let trainings = "培训日期,培训主题,授课人,参训人数,学时,备注\n\
        2023-03-05,人民调解法,乌苏市司法局,32,3,全体调解员\n\
        2023-06-01,调解文书制作,,12,1.5,\n";
    let r = t
        .import_csv(Ledger::Trainings, "T1", trainings, false)
        .await;
    assert_eq!((r.imported, r.errors.clone()), (2, vec![]));
    let trainer: String = t
        .scalar("SELECT trainer FROM trainings ORDER BY held_on DESC LIMIT 1")
        .await;
    assert_eq!(
        trainer, "测试镇",
        "a blank 授课人 is the importing organisation"
    );
    let kept = remarks(&t, "SELECT remarks FROM trainings ORDER BY held_on").await;
    assert_eq!(kept, vec![Some("全体调解员".to_owned()), None]);
    let bad = "日期,主题,参训人数\n2023-03-05,,abc\n";
    let r = t.import_csv(Ledger::Trainings, "T1", bad, true).await;
    assert!(
        r.errors.iter().any(|e| e.starts_with("第2行「主题」")),
        "{r:?}"
    );
    assert!(
        r.errors.iter().any(|e| e.starts_with("第2行「参训人数」")),
        "{r:?}"
    );
    // Its export reads back as the same ledger, and is named for its organisation and year.
    let (name, bytes) = ledger::export(
        &t.app,
        &Caller::operator(),
        Ledger::Trainings,
        "T1",
        Some(2023),
        fazhi_ledger::Format::Csv,
    )
    .await
    .unwrap();
    assert_eq!(name, "调解培训台账-测试镇-2023年.csv");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("2023-03-05,人民调解法,乌苏市司法局,32,3"),
        "{text}"
    );
}

/// `csv` (named `name`) uploaded on `ledger`'s import page for T1.
async fn upload(
    t: &TestApp,
    b: &Browser,
    ledger: &str,
    name: &str,
    bytes: &[u8],
) -> (StatusCode, String) {
    let fields = [("_csrf", b.csrf.as_str()), ("org", "T1")];
    let req = multipart(
        b,
        &format!("/imports/{ledger}"),
        &fields,
        (name, "text/csv", bytes),
    );
    let (status, _, html) = t.send(req).await;
    (status, String::from_utf8(html).unwrap())
}

#[tokio::test]
async fn a_saved_profile_maps_the_next_import_on_the_page_and_the_command_line() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let (status, html) = upload(&t, &b, "disputes", "town.csv", UNKNOWN_COLUMNS.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("有 2 列无法识别"), "{html}");
    assert!(html.contains("对方当事人") && html.contains("包案领导"));
    assert!(
        !html.contains("/imports/disputes/confirm"),
        "nothing to confirm before the mapping"
    );
    let token = token_of(&html);
    // 对方当事人 → 当事人 (split at 与), 包案领导 ignored.
    let fields = [
        ("org", "T1"),
        ("token", token.as_str()),
        ("profile", "本镇格式"),
        ("header_0", "对方当事人"),
        ("column_0", "当事人"),
        ("split_0", "1"),
        ("header_1", "包案领导"),
        ("column_1", ""),
    ];
    t.needs_csrf(&b, "/imports/disputes/mapping", &fields).await;
    let html = t
        .form_answers(&b, "/imports/disputes/mapping", &fields, StatusCode::OK)
        .await;
    assert!(
        html.contains("按本单位保存的台账格式「本镇格式」读取"),
        "{html}"
    );
    assert!(html.contains("确认导入 2 条记录"), "{html}");
    assert!(
        html.contains("张三、李四、王五"),
        "the parties as they will be stored"
    );
    assert_eq!(count(&t).await, 0, "the preview imports nothing");
    let html = t
        .form_answers(
            &b,
            "/imports/disputes/confirm",
            &[("org", "T1"), ("token", &token)],
            StatusCode::OK,
        )
        .await;
    assert!(html.contains("已导入 2 条记录"), "{html}");
    let parties: i64 = t.scalar("SELECT COUNT(*) FROM dispute_parties").await;
    assert_eq!(parties, 5);
    assert_eq!(
        t.audit_count("save_profile", Some("ledger_profile")).await,
        1
    );
    assert_eq!(t.audit_count("record_file", Some("ledger_import")).await, 1);

    // The next file of the same layout needs no mapping.
    let (status, html) = upload(
        &t,
        &b,
        "disputes",
        "town-may.csv",
        UNKNOWN_COLUMNS_AGAIN.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("无法识别"), "{html}");
    assert!(html.contains("确认导入 1 条记录"), "{html}");

    // The command line names the profile (`fazhi import … --profile 本镇格式`).
    let op = Caller::operator();
    let r = ledger::import_with(
        &t.app,
        &op,
        Ledger::Disputes,
        "T1",
        "town-may.csv",
        UNKNOWN_COLUMNS_AGAIN.as_bytes().to_vec(),
        false,
        &ProfileChoice::Named("本镇格式".to_owned()),
    )
    .await
    .unwrap();
    assert_eq!((r.imported, r.profile.as_deref()), (1, Some("本镇格式")));
    let e = ledger::import_with(
        &t.app,
        &op,
        Ledger::Disputes,
        "T1",
        "x.csv",
        UNKNOWN_COLUMNS_AGAIN.as_bytes().to_vec(),
        true,
        &ProfileChoice::Named("别的格式".to_owned()),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("没有名为「别的格式」"), "{e}");
    // Another town's import does not use this town's profile.
    let e = ledger::import(
        &t.app,
        &op,
        Ledger::Disputes,
        "T2",
        "x.csv",
        UNKNOWN_COLUMNS_AGAIN.as_bytes().to_vec(),
        true,
    )
    .await
    .unwrap_err();
    assert!(format!("{e:?}").contains("无法识别的列"), "{e:?}");
    // A mapping to a column the ledger lacks is refused, naming it.
    let html = t
        .form_answers(
            &b,
            "/imports/disputes/mapping",
            &[
                ("org", "T1"),
                (
                    "token",
                    &token_of(
                        &upload(&t, &b, "disputes", "a.csv", UNKNOWN_COLUMNS.as_bytes())
                            .await
                            .1,
                    ),
                ),
                ("header_0", "包案领导"),
                ("column_0", "领导"),
            ],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("没有「领导」这一列"), "{html}");
}

#[tokio::test]
async fn the_same_file_twice_is_caught_and_identical_rows_flagged() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    let file = TOWN_LEDGER.as_bytes();
    let (status, html) = upload(&t, &b, "disputes", "三月.csv", file).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(!html.contains("已经导入过") && !html.contains(">已有<"));
    let token = token_of(&html);
    t.form_answers(
        &b,
        "/imports/disputes/confirm",
        &[("org", "T1"), ("token", &token)],
        StatusCode::OK,
    )
    .await;
    assert_eq!(count(&t).await, 2);
    let (status, html) = upload(&t, &b, "disputes", "三月-副本.csv", file).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("这个文件已经导入过"), "{html}");
    assert!(
        html.contains("由 staff_t1 导入到 测试镇（2 条，文件名「三月.csv」）"),
        "{html}"
    );
    assert!(html.contains("其中 2 行与已登记的记录完全相同"), "{html}");
    assert_eq!(html.matches(">已有<").count(), 2);
    // Confirmed without ticking 仍然导入: refused, nothing imported.
    let token = token_of(&html);
    let html = t
        .form_answers(
            &b,
            "/imports/disputes/confirm",
            &[("org", "T1"), ("token", &token)],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("此前已经导入过"), "{html}");
    assert_eq!(count(&t).await, 2);
    // The API's dry run says so too.
    let staff = t.api_login("staff_t1").await;
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/imports/disputes?org=T1&format=csv&dry_run=true")
        .header(header::AUTHORIZATION, format!("Bearer {staff}"))
        .body(Body::from(TOWN_LEDGER))
        .unwrap();
    let (status, _, body) = t.send(req).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["imported_before"][0]["file_name"], "三月.csv");
    // A row changed in one cell is not identical.
    let changed = TOWN_LEDGER.replace("草场边界", "草场边界之争");
    let (_, html) = upload(&t, &b, "disputes", "改.csv", changed.as_bytes()).await;
    assert_eq!(html.matches(">已有<").count(), 1, "{html}");
}

#[tokio::test]
async fn ten_thousand_rows_with_three_bad_are_refused_whole() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut csv = String::from("登记日期,所属村,纠纷类型,来源,当事人,调解层级,状态\n");
    for i in 0..10_000 {
        // Data rows are numbered from 2 (the header is row 1).
        let row = i + 2;
        let line = match row {
            1_002 => "2023-02-30,东风村,草场纠纷,排查,张三,村级,调解中".to_owned(),
            5_003 => "2023-03-05,不存在村,草场纠纷,排查,张三,村级,调解中".to_owned(),
            10_001 => "2023-03-05,东风村,草场纠纷,排查,,村级,调解中".to_owned(),
            _ => format!("2023-03-05,东风村,草场纠纷,排查,当事人{i},村级,调解中"),
        };
        csv.push_str(&line);
        csv.push('\n');
    }
    let staff = t.api_login("staff_t1").await;
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/imports/disputes?org=T1&format=csv")
        .header(header::AUTHORIZATION, format!("Bearer {staff}"))
        .body(Body::from(csv.clone()))
        .unwrap();
    let (status, _, body) = t.send(req).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["rows"], 10_000);
    assert_eq!(v["imported"], 0);
    let errors: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let mut rows: Vec<&str> = errors
        .iter()
        .map(|e| e.split('「').next().unwrap())
        .collect();
    rows.dedup();
    assert_eq!(rows, ["第1002行", "第5003行", "第10001行"], "{errors:?}");
    assert_eq!(count(&t).await, 0);
    // The page names the same three rows beside their cells.
    let b = t.browser_login("staff_t1").await;
    let (status, html) = upload(&t, &b, "disputes", "big.csv", csv.as_bytes()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("共读取 10000 行，有 3 行需要修改"),
        "{}",
        &html[..2000.min(html.len())]
    );
    assert_eq!(html.matches("class=\"row-error\"").count(), 3);
    assert!(html.contains("<td>1002</td>") && html.contains("<td>10001</td>"));
    assert_eq!(count(&t).await, 0);
}

#[tokio::test]
async fn files_that_are_not_ledgers_get_a_clear_message_and_no_5xx() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    // An image renamed .xlsx.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let (status, html) = upload(&t, &b, "publicity", "台账.xlsx", png).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("这不是 Excel 工作簿"), "{html}");
    let staff = t.api_login("staff_t1").await;
    let api = |body: Vec<u8>, format: &str| {
        Request::builder()
            .method("POST")
            .uri(format!("/api/v1/imports/publicity?org=T1&format={format}"))
            .header(header::AUTHORIZATION, format!("Bearer {staff}"))
            .body(Body::from(body))
            .unwrap()
    };
    let (status, _, body) = t.send(api(png.to_vec(), "xlsx")).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(
        v["fields"]["file"]
            .as_str()
            .unwrap()
            .contains("不是 Excel 工作簿"),
        "{v}"
    );
    // A 50 MB file of something else.
    let junk: Vec<u8> = (0..50 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let (status, html) = upload(&t, &b, "publicity", "大文件.xlsx", &junk).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("这不是 Excel 工作簿"),
        "{}",
        &html[..html.len().min(3000)]
    );
    let (status, html) = upload(&t, &b, "publicity", "大文件.csv", &junk).await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        html.contains("文件无法导入"),
        "{}",
        &html[..html.len().min(3000)]
    );
    // Past the limit: refused by its declared size, before the body is read.
    let mut req = api(Vec::new(), "csv");
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        (65 * 1024 * 1024).to_string().parse().unwrap(),
    );
    let (status, _, body) = t.send(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(String::from_utf8_lossy(&body).contains("上限"));
    let fields = [("_csrf", b.csrf.as_str()), ("org", "T1")];
    let mut req = multipart(
        &b,
        "/imports/publicity",
        &fields,
        ("x.csv", "text/csv", b"x"),
    );
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        (65 * 1024 * 1024).to_string().parse().unwrap(),
    );
    let (status, _, body) = t.send(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(String::from_utf8_lossy(&body).contains("文件超过 64 MB 上限"));
}

#[tokio::test]
async fn every_ledger_has_its_import_page_and_viewers_have_none() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    for l in Ledger::ALL {
        let (status, html) = t.page(&b, &format!("/imports/{}", l.key())).await;
        assert_eq!(status, StatusCode::OK, "{}", l.key());
        assert!(html.contains(&format!("导入{}", l.spec().name)));
        assert!(html.contains("<progress"), "large files show progress");
        let (status, _) = t
            .page(&b, &format!("/imports/{}/template.xlsx", l.key()))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let viewer = t.browser_login("viewer_t1").await;
    let (status, _) = t.page(&viewer, "/imports/publicity").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = t.page(&b, "/imports/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn the_ledger_commands_name_every_ledger() {
    use clap::CommandFactory;
    let mut cli = fazhi::cli::Cli::command();
    for sub in ["import", "export", "template"] {
        let help = cli
            .find_subcommand_mut(sub)
            .unwrap()
            .render_long_help()
            .to_string();
        for l in Ledger::ALL {
            assert!(
                help.contains(l.key()),
                "`fazhi {sub} --help` lacks {}",
                l.key()
            );
        }
        assert_eq!(help.contains("--profile"), sub == "import", "{sub}");
    }
}
