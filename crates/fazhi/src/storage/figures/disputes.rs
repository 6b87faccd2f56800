//! Figures of the disputes chapter: disputes, consultations, legal aid, trainings, screening.

use fazhi_domain::report::Figures;

use super::{by_month, count, grouped, year_range, Contributed};
use crate::storage::{Db, Query, Scope, StorageError};

#[derive(sqlx::FromRow)]
struct Counts {
    disputes: i64,
    village_level: i64,
    town_level: i64,
    succeeded: i64,
    failed: i64,
    terminated: i64,
    transferred: i64,
    rejected: i64,
    written_agreements: i64,
    oral_agreements: i64,
    judicial_confirmations: i64,
}

/// `CAST(COALESCE(SUM(CASE WHEN <cond> THEN 1 ELSE 0 END), 0) AS BIGINT) AS <name>`
fn tally(cond: &str, name: &str) -> String {
    format!("CAST(COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0) AS BIGINT) AS {name}")
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    // One pass over the year's disputes for every count, rather than one query per figure.
    let (from, to) = year_range(year);
    let columns = [
        tally("level = 'village'", "village_level"),
        tally("level = 'town'", "town_level"),
        tally("status = 'succeeded'", "succeeded"),
        tally("status = 'failed'", "failed"),
        tally("status = 'terminated'", "terminated"),
        tally("status = 'transferred'", "transferred"),
        tally("status = 'rejected'", "rejected"),
        tally(
            "status = 'succeeded' AND agreement_form = 'written'",
            "written_agreements",
        ),
        tally(
            "status = 'succeeded' AND agreement_form = 'oral'",
            "oral_agreements",
        ),
        tally("confirmation_applied = TRUE", "judicial_confirmations"),
    ];
    let mut q = Query::new(format!(
        // A withdrawn case (作废) counts nowhere.
        "SELECT COUNT(*) AS disputes, {} FROM disputes WHERE withdrawn_at IS NULL \
         AND registered_on >= ",
        columns.join(", ")
    ));
    q.push_bind(from)
        .push(" AND registered_on < ")
        .push_bind(to);
    scope.restrict(&mut q, "org_id");
    let c: Counts = q.fetch_one(db).await?;
    for (key, value) in [
        ("disputes", c.disputes),
        ("village_level", c.village_level),
        ("town_level", c.town_level),
        ("succeeded", c.succeeded),
        ("failed", c.failed),
        ("terminated", c.terminated),
        ("transferred", c.transferred),
        ("rejected", c.rejected),
        ("written_agreements", c.written_agreements),
        ("oral_agreements", c.oral_agreements),
        ("judicial_confirmations", c.judicial_confirmations),
    ] {
        f.set(key, value);
    }
    f.set_breakdown(
        "dispute_type",
        grouped(db, scope, "disputes", "registered_on", year, "dispute_type").await?,
    );
    f.set_breakdown(
        "dispute_status",
        grouped(db, scope, "disputes", "registered_on", year, "status").await?,
    );
    f.set_breakdown(
        "dispute_level",
        grouped(db, scope, "disputes", "registered_on", year, "level").await?,
    );
    f.breakdowns.insert(
        "dispute_month".to_owned(),
        by_month(db, scope, "disputes", "registered_on", year).await?,
    );
    f.set_breakdown("dispute_village", by_village(db, scope, year).await?);
    f.set(
        "consultations",
        // Withdrawn consultations (作废) are counted nowhere.
        count(
            db,
            scope,
            "consultations",
            "consulted_on",
            year,
            " AND withdrawn_at IS NULL",
        )
        .await?,
    );
    f.set(
        "legal_aid",
        count(
            db,
            scope,
            "legal_aid_referrals",
            "applied_on",
            year,
            " AND withdrawn_at IS NULL",
        )
        .await?,
    );
    f.set(
        "trainings",
        // Withdrawn trainings (作废) are counted nowhere.
        count(
            db,
            scope,
            "trainings",
            "held_on",
            year,
            " AND withdrawn_at IS NULL",
        )
        .await?,
    );
    f.set(
        "screening_rounds",
        count(
            db,
            scope,
            "screening_rounds",
            "starts_on",
            year,
            " AND withdrawn_at IS NULL",
        )
        .await?,
    );
    Ok(())
}

/// Disputes by the village where they arose (town-level cases without one count as 镇本级).
async fn by_village(db: &Db, scope: &Scope, year: i32) -> Result<Vec<(String, i64)>, StorageError> {
    let (from, to) = year_range(year);
    let mut q = Query::new(
        "SELECT COALESCE(o.name, '镇本级') AS label, COUNT(*) AS n FROM disputes d \
         LEFT JOIN orgs o ON o.id = d.village_id WHERE d.withdrawn_at IS NULL \
         AND d.registered_on >= ",
    );
    q.push_bind(from)
        .push(" AND d.registered_on < ")
        .push_bind(to);
    scope.restrict(&mut q, "d.org_id");
    q.push(" GROUP BY COALESCE(o.name, '镇本级')");
    let rows: Vec<super::LabelCount> = q.fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.label, r.n)).collect())
}
