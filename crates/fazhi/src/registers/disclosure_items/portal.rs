//! The public side of the catalogue (政府信息公开条例 第十二条): a body's 政府信息公开目录 (its
//! published items with 索引号, 名称, 内容概述, 生成日期 and 发布日期, by year) with its Atom
//! feed, and its 政府信息公开指南.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::service::{self, ItemRow};
use crate::app::SharedApp;
use crate::service::portal::{self, Profile};
use crate::storage::orgs::Org;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::public::{day_stamp, Feed, FeedEntry};
use crate::web::pages::render;

#[derive(Deserialize, Default)]
struct YearQuery {
    #[serde(default)]
    year: String,
}

#[derive(Template)]
#[template(path = "public/catalogue.html")]
struct Catalogue {
    org: Org,
    section: &'static str,
    year: Option<i32>,
    items: Vec<ItemRow>,
}

async fn catalogue(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let year = q.year.trim().parse().ok().filter(|y| (1949..=9999).contains(y));
    render(&Catalogue {
        items: service::catalogue(&app, &org, year).await?,
        section: "catalogue",
        year,
        org,
    })
}

async fn catalogue_feed(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let entries = service::catalogue(&app, &org, None)
        .await?
        .into_iter()
        .take(100)
        .map(|i| FeedEntry {
            id: format!("urn:fazhi:disclosure-item:{}", i.id),
            updated: day_stamp(i.published_on.unwrap_or(i.formed_on)),
            link: format!("/public/{}/disclosure-catalogue#item-{}", org.code, i.id),
            summary: format!(
                "索引号 {}；{}；{}",
                i.index_no,
                i.category_label(),
                i.summary.clone().unwrap_or_default()
            ),
            title: i.title,
        })
        .collect();
    Feed::of(&org, "disclosure-catalogue", "政府信息公开目录", entries).response()
}

#[derive(Template)]
#[template(path = "public/guide.html")]
struct Guide {
    org: Org,
    section: &'static str,
    profile: Profile,
}

async fn guide(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    render(&Guide {
        profile: portal::profile_of(&app, &org).await?,
        section: "guide",
        org,
    })
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/{org}/disclosure-catalogue", get(catalogue))
        .route("/public/{org}/disclosure-catalogue/feed.atom", get(catalogue_feed))
        .route("/public/{org}/disclosure-guide", get(guide))
}
