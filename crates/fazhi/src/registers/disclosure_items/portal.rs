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
    /// The valid normative documents (registers/normative) and the decision catalogue of the
    /// year chosen, else the current one (registers/decisions): part of the catalogue (issue #17
    /// item 2; 政府信息公开条例 第二十条 第一项 lists 行政规范性文件 for proactive disclosure).
    normative: Vec<crate::registers::normative::service::NormativeRow>,
    decision_year: i32,
    decisions: Vec<crate::registers::decisions::service::DecisionRow>,
}

async fn catalogue(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let year = q.year.trim().parse().ok().filter(|y| (1949..=9999).contains(y));
    let today = crate::clock::today();
    let decision_year = year.unwrap_or(chrono::Datelike::year(&today));
    let (normative, _) =
        crate::registers::normative::service::public_lists(&app, Some(&org.code), today).await?;
    let decisions = crate::registers::decisions::service::public(&app, &org, decision_year)
        .await?
        .catalogue;
    render(&Catalogue {
        items: service::catalogue(&app, &org, year).await?,
        normative,
        decision_year,
        decisions,
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
