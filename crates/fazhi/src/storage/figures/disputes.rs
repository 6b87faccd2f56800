//! Figures of the disputes chapter: disputes, consultations, legal aid, trainings, screening.

use fazhi_domain::report::Figures;

use super::{by_month, count, grouped, year_range};
use crate::storage::{Db, Query, Scope, StorageError};

pub async fn contribute(
    db: &Db,
    scope: &Scope,
    year: i32,
    f: &mut Figures,
) -> Result<(), StorageError> {
    let d = |extra: &'static str| count(db, scope, "disputes", "registered_on", year, extra);
    f.set("disputes", d("").await?);
    f.set("village_level", d(" AND level = 'village'").await?);
    f.set("town_level", d(" AND level = 'town'").await?);
    f.set("succeeded", d(" AND status = 'succeeded'").await?);
    f.set("failed", d(" AND status = 'failed'").await?);
    f.set("terminated", d(" AND status = 'terminated'").await?);
    f.set("transferred", d(" AND status = 'transferred'").await?);
    f.set("rejected", d(" AND status = 'rejected'").await?);
    f.set(
        "written_agreements",
        d(" AND status = 'succeeded' AND agreement_form = 'written'").await?,
    );
    f.set(
        "oral_agreements",
        d(" AND status = 'succeeded' AND agreement_form = 'oral'").await?,
    );
    f.set(
        "judicial_confirmations",
        d(" AND confirmation_applied = TRUE").await?,
    );
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
        count(db, scope, "consultations", "consulted_on", year, "").await?,
    );
    f.set(
        "legal_aid",
        count(db, scope, "legal_aid_referrals", "applied_on", year, "").await?,
    );
    f.set(
        "trainings",
        count(db, scope, "trainings", "held_on", year, "").await?,
    );
    f.set(
        "screening_rounds",
        count(db, scope, "screening_rounds", "starts_on", year, "").await?,
    );
    Ok(())
}

/// Disputes by the village where they arose (town-level cases without one count as 镇本级).
async fn by_village(db: &Db, scope: &Scope, year: i32) -> Result<Vec<(String, i64)>, StorageError> {
    let (from, to) = year_range(year);
    let mut q = Query::new(
        "SELECT COALESCE(o.name, '镇本级') AS label, COUNT(*) AS n FROM disputes d \
         LEFT JOIN orgs o ON o.id = d.village_id WHERE d.registered_on >= ",
    );
    q.push_bind(from)
        .push(" AND d.registered_on < ")
        .push_bind(to);
    scope.restrict(&mut q, "d.org_id");
    q.push(" GROUP BY COALESCE(o.name, '镇本级')");
    let rows: Vec<super::LabelCount> = q.fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.label, r.n)).collect())
}
