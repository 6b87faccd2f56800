//! Figures of leadership (issue #19 item 5; the report's 一(一)): the year's meetings by kind
//! (by their date), the work rules adopted (by their adoption date, whatever their status now:
//! a rule adopted and later revised was still 制定 that year), and the year's budget lines
//! (budgeted and spent, fen), and the leading groups as they stand on the year's last day. A
//! withdrawn record (作废) counts nowhere.
//!
//! A meeting linked to a study session (会前学法, `meetings.study_session_id`) is counted here
//! as a meeting, and `study.rs` leaves that session out of `study_sessions`, so the report's
//! meeting count and study count together count the event once.

use fazhi_domain::leadership::{keys, MeetingKind, MemberRole};
use fazhi_domain::report::Figures;

use super::{count, year_range, Contributed, LabelCount};
use crate::storage::{Db, Query, Scope};

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    let (from, to) = year_range(year);
    let mut q = Query::new("SELECT kind AS label, COUNT(*) AS n FROM meetings WHERE held_on >= ");
    q.push_bind(from)
        .push(" AND held_on < ")
        .push_bind(to)
        .push(" AND withdrawn_at IS NULL");
    scope.restrict(&mut q, "org_id");
    q.push(" GROUP BY kind");
    let by_kind: Vec<LabelCount> = q.fetch_all(db).await?;
    let mut all = 0;
    for kind in MeetingKind::ALL {
        let n = by_kind
            .iter()
            .filter(|r| r.label == kind.code())
            .map(|r| r.n)
            .sum();
        f.set(&format!("{}{}", keys::MEETINGS_PREFIX, kind.code()), n);
        all += n;
    }
    f.set(keys::MEETINGS, all);
    let rules = count(
        db,
        scope,
        "work_rules",
        "adopted_on",
        year,
        " AND withdrawn_at IS NULL",
    );
    f.set(keys::RULES_ADOPTED, rules.await?);

    #[derive(sqlx::FromRow)]
    struct Budget {
        budgeted: i64,
        spent: i64,
    }
    let mut q = Query::new(
        "SELECT CAST(COALESCE(SUM(budgeted_fen), 0) AS BIGINT) AS budgeted, \
         CAST(COALESCE(SUM(spent_fen), 0) AS BIGINT) AS spent FROM budget_lines \
         WHERE withdrawn_at IS NULL AND year = ",
    );
    q.push_bind(i64::from(year));
    scope.restrict(&mut q, "org_id");
    let b: Budget = q.fetch_one(db).await?;
    f.set(keys::BUDGETED_FEN, b.budgeted);
    f.set(keys::SPENT_FEN, b.spent);
    group_on_year_end(db, scope, year, f).await
}

/// The members of the valid leading groups serving on the year's last day, and the posts of
/// their 组长 (the report names the group by its leader's post).
async fn group_on_year_end(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    #[derive(sqlx::FromRow)]
    struct Serving {
        role: String,
        post: String,
        n: i64,
    }
    let (_, next) = year_range(year);
    let last = next.pred_opt().unwrap_or(next);
    let mut q = Query::new(
        "SELECT gm.role, gm.post, COUNT(*) AS n FROM leading_group_members gm \
         JOIN leading_groups g ON g.id = gm.group_id \
         WHERE gm.withdrawn_at IS NULL AND g.withdrawn_at IS NULL AND gm.from_on <= ",
    );
    q.push_bind(last)
        .push(" AND (gm.to_on IS NULL OR gm.to_on >= ")
        .push_bind(last)
        .push(")");
    scope.restrict(&mut q, "gm.org_id");
    q.push(" GROUP BY gm.role, gm.post");
    let rows: Vec<Serving> = q.fetch_all(db).await?;
    f.set(keys::GROUP_MEMBERS, rows.iter().map(|r| r.n).sum());
    let leaders = rows
        .into_iter()
        .filter(|r| r.role == MemberRole::Leader.code())
        .map(|r| (r.post, r.n))
        .collect();
    f.set_breakdown(keys::GROUP_LEADERS, leaders);
    Ok(())
}
