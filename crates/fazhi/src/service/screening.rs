//! Screening rounds (排查): routine and special rounds (两会期间, 春节, 重要节日) opened by a town;
//! each village reports the disputes it found or a zero report; the round shows who has not
//! reported.

use std::collections::BTreeMap;

use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;
use fazhi_ledger::parse_date;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::orgs::{self, Org};
use crate::storage::screening::{self as store, NewReport, NewRound, Report, Round};

use super::Caller;

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
    pub reports: Vec<Report>,
    pub found_total: i64,
    /// Villages of the round's town with no report yet.
    pub not_reported: Vec<Org>,
}

fn kind_label(kind: &str) -> &'static str {
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

pub async fn create_round(app: &App, caller: &Caller, input: NewRoundInput) -> AppResult<Round> {
    caller.require_write(Area::Screening)?;
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
    let org = if caller.org_id == 0 {
        None
    } else {
        Some(orgs::get(&app.db, caller.org_id).await?)
    };
    let town = match &org {
        Some(o) if o.kind() == OrgKind::Town => Some(o.clone()),
        _ => {
            errors.insert(
                "org".into(),
                "排查由乡镇组织，请以乡镇用户登录后创建".into(),
            );
            None
        }
    };
    let (Some(kind), Some(starts_on), Some(ends_on), Some(town), true) =
        (kind, starts, ends, town, errors.is_empty())
    else {
        return Err(AppError::invalid(errors));
    };
    let mut tx = app.db.begin().await?;
    let id = store::create_round(
        &mut tx,
        &caller.actor(),
        NewRound {
            org_id: town.id,
            name: input.name.trim(),
            kind,
            starts_on,
            ends_on,
        },
    )
    .await?;
    let r = store::get_round(&mut tx, id).await?;
    tx.commit().await?;
    Ok(r)
}

pub async fn list_rounds(app: &App, caller: &Caller) -> AppResult<Vec<Round>> {
    caller.require_read(Area::Screening)?;
    Ok(store::list_rounds(&app.db, caller.scope.root_path()).await?)
}

pub async fn get_round(app: &App, caller: &Caller, id: i64) -> AppResult<RoundView> {
    caller.require_read(Area::Screening)?;
    let round = visible(app, caller, id).await?;
    let reports = store::reports(&app.db, id).await?;
    let town = orgs::get(&app.db, round.org_id).await?;
    let not_reported = orgs::list(&app.db, &town.scope())
        .await?
        .into_iter()
        .filter(|o| o.kind() == OrgKind::Village)
        .filter(|o| !reports.iter().any(|r| r.village_id == o.id))
        .collect();
    Ok(RoundView {
        kind_label: kind_label(&round.kind),
        found_total: reports.iter().map(|r| r.found).sum(),
        round,
        reports,
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

/// A village's report (or zero report) for a round; each village reports once per round.
pub async fn report(app: &App, caller: &Caller, id: i64, input: ReportInput) -> AppResult<i64> {
    caller.require_write(Area::Screening)?;
    let round = visible(app, caller, id).await?;
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
    if input.found < 0 {
        errors.insert(
            "found".into(),
            "排查发现的纠纷数应为 0 或正整数（0 即零报告）".into(),
        );
    } else if input.found > MAX_FOUND {
        // 2^62 wrapped the round's total negative (issue #12, Low).
        errors.insert(
            "found".into(),
            format!("排查发现的纠纷数不能超过 {MAX_FOUND}，请核对"),
        );
    }
    let reported_on = match input.reported_on.trim() {
        "" => Some(super::deadlines::today()),
        s => parse_date(s)
            .map_err(|m| errors.insert("reported_on".into(), format!("报告日期：{m}")))
            .ok(),
    };
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
