//! Major-dispute mediation plans (重大矛盾纠纷调处方案) on the disputes register: a case may
//! carry a plan (its text, the day it was drawn up, the legality review it went through and the
//! day it was carried out). The seed's town puts such plans before its legal adviser first
//! (statutes.md §3), so recording a plan as carried out needs a linked review of kind
//! 重大矛盾纠纷调处方案 that passed (the gate `fazhi_domain::review::PLAN_CARRIED_OUT`, 409
//! `review_required`), unless the plan predates fazhi and is recorded as historical.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::{required_text, FieldErrors};
use fazhi_domain::review::PLAN_CARRIED_OUT;
use serde::{Deserialize, Serialize};

use super::disputes::{checkbox, Dispute};
use super::Caller;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::registers::reviews::service as reviews;
use crate::service::deadlines;
use crate::service::publicity::date_field;
use crate::storage::disputes::{self as store, NewEvent, Update};

/// The audit action (and history event) of recording a plan.
pub const ACTION: &str = "mediation_plan";

/// The longest plan, in characters.
pub const MAX_PLAN: usize = 10_000;

/// A case's mediation plan as entered (`POST /disputes/{id}/plan`, or the case page's form).
/// Posting it again corrects it; the gate is checked each time.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanInput {
    /// The plan: the parties, the measures, who does what and by when.
    pub text: String,
    /// 制定日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub drawn_on: String,
    /// The legality review (kind 重大矛盾纠纷调处方案) it went through: its number
    /// (合审〔2025〕3号) or id.
    #[serde(deserialize_with = "reviews::id_or_text")]
    #[schema(value_type = String)]
    pub review: String,
    /// 实施日期, blank while not yet carried out. Needs a passing review (合法, or 修改后合法
    /// with the changes adopted), unless historical: otherwise 409 `review_required`.
    pub carried_out_on: String,
    /// The plan predates fazhi (let through the gate, marked so). Only when the plan is first
    /// recorded: a plan recorded under the gate does not become historical later.
    #[serde(deserialize_with = "checkbox")]
    pub historical: bool,
}

/// A plan whose fields are checked, before the gate.
struct CheckedPlan {
    text: String,
    drawn_on: chrono::NaiveDate,
    carried_out_on: Option<chrono::NaiveDate>,
}

fn check(d: &Dispute, input: &PlanInput) -> AppResult<CheckedPlan> {
    let mut errors = FieldErrors::new();
    let text = required_text(
        "text",
        "调处方案",
        "成立由镇党委副书记牵头的工作专班，分三步化解……",
        &input.text,
        MAX_PLAN,
        &mut errors,
    );
    let drawn_on = date_field("drawn_on", &input.drawn_on, &mut errors);
    let carried_out_on = date_field("carried_out_on", &input.carried_out_on, &mut errors);
    let today = deadlines::today();
    match drawn_on {
        None if !errors.contains_key("drawn_on") => {
            errors.insert("drawn_on".into(), "请填写方案制定日期".into());
        }
        Some(day) if day < d.registered_on => {
            errors.insert(
                "drawn_on".into(),
                format!(
                    "方案制定日期 {day} 早于纠纷登记日期 {}，请核对",
                    d.registered_on
                ),
            );
        }
        _ => {}
    }
    if let Some(day) = carried_out_on {
        if drawn_on.is_some_and(|drawn| day < drawn) {
            errors.insert(
                "carried_out_on".into(),
                format!("实施日期 {day} 早于方案制定日期，请核对"),
            );
        } else if day > today {
            errors.insert(
                "carried_out_on".into(),
                format!("实施日期 {day} 晚于今天：方案实施后再记录"),
            );
        }
    }
    if d.plan_text.is_some() && input.historical && !d.plan_historical {
        errors.insert(
            "historical".into(),
            "方案已在本系统登记，不能再标记为历史记录".into(),
        );
    }
    match drawn_on {
        Some(drawn_on) if errors.is_empty() => Ok(CheckedPlan {
            text,
            drawn_on,
            carried_out_on,
        }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// Records (or corrects) a case's mediation plan. Refused on a withdrawn case, outside the
/// caller's scope (404), and, once a 实施日期 is given, without a passing review linked.
pub async fn record(app: &App, caller: &Caller, id: i64, input: PlanInput) -> AppResult<Dispute> {
    caller.require_write(Area::Disputes)?;
    let mut tx = app.db.begin().await?;
    let d = store::get(&mut tx, &caller.scope, id).await?;
    if d.withdrawn_at.is_some() {
        return Err(super::revision::withdrawn_refusal());
    }
    let plan = check(&d, &input)?;
    // The flag is set when the plan is first recorded and kept after (see `PlanInput`).
    let historical = if d.plan_text.is_some() {
        d.plan_historical
    } else {
        input.historical
    };
    let open = historical || plan.carried_out_on.is_none();
    let field = ("review", Some(input.review.as_str()));
    let review =
        reviews::check_gate(app, &caller.scope, d.org_id, field, PLAN_CARRIED_OUT, open).await?;
    let note = match plan.carried_out_on {
        Some(day) => format!("调处方案（{} 制定）于 {day} 实施", plan.drawn_on),
        None => format!("制定调处方案（{}）", plan.drawn_on),
    };
    let update = Update {
        sets: vec![
            ("plan_text", plan.text.as_str().into()),
            ("plan_drawn_on", plan.drawn_on.into()),
            ("plan_review_id", review.map(|r| r.id).into()),
            ("plan_carried_out_on", plan.carried_out_on.into()),
            ("plan_historical", historical.into()),
        ],
        event: Some(NewEvent {
            dispute_id: d.id,
            org_id: d.org_id,
            action: ACTION,
            from_status: Some(&d.status),
            to_status: &d.status,
            level: &d.level,
            on_date: plan.carried_out_on.unwrap_or(plan.drawn_on),
            note: &note,
        }),
        action: ACTION,
    };
    let after = store::apply(&mut tx, &caller.actor(), &d, update).await?;
    tx.commit().await?;
    Ok(after)
}
