//! The portal's clean-up results for citizens (no account, no JavaScript): the published
//! campaigns (all, per organisation with `?org=CODE`, or under a town's own portal at
//! `/public/{org}/normative-cleanups`), and one campaign's lists of documents kept, to be
//! amended, repealed and declared invalid, each with its reason (国办发〔2018〕37号: 清理结果
//! 向社会公布). Publishing is a staff write, so it refreshes the portal cache (web/portal_cache.rs).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use fazhi_domain::normative::CleanupResult;

use super::service::{self, CleanupRow, ItemRow};
use crate::app::SharedApp;
use crate::service::portal;
use crate::storage::orgs::Org;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::render;

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    org: String,
}

#[derive(Template)]
#[template(path = "public/normative_cleanups.html")]
struct ListPage {
    /// The town whose portal this is (its nav shown), when under `/public/{org}/`.
    town: Option<Org>,
    section: &'static str,
    orgs: Vec<Org>,
    chosen: String,
    items: Vec<CleanupRow>,
}

async fn list_page(app: &SharedApp, town: Option<Org>, chosen: String) -> Result<Html<String>, PageError> {
    let code = town.as_ref().map_or(chosen.as_str(), |o| o.code.as_str());
    let items = service::published(app, Some(code)).await?;
    let orgs = crate::registers::disclosure::service::portal_orgs(app).await?;
    render(&ListPage {
        town,
        section: "normative-cleanups",
        orgs,
        chosen,
        items,
    })
}

async fn list(State(app): State<SharedApp>, Query(q): Query<ListQuery>) -> Result<Html<String>, PageError> {
    list_page(&app, None, q.org).await
}

async fn town_list(State(app): State<SharedApp>, ApiPath(code): ApiPath<String>) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let chosen = org.code.clone();
    list_page(&app, Some(org), chosen).await
}

/// One list of a campaign: its heading and documents.
struct Section<'a> {
    heading: &'static str,
    items: Vec<&'a ItemRow>,
}

#[derive(Template)]
#[template(path = "public/normative_cleanup.html")]
struct CampaignPage<'a> {
    c: &'a CleanupRow,
    sections: Vec<Section<'a>>,
}

async fn campaign(State(app): State<SharedApp>, ApiPath(id): ApiPath<i64>) -> Result<Html<String>, PageError> {
    let view = service::public_view(&app, id).await?;
    let heading = |r: CleanupResult| match r {
        CleanupResult::Keep => "继续有效的规范性文件目录",
        CleanupResult::Amend => "需修改的规范性文件目录",
        CleanupResult::Repeal => "废止的规范性文件目录",
        CleanupResult::Invalidate => "宣布失效的规范性文件目录",
    };
    let sections = CleanupResult::ALL
        .iter()
        .map(|&r| Section {
            heading: heading(r),
            items: service::with_result(&view.documents, r),
        })
        .filter(|s| !s.items.is_empty() || s.heading.starts_with("继续"))
        .collect();
    render(&CampaignPage {
        c: &view.cleanup,
        sections,
    })
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/normative-documents/cleanups", get(list))
        .route("/public/normative-documents/cleanups/{id}", get(campaign))
        .route("/public/{org}/normative-cleanups", get(town_list))
}
