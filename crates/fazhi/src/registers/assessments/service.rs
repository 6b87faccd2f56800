//! The annual assessment (考核, issue #19 item 6): the county sets a year's indicator tree (by
//! hand or from its XLSX ledger, all or nothing), each town fills its own self-assessment with
//! evidence links, the county scores each town with comments, and the towns are totalled and
//! ranked. Rules in `fazhi_domain::assessment`.
//!
//! Who does what (督察工作规定 puts the assessment with the level above, statutes.md §12.1):
//! the county's staff set indicators and score; a town's staff fill their own town's sheet only
//! (another town's is not found, 404); a village has no sheet.

use std::collections::{BTreeMap, HashMap};

use fazhi_domain::access::Area;
use fazhi_domain::assessment::{
    self as rules, check_score, check_tree, leaves, parse_points, points_label, Indicator,
};
use fazhi_domain::org::OrgKind;
use fazhi_domain::plan::parse_links;
use fazhi_ledger::{specs, Format, RowError};
use serde::{Deserialize, Serialize};

use super::store::{self, EntryRow, EntryWrite, IndicatorRow};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::ledger::ImportReport;
use crate::service::Caller;
use crate::storage::audit::{self, Change};
use crate::storage::orgs::{self, Org};

/// The assessment goes with the annual report: who reads and writes reports reads and
/// writes it (the county's and the town's role decides which part).
pub const AREA: Area = Area::Reports;

/// Longest indicator name, scoring method and evidence requirement: a county table's cell.
const MAX_NAME: usize = 200;
const MAX_METHOD: usize = 1000;
/// Longest self-assessment note or scoring comment.
const MAX_NOTE: usize = 2000;

fn year_of(year: i32) -> AppResult<i32> {
    fazhi_domain::record_year(year).map_err(|m| AppError::field("year", m))
}

/// The nearest county at or above `org`; not found when there is none.
async fn county_of(app: &App, org: &Org) -> AppResult<Org> {
    let ids: Vec<i64> = org.path.split('/').filter_map(|s| s.parse().ok()).collect();
    for id in ids.iter().rev() {
        let o = orgs::get(&app.db, *id).await?;
        if o.kind() == OrgKind::County {
            return Ok(o);
        }
    }
    Err(AppError::not_found())
}

/// The caller's own organisation.
async fn own_org(app: &App, caller: &Caller) -> AppResult<Org> {
    if caller.org_id == 0 {
        return Err(AppError::forbidden());
    }
    Ok(orgs::get_in(&app.db, &caller.scope, caller.org_id).await?)
}

/// The kind of the caller's organisation (`None` for the operator, who has none): the pages
/// show the county its scoring table and a town its own sheet.
pub async fn caller_kind(app: &App, caller: &Caller) -> AppResult<Option<OrgKind>> {
    if caller.org_id == 0 {
        return Ok(None);
    }
    Ok(Some(own_org(app, caller).await?.kind()))
}

/// The caller's county, when the caller works at one (who sets indicators and scores).
async fn caller_county(app: &App, caller: &Caller) -> AppResult<Org> {
    let org = own_org(app, caller).await?;
    if org.kind() == OrgKind::County {
        Ok(org)
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "county_only",
            "考核指标和评分由县级设定，乡镇只能填报本乡镇的自评",
        ))
    }
}

/// The town `code` names within the caller's scope (the caller's own town by default); not
/// found for another town, a village or anything outside the scope.
async fn town_in_scope(app: &App, caller: &Caller, code: Option<&str>) -> AppResult<Org> {
    let org = match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => orgs::by_code_in(&app.db, &caller.scope, code)
            .await?
            .ok_or_else(AppError::not_found)?,
        None => own_org(app, caller).await?,
    };
    if org.kind() == OrgKind::Town {
        Ok(org)
    } else if code.is_some() {
        Err(AppError::not_found())
    } else {
        Err(AppError::field("town", "请选择乡镇"))
    }
}

/// One indicator as the tree shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct IndicatorView {
    pub code: String,
    pub name: String,
    /// The parent's code; none at the top.
    pub parent: Option<String>,
    /// 分值 as a score: 「4.5」.
    pub points: String,
    pub points_tenths: i64,
    pub method: String,
    pub evidence: String,
    /// 0 at the top.
    pub depth: usize,
    /// Scored itself (a parent is its children's sum).
    pub leaf: bool,
}

/// A county's indicator tree of a year.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Tree {
    pub county: String,
    pub county_name: String,
    pub year: i32,
    pub indicators: Vec<IndicatorView>,
    /// 满分: the leaves' points.
    pub total_points: String,
}

impl IndicatorView {
    /// The name's indent on the pages: one full-width space a level.
    pub fn indent(&self) -> String {
        "　".repeat(self.depth)
    }
}

fn views(rows: &[IndicatorRow]) -> Vec<IndicatorView> {
    let tree: Vec<Indicator> = rows.iter().map(IndicatorRow::indicator).collect();
    let leaf_codes: Vec<&str> = leaves(&tree).iter().map(|i| i.code.as_str()).collect();
    tree.iter()
        .map(|i| IndicatorView {
            parent: i.parent_code().map(str::to_owned),
            points: points_label(i.points_tenths),
            points_tenths: i.points_tenths,
            depth: i.code.matches('.').count(),
            leaf: leaf_codes.contains(&i.code.as_str()),
            code: i.code.clone(),
            name: i.name.clone(),
            method: i.method.clone(),
            evidence: i.evidence.clone(),
        })
        .collect()
}

fn full_marks(rows: &[IndicatorRow]) -> i64 {
    views(rows)
        .iter()
        .filter(|v| v.leaf)
        .map(|v| v.points_tenths)
        .sum()
}

async fn tree_of(app: &App, county: &Org, year: i32) -> AppResult<Tree> {
    let rows = store::indicators(&app.db, county.id, year).await?;
    Ok(Tree {
        county: county.code.clone(),
        county_name: county.name.clone(),
        year,
        total_points: points_label(full_marks(&rows)),
        indicators: views(&rows),
    })
}

/// The indicator tree of `year` of the caller's county (a town's: the county above it).
pub async fn tree(app: &App, caller: &Caller, year: i32) -> AppResult<Tree> {
    caller.require_read(AREA)?;
    let year = year_of(year)?;
    let org = own_org(app, caller).await?;
    let county = county_of(app, &org).await?;
    tree_of(app, &county, year).await
}

/// One indicator as the county enters it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorInput {
    /// 指标编号: `1`, `1.2`; the parent is the prefix.
    pub code: String,
    /// 指标名称
    pub name: String,
    /// 分值: `4`, `4.5`, `4.5分`; a parent's is its children's sum.
    pub points: String,
    /// 评分方法
    pub method: String,
    /// 佐证材料要求
    pub evidence: String,
}

/// Checks one row; its problems as (column, message).
fn indicator_of(i: &IndicatorInput) -> Result<Indicator, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let code = i.code.trim();
    let valid_code = !code.is_empty()
        && code.len() <= 20
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !valid_code {
        errors.push((
            "指标编号",
            format!("编号「{code}」不正确：应为 1、1.2 或 1.2.3 这样的数字编号"),
        ));
    }
    let name = i.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        errors.push((
            "指标名称",
            format!("请填写指标名称（不超过 {MAX_NAME} 字）"),
        ));
    }
    let points = parse_points(&i.points).map_err(|m| errors.push(("分值", m)));
    for (column, text) in [("评分方法", &i.method), ("佐证材料", &i.evidence)] {
        if text.chars().count() > MAX_METHOD {
            errors.push((column, format!("不超过 {MAX_METHOD} 字")));
        }
    }
    match points {
        Ok(points_tenths) if errors.is_empty() => Ok(Indicator {
            code: code.to_owned(),
            name: name.to_owned(),
            points_tenths,
            method: i.method.trim().to_owned(),
            evidence: i.evidence.trim().to_owned(),
        }),
        _ => Err(errors),
    }
}

/// Writes `tree` as the county's indicators of `year`, in one transaction with its audit entry.
/// An indicator a town has already assessed or the county scored cannot be left out (409).
async fn write_tree(
    app: &App,
    caller: &Caller,
    county: &Org,
    year: i32,
    tree: &[Indicator],
    source: &str,
) -> AppResult<()> {
    let existing = store::indicators(&app.db, county.id, year).await?;
    let gone: Vec<i64> = existing
        .iter()
        .filter(|e| !tree.iter().any(|i| i.code == e.code))
        .map(|e| e.id)
        .collect();
    let mut tx = app.db.begin().await?;
    if store::entries_of(&mut tx, &gone).await? > 0 {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "indicator_in_use",
            "要删去的指标已有乡镇自评或评分，不能删去；请保留这些指标编号",
        ));
    }
    store::replace_indicators(&mut tx, county.id, year, tree, &existing, &gone).await?;
    let change = Change::new(
        "set_indicators",
        "assessment",
        format!("{}/{year}", county.code),
    )
    .org(county.id)
    .after(&serde_json::json!({"year": year, "indicators": tree.len(), "source": source}));
    audit::record(&mut tx, &caller.actor(), change).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the caller's county's indicator tree of `year` (all of it: codes left out are
/// deleted). The whole tree is checked first (codes, parents, sums; `check_tree`).
pub async fn set_indicators(
    app: &App,
    caller: &Caller,
    year: i32,
    rows: Vec<IndicatorInput>,
) -> AppResult<Tree> {
    caller.require_write(AREA)?;
    let county = caller_county(app, caller).await?;
    let year = year_of(year)?;
    if rows.len() > rules::MAX_INDICATORS {
        return Err(AppError::field(
            "indicators",
            format!("指标过多：一年最多 {} 项", rules::MAX_INDICATORS),
        ));
    }
    let mut fields = BTreeMap::new();
    let mut tree = Vec::with_capacity(rows.len());
    for (n, row) in rows.iter().enumerate() {
        match indicator_of(row) {
            Ok(i) => tree.push(i),
            Err(errors) => {
                let text: Vec<String> = errors.iter().map(|(c, m)| format!("「{c}」{m}")).collect();
                fields.insert(format!("indicators[{n}]"), text.join("；"));
            }
        }
    }
    if fields.is_empty() {
        if let Err(errors) = check_tree(&tree) {
            fields.insert("indicators".to_owned(), errors.join("；"));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::invalid(fields));
    }
    write_tree(app, caller, &county, year, &tree, "api").await?;
    tree_of(app, &county, year).await
}

/// Whether the caller may set or import the county's indicators: checked before the request's
/// body is read.
pub async fn may_import(app: &App, caller: &Caller) -> AppResult<()> {
    caller.require_write(AREA)?;
    caller_county(app, caller).await.map(|_| ())
}

/// The blank indicator list (XLSX with its notes sheet): its file name, type and bytes.
pub fn indicator_template() -> AppResult<(String, &'static str, Vec<u8>)> {
    let spec = &specs::ASSESSMENT_INDICATORS;
    let bytes = fazhi_ledger::template(spec, Format::Xlsx).map_err(AppError::internal)?;
    Ok((
        format!("{}-模板.xlsx", spec.name),
        Format::Xlsx.content_type(),
        bytes,
    ))
}

/// Imports the county's indicator list of `year` from its ledger (XLSX or CSV,
/// `specs::ASSESSMENT_INDICATORS`), all or nothing: every row is checked, then the tree; any
/// problem is reported as 第N行「列」 and nothing is written.
pub async fn import_indicators(
    app: &App,
    caller: &Caller,
    year: i32,
    file_name: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> AppResult<ImportReport> {
    may_import(app, caller).await?;
    let county = caller_county(app, caller).await?;
    let year = year_of(year)?;
    let format =
        Format::from_file_name(file_name).map_err(|e| AppError::field("file", e.to_string()))?;
    let sheet = tokio::task::spawn_blocking(move || {
        fazhi_ledger::read_ledger(&bytes, format, &specs::ASSESSMENT_INDICATORS)
    })
    .await?
    .map_err(|e| AppError::field("file", e.to_string()))?;
    let mut errors: Vec<RowError> = Vec::new();
    let mut tree = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    if sheet.rows.len() > rules::MAX_INDICATORS {
        errors.push(RowError::new(
            sheet.header_row,
            "",
            format!("指标过多：一年最多 {} 项", rules::MAX_INDICATORS),
        ));
    }
    for row in sheet.rows.iter().take(rules::MAX_INDICATORS) {
        let input = IndicatorInput {
            code: row.get("指标编号").to_owned(),
            name: row.get("指标名称").to_owned(),
            points: row.get("分值").to_owned(),
            method: row.get("评分方法").to_owned(),
            evidence: row.get("佐证材料").to_owned(),
        };
        match indicator_of(&input) {
            Ok(i) => {
                row_of.insert(i.code.clone(), row.number);
                tree.push(i);
            }
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|(column, m)| RowError::new(row.number, column, m)),
            ),
        }
    }
    if errors.is_empty() {
        if let Err(problems) = check_tree(&tree) {
            // Each of the tree's problems names an indicator code first: the row it came from.
            for m in problems {
                let row = tree
                    .iter()
                    .filter(|i| {
                        m.contains(&format!("指标 {} ", i.code))
                            || m.contains(&format!("编号 {} ", i.code))
                    })
                    .find_map(|i| row_of.get(&i.code).copied())
                    .unwrap_or(sheet.header_row);
                errors.push(RowError::new(row, "指标编号", m));
            }
        }
    }
    let rows = sheet.rows.len();
    let report = |imported: usize, errors: Vec<RowError>| ImportReport {
        rows,
        imported,
        dry_run,
        errors: errors.iter().map(ToString::to_string).collect(),
        profile: None,
        imported_before: Vec::new(),
    };
    if !errors.is_empty() {
        return Ok(report(0, errors));
    }
    if !dry_run {
        write_tree(app, caller, &county, year, &tree, file_name).await?;
    }
    Ok(report(if dry_run { 0 } else { tree.len() }, Vec::new()))
}

/// One indicator of a town's sheet: the indicator, the town's self-assessment and the
/// county's score.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SheetLine {
    #[serde(flatten)]
    pub indicator: IndicatorView,
    /// 自评分, 「4.5」.
    pub self_score: Option<String>,
    pub self_note: Option<String>,
    /// 佐证链接, one each.
    pub evidence_links: Vec<String>,
    /// 县级评分
    pub score: Option<String>,
    pub score_comment: Option<String>,
}

impl SheetLine {
    /// The evidence links as the form's text: one a line.
    pub fn links_text(&self) -> String {
        self.evidence_links.join("\n")
    }
}

/// A town's self-assessment and scores of a year.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Sheet {
    pub town: String,
    pub town_name: String,
    pub county: String,
    pub year: i32,
    pub lines: Vec<SheetLine>,
    pub total_points: String,
    pub self_total: String,
    pub score_total: String,
}

impl Sheet {
    /// The evidence pack of one of its indicators (the staff page `/evidence`).
    pub fn pack_href(&self, line: &SheetLine) -> String {
        format!(
            "/evidence?org={}&year={}&indicator={}",
            self.town, self.year, line.indicator.code
        )
    }
}

async fn sheet_of(app: &App, county: &Org, town: &Org, year: i32) -> AppResult<Sheet> {
    let rows = store::indicators(&app.db, county.id, year).await?;
    let entries = store::entries(&app.db, county.id, year, Some(town.id)).await?;
    let by_indicator: HashMap<i64, &EntryRow> =
        entries.iter().map(|e| (e.indicator_id, e)).collect();
    let tree: Vec<Indicator> = rows.iter().map(IndicatorRow::indicator).collect();
    let (self_scores, scores) = scores_by_code(&rows, entries.iter());
    let lines = rows
        .iter()
        .zip(views(&rows))
        .map(|(row, view)| {
            let e = by_indicator.get(&row.id);
            SheetLine {
                indicator: view,
                self_score: e.and_then(|e| e.self_tenths).map(points_label),
                self_note: e.and_then(|e| e.self_note.clone()),
                evidence_links: e
                    .and_then(|e| e.evidence_links.as_deref())
                    .map(|l| l.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
                score: e.and_then(|e| e.score_tenths).map(points_label),
                score_comment: e.and_then(|e| e.score_comment.clone()),
            }
        })
        .collect();
    Ok(Sheet {
        town: town.code.clone(),
        town_name: town.name.clone(),
        county: county.code.clone(),
        year,
        lines,
        total_points: points_label(full_marks(&rows)),
        self_total: points_label(rules::total(&tree, &self_scores)),
        score_total: points_label(rules::total(&tree, &scores)),
    })
}

/// The self-scores and the county's scores of `entries`, by indicator code.
fn scores_by_code<'a>(
    rows: &[IndicatorRow],
    entries: impl Iterator<Item = &'a EntryRow>,
) -> (HashMap<String, i64>, HashMap<String, i64>) {
    let code: HashMap<i64, &str> = rows.iter().map(|r| (r.id, r.code.as_str())).collect();
    let (mut own, mut county) = (HashMap::new(), HashMap::new());
    for e in entries {
        if let Some(c) = code.get(&e.indicator_id) {
            if let Some(t) = e.self_tenths {
                own.insert((*c).to_owned(), t);
            }
            if let Some(t) = e.score_tenths {
                county.insert((*c).to_owned(), t);
            }
        }
    }
    (own, county)
}

/// Town `town`'s sheet of `year` (the caller's own town by default): a town reads its own
/// only, the county any of its towns.
pub async fn sheet(app: &App, caller: &Caller, year: i32, town: Option<&str>) -> AppResult<Sheet> {
    Ok(town_sheet(app, caller, year, town).await?.1)
}

/// [`sheet`] with its town.
async fn town_sheet(
    app: &App,
    caller: &Caller,
    year: i32,
    town: Option<&str>,
) -> AppResult<(Org, Sheet)> {
    caller.require_read(AREA)?;
    let year = year_of(year)?;
    let town = town_in_scope(app, caller, town).await?;
    let county = county_of(app, &town).await?;
    let sheet = sheet_of(app, &county, &town, year).await?;
    Ok((town, sheet))
}

/// The evidence pack of indicator `code` of town `town`'s sheet of `year` (issue #19 item 7,
/// 「为某项考核指标」): the records its evidence links name (with a parent indicator's, its
/// children's), and their attachments, named 「考核指标-1.2-年终述法」. The town must be in the
/// caller's scope (a town: its own; 404 otherwise) and the indicator in the year's tree.
pub async fn evidence_plan(
    app: &App,
    caller: &Caller,
    town: Option<&str>,
    year: i32,
    code: &str,
) -> AppResult<crate::service::evidence::Plan> {
    let (town, sheet) = town_sheet(app, caller, year, town).await?;
    let code = code.trim();
    let Some(line) = sheet.lines.iter().find(|l| l.indicator.code == code) else {
        return Err(AppError::field(
            "indicator",
            format!("{year}年的考核指标中没有编号为「{code}」的指标"),
        ));
    };
    let below = format!("{code}.");
    let mut links: Vec<String> = Vec::new();
    for l in &sheet.lines {
        if l.indicator.code == code || l.indicator.code.starts_with(&below) {
            for link in &l.evidence_links {
                if !links.contains(link) {
                    links.push(link.clone());
                }
            }
        }
    }
    let what = format!("考核指标-{code}-{}", line.indicator.name);
    crate::service::evidence::plan_for_links(app, town, sheet.year, what, &links).await
}

/// One line of a self-assessment or of a score, as entered.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EntryInput {
    /// 指标编号 of a scored (leaf) indicator.
    pub code: String,
    /// 自评分 or 评分: `4`, `4.5`; at most the indicator's points; blank clears it.
    pub score: String,
    /// 自评说明 or 评分意见.
    pub note: String,
    /// 佐证链接, one a line (self-assessment only).
    pub evidence_links: String,
}

/// A town's self-assessment or the county's scores of one town, as sent.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SheetInput {
    pub year: i32,
    /// The town's code: the caller's own town for a self-assessment (another town is not
    /// found); required for the county's scores.
    pub town: Option<String>,
    pub items: Vec<EntryInput>,
}

/// Who writes a sheet: the town its self-assessment, the county its score.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Writer {
    Town,
    County,
}

/// Checks `input`'s lines against the tree (leaves only, score within the points, bounded
/// text); the writes, or the problems by line.
fn entry_writes(
    rows: &[IndicatorRow],
    input: &SheetInput,
    writer: Writer,
) -> Result<Vec<(i64, EntryWrite)>, AppError> {
    let tree: Vec<Indicator> = rows.iter().map(IndicatorRow::indicator).collect();
    let leaf = leaves(&tree);
    let mut fields = BTreeMap::new();
    let mut writes = Vec::with_capacity(input.items.len());
    for (n, item) in input.items.iter().enumerate() {
        let key = format!("items[{n}]");
        let code = item.code.trim();
        let Some(indicator) = leaf.iter().find(|i| i.code == code) else {
            fields.insert(
                key,
                format!("没有可评分的指标「{code}」（上级指标的分数为下级之和）"),
            );
            continue;
        };
        let id = rows.iter().find(|r| r.code == code).map_or(0, |r| r.id);
        let tenths = match item.score.trim() {
            "" => Ok(None),
            s => parse_points(s).and_then(|t| check_score(indicator, t).map(|()| Some(t))),
        };
        let note = item.note.trim();
        let links = match writer {
            Writer::Town => parse_links(&item.evidence_links),
            Writer::County if item.evidence_links.trim().is_empty() => Ok(None),
            Writer::County => Err("佐证链接由乡镇自评时填写".to_owned()),
        };
        let problem = match (&tenths, &links) {
            (Err(m), _) | (_, Err(m)) => Some(m.clone()),
            _ if note.chars().count() > MAX_NOTE => Some(format!("说明不超过 {MAX_NOTE} 字")),
            _ => None,
        };
        if let Some(m) = problem {
            fields.insert(key, m);
            continue;
        }
        let tenths = tenths.unwrap_or(None);
        let note = (!note.is_empty()).then(|| note.to_owned());
        let write = match writer {
            Writer::Town => EntryWrite::SelfAssessment {
                tenths,
                note,
                links: links.unwrap_or(None),
            },
            Writer::County => EntryWrite::Score {
                tenths,
                comment: note,
            },
        };
        writes.push((id, write));
    }
    if fields.is_empty() {
        Ok(writes)
    } else {
        Err(AppError::invalid(fields))
    }
}

/// Whether the caller writes this part of a sheet (the town its self-assessment, the county its
/// scores): checked before the request's body is read, and again when it is saved.
async fn may_write(app: &App, caller: &Caller, writer: Writer) -> AppResult<()> {
    caller.require_write(AREA)?;
    let own = own_org(app, caller).await?;
    let allowed = match writer {
        Writer::Town => own.kind() == OrgKind::Town,
        Writer::County => own.kind() == OrgKind::County,
    };
    if !allowed {
        let message = match writer {
            Writer::Town => "自评由乡镇填报：县级请在评分表中评分",
            Writer::County => "评分由县级作出：乡镇只能填报本乡镇的自评",
        };
        return Err(AppError::new(ErrorKind::Forbidden, "not_yours", message));
    }
    Ok(())
}

/// Whether the caller may fill its town's self-assessment (before the body is read).
pub async fn may_save_self(app: &App, caller: &Caller) -> AppResult<()> {
    may_write(app, caller, Writer::Town).await
}

/// Whether the caller may score the county's towns (before the body is read).
pub async fn may_save_scores(app: &App, caller: &Caller) -> AppResult<()> {
    may_write(app, caller, Writer::County).await
}

async fn save(app: &App, caller: &Caller, input: SheetInput, writer: Writer) -> AppResult<Sheet> {
    may_write(app, caller, writer).await?;
    let year = year_of(input.year)?;
    if writer == Writer::County && input.town.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(AppError::field("town", "请填写要评分的乡镇代码"));
    }
    let town = town_in_scope(app, caller, input.town.as_deref()).await?;
    let county = county_of(app, &town).await?;
    if input.items.len() > rules::MAX_INDICATORS {
        return Err(AppError::field("items", "指标过多"));
    }
    let rows = store::indicators(&app.db, county.id, year).await?;
    let writes = entry_writes(&rows, &input, writer)?;
    let mut tx = app.db.begin().await?;
    for (indicator_id, write) in &writes {
        store::set_entry(&mut tx, &caller.actor(), *indicator_id, town.id, write).await?;
    }
    let action = match writer {
        Writer::Town => "self_assess",
        Writer::County => "score",
    };
    let change = Change::new(action, "assessment", format!("{}/{year}", town.code))
        .org(town.id)
        .after(&input.items);
    audit::record(&mut tx, &caller.actor(), change).await?;
    tx.commit().await?;
    sheet_of(app, &county, &town, year).await
}

/// A town's self-assessment of its own sheet (its staff only).
pub async fn save_self(app: &App, caller: &Caller, input: SheetInput) -> AppResult<Sheet> {
    save(app, caller, input, Writer::Town).await
}

/// The county's scores and comments of one of its towns (the county's staff only).
pub async fn save_scores(app: &App, caller: &Caller, input: SheetInput) -> AppResult<Sheet> {
    save(app, caller, input, Writer::County).await
}

/// One town's line in the county's table.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub town: String,
    pub town_name: String,
    pub self_total: String,
    pub score_total: String,
    pub score_total_tenths: i64,
    /// Leaves the county has scored, of `leaves` in the ranking.
    pub scored: usize,
    /// 名次 by the county's total: equal totals share a place (1, 2, 2, 4).
    pub rank: usize,
}

/// The county's scoring table of a year: every town's totals and its place.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Ranking {
    pub county: String,
    pub county_name: String,
    pub year: i32,
    pub total_points: String,
    pub leaves: usize,
    pub towns: Vec<Standing>,
}

/// The caller's county's towns of `year`, totalled and ranked by the county's scores (the
/// county's staff, leaders and viewers; a town sees its own sheet only).
pub async fn ranking(app: &App, caller: &Caller, year: i32) -> AppResult<Ranking> {
    caller.require_read(AREA)?;
    let county = caller_county(app, caller).await?;
    let year = year_of(year)?;
    let rows = store::indicators(&app.db, county.id, year).await?;
    let tree: Vec<Indicator> = rows.iter().map(IndicatorRow::indicator).collect();
    let entries = store::entries(&app.db, county.id, year, None).await?;
    let towns: Vec<Org> = orgs::list(&app.db, &county.scope())
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Town)
        .collect();
    let mut totals = Vec::with_capacity(towns.len());
    let mut lines = HashMap::new();
    for town in &towns {
        let (own, scores) = scores_by_code(&rows, entries.iter().filter(|e| e.town_id == town.id));
        let score = rules::total(&tree, &scores);
        // Keyed by code: two towns may share a name, never a code.
        totals.push((town.code.clone(), score));
        lines.insert(
            town.code.clone(),
            (town, rules::total(&tree, &own), scores.len()),
        );
    }
    let standings = rules::rank(&totals)
        .into_iter()
        .filter_map(|r| {
            let (town, own, scored) = lines.get(&r.town)?;
            Some(Standing {
                town: town.code.clone(),
                town_name: town.name.clone(),
                self_total: points_label(*own),
                score_total: points_label(r.total_tenths),
                score_total_tenths: r.total_tenths,
                scored: *scored,
                rank: r.rank,
            })
        })
        .collect();
    Ok(Ranking {
        county: county.code,
        county_name: county.name,
        year,
        total_points: points_label(full_marks(&rows)),
        leaves: leaves(&tree).len(),
        towns: standings,
    })
}
