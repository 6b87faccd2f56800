//! The home page: the to-do list first, then the way into each register.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::service::deadlines::{self, Todo};
use crate::web::error::PageError;
use crate::web::session::PageUser;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    todo: Todo,
    today: chrono::NaiveDate,
}

pub async fn home(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Html<String>, PageError> {
    let today = deadlines::today();
    let todo = deadlines::todo(&app, session.caller.role, &session.caller.scope, today).await?;
    render(&HomePage {
        ctx: Ctx::new(&session, "home"),
        todo,
        today,
    })
}
