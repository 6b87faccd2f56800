//! The dashboard: the report's own figures as charts, each with its table and a CSV download,
//! each figure of the table linking to the records behind it (issue #19 item 7). The charts
//! are pictures (`role="img"`) without links inside — axe-core's nested-interactive rule — and
//! each sits in a `<figure>` whose caption holds the linked table.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use fazhi_docs::{bar_chart, horizontal_bar_chart, line_chart, Datum};
use fazhi_domain::report::Figures;
use serde::Deserialize;

use super::report::{default_year, report_orgs};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::deadlines;
use crate::service::orgs::Org;
use crate::service::report::{self, TownRow};
use crate::web::error::PageError;
use crate::web::session::PageUser;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    org: Option<String>,
    year: Option<i32>,
    chart: Option<String>,
}

pub struct Chart {
    key: &'static str,
    title: String,
    svg: String,
    rows: Vec<ChartRow>,
}

/// One figure of a chart: its label, its value and the list of the records it counts (none
/// where no list can show exactly them, e.g. a rate).
pub struct ChartRow {
    label: String,
    n: i64,
    href: Option<String>,
}

impl ChartRow {
    fn new(label: impl Into<String>, n: i64, href: Option<String>) -> ChartRow {
        ChartRow {
            label: label.into(),
            n,
            href,
        }
    }
}

/// The picture of `rows`: the values only, the links stay in the table.
fn data(rows: &[ChartRow]) -> Vec<Datum> {
    rows.iter()
        .map(|r| Datum::new(r.label.as_str(), r.n as f64))
        .collect()
}

/// Village names in the scope and their codes: a village bar links to that village's cases.
/// A name two villages share (in different towns) gets no link, as no one list holds both.
pub type VillageCodes = std::collections::HashMap<String, Option<String>>;

/// A key figure: label, figure, unit, the list of the records counted, and that list's filter.
pub(super) type KeyFigureSource = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// The dashboard's key figures; the leader's home shows the same ones beside last year's.
pub(super) const KEY_FIGURES: [KeyFigureSource; 8] = [
    ("矛盾纠纷", "disputes", "起", "/disputes", None),
    (
        "村级调处",
        "village_level",
        "起",
        "/disputes",
        Some(("level", "village")),
    ),
    (
        "镇级调解",
        "town_level",
        "起",
        "/disputes",
        Some(("level", "town")),
    ),
    ("法律咨询", "consultations", "次", "/consultations", None),
    ("法律援助", "legal_aid", "次", "/legal-aid", None),
    ("调解培训", "trainings", "次", "/trainings", None),
    ("普法活动", "publicity_events", "场次", "/publicity", None),
    ("受益群众", "beneficiaries", "人次", "/publicity", None),
];

pub struct KeyFigure {
    key: &'static str,
    label: &'static str,
    value: i64,
    unit: &'static str,
    href: String,
}

#[derive(Template)]
#[template(path = "report/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    org: Org,
    orgs: Vec<Org>,
    year: i32,
    years: Vec<i32>,
    figures: Vec<KeyFigure>,
    charts: Vec<Chart>,
    towns: Vec<TownRow>,
    overdue: usize,
}

fn status_label(code: &str) -> &str {
    match code {
        "registered" => "已登记",
        "accepted" => "已受理",
        "rejected" => "不予受理",
        "mediating" => "调解中",
        "succeeded" => "调解成功",
        "failed" => "调解不成",
        "terminated" => "已终止",
        "transferred" => "已移交",
        "village" => "村级",
        "town" => "镇级",
        other => other,
    }
}

pub(super) fn link(base: &str, org: &Org, year: i32, param: Option<(&str, &str)>) -> String {
    let mut url = format!("{base}?org={}&year={year}", org.code);
    if let Some((k, v)) = param {
        url.push('&');
        url.push_str(&serde_urlencoded::to_string([(k, v)]).unwrap_or_default());
    }
    url
}

/// The dashboard's charts, built from the same figures as the report.
fn charts(
    f: &Figures,
    last_year: &Figures,
    org: &Org,
    year: i32,
    villages: &VillageCodes,
) -> Vec<Chart> {
    let mut out = Vec::new();
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let series = |fig: &Figures| -> Vec<f64> {
        fig.breakdown("dispute_month")
            .iter()
            .map(|(_, n)| *n as f64)
            .collect()
    };
    let month_rows: Vec<ChartRow> = f
        .breakdown("dispute_month")
        .iter()
        .map(|(m, n)| {
            let month = m.trim_start_matches('0');
            ChartRow::new(
                format!("{month}月"),
                *n,
                Some(link("/disputes", org, year, Some(("month", month)))),
            )
        })
        .collect();
    out.push(Chart {
        key: "dispute_month",
        title: format!("矛盾纠纷按月（{year}年与{}年）", year - 1),
        svg: line_chart(
            "矛盾纠纷按月",
            &months,
            &[
                (format!("{year}年"), series(f)),
                (format!("{}年", year - 1), series(last_year)),
            ],
            "起",
        ),
        rows: month_rows,
    });
    let bars = |key: &'static str,
                title: &str,
                unit: &str,
                href: &dyn Fn(&str) -> Option<String>,
                horizontal: bool| {
        let rows: Vec<ChartRow> = f
            .breakdown(key)
            .iter()
            .map(|(l, n)| ChartRow::new(status_label(l), *n, href(l)))
            .collect();
        let svg = if horizontal {
            horizontal_bar_chart(title, &data(&rows), unit)
        } else {
            bar_chart(title, &data(&rows), unit)
        };
        Chart {
            key,
            title: title.to_owned(),
            svg,
            rows,
        }
    };
    let disputes_by =
        |param: &'static str| move |l: &str| Some(link("/disputes", org, year, Some((param, l))));
    out.push(bars(
        "dispute_type",
        "矛盾纠纷类型",
        "起",
        &disputes_by("type"),
        true,
    ));
    // A village's bar opens its cases (the organisation filter is the case's village); the
    // town's own cases, without a village, are 镇本级 (storage/figures/disputes.rs).
    let village_href = |l: &str| match l {
        "镇本级" => Some(link("/disputes", org, year, Some(("village", "none")))),
        name => villages
            .get(name)
            .cloned()
            .flatten()
            .map(|code| format!("/disputes?org={code}&year={year}")),
    };
    out.push(bars(
        "dispute_village",
        "矛盾纠纷按村（社区）",
        "起",
        &village_href,
        true,
    ));
    out.push(bars(
        "dispute_level",
        "调解层级",
        "起",
        &disputes_by("level"),
        false,
    ));
    out.push(bars(
        "dispute_status",
        "办理状态与结果",
        "起",
        &disputes_by("status"),
        false,
    ));
    let venue_href = |l: &str| {
        fazhi_domain::publicity::VenueType::parse(l)
            .map(|v| link("/publicity", org, year, Some(("venue_type", v.code()))))
    };
    out.push(bars(
        "publicity_venue",
        "普法活动按场所",
        "场次",
        &venue_href,
        false,
    ));
    let pub_months: Vec<ChartRow> = f
        .breakdown("publicity_month")
        .iter()
        .map(|(m, n)| {
            let month = m.trim_start_matches('0');
            ChartRow::new(
                format!("{month}月"),
                *n,
                Some(link("/publicity", org, year, Some(("month", month)))),
            )
        })
        .collect();
    out.push(Chart {
        key: "publicity_month",
        title: "普法活动按月".to_owned(),
        svg: bar_chart("普法活动按月", &data(&pub_months), "场次"),
        rows: pub_months,
    });
    out.push(legality_chart(f, org, year));
    out.extend(complaint_charts(f, org, year));
    out
}

/// Complaints and petitions (issue #18 item 5): cases by channel and by class, the cases told
/// and concluded on time, the callbacks, and the three rates (信访工作条例 第二十三条,
/// 第三十二条); each complaint bar opens the list of exactly the cases it counts
/// (`figure=`), a supervision bar the register's list of the year.
fn complaint_charts(f: &Figures, org: &Org, year: i32) -> Vec<Chart> {
    use fazhi_domain::complaint::{Channel, Class};
    use fazhi_domain::report::complaint_keys as k;
    let cases = |figure: &str| Some(link("/complaints", org, year, Some(("figure", figure))));
    let items = link("/supervision-items", org, year, None);
    let chart = |key: &'static str, title: &str, rows: Vec<ChartRow>, unit: &str| Chart {
        key,
        title: title.to_owned(),
        svg: horizontal_bar_chart(title, &data(&rows), unit),
        rows,
    };
    // Each figure's bar, linked to `href(key)`.
    let counts = |keys: &[(&str, &str)], href: &dyn Fn(&str) -> Option<String>| -> Vec<ChartRow> {
        keys.iter()
            .map(|(label, key)| ChartRow::new(*label, f.get(key), href(key)))
            .collect()
    };
    // A breakdown's bars by label, each linked to its code's cases (`channel.visit`).
    let by = |key: &str, column: &str, code: fn(&str) -> Option<&'static str>| -> Vec<ChartRow> {
        f.breakdown(key)
            .iter()
            .map(|(label, n)| {
                let href = code(label).and_then(|c| cases(&format!("{column}.{c}")));
                ChartRow::new(label.clone(), *n, href)
            })
            .collect()
    };
    // A rate with no base is left out rather than drawn as 0%; rates are not records and link
    // nowhere.
    let rate = |label: &str, part: &str, whole: &str| {
        (f.get(whole) > 0).then(|| {
            let pct = (f.get(part) * 100 + f.get(whole) / 2) / f.get(whole);
            ChartRow::new(label, pct, None)
        })
    };
    let rates: Vec<ChartRow> = [
        rate("按期告知受理率", k::DECIDED_ON_TIME, k::DECIDED),
        rate("按期办结率", k::CONCLUDED_ON_TIME, k::CONCLUDED),
        rate("回访满意率", k::SATISFIED, k::CALLBACKS),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Supervision items (registers/supervision_items/): answered on time, rectified.
    use fazhi_domain::supervision_item::keys as s;
    let item_rates: Vec<ChartRow> = [
        rate(
            "建议提案按期答复率",
            s::SUGGESTIONS_ON_TIME,
            s::SUGGESTIONS_ANSWERED,
        ),
        rate(
            "司法检察建议按期回复率",
            s::LETTERS_ON_TIME,
            s::LETTERS_ANSWERED,
        ),
        rate(
            "发现问题按期整改率",
            s::FINDINGS_ON_TIME,
            s::FINDINGS_RECTIFIED,
        ),
        rate(
            "代表委员满意率",
            s::SUGGESTIONS_SATISFIED,
            s::SUGGESTIONS_RATED,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    vec![
        chart(
            "supervision_items",
            "代表建议、提案与监督发现办理",
            counts(
                &[
                    ("建议提案", s::SUGGESTIONS),
                    ("建议提案已答复", s::SUGGESTIONS_ANSWERED),
                    ("建议提案按期答复", s::SUGGESTIONS_ON_TIME),
                    ("司法检察建议", s::LETTERS),
                    ("司法检察建议按期回复", s::LETTERS_ON_TIME),
                    ("审计监察发现问题", s::FINDINGS),
                    ("已整改", s::FINDINGS_RECTIFIED),
                    ("媒体反映问题", s::MEDIA),
                    ("已公开回应", s::MEDIA_ANSWERED),
                ],
                &|_| Some(items.clone()),
            ),
            "件",
        ),
        chart(
            "supervision_rates",
            "监督事项按期率与满意率",
            item_rates,
            "%",
        ),
        chart(
            "complaint_channel",
            "举报投诉与信访按渠道",
            by(k::BY_CHANNEL, "channel", |l| {
                Channel::parse(l).map(Channel::code)
            }),
            "件",
        ),
        chart(
            "complaint_class",
            "举报投诉与信访按类别",
            by(k::BY_CLASS, "class", |l| Class::parse(l).map(Class::code)),
            "件",
        ),
        chart(
            "complaints",
            "举报投诉与信访办理",
            counts(
                &[
                    ("收到", k::CASES),
                    ("告知受理", k::DECIDED),
                    ("按期告知", k::DECIDED_ON_TIME),
                    ("办结", k::CONCLUDED),
                    ("按期办结", k::CONCLUDED_ON_TIME),
                    ("回访", k::CALLBACKS),
                    ("满意或基本满意", k::SATISFIED),
                    ("重复信访", k::REPEATS),
                ],
                &cases,
            ),
            "件",
        ),
        chart(
            "complaint_rates",
            "举报投诉与信访按期率与满意率",
            rates,
            "%",
        ),
    ]
}

/// Legality review and major decisions (issue #16 item 7): the reviews by kind, the opinions
/// given and adopted, the decisions made and those made through every procedure; each bar
/// opens the list of exactly the records it counts (`figure=`).
fn legality_chart(f: &Figures, org: &Org, year: i32) -> Chart {
    use fazhi_domain::report::legality_keys as k;
    let bars: [(&str, &str, &str); 9] = [
        (
            "审查：重大行政决策",
            k::REVIEWS_MAJOR_DECISION,
            "/review-requests",
        ),
        ("审查：合同协议", k::REVIEWS_CONTRACT, "/review-requests"),
        ("审查：行政处罚", k::REVIEWS_PENALTY, "/review-requests"),
        (
            "审查：矛盾纠纷调处方案",
            k::REVIEWS_MEDIATION_PLAN,
            "/review-requests",
        ),
        (
            "审查：行政规范性文件",
            k::REVIEWS_NORMATIVE_DOCUMENT,
            "/review-requests",
        ),
        ("提出审查意见", k::REVIEW_OPINIONS, "/review-requests"),
        ("意见被采纳", k::REVIEWS_ADOPTED, "/review-requests"),
        ("作出重大行政决策", k::DECISIONS_MADE, "/decisions"),
        ("完整履行法定程序", k::DECISIONS_FOLLOWED, "/decisions"),
    ];
    let rows: Vec<ChartRow> = bars
        .iter()
        .map(|(label, key, list)| {
            let href = link(list, org, year, Some(("figure", key)));
            ChartRow::new(*label, f.get(key), Some(href))
        })
        .collect();
    let title = "合法性审查与重大行政决策";
    Chart {
        key: "legality",
        title: title.to_owned(),
        svg: horizontal_bar_chart(title, &data(&rows), "件"),
        rows,
    }
}

/// What a dashboard shows: the organisation, the year, its figures and last year's, and the
/// codes of its villages.
type Loaded = (Org, i32, Figures, Figures, VillageCodes);

async fn load(
    app: &SharedApp,
    session: &crate::web::session::Session,
    q: &DashboardQuery,
) -> Result<Loaded, PageError> {
    let org = report::report_org(app, &session.caller, q.org.as_deref()).await?;
    let year = default_year(app, &org, q.year).await?;
    let f = report::figures_for(app, &org, year).await?;
    let last = report::figures_for(app, &org, year - 1).await?;
    let mut villages = VillageCodes::new();
    for o in crate::service::orgs::subtree(app, &org).await? {
        villages
            .entry(o.name)
            .and_modify(|code| *code = None)
            .or_insert(Some(o.code));
    }
    Ok((org, year, f, last, villages))
}

pub async fn dashboard(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<DashboardQuery>,
) -> Result<Html<String>, PageError> {
    let (org, year, f, last, villages) = load(&app, &session, &q).await?;
    let figures = KEY_FIGURES
        .into_iter()
        .map(|(label, key, unit, list, filter)| KeyFigure {
            key,
            label,
            value: f.get(key),
            unit,
            href: link(list, &org, year, filter),
        })
        .collect();
    let overdue = deadlines::todo(&app, session.caller.role, &org.scope(), deadlines::today())
        .await?
        .overdue
        .len();
    let this_year = deadlines::today();
    render(&DashboardPage {
        ctx: Ctx::new(&session, "dashboard"),
        orgs: report_orgs(&app, &session).await?,
        years: (2020..=chrono::Datelike::year(&this_year)).rev().collect(),
        charts: charts(&f, &last, &org, year, &villages),
        towns: report::per_town(&app, &org, year).await?,
        figures,
        overdue,
        org,
        year,
    })
}

/// One chart's table as CSV (UTF-8 with BOM, so Excel opens it).
pub async fn chart_csv(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let (org, year, f, last, villages) = load(&app, &session, &q).await?;
    let key = q.chart.as_deref().unwrap_or("");
    let chart = charts(&f, &last, &org, year, &villages)
        .into_iter()
        .find(|c| c.key == key)
        .ok_or_else(AppError::not_found)?;
    let rows: Vec<Vec<String>> = chart
        .rows
        .iter()
        .map(|r| vec![r.label.clone(), r.n.to_string()])
        .collect();
    let bytes = fazhi_ledger::write_csv(&["项目", "数量"], &rows);
    Ok(super::report::file_response(report::Rendered {
        file_name: format!("{}-{year}年-{}.csv", org.name, chart.title),
        content_type: "text/csv; charset=utf-8",
        bytes,
    }))
}
