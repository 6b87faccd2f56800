//! The public portal (no login): published annual reports, readable as pages and downloadable
//! as DOCX. Milestone 2 grows it into the full disclosure portal.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};

use super::render;
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::Org;
use crate::service::report::Snapshot;
use crate::service::report::{self, Format};
use crate::web::error::PageError;
use crate::web::extract::ApiPath;

pub struct Published {
    snapshot: Snapshot,
    org_name: String,
}

#[derive(Template)]
#[template(path = "public/index.html")]
struct PortalIndex {
    reports: Vec<Published>,
}

pub async fn index(State(app): State<SharedApp>) -> Result<Html<String>, PageError> {
    let mut out = Vec::new();
    for (s, org) in report::published(&app).await? {
        out.push(Published {
            org_name: org.name,
            snapshot: s,
        });
    }
    render(&PortalIndex { reports: out })
}

#[derive(Template)]
#[template(path = "public/report.html")]
struct PortalReport {
    snapshot: Snapshot,
    org: Org,
}

async fn published(app: &SharedApp, id: &str) -> Result<(Snapshot, Org), PageError> {
    let id: i64 = id
        .trim_end_matches(".docx")
        .parse()
        .map_err(|_| AppError::not_found())?;
    Ok(report::published_one(app, id).await?)
}

pub async fn show(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, PageError> {
    let (snapshot, org) = published(&app, &id).await?;
    if id.ends_with(".docx") {
        let rendered = report::render(&app, &org, snapshot.year as i32, Format::Docx).await?;
        return Ok(super::report::file_response(rendered));
    }
    use axum::response::IntoResponse;
    Ok(render(&PortalReport { snapshot, org })?.into_response())
}
