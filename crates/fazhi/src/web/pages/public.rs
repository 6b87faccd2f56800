//! The public portal (no login, no JavaScript, in Chinese, readable on a phone): the county
//! index of bodies, each body's home (contacts, 公共法律服务, 普法 news, the newest disclosed items
//! and annual reports), its news and reports lists with their Atom feeds, the published reports
//! as pages and DOCX, and the staff page that edits a body's portal profile. The pages are
//! cached in memory and revalidated with ETags (`web::portal_cache`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::{form_result, render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::Org;
use crate::service::portal::{self, CommitteeCard, NewsRow, Profile};
use crate::service::report::Snapshot;
use crate::service::report::{self, Format};
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::records::form_from;
use crate::web::session::{CsrfForm, PageUser, Session};

/// How many news items the home page shows (the news page shows more).
const HOME_NEWS: i64 = 5;
/// How many a news page and its feed show.
const NEWS_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "public/index.html")]
struct PortalIndex {
    bodies: Vec<(Org, Profile)>,
    reports: Vec<(Snapshot, Org)>,
}

pub async fn index(State(app): State<SharedApp>) -> Result<Html<String>, PageError> {
    render(&PortalIndex {
        bodies: portal::bodies(&app).await?,
        reports: report::published(&app).await?,
    })
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
    Ok(render(&PortalReport { snapshot, org })?.into_response())
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct Home {
    org: Org,
    section: &'static str,
    profile: Profile,
    committees: Vec<CommitteeCard>,
    news: Vec<NewsRow>,
    items: Vec<crate::registers::disclosure_items::ItemRow>,
    reports: Vec<(Snapshot, Org)>,
}

async fn home(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let mut items =
        crate::registers::disclosure_items::service::catalogue(&app, &org, None).await?;
    items.truncate(10);
    render(&Home {
        profile: portal::profile_of(&app, &org).await?,
        committees: portal::committees(&app, &org).await?,
        news: portal::news(&app, &org, HOME_NEWS).await?,
        reports: portal::reports(&app, &org, None).await?,
        items,
        section: "home",
        org,
    })
}

#[derive(Template)]
#[template(path = "public/news.html")]
struct NewsPage {
    org: Org,
    section: &'static str,
    news: Vec<NewsRow>,
}

async fn news(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    render(&NewsPage {
        news: portal::news(&app, &org, NEWS_PAGE).await?,
        section: "news",
        org,
    })
}

/// A news photo (an image attached to a valid publicity event of the body's subtree).
async fn photo(
    State(app): State<SharedApp>,
    ApiPath((code, id)): ApiPath<(String, i64)>,
) -> Result<Response, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let (a, bytes) = portal::photo(&app, &org, id).await?;
    Ok(([(header::CONTENT_TYPE, a.content_type)], bytes).into_response())
}

#[derive(Deserialize)]
struct YearFilter {
    #[serde(default)]
    year: String,
}

impl YearFilter {
    /// The year asked for; blank or not a year (a typed URL) means every year.
    fn year(&self) -> Option<i32> {
        self.year
            .trim()
            .parse()
            .ok()
            .filter(|y| (1949..=9999).contains(y))
    }
}

#[derive(Template)]
#[template(path = "public/reports.html")]
struct ReportsPage {
    org: Org,
    section: &'static str,
    /// The years with a published report, newest first, and the one chosen (blank: all).
    years: Vec<String>,
    year: String,
    reports: Vec<(Snapshot, Org)>,
}

async fn reports(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
    Query(f): Query<YearFilter>,
) -> Result<Html<String>, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let all = portal::reports(&app, &org, None).await?;
    let mut years: Vec<i64> = all.iter().map(|(s, _)| s.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = f.year().map(i64::from);
    let reports = all
        .into_iter()
        .filter(|(s, _)| year.is_none_or(|y| s.year == y))
        .collect();
    render(&ReportsPage {
        org,
        section: "reports",
        years: years.iter().map(i64::to_string).collect(),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        reports,
    })
}

/// One entry of an Atom feed.
pub(crate) struct FeedEntry {
    pub title: String,
    /// A stable URN (`urn:fazhi:…`): the entry's identity across feed readers.
    pub id: String,
    /// RFC 3339.
    pub updated: String,
    pub link: String,
    pub summary: String,
}

/// An Atom feed (RFC 4287) of one portal list.
#[derive(Template)]
#[template(path = "public/feed.atom", escape = "html")]
pub(crate) struct Feed {
    pub title: String,
    pub id: String,
    pub updated: String,
    pub self_link: String,
    pub link: String,
    pub author: String,
    pub entries: Vec<FeedEntry>,
}

/// A day as an Atom timestamp: its start in Beijing time.
pub(crate) fn day_stamp(d: NaiveDate) -> String {
    format!("{d}T00:00:00+08:00")
}

/// An instant as an Atom timestamp, in Beijing time.
pub(crate) fn time_stamp(t: DateTime<Utc>) -> String {
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    t.with_timezone(&beijing)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

impl Feed {
    /// The feed of `org`'s list at `path` (below `/public/{code}/`), its newest entry's time as
    /// its own (or the epoch of an empty list).
    pub(crate) fn of(org: &Org, path: &str, title: &str, entries: Vec<FeedEntry>) -> Feed {
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "2000-01-01T00:00:00+08:00".to_owned());
        Feed {
            title: format!("{}{title}", org.name),
            id: format!("urn:fazhi:{}:{path}", org.code),
            updated,
            self_link: format!("/public/{}/{path}/feed.atom", org.code),
            link: format!("/public/{}/{path}", org.code),
            author: org.name.clone(),
            entries,
        }
    }

    pub(crate) fn response(&self) -> Result<Response, PageError> {
        let body = self.render()?;
        Ok((
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            body,
        )
            .into_response())
    }
}

async fn news_feed(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let entries = portal::news(&app, &org, NEWS_PAGE)
        .await?
        .into_iter()
        .map(|n| FeedEntry {
            id: format!("urn:fazhi:{}:news:{}", org.code, n.id),
            updated: time_stamp(n.created_at),
            link: format!("/public/{}/news#news-{}", org.code, n.id),
            summary: format!("{} {}（{}）", n.held_on, n.themes, n.org_name),
            title: n.name,
        })
        .collect();
    Feed::of(&org, "news", "普法动态", entries).response()
}

async fn reports_feed(
    State(app): State<SharedApp>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, PageError> {
    let org = portal::public_body(&app, &code).await?;
    let entries = portal::reports(&app, &org, None)
        .await?
        .into_iter()
        .map(|(s, o)| FeedEntry {
            id: format!("urn:fazhi:report:{}", s.id),
            updated: time_stamp(s.finalized_at),
            link: format!("/public/reports/{}", s.id),
            summary: format!("{}{}年度法治政府建设情况报告", o.name, s.year),
            title: s.title,
        })
        .collect();
    Feed::of(&org, "reports", "法治政府建设年度报告", entries).response()
}

/// The staff page of a body's portal profile.
#[derive(Template)]
#[template(path = "public/profile.html")]
struct ProfilePage {
    ctx: Ctx,
    org: Org,
    orgs: Vec<Org>,
    profile: Profile,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ProfilePage {
    fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
struct OrgQuery {
    #[serde(default)]
    org: String,
}

async fn profile_page(
    app: &SharedApp,
    session: &Session,
    code: &str,
    shown: Option<Profile>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let (org, stored) = portal::profile_for(app, caller, Some(code)).await?;
    render(&ProfilePage {
        ctx: Ctx::new(session, "portal_profile"),
        orgs: crate::service::orgs::visible(app, caller).await?,
        profile: shown.unwrap_or(stored),
        errors,
        can_write: caller
            .role
            .can_write(fazhi_domain::access::Area::Disclosure),
        org,
    })
}

async fn profile_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<OrgQuery>,
) -> Result<Html<String>, PageError> {
    profile_page(&app, &session, &q.org, None, BTreeMap::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProfileForm {
    org: String,
    address: String,
    office_hours: String,
    phones: String,
    disclosure_leader: String,
    guide: String,
}

async fn save_profile(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f: ProfileForm = form_from(&pairs);
    let p = Profile {
        address: f.address,
        office_hours: f.office_hours,
        phones: f.phones,
        disclosure_leader: f.disclosure_leader,
        guide: f.guide,
    };
    let result = portal::save_profile(&app, &session.caller, Some(&f.org), p.clone()).await;
    let back = match &result {
        Ok((org, _)) => format!("/portal-profile?org={}", org.code),
        Err(_) => "/portal-profile".to_owned(),
    };
    let again = |errors| profile_page(&app, &session, &f.org, Some(p.clone()), errors);
    form_result(result, again, &back).await
}

/// The portal's pages and the profile's staff page.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/", get(index))
        .route("/public", get(|| async { Redirect::permanent("/public/") }))
        .route("/public/reports/{id}", get(show))
        .route(
            "/public/{org}",
            get(|ApiPath(code): ApiPath<String>| async move {
                Redirect::permanent(&format!("/public/{code}/"))
            }),
        )
        .route("/public/{org}/", get(home))
        .route("/public/{org}/news", get(news))
        .route("/public/{org}/news/feed.atom", get(news_feed))
        .route("/public/{org}/news/photos/{id}", get(photo))
        .route("/public/{org}/reports", get(reports))
        .route("/public/{org}/reports/feed.atom", get(reports_feed))
        .route("/portal-profile", get(profile_form).post(save_profile))
}
