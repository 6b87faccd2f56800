//! The 政府信息公开工作年度报告 of an organisation and year in the uniform format
//! (国办公开办函〔2021〕30号, statutes.md §9.4; due by 1月31日, 政府信息公开条例 第四十九条):
//! its six parts, the tables counted from the requests (`fazhi_domain::disclosure_report`), the
//! narrative parts staff write (kept with the annual report's narratives under their own keys),
//! rendered as DOCX, HTML or Markdown like the annual report (`service::report`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use fazhi_docs::{Block, OfficialDocument};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure::{
    abandoned, ApplicantKind, RemedyKind, RemedyResult, ReplyType,
};
use fazhi_domain::disclosure_report::{
    columns, remedy_table, request_table, RemedyTable, RequestFacts, RequestTable,
};

use super::store;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::report::{Format, Rendered};
use crate::service::Caller;
use crate::storage::orgs::Org;
use crate::storage::reports;

/// The narrative parts: (key, heading, what to write). Stored with the annual report's
/// narratives (storage::reports) under these keys, which that report does not use.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "disclosure_overall",
        "一、总体情况",
        "主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作的总体情况。",
    ),
    (
        "disclosure_problems",
        "五、存在的主要问题及改进情况",
        "本年度工作存在的主要问题和改进措施，上年度问题的整改情况。",
    ),
    (
        "disclosure_other",
        "六、其他需要报告的事项",
        "包括收取信息处理费的情况；如无，可写“无”。",
    ),
];

/// The proactive-disclosure table (国办公开办函〔2021〕30号 第二部分): 规章 (none: a township has
/// no power to make them, 立法法 第九十三条), the 行政规范性文件 issued, repealed and in force
/// (the normative register), the items published in the year (the disclosure catalogue), and
/// the four rows fazhi keeps no register of, left at zero with a note saying so.
pub fn proactive_rows(f: &DisclosureFigures) -> Vec<(String, String)> {
    let n = &f.normative;
    let mut rows = vec![
        ("规章：本年制发件数／本年废止件数／现行有效件数".to_owned(), "0／0／0".to_owned()),
        (
            "行政规范性文件：本年制发件数／本年废止件数／现行有效件数".to_owned(),
            format!("{}／{}／{}", n.issued, n.repealed, n.valid_at_year_end),
        ),
        ("行政许可：本年处理决定数量".to_owned(), "0".to_owned()),
        ("行政处罚：本年处理决定数量".to_owned(), "0".to_owned()),
        ("行政强制：本年处理决定数量".to_owned(), "0".to_owned()),
        ("行政事业性收费：本年收费金额（单位：万元）".to_owned(), "0".to_owned()),
        ("主动公开政府信息：本年发布条数".to_owned(), f.proactive.1.to_string()),
    ];
    rows.extend(
        f.proactive
            .0
            .iter()
            .map(|(label, count)| (format!("其中{label}：本年发布条数"), count.to_string())),
    );
    rows
}

/// What the proactive table cannot count, said under it.
pub const PROACTIVE_NOTE: &str = "注：规范性文件数字取自规范性文件台账，主动公开条数取自政府信息公开目录（按发布日期计）；行政许可、行政处罚、行政强制、行政事业性收费本系统不登记，上表记为0，请按实际情况核对后填报。";

/// The report's figures.
pub struct DisclosureFigures {
    pub requests: RequestTable,
    /// 行政规范性文件 issued, repealed and in force (registers/normative).
    pub normative: crate::registers::normative::service::Figures,
    /// Items published in the year by category label, and their total (registers/disclosure_items).
    pub proactive: (Vec<(&'static str, i64)>, i64),
    pub remedies: RemedyTable,
    /// 信息处理费 noticed in the year, in fen, and on how many requests.
    pub fees: (i64, i64),
}

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).unwrap_or_default()
}

/// The figures of `org`'s subtree for `year`, counted as of `today` (a correction period that
/// has passed closes its request as abandoned).
pub async fn figures(app: &App, org: &Org, year: i32) -> AppResult<DisclosureFigures> {
    let rows = store::report_facts(&app.db, &org.scope(), day(year, 12, 31)).await?;
    let today = crate::clock::today();
    let mut fees = (0, 0);
    let facts: Vec<RequestFacts> = rows
        .into_iter()
        .filter_map(|r| {
            if let (Some(f), Some(on)) = (r.fee_fen, r.fee_noticed_on.map(|d| d.year())) {
                if on == year {
                    fees = (fees.0 + f, fees.1 + 1);
                }
            }
            let gave_up = r.replied_on.is_none()
                && abandoned(
                    r.correction_noticed_on,
                    r.corrected_on,
                    r.correction_due_on,
                    today,
                );
            let (closed_on, result) = match (r.replied_on, gave_up) {
                (Some(d), _) => (Some(d), r.reply_type.as_deref().and_then(ReplyType::parse)),
                // Closed the day after the period ran out.
                (None, true) => (
                    r.correction_due_on.and_then(|d| d.succ_opt()),
                    Some(ReplyType::NotCorrected),
                ),
                (None, false) => (None, None),
            };
            let remedy = match (
                r.remedy_kind.as_deref().and_then(RemedyKind::parse),
                r.remedy_filed_on,
            ) {
                (Some(k), Some(on)) => Some((
                    k,
                    on,
                    r.remedy_result
                        .as_deref()
                        .and_then(RemedyResult::parse)
                        .unwrap_or(RemedyResult::Pending),
                )),
                _ => None,
            };
            Some(RequestFacts {
                applicant_kind: ApplicantKind::parse(&r.applicant_kind)?,
                received_on: r.received_on,
                closed_on,
                result,
                remedy,
            })
        })
        .collect();
    Ok(DisclosureFigures {
        requests: request_table(year, &facts),
        remedies: remedy_table(year, &facts),
        fees,
        normative: crate::registers::normative::service::figures_of(app, &org.scope(), year).await?,
        proactive: crate::registers::disclosure_items::service::published_in_year(app, org, year)
            .await?,
    })
}

fn cells(label: &str, v: &[i64]) -> Vec<String> {
    let mut row = vec![label.to_owned()];
    row.extend(v.iter().map(i64::to_string));
    row
}

/// The narratives saved for `year` (empty where none is).
pub async fn narratives(app: &App, org: &Org, year: i32) -> AppResult<BTreeMap<String, String>> {
    let saved = reports::narratives(&app.db, org.id, year).await?;
    Ok(SECTIONS
        .iter()
        .filter_map(|(k, _, _)| saved.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect())
}

/// The key under which a report's publication is kept (the day staff pressed 公布), with the
/// narratives: publishing is then audited like them (`save_narrative`) and needs no table.
pub const PUBLISHED: &str = "disclosure_published";

/// The years of `org`'s reports published on the portal (政府信息公开条例 第四十九条), newest
/// first, with the day each was published.
pub async fn published_years(app: &App, org: &Org) -> AppResult<Vec<(i32, String)>> {
    Ok(reports::section_years(&app.db, org.id, PUBLISHED).await?)
}

/// Saves a narrative part (writers of the reports area).
pub async fn save_narrative(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: i32,
    section: &str,
    body: &str,
) -> AppResult<()> {
    caller.require_write(Area::Reports)?;
    if section == PUBLISHED {
        // Publishing: the day is the one stored, whatever the form carried.
        let today = crate::clock::today().to_string();
        let mut tx = app.db.begin().await?;
        reports::save_narrative(&mut tx, &caller.actor(), org.id, year, PUBLISHED, &today).await?;
        tx.commit().await?;
        return Ok(());
    }
    if !SECTIONS.iter().any(|(k, _, _)| *k == section) {
        return Err(AppError::field("section", "没有这个报告部分"));
    }
    if body.chars().count() > 20_000 {
        return Err(AppError::field("body", "内容过长（最多 2 万字），请精简"));
    }
    let mut tx = app.db.begin().await?;
    reports::save_narrative(&mut tx, &caller.actor(), org.id, year, section, body.trim()).await?;
    tx.commit().await?;
    Ok(())
}

/// The sentence the overall part opens with, from the figures.
fn summary(f: &DisclosureFigures, year: i32) -> String {
    let t = &f.requests;
    let last = |v: &[i64]| v.last().copied().unwrap_or(0);
    format!(
        "{year}年，本机关新收政府信息公开申请{}件，上年结转{}件，办结{}件，结转下年度继续办理{}件。",
        last(&t.received),
        last(&t.carried_in),
        last(&t.closed),
        last(&t.carried_out)
    )
}

/// The whole report as one document model.
pub fn document(
    org: &Org,
    year: i32,
    f: &DisclosureFigures,
    texts: &BTreeMap<String, String>,
) -> OfficialDocument {
    let text = |key: &str| -> Vec<Block> {
        let body = texts.get(key).map(String::as_str).unwrap_or("");
        let paras: Vec<Block> = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Block::Paragraph(l.to_owned()))
            .collect();
        if paras.is_empty() {
            let hint = SECTIONS.iter().find(|s| s.0 == key).map_or("", |s| s.2);
            vec![Block::Paragraph(format!("（待填写：{hint}）"))]
        } else {
            paras
        }
    };
    let mut blocks = vec![
        Block::Paragraph(format!(
            "本报告根据《中华人民共和国政府信息公开条例》第四十九条、第五十条和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，报告所列数据统计期限为{year}年1月1日至{year}年12月31日。"
        )),
        Block::Heading1(SECTIONS[0].1.to_owned()),
        Block::Paragraph(summary(f, year)),
    ];
    blocks.extend(text("disclosure_overall"));
    let proactive = proactive_rows(f);
    blocks.push(Block::Heading1("二、主动公开政府信息情况".to_owned()));
    blocks.push(Block::Table {
        header: vec!["信息内容".to_owned(), "数量".to_owned()],
        rows: proactive
            .into_iter()
            .map(|(k, v)| vec![k, v])
            .collect(),
    });
    blocks.push(Block::Paragraph(PROACTIVE_NOTE.to_owned()));
    blocks.push(Block::Heading1(
        "三、收到和处理政府信息公开申请情况".to_owned(),
    ));
    let mut header = vec!["".to_owned()];
    header.extend(columns().into_iter().map(str::to_owned));
    let t = &f.requests;
    let mut rows = vec![
        cells("一、本年新收政府信息公开申请数量", &t.received),
        cells("二、上年结转政府信息公开申请数量", &t.carried_in),
    ];
    for (label, v) in &t.results {
        rows.push(cells(&format!("三、本年度办理结果：{label}"), v));
    }
    rows.push(cells("三、本年度办理结果：总计", &t.closed));
    rows.push(cells("四、结转下年度继续办理", &t.carried_out));
    blocks.push(Block::Table { header, rows });
    blocks.push(Block::Paragraph(
        "注：申请人类型“法人或其他组织”分为商业企业、科研机构、社会公益组织、法律服务机构、其他；已主动公开的计入“予以公开”，不属于本机关负责公开的计入“本机关不掌握相关政府信息”；申请人逾期不补正视为放弃申请的，计入“申请人无正当理由逾期不补正”。".to_owned(),
    ));
    blocks.push(Block::Heading1(
        "四、政府信息公开行政复议、行政诉讼情况".to_owned(),
    ));
    let mut header = vec!["".to_owned()];
    header.extend(RemedyResult::ALL.iter().map(|r| r.label().to_owned()));
    header.push("总计".to_owned());
    blocks.push(Block::Table {
        header,
        rows: f
            .remedies
            .rows
            .iter()
            .map(|(label, v)| cells(label, v))
            .collect(),
    });
    blocks.push(Block::Heading1(SECTIONS[1].1.to_owned()));
    blocks.extend(text("disclosure_problems"));
    blocks.push(Block::Heading1(SECTIONS[2].1.to_owned()));
    if f.fees.1 > 0 {
        blocks.push(Block::Paragraph(format!(
            "本年度共对{}件申请发出信息处理费收费通知，金额合计{}.{:02}元。",
            f.fees.1,
            f.fees.0 / 100,
            f.fees.0 % 100
        )));
    } else {
        blocks.push(Block::Paragraph("本年度未收取信息处理费。".to_owned()));
    }
    blocks.extend(text("disclosure_other"));
    OfficialDocument {
        title: title(org, year),
        blocks,
        ..OfficialDocument::default()
    }
}

pub fn title(org: &Org, year: i32) -> String {
    format!("{}{year}年政府信息公开工作年度报告", org.name)
}

/// The report of `org` for `year`, rendered (DOCX off the async runtime).
pub async fn render(app: &App, org: &Org, year: i32, format: Format) -> AppResult<Rendered> {
    let f = figures(app, org, year).await?;
    let texts = narratives(app, org, year).await?;
    let doc = document(org, year, &f, &texts);
    let bytes = match format {
        Format::Markdown => fazhi_docs::render_markdown(&doc).into_bytes(),
        Format::Html => fazhi_docs::render_html(&doc).into_bytes(),
        Format::Docx => tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
            .await?
            .map_err(AppError::internal)?,
    };
    Ok(Rendered {
        file_name: format!("{}-{year}年政府信息公开工作年度报告.{}", org.name, format.ext()),
        content_type: format.content_type(),
        bytes,
    })
}

/// The staff page's report: its HTML body and the narratives to edit.
pub struct ReportView {
    pub org_code: String,
    pub html: String,
    pub texts: BTreeMap<String, String>,
}

pub async fn view(app: &App, caller: &Caller, org: Option<&str>, year: i32) -> AppResult<ReportView> {
    let org = crate::service::report::report_org(app, caller, org).await?;
    fazhi_domain::record_year(year).map_err(|m| AppError::field("year", m))?;
    let f = figures(app, &org, year).await?;
    let texts = narratives(app, &org, year).await?;
    let html = fazhi_docs::render_html_fragment(&document(&org, year, &f, &texts));
    Ok(ReportView {
        org_code: org.code,
        html,
        texts,
    })
}

/// Saves a narrative part from the staff page (the organisation by code, in the caller's
/// subtree).
pub async fn save_text(
    app: &App,
    caller: &Caller,
    org: &str,
    year: i32,
    section: &str,
    body: &str,
) -> AppResult<()> {
    let org = crate::service::report::report_org(app, caller, Some(org)).await?;
    fazhi_domain::record_year(year).map_err(|m| AppError::field("year", m))?;
    save_narrative(app, caller, &org, year, section, body).await
}
