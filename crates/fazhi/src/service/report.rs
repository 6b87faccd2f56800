//! The annual report (法治政府建设年度报告): computed figures woven into the structure the seed
//! uses and the 督察工作规定 requires, narrative parts written by staff, exports to DOCX,
//! HTML and Markdown, and a final snapshot published on the portal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_docs::{Block, OfficialDocument, Signature};
use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;
use fazhi_domain::report::{sentences, Figures, Part, ReportTitle, Signatories};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::orgs::{self, Org};
use crate::storage::reports;
pub use crate::storage::reports::Snapshot;
use crate::storage::{figures, Query};

use super::Caller;

/// The narrative parts staff write, in report order: (key, heading, hint shown when empty).
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "intro",
        "导语",
        "简述全年法治政府建设总体情况，例如：在上级党委、政府的正确领导下……现将工作情况报告如下：",
    ),
    (
        "leadership",
        "（一）强化组织领导，落实工作责任。",
        "领导小组、工作制度、研究部署、经费保障等。",
    ),
    (
        "decisions",
        "（二）推进政务公开，完善科学民主决策机制。",
        "重大决策程序、法律顾问审核、政务公开等的做法（合法性审查和重大行政决策的数字由系统自动生成，附在本部分之后）。",
    ),
    (
        "enforcement",
        "（三）完善行政执法制度，规范行政执法行为。",
        "执法制度建设、执法队伍培训等。",
    ),
    (
        "supervision",
        "（四）加强行政执法监督，提高行政执法水平。",
        "人大政协监督、司法监督、群众举报投诉处理等（举报投诉和信访的数字由系统自动生成，附在本部分之后）。",
    ),
    (
        "study",
        "（五）强化队伍建设，全面提高法治思维和依法行政能力。",
        "干部学法用法、法治宣传教育的做法（数字由系统自动生成，附在本部分之后）。",
    ),
    (
        "disputes",
        "（六）依法有效化解社会矛盾纠纷。",
        "人民调解队伍建设、矛盾纠纷排查化解的做法（数字由系统自动生成，附在本部分之后）。",
    ),
    ("practices", "（一）主要做法。", "本年度的主要做法和经验。"),
    (
        "problems",
        "（二）存在问题。",
        "存在的不足和原因：写明不足之处，并分析其原因（督察工作规定要求报告“存在的不足和原因”）。",
    ),
    (
        "leaders",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "党政主要负责人带头学法、研究部署、述职述法等情况。",
    ),
    (
        "plans",
        "四、下一年度重点工作",
        "下一年度的主要目标任务和措施。",
    ),
    ("other", "五、其他需要报告的情况", "如无，可写“无”。"),
];

/// The key under which `compose` hands `document` the sentence on last year's plan tasks
/// (not a section staff write: `section_exists` does not know it).
const PLAN_FOLLOW_UP: &str = "plan_follow_up";

pub fn section_exists(key: &str) -> bool {
    SECTIONS.iter().any(|(k, _, _)| *k == key)
}

/// The organisation a report is about: given by code, within the caller's subtree; by default
/// the caller's own organisation.
pub async fn report_org(app: &App, caller: &Caller, code: Option<&str>) -> AppResult<Org> {
    caller.require_read(Area::Reports)?;
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => orgs::by_code_in(&app.db, &caller.scope, code)
            .await?
            .ok_or_else(AppError::not_found),
        None => Ok(orgs::get_in(&app.db, &caller.scope, caller.org_id).await?),
    }
}

/// Figures for an organisation's subtree and a year: frozen ones once the report is final.
pub async fn figures_for(app: &App, org: &Org, year: i32) -> AppResult<Figures> {
    if let Some(s) = reports::snapshot(&app.db, org.id, year).await? {
        if let Ok(f) = serde_json::from_str::<FrozenFigures>(&s.figures_json) {
            return Ok(f.into());
        }
    }
    current_figures(app, org, year).await
}

/// The figures as the registers stand: computed once per version of the registers they are
/// read from (storage::figures::version), so a dashboard or report shown again costs one
/// version lookup (issue #20 item 5). Exact: any write to those registers moves the version.
pub async fn current_figures(app: &App, org: &Org, year: i32) -> AppResult<Figures> {
    let scope = org.scope();
    let version = figures::version(&app.db).await?;
    let key = format!("{}|{year}", scope.root_path());
    let f = app
        .figures
        .get_or_count(key, version, || figures::annual(&app.db, &scope, year))
        .await?;
    Ok(f)
}

/// Figures as stored in a snapshot.
#[derive(serde::Serialize, serde::Deserialize)]
struct FrozenFigures {
    values: BTreeMap<String, i64>,
    breakdowns: BTreeMap<String, Vec<(String, i64)>>,
}

impl From<FrozenFigures> for Figures {
    fn from(f: FrozenFigures) -> Self {
        Figures {
            values: f.values,
            breakdowns: f.breakdowns,
        }
    }
}

/// One town's line in a county's table.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TownRow {
    pub code: String,
    pub name: String,
    pub disputes: i64,
    pub village_level: i64,
    pub town_level: i64,
    pub consultations: i64,
    pub legal_aid: i64,
    pub publicity_events: i64,
    pub beneficiaries: i64,
}

/// For a county: each town's main figures, from one grouped query per register.
pub async fn per_town(app: &App, org: &Org, year: i32) -> AppResult<Vec<TownRow>> {
    if org.kind() != OrgKind::County {
        return Ok(Vec::new());
    }
    // Kept like the figures themselves: a province's table groups a year of every register.
    let version = figures::version(&app.db).await?;
    let key = format!("{}|{year}", org.scope().root_path());
    app.town_rows
        .get_or_count(key, version, || count_per_town(app, org, year))
        .await
}

async fn count_per_town(app: &App, org: &Org, year: i32) -> AppResult<Vec<TownRow>> {
    let all = orgs::list(&app.db, &org.scope()).await?;
    let towns: Vec<&Org> = all.iter().filter(|o| o.kind() == OrgKind::Town).collect();
    // Each organisation's town (the town whose path prefixes its own), looked up once: a
    // province has a thousand towns and nine thousand villages.
    let town_index: std::collections::HashMap<&str, usize> = towns
        .iter()
        .enumerate()
        .map(|(i, t)| (t.path.as_str(), i))
        .collect();
    let town_by_org: std::collections::HashMap<i64, usize> = all
        .iter()
        .filter_map(|o| {
            let i = town_prefix(&o.path).find_map(|p| town_index.get(p))?;
            Some((o.id, *i))
        })
        .collect();
    let town_of = |org_id: i64| town_by_org.get(&org_id).copied();
    let mut rows: Vec<TownRow> = towns
        .iter()
        .map(|t| TownRow {
            code: t.code.clone(),
            name: t.name.clone(),
            disputes: 0,
            village_level: 0,
            town_level: 0,
            consultations: 0,
            legal_aid: 0,
            publicity_events: 0,
            beneficiaries: 0,
        })
        .collect();
    let (from, to) = figures::year_range(year);
    let grouped = |sql: &str, date_col: &str| {
        // `sql` may end in its own `WHERE …` (withdrawn records are counted nowhere).
        let mut q = Query::new(sql);
        q.push(if sql.contains(" WHERE ") {
            " AND "
        } else {
            " WHERE "
        })
        .push(&format!("{date_col} >= "))
        .push_bind(from)
        .push(&format!(" AND {date_col} < "))
        .push_bind(to);
        org.scope().restrict(&mut q, "org_id");
        q.push(" GROUP BY org_id");
        q
    };
    #[derive(sqlx::FromRow)]
    struct ByOrg {
        org_id: i64,
        a: i64,
        b: i64,
        c: i64,
    }
    let disputes: Vec<ByOrg> = grouped(
        "SELECT org_id, COUNT(*) AS a, \
         CAST(COALESCE(SUM(CASE WHEN level = 'village' THEN 1 ELSE 0 END), 0) AS BIGINT) AS b, \
         CAST(COALESCE(SUM(CASE WHEN level = 'town' THEN 1 ELSE 0 END), 0) AS BIGINT) AS c FROM disputes WHERE withdrawn_at IS NULL",
        "registered_on",
    )
    .fetch_all(&app.db)
    .await?;
    for r in disputes {
        if let Some(i) = town_of(r.org_id) {
            rows[i].disputes += r.a;
            rows[i].village_level += r.b;
            rows[i].town_level += r.c;
        }
    }
    let simple = [
        ("SELECT org_id, COUNT(*) AS a, CAST(0 AS BIGINT) AS b, CAST(0 AS BIGINT) AS c FROM consultations WHERE withdrawn_at IS NULL", "consulted_on"),
        ("SELECT org_id, COUNT(*) AS a, CAST(0 AS BIGINT) AS b, CAST(0 AS BIGINT) AS c FROM legal_aid_referrals WHERE withdrawn_at IS NULL", "applied_on"),
        (
            "SELECT org_id, COUNT(*) AS a, CAST(COALESCE(SUM(beneficiaries), 0) AS BIGINT) AS b, CAST(0 AS BIGINT) AS c FROM publicity_events WHERE withdrawn_at IS NULL",
            "held_on",
        ),
    ];
    for (n, (sql, col)) in simple.iter().enumerate() {
        let result: Vec<ByOrg> = grouped(sql, col).fetch_all(&app.db).await?;
        for r in result {
            if let Some(i) = town_of(r.org_id) {
                match n {
                    0 => rows[i].consultations += r.a,
                    1 => rows[i].legal_aid += r.a,
                    _ => {
                        rows[i].publicity_events += r.a;
                        rows[i].beneficiaries += r.b;
                    }
                }
            }
        }
    }
    Ok(rows)
}

/// The town paths an organisation's path may lie under: every prefix ending in `/`, so a
/// village `/1/5/12/` is looked up as `/1/5/12/`, `/1/5/`, `/1/`.
fn town_prefix(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(|(_, c)| *c == '/')
        .map(move |(i, _)| &path[..=i])
        .filter(|p| p.len() > 1)
}

/// The saved narratives, falling back per section to last year's text (pre-fill).
pub async fn narratives(
    app: &App,
    org: &Org,
    year: i32,
) -> AppResult<BTreeMap<String, (String, bool)>> {
    let this_year = reports::narratives(&app.db, org.id, year).await?;
    let last_year = reports::narratives(&app.db, org.id, year - 1).await?;
    let mut out = BTreeMap::new();
    for (key, _, _) in SECTIONS {
        if let Some(body) = this_year.get(*key) {
            out.insert((*key).to_owned(), (body.clone(), false));
        } else if let Some(body) = last_year.get(*key) {
            out.insert((*key).to_owned(), (body.clone(), true));
        }
    }
    Ok(out)
}

/// A report's title and signatories: this year's, else last year's, else the defaults
/// (法治政府建设工作总结, signed by the government).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportSettings {
    pub title: ReportTitle,
    pub signatories: Signatories,
}

pub async fn settings(app: &App, org: &Org, year: i32) -> AppResult<ReportSettings> {
    let row = match reports::settings(&app.db, org.id, year).await? {
        Some(r) => Some(r),
        None => reports::settings(&app.db, org.id, year - 1).await?,
    };
    Ok(row
        .map(|r| ReportSettings {
            title: ReportTitle::parse(&r.title_kind).unwrap_or_default(),
            signatories: Signatories::parse(&r.signatories).unwrap_or_default(),
        })
        .unwrap_or_default())
}

/// Sets the title and signatories of a draft report (codes or Chinese labels).
pub async fn save_settings(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: i32,
    title: &str,
    signatories: &str,
) -> AppResult<ReportSettings> {
    caller.require_write(Area::Reports)?;
    let mut errors = BTreeMap::new();
    let t = ReportTitle::parse(title.trim());
    if t.is_none() {
        errors.insert(
            "title".to_owned(),
            "请选择报告标题：法治政府建设年度报告或法治政府建设工作总结".to_owned(),
        );
    }
    let sg = Signatories::parse(signatories.trim());
    if sg.is_none() {
        errors.insert(
            "signatories".to_owned(),
            "请选择落款：人民政府，或党委、人民政府".to_owned(),
        );
    }
    let (Some(title), Some(signatories)) = (t, sg) else {
        return Err(AppError::invalid(errors));
    };
    refuse_if_final(app, org, year).await?;
    let settings = ReportSettings { title, signatories };
    let mut tx = app.db.begin().await?;
    store_settings(&mut tx, caller, org, year, settings).await?;
    tx.commit().await?;
    Ok(settings)
}

async fn store_settings(
    tx: &mut crate::storage::Tx,
    caller: &Caller,
    org: &Org,
    year: i32,
    s: ReportSettings,
) -> AppResult<()> {
    let (title, signatories) = (s.title.code(), s.signatories.code());
    reports::save_settings(tx, &caller.actor(), org.id, year, title, signatories).await?;
    Ok(())
}

async fn refuse_if_final(app: &App, org: &Org, year: i32) -> AppResult<()> {
    if reports::snapshot(&app.db, org.id, year).await?.is_some() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "report_final",
            "该年度报告已定稿发布，不能再修改",
        ));
    }
    Ok(())
}

pub async fn save_narrative(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: i32,
    section: &str,
    body: &str,
) -> AppResult<()> {
    caller.require_write(Area::Reports)?;
    if !section_exists(section) {
        return Err(AppError::field("section", "没有这个报告部分"));
    }
    refuse_if_final(app, org, year).await?;
    if body.chars().count() > 20_000 {
        return Err(AppError::field("body", "内容过长（最多 2 万字），请精简"));
    }
    let mut tx = app.db.begin().await?;
    reports::save_narrative(&mut tx, &caller.actor(), org.id, year, section, body.trim()).await?;
    tx.commit().await?;
    Ok(())
}

fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Block::Paragraph(l.to_owned()))
}

/// The report as one document model, rendered to DOCX, HTML or Markdown.
pub fn document(
    org: &Org,
    year: i32,
    f: &Figures,
    narratives: &BTreeMap<String, (String, bool)>,
    towns: &[TownRow],
    settings: ReportSettings,
    signed_on: Option<NaiveDate>,
) -> OfficialDocument {
    let text = |key: &str| narratives.get(key).map(|(b, _)| b.as_str()).unwrap_or("");
    let heading = |key: &str| {
        SECTIONS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, h, _)| (*h).to_owned())
            .unwrap_or_default()
    };
    let computed = sentences(f);
    let computed_for = |part: Part| -> String {
        computed
            .iter()
            .filter(|s| s.part == part)
            .map(|s| s.text.as_str())
            .collect()
    };
    let mut blocks = Vec::new();
    blocks.extend(paragraphs(text("intro")));
    blocks.push(Block::Heading1(format!("一、{year}年法治政府建设情况")));
    blocks.extend(paragraphs(text(PLAN_FOLLOW_UP)));
    for key in [
        "leadership",
        "decisions",
        "enforcement",
        "supervision",
        "study",
        "disputes",
    ] {
        blocks.push(Block::Heading2(heading(key)));
        blocks.extend(paragraphs(text(key)));
        match key {
            // An empty year of reviews and decisions adds no paragraph of zeros.
            "decisions" => {
                let text = computed_for(Part::Decisions);
                if !text.is_empty() {
                    blocks.push(Block::Paragraph(text));
                }
            }
            // A year without complaints or petitions adds no paragraph.
            "supervision" => {
                let text = computed_for(Part::Supervision);
                if !text.is_empty() {
                    blocks.push(Block::Paragraph(text));
                }
            }
            // A year without a leading group, meetings, rules or budget adds no paragraph.
            "leadership" => {
                let text = computed_for(Part::Leadership);
                if !text.is_empty() {
                    blocks.push(Block::Paragraph(text));
                }
            }
            "study" => blocks.push(Block::Paragraph(computed_for(Part::StudyAndPublicity))),
            "disputes" => blocks.push(Block::Paragraph(computed_for(Part::Disputes))),
            _ => {}
        }
    }
    blocks.push(Block::Heading1("二、主要做法和存在问题".to_owned()));
    for key in ["practices", "problems"] {
        blocks.push(Block::Heading2(heading(key)));
        blocks.extend(paragraphs(text(key)));
    }
    blocks.push(Block::Heading1(heading("leaders")));
    blocks.extend(paragraphs(text("leaders")));
    let duties = computed_for(Part::LeadersDuties);
    if !duties.is_empty() {
        blocks.push(Block::Paragraph(duties));
    }
    blocks.push(Block::Heading1(format!("四、{}年重点工作", year + 1)));
    blocks.extend(paragraphs(text("plans")));
    blocks.push(Block::Heading1(heading("other")));
    blocks.extend(paragraphs(text("other")));
    if !towns.is_empty() {
        blocks.push(Block::Heading1("附：各乡镇主要数据".to_owned()));
        blocks.push(Block::Table {
            header: [
                "乡镇",
                "纠纷（起）",
                "村级",
                "镇级",
                "法律咨询（次）",
                "法律援助（次）",
                "普法活动（场次）",
                "受益群众（人次）",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
            rows: towns
                .iter()
                .map(|t| {
                    vec![
                        t.name.clone(),
                        t.disputes.to_string(),
                        t.village_level.to_string(),
                        t.town_level.to_string(),
                        t.consultations.to_string(),
                        t.legal_aid.to_string(),
                        t.publicity_events.to_string(),
                        t.beneficiaries.to_string(),
                    ]
                })
                .collect(),
        });
    }
    let organisation = signing_name(org, settings.signatories);
    // A draft is not dated: the date is the day it is finalised (issue #15 item 8).
    if signed_on.is_none() {
        blocks.push(Block::Paragraph(format!(
            "（草稿，尚未定稿：落款为{organisation}，日期在定稿发布时填写）"
        )));
    }
    OfficialDocument {
        title: title(org, year, settings.title),
        blocks,
        signature: signed_on.map(|date| Signature {
            organisation,
            date,
            seal_note: None,
        }),
        ..OfficialDocument::default()
    }
}

pub fn title(org: &Org, year: i32, kind: ReportTitle) -> String {
    format!("{}{year}年{}", org.name, kind.label())
}

/// A town signs as its government (西大沟镇人民政府), or as its Party committee and
/// government (中共西大沟镇委员会　西大沟镇人民政府) when the report's settings say so.
fn signing_name(org: &Org, signatories: Signatories) -> String {
    let place = org.name.trim_end_matches("人民政府");
    match (signatories, org.kind()) {
        (Signatories::PartyAndGovernment, _) => signatories.names(place),
        (Signatories::Government, OrgKind::Town) if !org.name.ends_with("政府") => {
            signatories.names(place)
        }
        (Signatories::Government, _) => org.name.clone(),
    }
}

/// The file name people see: 西大沟镇-2023年法治政府建设工作总结.docx
pub fn file_name(org: &Org, year: i32, kind: ReportTitle, ext: &str) -> String {
    format!("{}-{year}年{}.{ext}", org.name, kind.label())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Docx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

/// A rendered report file.
pub struct Rendered {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Builds the whole report for an organisation and year and renders it; DOCX generation runs
/// off the async runtime.
pub async fn render(app: &App, org: &Org, year: i32, format: Format) -> AppResult<Rendered> {
    let doc = build(app, org, year).await?;
    let kind = settings(app, org, year).await?.title;
    let bytes = match format {
        Format::Markdown => fazhi_docs::render_markdown(&doc).into_bytes(),
        // The DOCX's HTML twin is for staff: after the report, each figure links to the
        // records it counts and its evidence pack (issue #19 item 7).
        Format::Html => {
            let f = figures_for(app, org, year).await?;
            let sources = super::evidence::sources_html(&super::evidence::sources(&f, org, year));
            fazhi_docs::render_html(&doc)
                .replacen("</body>", &format!("{sources}</body>"), 1)
                .into_bytes()
        }
        Format::Docx => tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
            .await?
            .map_err(AppError::internal)?,
    };
    Ok(Rendered {
        file_name: file_name(org, year, kind, format.ext()),
        content_type: format.content_type(),
        bytes,
    })
}

pub async fn build(app: &App, org: &Org, year: i32) -> AppResult<OfficialDocument> {
    let f = figures_for(app, org, year).await?;
    // Dated the day it was finalised (Beijing); a draft carries no date.
    let signed_on = reports::snapshot(&app.db, org.id, year)
        .await?
        .map(|s| crate::clock::beijing_date(s.finalized_at));
    Ok(compose(app, org, year, &f, signed_on).await?.0)
}

/// The report's document of figures `f`, with its narrative parts, the towns' figures and its
/// settings (returned too: finalising keeps them with the year), dated `signed_on`.
async fn compose(
    app: &App,
    org: &Org,
    year: i32,
    f: &Figures,
    signed_on: Option<NaiveDate>,
) -> AppResult<(OfficialDocument, ReportSettings)> {
    let mut narratives = narratives(app, org, year).await?;
    // Last year's plan answered (督察工作规定: 主要举措和成效, 存在的不足): computed from the
    // plan tasks (registers/plan_tasks/), not typed.
    if let Some(s) = crate::registers::plan_tasks::service::follow_up(app, org.id, year).await? {
        narratives.insert(PLAN_FOLLOW_UP.to_owned(), (s, false));
    }
    let towns = per_town(app, org, year).await?;
    let settings = settings(app, org, year).await?;
    let doc = document(org, year, f, &narratives, &towns, settings, signed_on);
    Ok((doc, settings))
}

/// Freezes the figures and publishes the report on the public portal.
pub async fn finalize(app: &App, caller: &Caller, org: &Org, year: i32) -> AppResult<Snapshot> {
    caller.require_write(Area::Reports)?;
    if reports::snapshot(&app.db, org.id, year).await?.is_some() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "report_final",
            "该年度报告已经定稿发布",
        ));
    }
    let f = figures::annual(&app.db, &org.scope(), year).await?;
    let today = super::deadlines::today();
    let (doc, settings) = compose(app, org, year, &f, Some(today)).await?;
    let frozen = serde_json::to_string(&FrozenFigures {
        values: f.values.clone(),
        breakdowns: f.breakdowns.clone(),
    })
    .map_err(AppError::internal)?;
    let mut tx = app.db.begin().await?;
    // The settings the report was signed with stay with its year.
    store_settings(&mut tx, caller, org, year, settings).await?;
    let id = reports::insert_snapshot(
        &mut tx,
        &caller.actor(),
        reports::NewSnapshot {
            org_id: org.id,
            year,
            title: &doc.title,
            figures_json: &frozen,
            markdown: &fazhi_docs::render_markdown(&doc),
            html: &fazhi_docs::render_html_fragment(&doc),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(reports::snapshot_by_id(&app.db, id).await?)
}

/// Whether the report of `org` for `year` has been finalised.
pub async fn is_final(app: &App, org: &Org, year: i32) -> AppResult<bool> {
    Ok(reports::snapshot(&app.db, org.id, year).await?.is_some())
}

/// Every published report with its organisation, newest year first (the public portal).
pub async fn published(app: &App) -> AppResult<Vec<(Snapshot, Org)>> {
    let mut out = Vec::new();
    for s in reports::published(&app.db).await? {
        let org = orgs::get(&app.db, s.org_id).await?;
        out.push((s, org));
    }
    Ok(out)
}

/// One published report with its organisation.
pub async fn published_one(app: &App, id: i64) -> AppResult<(Snapshot, Org)> {
    let snapshot = reports::snapshot_by_id(&app.db, id).await?;
    let org = orgs::get(&app.db, snapshot.org_id).await?;
    Ok((snapshot, org))
}
