//! The plans PostgreSQL chooses for a scoped list page of disputes and for word searches
//! (issue #20 item 3), with planner statistics as a real register has them: enough cases in
//! two towns, ANALYZEd. A change of schema, statistics target or query text that turns either
//! into a read of the whole register fails here. PostgreSQL only: SQLite's plans are fixed by
//! the query text (`+d.org_id`) and measured by bench/lists.sh. docs/scaling.md shows the plans.

use fazhi::storage::disputes::{self, Filter, WordLookup};
use fazhi::storage::{orgs, Backend, Query, Scope};

use crate::helpers::TestApp;

/// Cases in the seeded database: enough that a sequential scan is the dearer plan.
const CASES: i64 = 30_000;

/// PostgreSQL's plan of `q` as it would run (EXPLAIN, with the query's own arguments).
async fn plan(t: &TestApp, q: &Query) -> String {
    let mut explain = Query::new("EXPLAIN ");
    explain.append(q);
    let lines: Vec<String> = explain.fetch_scalars(&t.app.db).await.unwrap();
    lines.join("\n")
}

#[tokio::test]
async fn list_pages_and_searches_keep_their_indexes() {
    let t = TestApp::spawn().await;
    if t.app.db.backend() != Backend::Postgres {
        eprintln!("跳过：查询计划守护只针对 PostgreSQL");
        return;
    }
    let fx = t.seed().await;
    // Cases over 2022–2024 in V1, V2 (town T1) and T2, with the fields a search reads; one
    // case alone has the party 努尔兰汗.
    Query::new(
        "INSERT INTO disputes (org_id, town_id, village_id, case_no, case_year, case_seq, \
         registered_on, source, dispute_type, parties_text, summary, claims, risk, level, \
         status, mediators, people_involved, group_dispute, agreement_form, \
         signatures_complete, confirmation_applied, police_reported, created_at, updated_at) \
         SELECT CASE i % 3 WHEN 0 THEN $1 WHEN 1 THEN $2 ELSE $3 END, \
                CASE i % 3 WHEN 2 THEN $3 ELSE $4 END, \
                CASE i % 3 WHEN 0 THEN $1 WHEN 1 THEN $2 ELSE NULL END, \
                '基准调〔' || (2022 + i % 3) || '〕' || i || '号', 2022 + i % 3, i, \
                DATE '2022-01-01' + CAST(i % 1095 AS INTEGER), 'visit', \
                (ARRAY['土地纠纷','草场纠纷','家庭纠纷','邻里纠纷','其他纠纷'])[1 + i % 5], \
                CASE WHEN i = 777 THEN '努尔兰汗、王芳' ELSE '张建国、李玉兰' END, \
                '两户因草场边界发生争执，经多次上门调解', '', 'low', \
                CASE WHEN i % 10 = 0 THEN 'town' ELSE 'village' END, 'succeeded', '', 0, \
                FALSE, 'written', FALSE, FALSE, FALSE, now(), now() \
         FROM generate_series(1, $5) AS i",
    )
    .bind(fx.village1_id)
    .bind(fx.village2_id)
    .bind(fx.town2_id)
    .bind(fx.town_id)
    .bind(CASES)
    .execute(&t.app.db)
    .await
    .unwrap();
    let town = orgs::by_code(&t.app.db, "T1").await.unwrap().unwrap();
    // The town's scope names its town, as a signed-in user's does (storage/scope.rs).
    let scope = town.scope();
    assert_eq!(scope.town_id(), Some(fx.town_id));
    // The statistics an import leaves (a small sample), then those autovacuum's ANALYZE keeps.
    disputes::refresh_statistics(&t.app.db).await.unwrap();
    guard_plans(&t, &scope).await;
    Query::new("ANALYZE disputes")
        .execute(&t.app.db)
        .await
        .unwrap();
    guard_plans(&t, &scope).await;

    // The search finds the one case, through the index.
    let f = Filter {
        q: Some("努尔兰汗".into()),
        ..Filter::default()
    };
    let rows = disputes::page(&t.app.db, &scope, &f, WordLookup::Index, 25, 0)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].case_no, "基准调〔2022〕777号");

    // A case number is looked up by its run of digits (migration 0064): the index yields the
    // one case, not every number of the form 7…77…7 that its pairs 〕7, 77 and 7号 share (21
    // here, 211 at 100,000 cases) for LIKE to sort out.
    let f = Filter {
        q: Some("〔2022〕777号".into()),
        ..Filter::default()
    };
    let shares = disputes::pair_shares(&t.app.db).await.unwrap();
    let q = disputes::page_query(
        Backend::Postgres,
        &scope,
        &f,
        WordLookup::Index,
        &shares,
        25,
        0,
    );
    let mut explain = Query::new("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ");
    explain.append(&q);
    let lines: Vec<String> = explain.fetch_scalars(&t.app.db).await.unwrap();
    let p = lines.join("\n");
    let found: Vec<i64> = p
        .lines()
        .filter(|l| l.contains("Bitmap Index Scan on disputes_words_idx"))
        .filter_map(|l| {
            l.split("actual rows=")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(found, [1], "the index yields the case alone:\n{p}");

    // Said by its town alone, a town's scope still holds exactly its own cases (every third
    // case is T2's), and a village's only the village's.
    let all = Filter::default();
    let count = |scope: Scope| {
        let all = all.clone();
        let db = t.app.db.clone();
        async move {
            disputes::totals(&db, &scope, &all, WordLookup::Index)
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(count(scope.clone()).await, CASES - CASES / 3);
    let village = orgs::get(&t.app.db, fx.village1_id).await.unwrap();
    assert_eq!(count(village.scope()).await, CASES / 3);
}

/// One page whose plan is guarded: the query, and what its plan must and must not show.
struct Guarded {
    what: String,
    scope: Scope,
    filter: Filter,
    lookup: WordLookup,
    /// The plan names one of these.
    reads_one_of: &'static [&'static str],
    /// The plan names none of these.
    avoids: &'static [&'static str],
}

/// No page reads every case.
const NO_FULL_READ: &[&str] = &["Seq Scan on disputes"];

/// The list page and the searches use their indexes.
async fn guard_plans(t: &TestApp, town: &Scope) {
    // The pairs' shares as the statistics now have them (a word's lookup leaves the common
    // ones out, storage/search.rs).
    let shares = disputes::pair_shares(&t.app.db).await.unwrap();
    // The list page a town's staff open: this year's village cases, newest first.
    let list = Filter {
        year: Some(2023),
        level: Some("village".into()),
        ..Filter::default()
    };
    let words = |q: &str| Filter {
        q: Some(q.into()),
        ..Filter::default()
    };
    let mut guarded = vec![
        Guarded {
            what: "a town's list page walks its town's date index (migration 0059), its scope \
                   said by the town alone (storage/scope.rs restrict_in_town)"
                .into(),
            scope: town.clone(),
            filter: list.clone(),
            lookup: WordLookup::Index,
            reads_one_of: &["disputes_town_registered_on_idx"],
            avoids: &["Seq Scan on disputes", "path ~~"],
        },
        Guarded {
            what: "the county's list page reads a date index of the register".into(),
            scope: Scope::everything(),
            filter: list,
            lookup: WordLookup::Index,
            reads_one_of: &[
                "disputes_registered_on_idx",
                "disputes_org_registered_on_idx",
            ],
            avoids: NO_FULL_READ,
        },
        // A word in a fifth of the cases (草场纠纷, a type) is searched by walking the newest
        // cases and stopping after a page (service/disputes.rs chooses the walk from the
        // count), not by reading every case and sorting the matches.
        Guarded {
            what: "a common word walks the town's date index, newest first".into(),
            scope: town.clone(),
            filter: words("草场纠纷"),
            lookup: WordLookup::Scan,
            reads_one_of: &["Index Scan Backward using disputes_town_registered_on_idx"],
            avoids: &["Seq Scan on disputes", "path ~~"],
        },
    ];
    // Searches: a party's name of four characters, two characters and one, and a case number.
    for word in ["努尔兰汗", "尔兰", "汗", "〔2022〕777号"] {
        guarded.push(Guarded {
            what: format!("a search for {word} reads the pairs index (migration 0048)"),
            scope: town.clone(),
            filter: words(word),
            lookup: WordLookup::Index,
            reads_one_of: &["disputes_words_idx"],
            avoids: NO_FULL_READ,
        });
    }
    for g in guarded {
        let q = disputes::page_query(
            Backend::Postgres,
            &g.scope,
            &g.filter,
            g.lookup,
            &shares,
            25,
            0,
        );
        let p = plan(t, &q).await;
        assert!(
            g.reads_one_of.iter().any(|index| p.contains(index)),
            "{}:\n{p}",
            g.what
        );
        for avoided in g.avoids {
            assert!(!p.contains(avoided), "{} (not {avoided}):\n{p}", g.what);
        }
    }
}
