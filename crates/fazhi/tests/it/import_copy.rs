//! Imports written by COPY on PostgreSQL (issue #20 item 2) and by multi-row INSERTs on SQLite
//! keep the same guarantees: a row the database refuses leaves nothing of the import behind
//! and answers the register's own message, and text comes back exactly as the file had it,
//! whatever COPY's text format reads specially (tab, newline, backslash, `\N`).

use axum::http::StatusCode;
use fazhi::service::ledger::{self, Ledger};
use fazhi::service::Caller;
use serde_json::json;

use crate::helpers::{urlencode, TestApp};

#[tokio::test]
async fn a_row_the_database_refuses_mid_import_leaves_nothing_behind() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    // 张三's 2023 result, withdrawn: the import's clash check reads valid results only, so
    // only the table's unique key (org, year, cadre) stops the row that repeats it.
    let (status, x) = t
        .post(
            "/api/v1/law-exams",
            &staff,
            json!({"year": 2023, "cadre": "张三", "score": 90}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{x}");
    t.withdraw(
        &format!("/api/v1/law-exams/{}", x["id"]),
        &staff,
        "重复登记",
    )
    .await;
    let mut csv = "考试年度,干部姓名,职务,考试成绩\n".to_owned();
    for i in 0..600 {
        csv += &format!("2023,干部{i},科员,80\n");
    }
    csv += "2023,张三,镇长,92\n";
    for i in 600..1200 {
        csv += &format!("2023,干部{i},科员,80\n");
    }
    let answer = ledger::import(
        &t.app,
        &Caller::operator(),
        Ledger::LawExams,
        "T1",
        "exams.csv",
        csv.into_bytes(),
        false,
    )
    .await;
    let e = answer.expect_err("the import is refused");
    assert_eq!(
        e.fields.get("cadre").map(String::as_str),
        Some("该干部本年度的考试成绩已登记，如需更正请联系管理员"),
        "{e:?}"
    );
    let kept: i64 = t.scalar("SELECT COUNT(*) FROM law_exams").await;
    assert_eq!(kept, 1, "only the withdrawn result: nothing of the import");
    assert_eq!(t.audit_count("import", None).await, 0);
    let recorded: i64 = t.scalar("SELECT COUNT(*) FROM ledger_imports").await;
    assert_eq!(recorded, 0);

    // A disputes ledger over several write slices with one bad row in the middle: that row is
    // reported and no case is written.
    let header = "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n";
    let good = ",2023-03-05,东风村,草场纠纷,排查,张三、李四,草场边界,村级,,调解中,,,\n";
    let mut csv = header.to_owned() + &good.repeat(6_000);
    csv += ",2023-02-30,东风村,草场纠纷,排查,张三,草场边界,村级,,调解中,,,\n";
    csv += &good.repeat(6_000);
    let r = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!(r.imported, 0);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].contains("第6002行"), "{:?}", r.errors);
    assert_eq!(crate::disputes::count(&t).await, 0);
    let parties: i64 = t.scalar("SELECT COUNT(*) FROM dispute_parties").await;
    assert_eq!(parties, 0);
}

/// A CSV cell holding `s` (quoted, its quotes doubled).
fn cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[tokio::test]
async fn tabs_newlines_backslashes_and_null_markers_round_trip_exactly() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let tricky = "甲\t乙\n丙\\丁 \\N 戊\\\\t \\. end";
    let name = "王\\N";
    let csv = format!(
        "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n\
         ,2023-03-05,东风村,草场纠纷,排查,{},{},村级,,调解中,,,\n",
        cell(name),
        cell(tricky)
    );
    let r = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let summary: String = t.scalar("SELECT summary FROM disputes").await;
    assert_eq!(summary, tricky);
    let party: String = t.scalar("SELECT name FROM dispute_parties").await;
    assert_eq!(party, name);
    // NULL stays NULL and an empty text stays empty.
    let nulls: i64 = t
        .scalar(
            "SELECT COUNT(*) FROM disputes WHERE closed_on IS NULL AND amount_fen IS NULL \
             AND mediators = ''",
        )
        .await;
    assert_eq!(nulls, 1);
    // The register kit (consultations) and a register filed by year (study sessions).
    let csv = format!(
        "咨询日期,咨询人姓名,咨询内容\n2023-03-05,{},{}\n",
        cell(name),
        cell(tricky)
    );
    let r = t.import_csv(Ledger::Consultations, "T1", csv, false).await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let topic: String = t.scalar("SELECT topic FROM consultations").await;
    assert_eq!(topic, tricky);
    let person: String = t.scalar("SELECT person FROM consultations").await;
    assert_eq!(person, name);
    let csv = format!(
        "学法日期,学法形式,学习内容,参学人员,学时\n2023-03-05,机关集中学法,{},{},2\n",
        cell(tricky),
        cell(name)
    );
    let r = t.import_csv(Ledger::StudySessions, "T1", csv, false).await;
    assert_eq!((r.imported, r.errors.clone()), (1, vec![]));
    let laws: String = t.scalar("SELECT laws FROM study_sessions").await;
    assert_eq!(laws, tricky);
}

/// A large disputes import leaves its cases' words out of PostgreSQL's pairs index until after
/// its transaction (migration 0061): searches find the cases all the same, before and after
/// they are moved into the index; a small import indexes its cases at once; SQLite has no queue.
#[tokio::test]
async fn a_large_import_is_searchable_before_and_after_its_words_are_indexed() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let csv = disputes_ledger(1_200, |i| {
        if i == 700 {
            "羊群越界啃食"
        } else {
            "草场边界"
        }
    });
    let r = t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    assert_eq!((r.imported, r.errors.len()), (1_200, 0), "{:?}", r.errors);
    let postgres = t.app.db.backend() == fazhi::storage::Backend::Postgres;
    let queued: i64 = if postgres {
        t.scalar("SELECT COUNT(*) FROM disputes WHERE words_queued")
            .await
    } else {
        0
    };
    assert_eq!(queued, if postgres { 1_200 } else { 0 });
    let staff = t.api_login("staff_t1").await;
    let finds = |q: &'static str| {
        let (t, staff) = (&t, &staff);
        async move {
            let (_, v) = t
                .get(&format!("/api/v1/disputes?q={}", urlencode(q)), staff)
                .await;
            v["total"].as_i64().unwrap()
        }
    };
    let words = ["越界啃", "啃", "李四700", "李四7", "草场边界"];
    let mut before = Vec::new();
    for q in words {
        before.push(finds(q).await);
    }
    assert_eq!(before, [1, 1, 1, 111, 1_199]);
    let moved = fazhi::service::words_queue::catch_up(&t.app.db)
        .await
        .unwrap();
    assert_eq!(moved, queued as u64);
    let mut after = Vec::new();
    for q in words {
        after.push(finds(q).await);
    }
    assert_eq!(after, before);

    // Under the large-import size, the cases are indexed as they are written.
    let csv = disputes_ledger(10, |_| "牧道被占");
    t.import_csv(Ledger::Disputes, "T1", csv, false).await;
    if postgres {
        let queued: i64 = t
            .scalar("SELECT COUNT(*) FROM disputes WHERE words_queued")
            .await;
        assert_eq!(queued, 0);
    }
    assert_eq!(finds("牧道被占").await, 10);
}

/// A disputes ledger (CSV) of `rows` cases in 东风村, case `i` with the summary `summary(i)` and
/// the parties 张三、李四`i`.
fn disputes_ledger(rows: usize, summary: impl Fn(usize) -> &'static str) -> String {
    let mut csv = "编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n".to_owned();
    for i in 0..rows {
        csv += &format!(
            ",2023-03-05,东风村,草场纠纷,排查,张三、李四{i},{},村级,,调解成功,2023-03-09,口头,\n",
            summary(i)
        );
    }
    csv
}

/// The server moves a large import's cases into the search index by itself once it has
/// answered (service/words_queue.rs `after_import`), so none stays found by LIKE alone.
#[tokio::test]
async fn the_server_indexes_a_large_import_after_answering() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let csv = disputes_ledger(1_200, |_| "草场边界");
    let (status, answer) = crate::disputes::api_import(&t, &staff, "T1", csv).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let imported: i64 = t.scalar("SELECT COUNT(*) FROM disputes").await;
    assert_eq!(imported, 1_200);
    // SQLite indexes every case as it is written (no queue, migration 0061).
    if t.app.db.backend() != fazhi::storage::Backend::Postgres {
        return;
    }
    let mut queued = -1_i64;
    for _ in 0..600 {
        queued = t
            .scalar("SELECT COUNT(*) FROM disputes WHERE words_queued")
            .await;
        if queued == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(queued, 0, "cases still queued a minute after the import");
}
