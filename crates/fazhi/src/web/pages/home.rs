//! The home page per role: a leader's overview (cases in progress, due within 5 working days,
//! overdue, villages missing from the current screening round, this year's key figures beside
//! last year's), a mediator's open cases, and for everyone the to-do list.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::dashboard::{link, KEY_FIGURES};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::service::deadlines::{self, Todo, DUE_SOON_WORKING_DAYS};
use crate::service::overview::{self, HomeKind, LeaderOverview, MediatorCase};
use crate::web::error::PageError;
use crate::web::session::PageUser;

/// A key figure of this year beside last year's.
pub struct FigureRow {
    label: &'static str,
    unit: &'static str,
    this_year: i64,
    last_year: i64,
    href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    todo: Todo,
    today: chrono::NaiveDate,
    days: u32,
    /// Not overdue and due within [`DUE_SOON_WORKING_DAYS`] working days.
    due_within: usize,
    leader: Option<LeaderOverview>,
    figures: Vec<FigureRow>,
    cases: Option<Vec<MediatorCase>>,
}

pub async fn home(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let today = deadlines::today();
    let todo = deadlines::todo(&app, caller.role, &caller.scope, today).await?;
    let (mut leader, mut cases) = (None, None);
    match overview::home_kind(caller.role) {
        HomeKind::Leader => leader = Some(overview::leader(&app, caller, today).await?),
        HomeKind::Mediator => cases = Some(overview::mediator(&app, caller).await?),
        HomeKind::Todo => {}
    }
    let figures = leader
        .as_ref()
        .map(|l| {
            KEY_FIGURES
                .iter()
                .map(|(label, key, unit, list, filter)| FigureRow {
                    label,
                    unit,
                    this_year: l.this_year.get(key),
                    last_year: l.last_year.get(key),
                    href: link(list, &l.org, l.year, *filter),
                })
                .collect()
        })
        .unwrap_or_default();
    render(&HomePage {
        ctx: Ctx::new(&session, "home"),
        due_within: todo.due_within_working_days().count(),
        todo,
        today,
        days: DUE_SOON_WORKING_DAYS,
        leader,
        figures,
        cases,
    })
}
