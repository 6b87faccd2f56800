//! Figures of complaints and petitions (issue #18 item 5) for the annual report's 一(四): cases
//! received in the year, acceptance told and cases concluded on time (信访工作条例 第二十三条,
//! 第三十二条; the due dates are the stored ones, extension included), callbacks and their
//! satisfaction, repeats. A withdrawn case (作废) counts nowhere. The register's own figures
//! (`registers::complaints::service::figures`) count the same rows.

use fazhi_domain::complaint::{Channel, Class};
use fazhi_domain::report::{complaint_keys as k, Figures};

use super::{Contributed, LabelCount};
use crate::storage::{Db, Query, Scope};

#[derive(sqlx::FromRow)]
struct Counts {
    cases: i64,
    decided: i64,
    decided_on_time: i64,
    concluded: i64,
    concluded_on_time: i64,
    callbacks: i64,
    satisfied: i64,
    repeats: i64,
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    // Dates are compared as dates on PostgreSQL and as ISO text on SQLite: the same order.
    // 满意 and 基本满意 count as satisfied (fazhi_domain::complaint::Satisfaction).
    let mut q = Query::new(
        "SELECT COUNT(*) AS cases, COUNT(decided_on) AS decided, \
         COUNT(CASE WHEN decided_on <= acceptance_due THEN 1 END) AS decided_on_time, \
         COUNT(concluded_on) AS concluded, \
         COUNT(CASE WHEN concluded_on <= conclusion_due THEN 1 END) AS concluded_on_time, \
         COUNT(satisfaction) AS callbacks, \
         COUNT(CASE WHEN satisfaction <> 'unsatisfied' THEN 1 END) AS satisfied, \
         COUNT(repeat_of) AS repeats \
         FROM complaints WHERE withdrawn_at IS NULL AND year = ",
    );
    q.push_bind(i64::from(year));
    scope.restrict(&mut q, "org_id");
    let c: Counts = q.fetch_one(db).await?;
    for (key, n) in [
        (k::CASES, c.cases),
        (k::DECIDED, c.decided),
        (k::DECIDED_ON_TIME, c.decided_on_time),
        (k::CONCLUDED, c.concluded),
        (k::CONCLUDED_ON_TIME, c.concluded_on_time),
        (k::CALLBACKS, c.callbacks),
        (k::SATISFIED, c.satisfied),
        (k::REPEATS, c.repeats),
    ] {
        f.set(key, n);
    }
    // The dashboard's breakdowns, labelled as people read them.
    for (column, key, label) in [
        (
            "channel",
            k::BY_CHANNEL,
            (|c: &str| Channel::parse(c).map(Channel::label)) as fn(&str) -> Option<&'static str>,
        ),
        ("class", k::BY_CLASS, |c: &str| {
            Class::parse(c).map(Class::label)
        }),
    ] {
        let mut q = Query::new(format!(
            "SELECT {column} AS label, COUNT(*) AS n FROM complaints \
             WHERE withdrawn_at IS NULL AND year = "
        ));
        q.push_bind(i64::from(year));
        scope.restrict(&mut q, "org_id");
        q.push(&format!(" GROUP BY {column}"));
        let rows: Vec<LabelCount> = q.fetch_all(db).await?;
        let rows = rows
            .into_iter()
            .map(|r| (label(&r.label).map_or(r.label, str::to_owned), r.n))
            .collect();
        f.set_breakdown(key, rows);
    }
    Ok(())
}
