//! The portal's decisions page for citizens (no account): a public body's decision catalogue of
//! a year (only the entries published in it) and its decisions made and published (决策公布,
//! 重大行政决策程序暂行条例 第三十二条), at `/public/decisions?org=CODE&year=2025`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::service::{self, PortalView};
use crate::app::SharedApp;
use crate::web::error::PageError;
use crate::web::pages::render;
use crate::web::pages::year_list::year_of;

#[derive(Template)]
#[template(path = "public/decisions.html")]
struct PortalPage {
    v: PortalView,
}

impl PortalPage {
    fn org_code(&self) -> &str {
        self.v.org.as_ref().map_or("", |o| o.code.as_str())
    }

    fn org_name(&self) -> &str {
        self.v.org.as_ref().map_or("", |o| o.name.as_str())
    }
}

#[derive(Default, Deserialize)]
struct PortalQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: String,
}

async fn page(
    State(app): State<SharedApp>,
    Query(q): Query<PortalQuery>,
) -> Result<Html<String>, PageError> {
    let year = year_of(&q.year)?;
    let v = service::portal(&app, Some(q.org.as_str()), year).await?;
    render(&PortalPage { v })
}

pub fn routes() -> Router<SharedApp> {
    Router::new().route("/public/decisions", get(page))
}
