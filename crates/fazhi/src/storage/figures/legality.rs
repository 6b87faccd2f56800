//! Figures of legality review and major decisions (issue #16 item 7): review requests sent in
//! the year by kind and by conclusion, the opinions given and adopted (采纳率), the major
//! decisions made and how many went through every statutory procedure (重大行政决策程序暂行条例
//! 第三条至第三十条; `procedures_followed` is fixed when the decision is made), and the
//! contracts signed after a linked review. A withdrawn record (作废) counts nowhere.

use fazhi_domain::report::{legality_keys as k, Figures};
use fazhi_domain::review::{Conclusion, ReviewKind};

use super::{year_range, Contributed};
use crate::storage::{Db, Query, Scope};

#[derive(sqlx::FromRow)]
struct KindConclusion {
    kind: String,
    conclusion: Option<String>,
    requests: i64,
    reported: i64,
    adopted: i64,
}

/// The figure key of the requests of `kind`.
pub(crate) fn kind_key(kind: ReviewKind) -> &'static str {
    match kind {
        ReviewKind::MajorDecision => k::REVIEWS_MAJOR_DECISION,
        ReviewKind::Contract => k::REVIEWS_CONTRACT,
        ReviewKind::Penalty => k::REVIEWS_PENALTY,
        ReviewKind::MediationPlan => k::REVIEWS_MEDIATION_PLAN,
        ReviewKind::NormativeDocument => k::REVIEWS_NORMATIVE_DOCUMENT,
    }
}

/// The figure key of the opinions concluding `c`.
pub(crate) fn conclusion_key(c: Conclusion) -> &'static str {
    match c {
        Conclusion::Lawful => k::REVIEWS_LAWFUL,
        Conclusion::LawfulAfterChanges => k::REVIEWS_LAWFUL_AFTER_CHANGES,
        Conclusion::Unlawful => k::REVIEWS_UNLAWFUL,
        Conclusion::RiskNoted => k::REVIEWS_RISK_NOTED,
    }
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    // Requests are counted in the year they were sent (their number's year, 合审〔year〕n号).
    let mut q = Query::new(
        "SELECT kind, conclusion, COUNT(*) AS requests, COUNT(adopted) AS reported, \
         COUNT(CASE WHEN adopted THEN 1 END) AS adopted \
         FROM review_requests WHERE withdrawn_at IS NULL AND year = ",
    );
    q.push_bind(i64::from(year));
    scope.restrict(&mut q, "org_id");
    q.push(" GROUP BY kind, conclusion");
    let rows: Vec<KindConclusion> = q.fetch_all(db).await?;
    let mut keys: Vec<&str> = ReviewKind::ALL.iter().map(|r| kind_key(*r)).collect();
    keys.extend(Conclusion::ALL.iter().map(|c| conclusion_key(*c)));
    keys.extend([
        k::REVIEWS,
        k::REVIEW_OPINIONS,
        k::REVIEWS_REPORTED,
        k::REVIEWS_ADOPTED,
    ]);
    for key in keys {
        f.set(key, 0);
    }
    let mut add = |key: &str, n: i64| f.set(key, f.get(key) + n);
    for r in rows {
        add(k::REVIEWS, r.requests);
        if let Some(kind) = ReviewKind::parse(&r.kind) {
            add(kind_key(kind), r.requests);
        }
        if let Some(c) = r.conclusion.as_deref().and_then(Conclusion::parse) {
            add(k::REVIEW_OPINIONS, r.requests);
            add(conclusion_key(c), r.requests);
        }
        add(k::REVIEWS_REPORTED, r.reported);
        add(k::REVIEWS_ADOPTED, r.adopted);
    }

    // Decisions are counted in the year they were made (集体讨论决定).
    let (from, to) = year_range(year);
    let decisions = |followed_only: bool| {
        let mut q = Query::new(
            "SELECT COUNT(*) FROM decisions WHERE withdrawn_at IS NULL AND decided_on >= ",
        );
        q.push_bind(from).push(" AND decided_on < ").push_bind(to);
        if followed_only {
            q.push(" AND procedures_followed = TRUE");
        }
        scope.restrict(&mut q, "org_id");
        q.fetch_scalar::<i64>(db)
    };
    f.set(k::DECISIONS_MADE, decisions(false).await?);
    f.set(k::DECISIONS_FOLLOWED, decisions(true).await?);

    let mut q = Query::new(
        "SELECT COUNT(*) FROM contracts WHERE withdrawn_at IS NULL AND review_id IS NOT NULL \
         AND signed_on >= ",
    );
    q.push_bind(from).push(" AND signed_on < ").push_bind(to);
    scope.restrict(&mut q, "org_id");
    f.set(k::CONTRACTS_REVIEWED, q.fetch_scalar(db).await?);
    Ok(())
}
