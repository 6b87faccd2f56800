//! Figures of cadre law study: sessions and hours, the yearly exam, year-end 述法.

use fazhi_domain::report::Figures;

use super::{count, year_range, Contributed};
use crate::storage::{Db, Query, Scope};

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    f.set(
        "study_sessions",
        count(
            db,
            scope,
            "study_sessions",
            "held_on",
            year,
            // A withdrawn session (作废) counts nowhere; one that a valid meeting also was
            // (会前学法) is counted once, as that meeting (leadership.rs).
            " AND withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM meetings lm \
             WHERE lm.study_session_id = study_sessions.id AND lm.withdrawn_at IS NULL)",
        )
        .await?,
    );
    let (from, to) = year_range(year);
    let mut q = Query::new(
        "SELECT CAST(COALESCE(SUM(hours * 60), 0) AS BIGINT) FROM study_sessions WHERE held_on >= ",
    );
    q.push_bind(from)
        .push(" AND held_on < ")
        .push_bind(to)
        .push(" AND withdrawn_at IS NULL");
    scope.restrict(&mut q, "org_id");
    f.set("study_minutes", q.fetch_scalar(db).await?);

    let exams = |passed_only: bool| {
        // A withdrawn result (作废) counts nowhere.
        let mut q =
            Query::new("SELECT COUNT(*) FROM law_exams WHERE withdrawn_at IS NULL AND year = ");
        q.push_bind(i64::from(year));
        if passed_only {
            q.push(" AND passed = TRUE");
        }
        scope.restrict(&mut q, "org_id");
        q.fetch_scalar::<i64>(db)
    };
    f.set("exam_takers", exams(false).await?);
    f.set("exam_passed", exams(true).await?);
    // A withdrawn report (作废) counts nowhere.
    let mut q =
        Query::new("SELECT COUNT(*) FROM duty_reports WHERE withdrawn_at IS NULL AND year = ");
    q.push_bind(i64::from(year));
    scope.restrict(&mut q, "org_id");
    f.set("duty_reports", q.fetch_scalar(db).await?);
    Ok(())
}
