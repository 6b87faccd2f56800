//! Screening rounds (排查): routine and special rounds (两会期间, 春节, 重要节日) opened by a town;
//! each village reports the disputes it found or a zero report; the round shows who has not
//! reported.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;
use fazhi_ledger::parse_date;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::orgs::{self, Org};
use crate::storage::screening::{self as store, NewReport, NewRound};

use super::Caller;
pub use crate::storage::screening::{Report, Round};

/// The most disputes one village may report in one round: far above any real round, and small
/// enough that no total of reports can overflow.
pub const MAX_FOUND: i64 = 100_000;

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoundInput {
    /// e.g. 2024年春节前矛盾纠纷集中排查
    pub name: String,
    /// `routine` (常规排查) or `special` (专项排查)
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// Code of the reporting village; a village user's own village when blank.
    #[serde(default)]
    pub village: String,
    /// Disputes found; 0 is a zero report (零报告).
    pub found: i64,
    #[serde(default)]
    pub reported_on: String,
    #[serde(default)]
    pub note: String,
}

/// A round with its reports and the villages that have not reported.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RoundView {
    pub round: Round,
    pub kind_label: &'static str,
    /// The valid reports: what the round's figures count.
    pub reports: Vec<Report>,
    /// Withdrawn reports (作废), kept but counted nowhere; their villages may report again.
    pub withdrawn_reports: Vec<Report>,
    pub found_total: i64,
    /// Villages of the round's town with no report yet.
    pub not_reported: Vec<Org>,
}

/// 常规排查 / 专项排查.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "routine" => "常规排查",
        "special" => "专项排查",
        _ => "",
    }
}

/// Whether the caller may see a round: one of their own organisation, above it or below it.
async fn visible(app: &App, caller: &Caller, id: i64) -> AppResult<Round> {
    let r = store::get_round(&app.db, id).await?;
    let own = caller.scope.root_path();
    if caller.scope.contains_path(&r.org_path) || own.starts_with(&r.org_path) {
        Ok(r)
    } else {
        Err(AppError::not_found())
    }
}

/// A round as checked: registration and correction alike.
pub struct CheckedRound {
    pub name: String,
    pub kind: &'static str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl CheckedRound {
    pub fn new_round(&self, org_id: i64) -> NewRound<'_> {
        NewRound {
            org_id,
            name: &self.name,
            kind: self.kind,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }
}

/// Checks a round's name, kind and period; `town` is the town that holds it (a round is a
/// town's; none when the caller is not a town's user).
pub(crate) fn check_round(input: &NewRoundInput, town: Option<&Org>) -> AppResult<CheckedRound> {
    let mut errors = BTreeMap::new();
    if input.name.trim().is_empty() {
        errors.insert(
            "name".into(),
            "请填写排查名称，例如 2024年春节前矛盾纠纷集中排查".into(),
        );
    }
    let kind = match input.kind.trim() {
        "routine" | "常规排查" | "常规" => Some("routine"),
        "special" | "专项排查" | "专项" => Some("special"),
        _ => {
            errors.insert("kind".into(), "排查类型应为 常规排查 或 专项排查".into());
            None
        }
    };
    let starts = parse_date(&input.starts_on)
        .map_err(|m| errors.insert("starts_on".into(), format!("开始日期：{m}")))
        .ok();
    let ends = parse_date(&input.ends_on)
        .map_err(|m| errors.insert("ends_on".into(), format!("结束日期：{m}")))
        .ok();
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            errors.insert("ends_on".into(), "结束日期不能早于开始日期".into());
        }
    }
    if town.is_none_or(|o| o.kind() != OrgKind::Town) {
        errors.insert(
            "org".into(),
            "排查由乡镇组织，请以乡镇用户登录后创建".into(),
        );
    }
    let (Some(kind), Some(starts_on), Some(ends_on), true) =
        (kind, starts, ends, errors.is_empty())
    else {
        return Err(AppError::invalid(errors));
    };
    Ok(CheckedRound {
        name: input.name.trim().to_owned(),
        kind,
        starts_on,
        ends_on,
    })
}

pub async fn create_round(app: &App, caller: &Caller, input: NewRoundInput) -> AppResult<Round> {
    caller.require_write(Area::Screening)?;
    let org = if caller.org_id == 0 {
        None
    } else {
        Some(orgs::get(&app.db, caller.org_id).await?)
    };
    let round = check_round(&input, org.as_ref())?;
    let town_id = org.map_or(0, |o| o.id);
    let mut tx = app.db.begin().await?;
    let id = store::create_round(&mut tx, &caller.actor(), round.new_round(town_id)).await?;
    let r = store::get_round(&mut tx, id).await?;
    tx.commit().await?;
    Ok(r)
}

/// The rounds the caller sees: the valid ones, or (`withdrawn`) the withdrawn ones.
pub async fn list_rounds(app: &App, caller: &Caller, withdrawn: bool) -> AppResult<Vec<Round>> {
    caller.require_read(Area::Screening)?;
    Ok(store::list_rounds(&app.db, caller.scope.root_path(), withdrawn).await?)
}

pub async fn get_round(app: &App, caller: &Caller, id: i64) -> AppResult<RoundView> {
    caller.require_read(Area::Screening)?;
    let round = visible(app, caller, id).await?;
    let (reports, withdrawn_reports): (Vec<Report>, Vec<Report>) = store::reports(&app.db, id)
        .await?
        .into_iter()
        .partition(|r| r.withdrawn_at.is_none());
    let town = orgs::get(&app.db, round.org_id).await?;
    let not_reported = orgs::list(&app.db, &town.scope())
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village)
        // A switched-off village cannot report any more (issue 14 point 2).
        .filter(|o| o.active)
        .filter(|o| !reports.iter().any(|r| r.village_id == o.id))
        .collect();
    Ok(RoundView {
        kind_label: kind_label(&round.kind),
        found_total: reports.iter().map(|r| r.found).sum(),
        round,
        reports,
        withdrawn_reports,
        not_reported,
    })
}

/// The round as the caller's own subtree sees it: a village user sees a town's round but only
/// its own village's report and whether it is still missing, never the other villages'.
pub async fn get_round_scoped(app: &App, caller: &Caller, id: i64) -> AppResult<RoundView> {
    let mut v = get_round(app, caller, id).await?;
    if caller.scope.contains_path(&v.round.org_path) {
        return Ok(v);
    }
    let visible = orgs::list(&app.db, &caller.scope).await?;
    let sees = |org_id: i64| visible.iter().any(|o| o.id == org_id);
    v.reports.retain(|r| sees(r.village_id));
    v.withdrawn_reports.retain(|r| sees(r.village_id));
    v.not_reported.retain(|o| sees(o.id));
    v.found_total = v.reports.iter().map(|r| r.found).sum();
    Ok(v)
}

/// One village's report of a round, if the caller may see that village (404 otherwise).
pub async fn get_report(
    app: &App,
    caller: &Caller,
    round_id: i64,
    report_id: i64,
) -> AppResult<(RoundView, Report)> {
    let v = get_round_scoped(app, caller, round_id).await?;
    let report = v
        .reports
        .iter()
        .chain(&v.withdrawn_reports)
        .find(|r| r.id == report_id)
        .cloned()
        .ok_or_else(AppError::not_found)?;
    Ok((v, report))
}

/// Villages the caller may report for in a round: in the round's town and the caller's subtree.
pub async fn reporting_villages(app: &App, caller: &Caller, round: &Round) -> AppResult<Vec<Org>> {
    Ok(orgs::list(&app.db, &caller.scope)
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village && o.path.starts_with(&round.org_path))
        .collect())
}

/// A report's count and date as entered, or the field errors.
pub(crate) fn check_report(
    errors: &mut BTreeMap<String, String>,
    found: i64,
    reported_on: &str,
) -> Option<NaiveDate> {
    if found < 0 {
        errors.insert(
            "found".into(),
            "排查发现的纠纷数应为 0 或正整数（0 即零报告）".into(),
        );
    } else if found > MAX_FOUND {
        // 2^62 wrapped the round's total negative (issue #12, Low).
        errors.insert(
            "found".into(),
            format!("排查发现的纠纷数不能超过 {MAX_FOUND}，请核对"),
        );
    }
    match reported_on.trim() {
        "" => Some(super::deadlines::today()),
        s => parse_date(s)
            .map_err(|m| errors.insert("reported_on".into(), format!("报告日期：{m}")))
            .ok(),
    }
}

/// A village's report (or zero report) for a round; each village reports once per round.
pub async fn report(app: &App, caller: &Caller, id: i64, input: ReportInput) -> AppResult<i64> {
    caller.require_write(Area::Screening)?;
    let round = visible(app, caller, id).await?;
    if round.withdrawn_at.is_some() {
        return Err(super::revision::withdrawn_refusal());
    }
    let mut errors = BTreeMap::new();
    let village = match input.village.trim() {
        "" => match orgs::get(&app.db, caller.org_id).await {
            Ok(o) if o.kind() == OrgKind::Village => Some(o),
            _ => None,
        },
        code => orgs::by_code_in(&app.db, &caller.scope, code).await?,
    }
    .filter(|v| v.kind() == OrgKind::Village && v.path.starts_with(&round.org_path));
    if village.is_none() {
        errors.insert(
            "village".into(),
            "请选择本次排查所属乡镇下的村（社区）".into(),
        );
    }
    let reported_on = check_report(&mut errors, input.found, &input.reported_on);
    let (Some(village), Some(reported_on), true) = (village, reported_on, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let mut tx = app.db.begin().await?;
    let rid = store::add_report(
        &mut tx,
        &caller.actor(),
        NewReport {
            round_id: round.id,
            village_id: village.id,
            reported_on,
            found: input.found,
            reporter: &caller.name,
            note: input.note.trim(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rid)
}

/// The round of report `id`, if the caller may see the report (404 otherwise).
pub async fn round_of_report(app: &App, caller: &Caller, id: i64) -> AppResult<i64> {
    caller.require_read(Area::Screening)?;
    Ok(store::get_report(&app.db, &caller.scope, id)
        .await?
        .round_id)
}
