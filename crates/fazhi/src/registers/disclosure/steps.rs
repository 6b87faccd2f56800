//! The explicit steps staff take on a request (`POST /disclosure-requests/{id}/<step>` and the
//! forms on its page), each checked by the same clock rules as the edit form
//! (`fazhi_domain::disclosure::NewRequest::parse`), written on the version read and logged under
//! its own audit action: the one correction notice with its period (政府信息公开条例 第三十条),
//! the corrected request, a consultation (第三十二、三十四条), the extension (第三十三条第二款),
//! the reply (第三十六至三十九条), the 信息处理费 notice (第四十二条) and a later 复议 or 诉讼.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::disclosure::{
    consultation_end, ClockRefusal, ConsultedKind, RemedyKind, RemedyResult, ReplyType,
};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::service::{self, input_of, RequestInput, RequestRow};
use super::store;
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::publicity::date_field;
use crate::service::revision::withdrawn_refusal;
use crate::service::Caller;
use crate::storage::orgs;
use crate::storage::revision as kit;
use crate::storage::Scope;

/// What a step's form or body carries; each step reads the fields its documentation names.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StepInput {
    /// The step's day (blank: today): 告知补正日期, 收到补正日期, 征求意见开始日期, 批准延期日期,
    /// 答复日期, 收费通知日期, 提起复议或诉讼日期.
    pub on: String,
    /// `notice-correction`: 补正期限 (required); `consult`: 收回意见日期 (blank while awaited:
    /// the 15th working day, 第三十二、三十四条).
    pub until: String,
    /// `consult`: `third_party` / `other_body` (第三方 / 其他机关); `remedy`: `review`, `lawsuit`,
    /// `lawsuit_after_review`.
    pub kind: String,
    /// `consult`: 征求意见对象, e.g. 某某公司.
    pub whom: String,
    /// `extend`: 延长工作日数 (20 at most in all).
    pub days: String,
    /// `extend`: 批准人 (政府信息公开工作机构负责人).
    pub approved_by: String,
    /// `reply`: 答复类型 (code or label of the national format's rows).
    pub reply_type: String,
    /// `reply`: 答复内容 (what is provided, or why not).
    pub text: String,
    /// `fee`: 信息处理费金额（元）, e.g. 100 or 12.50.
    pub amount: String,
    /// `fee`: 缴费日期, once paid.
    pub paid_on: String,
    /// `remedy`: `upheld`, `corrected`, `other`, `pending` (结果维持 / 结果纠正 / 其他结果 / 尚未审结).
    pub result: String,
}

/// The steps, by the last segment of their path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    NoticeCorrection,
    Corrected,
    Consult,
    Extend,
    Reply,
    Fee,
    Remedy,
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Step::NoticeCorrection,
        Step::Corrected,
        Step::Consult,
        Step::Extend,
        Step::Reply,
        Step::Fee,
        Step::Remedy,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Step::NoticeCorrection => "notice-correction",
            Step::Corrected => "corrected",
            Step::Consult => "consult",
            Step::Extend => "extend",
            Step::Reply => "reply",
            Step::Fee => "fee",
            Step::Remedy => "remedy",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.iter().copied().find(|st| st.path() == s)
    }

    /// The audit action the step is logged under (labelled in audit_labels.rs).
    pub fn action(self) -> &'static str {
        match self {
            Step::NoticeCorrection => "disclosure_correction_notice",
            Step::Corrected => "disclosure_corrected",
            Step::Consult => "disclosure_consult",
            Step::Extend => "disclosure_extend",
            Step::Reply => "disclosure_reply",
            Step::Fee => "disclosure_fee",
            Step::Remedy => "disclosure_remedy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::NoticeCorrection => "告知补正",
            Step::Corrected => "收到补正",
            Step::Consult => "征求意见",
            Step::Extend => "延长答复期限",
            Step::Reply => "答复",
            Step::Fee => "收取信息处理费",
            Step::Remedy => "行政复议、行政诉讼",
        }
    }
}

/// The largest 信息处理费 accepted, in yuan: far above any tier of 国办函〔2020〕109号.
const MAX_FEE_YUAN: i64 = 100_000;

/// Yuan as typed (`100`, `12.5`, `12.50`) in fen.
fn fen(s: &str) -> Result<i64, String> {
    let bad = || "请填写金额（元），例如 100 或 12.50".to_owned();
    let t = s.trim().trim_end_matches('元');
    let (whole, part) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || part.len() > 2 || !part.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let yuan: i64 = whole.parse().map_err(|_| bad())?;
    if !(0..=MAX_FEE_YUAN).contains(&yuan) {
        return Err(format!("金额应在 0 至 {MAX_FEE_YUAN} 元之间"));
    }
    let cents: i64 = format!("{part:0<2}").parse().map_err(|_| bad())?;
    let total = yuan * 100 + cents;
    if total == 0 {
        return Err("金额应大于0；不收费的，无需登记".to_owned());
    }
    Ok(total)
}

fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::new(ErrorKind::Conflict, code, message)
}

/// The edit form's field names as the step's own (a refusal names what the step's form has).
fn step_field(form_field: &str) -> &str {
    match form_field {
        "correction_noticed_on" | "corrected_on" | "replied_on" | "consulted_from" => "on",
        "consulted_to" => "until",
        "consulted_whom" => "whom",
        "extension_days" => "days",
        "extension_approved_by" => "approved_by",
        "reply_text" => "text",
        other => other,
    }
}

/// Takes step `step` on request `id` (in the caller's scope; 404 outside it).
pub async fn take(
    app: &App,
    caller: &Caller,
    id: i64,
    step: Step,
    input: StepInput,
) -> AppResult<RequestRow> {
    caller.require_write(fazhi_domain::access::Area::Disclosure)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    let org = orgs::get(&app.db, before.org_id).await?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let mut errors = FieldErrors::new();
    let on = if input.on.trim().is_empty() {
        Some(crate::clock::today())
    } else {
        date_field("on", &input.on, &mut errors)
    };
    let mut form: RequestInput = input_of(&before);
    let mut extra: crate::storage::records::Columns = Vec::new();
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    if before.replied_on.is_some() && !matches!(step, Step::Reply | Step::Fee | Step::Remedy) {
        return Err(conflict(
            "already_replied",
            "该申请已答复，不能再告知补正、征求意见或延期；如需更正，请使用「编辑」",
        ));
    }
    match step {
        Step::NoticeCorrection => {
            // 一次性告知 (第三十条): the edit form's check starts from the new date alone.
            if let Some(first) = before.correction_noticed_on {
                return Err(AppError::field(
                    "on",
                    ClockRefusal::SecondCorrection(first).to_string(),
                ));
            }
            let until = date_field("until", &input.until, &mut errors);
            match (until, on) {
                (None, _) if !errors.contains_key("until") => {
                    errors.insert(
                        "until".to_owned(),
                        "请填写补正期限：告知书载明的申请人补正截止日期".to_owned(),
                    );
                }
                (Some(u), Some(o)) if u < o => {
                    errors.insert(
                        "until".to_owned(),
                        format!("补正期限 {u} 早于告知日期 {o}，请核对"),
                    );
                }
                _ => {}
            }
            form.correction_noticed_on = day(on);
            extra.push(("correction_due_on", until.into()));
        }
        Step::Corrected => {
            if before.correction_noticed_on.is_none() {
                return Err(conflict(
                    "no_correction_notice",
                    "该申请没有告知补正，无需登记收到补正",
                ));
            }
            form.corrected_on = day(on);
        }
        Step::Consult => {
            let kind = ConsultedKind::parse(input.kind.trim());
            if kind.is_none() {
                errors.insert(
                    "kind".to_owned(),
                    "请选择征求意见对象类型：第三方或其他机关".to_owned(),
                );
            }
            let until = match date_field("until", &input.until, &mut errors) {
                Some(u) => Some(u),
                None => kind.zip(on).and_then(|(k, o)| consultation_end(k, o, &cal)),
            };
            form.consulted_from = day(on);
            form.consulted_to = day(until);
            form.consulted_whom = match input.whom.trim() {
                "" => kind.map(|k| k.label().to_owned()).unwrap_or_default(),
                w => w.to_owned(),
            };
            extra.push(("consulted_kind", kind.map(|k| k.code()).into()));
        }
        Step::Extend => {
            let days: Option<u32> = input.days.trim().parse().ok().filter(|d| *d > 0);
            match days {
                None => {
                    errors.insert(
                        "days".to_owned(),
                        "请填写延长的工作日数（整数），例如 10".to_owned(),
                    );
                }
                Some(d) => {
                    let so_far = before.extension_days.unwrap_or(0).max(0) as u32;
                    form.extension_days = (so_far + d).to_string();
                }
            }
            form.extension_approved_by = input.approved_by.trim().to_owned();
            extra.push(("extension_approved_on", on.into()));
        }
        Step::Reply => {
            if ReplyType::parse(input.reply_type.trim()).is_none() {
                errors.insert(
                    "reply_type".to_owned(),
                    "请从列表中选择答复类型（政府信息公开工作年度报告格式的办理结果）".to_owned(),
                );
            }
            form.replied_on = day(on);
            form.reply_type = input.reply_type.trim().to_owned();
            form.reply_text = input.text;
        }
        Step::Fee => {
            match fen(&input.amount) {
                Ok(f) => extra.push(("fee_fen", Some(f).into())),
                Err(m) => {
                    errors.insert("amount".to_owned(), m);
                }
            }
            let paid = date_field("paid_on", &input.paid_on, &mut errors);
            if let (Some(p), Some(o)) = (paid, on) {
                if p < o {
                    errors.insert(
                        "paid_on".to_owned(),
                        format!("缴费日期 {p} 早于收费通知日期 {o}，请核对"),
                    );
                }
            }
            extra.push(("fee_noticed_on", on.into()));
            extra.push(("fee_paid_on", paid.into()));
        }
        Step::Remedy => {
            if before.replied_on.is_none() {
                return Err(conflict(
                    "not_replied",
                    "该申请尚未答复：行政复议、行政诉讼针对答复提起，请先登记答复",
                ));
            }
            let kind = RemedyKind::parse(input.kind.trim());
            if kind.is_none() {
                errors.insert(
                    "kind".to_owned(),
                    "请选择：行政复议、行政诉讼（未经复议直接起诉）或行政诉讼（复议后起诉）"
                        .to_owned(),
                );
            }
            let result = match input.result.trim() {
                "" => Some(RemedyResult::Pending),
                r => RemedyResult::parse(r),
            };
            if result.is_none() {
                errors.insert(
                    "result".to_owned(),
                    "请选择结果：结果维持、结果纠正、其他结果或尚未审结".to_owned(),
                );
            }
            extra.push(("remedy_kind", kind.map(|k| k.code()).into()));
            extra.push(("remedy_filed_on", on.into()));
            extra.push(("remedy_result", result.map(|r| r.code()).into()));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let checked = service::check_on(app, &org, form)
        .await
        .map_err(|mut e| {
            e.fields = std::mem::take(&mut e.fields)
                .into_iter()
                .map(|(k, v)| (step_field(&k).to_owned(), v))
                .collect::<BTreeMap<_, _>>();
            e
        })?;
    let mut columns = checked.columns();
    columns.extend(extra);
    let target = store::target(&before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(conflict(
            "stale_version",
            "该申请刚被他人修改，请刷新后重试",
        ));
    }
    store::LIST.update(&mut tx, before.id, columns).await?;
    service::sync_deadline(&mut tx, before.id, before.org_id, &checked).await?;
    let after = store::get(&mut tx, &Scope::everything(), before.id).await?;
    kit::log(
        &mut tx,
        &caller.actor(),
        step.action(),
        target,
        &before,
        &after,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
