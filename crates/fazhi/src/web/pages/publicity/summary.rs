//! The year summary of publicity events, with its charts and the annual report's sentences.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use fazhi_docs::{bar_chart, Datum};
use fazhi_domain::publicity::PublicityTotals;
use serde::Deserialize;

use super::{non_empty, this_year, year_of};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::publicity::{self as service};
use crate::web::error::PageError;
use crate::web::pages::{render, Ctx};
use crate::web::session::PageUser;

// ---------------------------------------------------------------------------------------------
// The year summary

#[derive(Deserialize, Default)]
pub struct SummaryQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    org: String,
}

#[derive(Template)]
#[template(path = "publicity/summary.html")]
struct SummaryPage {
    ctx: Ctx,
    year: i32,
    org: String,
    orgs: Vec<Org>,
    totals: PublicityTotals,
    months: Vec<(u32, u64)>,
    venue_chart: String,
    month_chart: String,
    sentences: [String; 3],
}

pub async fn summary(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<SummaryQuery>,
) -> Result<Html<String>, PageError> {
    let year = year_of(&q.year)?.unwrap_or_else(this_year);
    let org = non_empty(&q.org);
    let s = service::year_summary(&app, &session.caller, year, org.as_deref()).await?;
    let org_param = org.clone().unwrap_or_default();
    let link = |extra: &str| {
        format!(
            "/publicity?year={year}&org={}&{extra}",
            serde_urlencoded::to_string([("", org_param.as_str())])
                .unwrap_or_default()
                .trim_start_matches('=')
        )
    };
    let venue_data: Vec<Datum> = s
        .totals
        .by_venue
        .iter()
        .map(|v| {
            Datum::new(v.label, v.events as f64)
                .with_href(link(&format!("venue_type={}", v.venue_type.code())))
        })
        .collect();
    let month_data: Vec<Datum> = s
        .by_month
        .iter()
        .enumerate()
        .map(|(i, n)| Datum::new(format!("{}月", i + 1), *n as f64))
        .collect();
    render(&SummaryPage {
        ctx: Ctx::new(&session, "publicity"),
        year,
        org: org.unwrap_or_default(),
        orgs: orgs_service::visible(&app, &session.caller).await?,
        venue_chart: bar_chart(
            &format!("{year}年普法活动（按地点类型）"),
            &venue_data,
            "场",
        ),
        month_chart: bar_chart(&format!("{year}年普法活动（按月）"), &month_data, "场"),
        months: (1..=12u32).zip(s.by_month).collect(),
        sentences: s.totals.report_sentences(),
        totals: s.totals,
    })
}
