//! The home page per role (issue 14 point 7): a leader's overview of their subtree, and a
//! mediator's open cases. The to-do list itself is [`super::deadlines::todo`].

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::dispute::Status;
use fazhi_domain::report::Figures;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::orgs::Org;
use crate::storage::overview::{self as store, OpenCase};
use crate::storage::screening::Round;

use super::deadlines::{self, DeadlineView};
use super::{report, screening, Caller};

/// Which home a role gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeKind {
    /// 领导: the overview, then the to-do list.
    Leader,
    /// 调解员: their village's open cases, then the to-do list.
    Mediator,
    /// Everyone else: the to-do list.
    Todo,
}

pub fn home_kind(role: Role) -> HomeKind {
    match role {
        Role::Leader => HomeKind::Leader,
        Role::Mediator => HomeKind::Mediator,
        _ => HomeKind::Todo,
    }
}

/// The villages of a town that have not reported in its current screening round.
#[derive(Clone, Debug)]
pub struct RoundGap {
    pub round: Round,
    pub not_reported: Vec<Org>,
}

/// A leader's overview of their organisation and everything below it.
pub struct LeaderOverview {
    pub org: Org,
    pub year: i32,
    /// Disputes registered, accepted or being mediated.
    pub in_progress: i64,
    /// Each town's current round (the latest begun by today) and who has not reported in it.
    pub rounds: Vec<RoundGap>,
    pub this_year: Figures,
    pub last_year: Figures,
}

pub async fn leader(app: &App, caller: &Caller, today: NaiveDate) -> AppResult<LeaderOverview> {
    let org = report::report_org(app, caller, None).await?;
    let year = today.year();
    let in_progress = if caller.role.can_read(Area::Disputes) {
        store::disputes_in_progress(&app.db, &caller.scope).await?
    } else {
        0
    };
    let rounds = if caller.role.can_read(Area::Screening) {
        current_rounds(app, caller, today).await?
    } else {
        Vec::new()
    };
    Ok(LeaderOverview {
        this_year: report::figures_for(app, &org, year).await?,
        last_year: report::figures_for(app, &org, year - 1).await?,
        org,
        year,
        in_progress,
        rounds,
    })
}

/// Each town's current round: its latest round begun by `today` (rounds come newest first).
async fn current_rounds(app: &App, caller: &Caller, today: NaiveDate) -> AppResult<Vec<RoundGap>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for round in screening::list_rounds(app, caller, false).await? {
        if round.starts_on > today || !seen.insert(round.org_id) {
            continue;
        }
        let view = screening::get_round_scoped(app, caller, round.id).await?;
        out.push(RoundGap {
            not_reported: view.not_reported,
            round: view.round,
        });
    }
    Ok(out)
}

/// An open case on a mediator's home, with its next deadline.
pub struct MediatorCase {
    pub case: OpenCase,
    pub status_label: &'static str,
    pub next_due: Option<DeadlineView>,
}

/// How many open cases a mediator's home lists.
pub const OPEN_CASES_SHOWN: i64 = 50;

/// The open cases of the mediator's own organisation (their village) and below it, oldest
/// first, each with its latest mediation session and its next running deadline.
pub async fn mediator(app: &App, caller: &Caller) -> AppResult<Vec<MediatorCase>> {
    caller.require_read(Area::Disputes)?;
    let cases = store::open_disputes(&app.db, &caller.scope, OPEN_CASES_SHOWN).await?;
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let next_due = deadlines::for_record(app, "dispute", case.id)
            .await?
            .into_iter()
            .min_by_key(|d| d.due_date);
        out.push(MediatorCase {
            status_label: Status::parse(&case.status).map_or("", Status::label),
            next_due,
            case,
        });
    }
    Ok(out)
}
