//! Figures of the disputes chapter: disputes, consultations, legal aid, trainings, screening.

use fazhi_domain::report::Figures;

use std::collections::BTreeMap;

use super::{count, month_of, month_rows, year_range, Contributed};
use crate::storage::{Db, Query, Scope, StorageError};

/// One group of the year's disputes: every figure of the chapter is a sum over these.
#[derive(sqlx::FromRow)]
struct Group {
    dispute_type: String,
    status: String,
    level: String,
    agreement_form: String,
    confirmation_applied: bool,
    village_id: Option<i64>,
    month: String,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct Name {
    id: i64,
    name: String,
}

/// Adds `n` to `label`'s count.
fn tally(counts: &mut BTreeMap<String, i64>, label: &str, n: i64) {
    *counts.entry(label.to_owned()).or_default() += n;
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    // One pass over the year's disputes, grouped by everything a figure tells apart (a few
    // thousand groups at most, however many cases), instead of a query per figure and every
    // case's date read into memory: 660 ms → tens of ms at 100,000 cases (issue #20 item 5).
    let (from, to) = year_range(year);
    // Grouped month and village first: SQLite sorts the rows to group them, and comparing the
    // short keys first halves that sort (300 → 160 ms at 100,000 cases); PostgreSQL hashes.
    let mut q = Query::new(format!(
        "SELECT {month} AS month, village_id, dispute_type, status, level, agreement_form, \
         confirmation_applied, COUNT(*) AS n FROM disputes \
         WHERE withdrawn_at IS NULL AND registered_on >= ",
        month = month_of(db.backend(), "registered_on"),
    ));
    q.push_bind(from)
        .push(" AND registered_on < ")
        .push_bind(to);
    scope.restrict(&mut q, "org_id");
    // A withdrawn case (作废) counts nowhere (the WHERE above).
    q.push(
        " GROUP BY month, village_id, dispute_type, status, level, agreement_form, \
         confirmation_applied",
    );
    let groups: Vec<Group> = q.fetch_all(db).await?;

    let mut values: BTreeMap<String, i64> = BTreeMap::new();
    let (mut types, mut statuses, mut levels, mut villages) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::<Option<i64>, i64>::new(),
    );
    let mut months = [0i64; 12];
    for g in &groups {
        tally(&mut values, "disputes", g.n);
        tally(&mut values, &format!("{}_level", g.level), g.n);
        tally(&mut values, &g.status, g.n);
        if g.status == "succeeded" {
            tally(
                &mut values,
                &format!("{}_agreements", g.agreement_form),
                g.n,
            );
        }
        if g.confirmation_applied {
            tally(&mut values, "judicial_confirmations", g.n);
        }
        tally(&mut types, &g.dispute_type, g.n);
        tally(&mut statuses, &g.status, g.n);
        tally(&mut levels, &g.level, g.n);
        *villages.entry(g.village_id).or_default() += g.n;
        if let Some(m) = g
            .month
            .parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
        {
            months[m - 1] += g.n;
        }
    }
    for key in [
        "disputes",
        "village_level",
        "town_level",
        "succeeded",
        "failed",
        "terminated",
        "transferred",
        "rejected",
        "written_agreements",
        "oral_agreements",
        "judicial_confirmations",
    ] {
        f.set(key, values.get(key).copied().unwrap_or(0));
    }
    f.set_breakdown("dispute_type", types.into_iter().collect());
    f.set_breakdown("dispute_status", statuses.into_iter().collect());
    f.set_breakdown("dispute_level", levels.into_iter().collect());
    f.breakdowns
        .insert("dispute_month".to_owned(), month_rows(months));
    f.set_breakdown("dispute_village", village_labels(db, villages).await?);
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

/// Disputes by the village where they arose (town-level cases without one count as 镇本级);
/// villages of the same name in different towns share a line, as they always did.
async fn village_labels(
    db: &Db,
    counts: BTreeMap<Option<i64>, i64>,
) -> Result<Vec<(String, i64)>, StorageError> {
    let ids: Vec<i64> = counts.keys().flatten().copied().collect();
    let mut names = std::collections::HashMap::new();
    // Bounded: the villages of one scope, a few hundred ids a statement.
    for chunk in ids.chunks(500) {
        let mut q = Query::new("SELECT id, name FROM orgs WHERE id IN (");
        for (i, id) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<Name> = q.fetch_all(db).await?;
        names.extend(rows.into_iter().map(|r| (r.id, r.name)));
    }
    let mut labels = BTreeMap::new();
    for (id, n) in counts {
        let label = id
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "镇本级".to_owned());
        tally(&mut labels, &label, n);
    }
    Ok(labels.into_iter().collect())
}
