//! The handling steps: accept, refer, assign, note, extend, conclude, callback, 复查, 复核,
//! 督办 and its reply; each writes the case, its entry and its audit row in one transaction.

use super::*;

/// 告知是否受理 (信访工作条例 第二十三条).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AcceptInput {
    /// accepted | not_accepted (受理 / 不予受理)
    pub decision: String,
    /// 告知日期; blank: today.
    pub on: String,
    /// 不予受理的理由 (required then), or a note.
    pub note: String,
}

/// 转送 to the competent body, or an objection to a referral outside the town's powers.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReferInput {
    /// 转送或退回的机关
    pub to: String,
    /// 理由 (why the town is not the body to handle it)
    pub grounds: String,
    /// 日期; blank: today.
    pub on: String,
}

/// 交办 to a unit or a person.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AssignInput {
    /// 承办单位或承办人
    pub assignee: String,
    pub on: String,
}

/// An investigation note (调查核实情况).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NoteInput {
    pub text: String,
    pub on: String,
}

/// The head's approved extension of the conclusion period (第三十四条).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExtendInput {
    /// 延长天数 (at most 30 in all)
    pub days: String,
    /// 批准的本机关负责人
    pub approved_by: String,
    /// 延期理由 (told to the petitioner)
    pub extension_reason: String,
    /// 批准日期; blank: today.
    pub on: String,
}

/// The written reply (处理意见书).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConcludeInput {
    /// supported | partly_supported | not_supported | explained | routed (予以支持 …)
    pub outcome: String,
    /// 查明事实
    pub facts: String,
    /// 理由
    pub reasons: String,
    /// 处理意见
    pub opinion: String,
    /// 法律依据
    pub legal_basis: String,
    /// 救济途径 (复查、复核 …)
    pub remedies: String,
    /// 信访人收到处理意见之日; blank: today.
    pub on: String,
}

/// The satisfaction callback.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CallbackInput {
    /// satisfied | mostly_satisfied | unsatisfied (满意 / 基本满意 / 不满意)
    pub satisfaction: String,
    pub on: String,
    /// 回访记录 (what was said on the call)
    pub note: String,
}

/// A 复查 or 复核 passed back by the county: the request and, later, the opinion.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewStepInput {
    /// 请求日期 (required the first time)
    pub requested_on: String,
    /// 意见日期 (when the opinion is given)
    pub answered_on: String,
    pub opinion: String,
    /// 复核听证 from–to (not counted); 复核 only.
    pub hearing_from: String,
    pub hearing_to: String,
}

/// A leader's 督办 order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SuperviseInput {
    /// 督办要求
    pub order: String,
    /// 办理时限
    pub due_on: String,
}

/// The reply to a 督办 order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SupervisionReplyInput {
    /// The order's id (from the case's `entries`).
    pub supervision: i64,
    pub reply: String,
    pub on: String,
}

/// The audit actions of the steps.
pub const ACCEPT: &str = "complaint_accept";
pub const REFER: &str = "complaint_refer";
pub const ASSIGN: &str = "complaint_assign";
pub const NOTE: &str = "complaint_note";
pub const EXTEND: &str = "complaint_extend";
pub const CONCLUDE: &str = "complaint_conclude";
pub const CALLBACK: &str = "complaint_callback";
pub const REVIEW: &str = "complaint_review";
pub const RECHECK: &str = "complaint_recheck";
pub const SUPERVISE: &str = "complaint_supervise";
pub const SUPERVISION_REPLY: &str = "complaint_supervision_reply";

/// What a step writes.
#[derive(Default)]
pub(super) struct StepWrite {
    pub(super) columns: Columns,
    /// A note or a 督办 order: (kind, date, text, due).
    pub(super) entry: Option<(&'static str, NaiveDate, String, Option<NaiveDate>)>,
    /// A 督办 reply: (order id, text, date).
    pub(super) reply: Option<(i64, String, NaiveDate)>,
    /// An unsatisfied callback opens a new case from this one.
    pub(super) reopen: Option<NaiveDate>,
}

pub(super) fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::new(ErrorKind::Conflict, code, message)
}

pub(super) fn invalid_unless(e: FieldErrors) -> AppResult<()> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(e))
    }
}

pub(super) fn is_accepted(r: &ComplaintRow) -> bool {
    r.acceptance.as_deref() == Some(Acceptance::Accepted.code())
}

pub(super) fn require_open(r: &ComplaintRow) -> AppResult<()> {
    if !is_accepted(r) {
        return Err(conflict(
            "not_accepted",
            "该信访事项尚未受理，请先告知受理",
        ));
    }
    if r.concluded_on.is_some() {
        return Err(conflict("concluded", "该信访事项已出具处理意见"));
    }
    Ok(())
}

/// Only a leader (or an administrator) issues a 督办 order.
pub fn require_leader(caller: &Caller) -> AppResult<()> {
    caller.require_read(AREA)?;
    if matches!(caller.role, Role::Leader | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "forbidden",
            "只有领导可以督办信访事项",
        ))
    }
}

/// Runs step `action` on case `id`: `f` decides what to write from the case as it stands; the
/// write is made on the version read, the dues recomputed and the step logged with the case
/// before and after, in one transaction.
pub(super) async fn step(
    app: &App,
    caller: &Caller,
    id: i64,
    action: &'static str,
    f: impl FnOnce(&ComplaintRow, &Calendar) -> AppResult<StepWrite>,
) -> AppResult<ComplaintRow> {
    if action == SUPERVISE {
        require_leader(caller)?;
    } else {
        caller.require_write(AREA)?;
    }
    let before = load(app, caller, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    let cal = app.calendar.current().for_region(before.org_region.as_deref());
    let w = f(&before, cal.as_ref())?;
    let target = store::target(&before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(conflict(
            "stale_version",
            "该信访事项刚被他人修改，请刷新后重试",
        ));
    }
    if !w.columns.is_empty() {
        store::set(&mut tx, id, w.columns).await?;
    }
    if let Some((kind, on, text, due)) = &w.entry {
        store::add_entry(&mut tx, id, kind, (*on, text, *due), Some(caller.user_id)).await?;
    }
    if let Some((entry, text, on)) = &w.reply {
        store::reply_entry(&mut tx, *entry, text, *on).await?;
    }
    let after = refresh(&mut tx, id, &cal).await?;
    kit::log(&mut tx, &caller.actor(), action, target, &before, &after, None).await?;
    if let Some(on) = w.reopen {
        reopen(&mut tx, caller, &after, on, &cal).await?;
    }
    tx.commit().await?;
    Ok(present_for(caller, after))
}

/// The new case an unsatisfied callback opens: the same petitioner and matter, received on the
/// day of the call, linked to the old case (which stays as it was).
pub(super) async fn reopen(
    tx: &mut Tx,
    caller: &Caller,
    old: &ComplaintRow,
    on: NaiveDate,
    cal: &Calendar,
) -> AppResult<ComplaintRow> {
    let input = input_of(old);
    let mut intake = parse(ComplaintInput {
        received_on: on.to_string(),
        ..input
    })?;
    if let Some(note) = old.callback_note.as_deref().filter(|n| !n.is_empty()) {
        let more = format!("\n回访不满意：{note}");
        if intake.content.chars().count() + more.chars().count() <= MAX_TEXT {
            intake.content.push_str(&more);
        }
    }
    let org = orgs::get(&mut *tx, old.org_id).await?;
    register(
        tx,
        &caller.actor(),
        &org,
        &intake,
        vec![("reopened_from", old.id.into())],
        cal,
    )
    .await
}

pub async fn accept(app: &App, caller: &Caller, id: i64, i: AcceptInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, ACCEPT, |r, _| {
        if r.acceptance.is_some() {
            return Err(conflict("decided", "已作出受理决定，不能重复告知"));
        }
        let mut e = FieldErrors::new();
        let decision = match Acceptance::parse(&i.decision) {
            Some(d @ (Acceptance::Accepted | Acceptance::NotAccepted)) => Some(d),
            _ => {
                e.insert(
                    "decision".to_owned(),
                    "请选择「受理」或「不予受理」；转送或异议请用「转送」".to_owned(),
                );
                None
            }
        };
        let on = day("on", &i.on, true, &mut e);
        if on.is_some_and(|d| d < r.received_on) {
            e.insert("on".to_owned(), format!("告知日期不能早于收到日期 {}", r.received_on));
        }
        let note = text("note", &i.note, MAX_TEXT, decision == Some(Acceptance::NotAccepted), &mut e);
        invalid_unless(e)?;
        let (decision, on) = (decision.unwrap_or(Acceptance::Accepted), on.unwrap_or(r.received_on));
        Ok(StepWrite {
            columns: vec![
                ("acceptance", decision.code().into()),
                (
                    "accepted_on",
                    (decision == Acceptance::Accepted).then_some(on).into(),
                ),
                ("decided_on", on.into()),
                ("acceptance_note", blank_none(&note).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn refer(app: &App, caller: &Caller, id: i64, i: ReferInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, REFER, |r, cal| {
        if r.acceptance.is_some() {
            return Err(conflict("decided", "已作出受理决定，不能再转送或提出异议"));
        }
        let mut e = FieldErrors::new();
        let to = text("to", &i.to, MAX_SHORT, true, &mut e);
        let reason = text("grounds", &i.grounds, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if let (Some(on), Some(due)) = (on, clock_of(r).objection_due(cal)) {
            if on > due.due {
                e.insert(
                    "on".to_owned(),
                    format!(
                        "对转交事项提出异议的期限已过：应在收到之日起5个工作日内（至 {}）提出",
                        due.due
                    ),
                );
            }
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![
                ("acceptance", Acceptance::Referred.code().into()),
                ("decided_on", on.into()),
                ("referred_to", to.into()),
                ("acceptance_note", reason.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn assign(app: &App, caller: &Caller, id: i64, i: AssignInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, ASSIGN, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let assignee = text("assignee", &i.assignee, MAX_SHORT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![("assignee", assignee.into()), ("assigned_on", on.into())],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn note(app: &App, caller: &Caller, id: i64, i: NoteInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, NOTE, |_, _| {
        let mut e = FieldErrors::new();
        let t = text("text", &i.text, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            entry: on.map(|on| ("note", on, t, None)),
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn extend(app: &App, caller: &Caller, id: i64, i: ExtendInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, EXTEND, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let days: Option<u32> = i.days.trim().parse().ok().filter(|d| *d > 0);
        if days.is_none() {
            e.insert("days".to_owned(), "请填写延长天数（1至30的整数）".to_owned());
        }
        let approved_by = text("approved_by", &i.approved_by, MAX_NAME, true, &mut e);
        let reason = text("extension_reason", &i.extension_reason, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        let mut clock = clock_of(r);
        clock
            .extend(
                GrantedExtension {
                    length: days.unwrap_or_default(),
                    approved_by: approved_by.clone(),
                    approved_on: on,
                },
                &reason,
            )
            .map_err(|m| AppError::field("days", m.to_string()))?;
        let total = clock.extension.map_or(0, |x| i64::from(x.length));
        Ok(StepWrite {
            columns: vec![
                ("extension_days", total.into()),
                ("extension_approved_by", approved_by.into()),
                ("extension_reason", reason.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn conclude(app: &App, caller: &Caller, id: i64, i: ConcludeInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, CONCLUDE, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let outcome = Outcome::parse(&i.outcome);
        if outcome.is_none() {
            e.insert(
                "outcome".to_owned(),
                format!("请选择处理结果：{}", labels(Outcome::ALL, Outcome::label)),
            );
        }
        let facts = text("facts", &i.facts, MAX_TEXT, false, &mut e);
        let reasons = text("reasons", &i.reasons, MAX_TEXT, false, &mut e);
        let opinion = text("opinion", &i.opinion, MAX_TEXT, true, &mut e);
        let legal_basis = text("legal_basis", &i.legal_basis, MAX_TEXT, false, &mut e);
        let remedies = text("remedies", &i.remedies, MAX_TEXT, false, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if let (Some(on), Some(acc)) = (on, r.accepted_on) {
            if on < acc {
                e.insert("on".to_owned(), format!("办结日期不能早于受理日期 {acc}"));
            }
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![
                ("outcome", outcome.map(Outcome::code).into()),
                ("facts", blank_none(&facts).into()),
                ("reasons", blank_none(&reasons).into()),
                ("opinion", opinion.into()),
                ("legal_basis", blank_none(&legal_basis).into()),
                ("remedies", blank_none(&remedies).into()),
                ("concluded_on", on.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn callback(app: &App, caller: &Caller, id: i64, i: CallbackInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, CALLBACK, |r, _| {
        let Some(concluded) = r.concluded_on else {
            return Err(conflict("not_concluded", "该信访事项尚未办结，不能回访"));
        };
        if r.satisfaction.is_some() {
            return Err(conflict("called_back", "该信访事项已回访；不满意的已另立新件办理"));
        }
        let mut e = FieldErrors::new();
        let s = Satisfaction::parse(&i.satisfaction);
        if s.is_none() {
            e.insert(
                "satisfaction".to_owned(),
                "请选择回访结果：满意、基本满意或不满意".to_owned(),
            );
        }
        let note = text("note", &i.note, 1_000, false, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if on.is_some_and(|d| d < concluded) {
            e.insert("on".to_owned(), format!("回访日期不能早于办结日期 {concluded}"));
        }
        invalid_unless(e)?;
        let s = s.unwrap_or(Satisfaction::Satisfied);
        Ok(StepWrite {
            columns: vec![
                ("satisfaction", s.code().into()),
                ("callback_on", on.into()),
                ("callback_note", blank_none(&note).into()),
            ],
            reopen: on.filter(|_| s.reopens()),
            ..StepWrite::default()
        })
    })
    .await
}

/// The dates and opinion of a 复查 or 复核 step, checked against the stored request (if any).
pub(super) fn review_dates(
    i: &ReviewStepInput,
    stored: Option<NaiveDate>,
    e: &mut FieldErrors,
) -> (Option<NaiveDate>, Option<NaiveDate>, String) {
    let requested = match stored {
        Some(d) => Some(d),
        None => day("requested_on", &i.requested_on, false, e),
    };
    let answered = match i.answered_on.trim() {
        "" => None,
        t => day("answered_on", t, false, e),
    };
    if let (Some(req), Some(ans)) = (requested, answered) {
        if ans < req {
            e.insert("answered_on".to_owned(), format!("意见日期不能早于请求日期 {req}"));
        }
    }
    let opinion = text("opinion", &i.opinion, MAX_TEXT, answered.is_some(), e);
    (requested, answered, opinion)
}

pub async fn review(app: &App, caller: &Caller, id: i64, i: ReviewStepInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, REVIEW, |r, cal| {
        if r.concluded_on.is_none() {
            return Err(conflict("not_concluded", "该信访事项尚未出具处理意见，不能复查"));
        }
        if r.reviewed_on.is_some() {
            return Err(conflict("reviewed", "已记录复查意见"));
        }
        let mut e = FieldErrors::new();
        let (requested, answered, opinion) = review_dates(&i, r.review_requested_on, &mut e);
        invalid_unless(e)?;
        if r.review_requested_on.is_none() {
            let mut clock = clock_of(r);
            if let Some(on) = requested {
                clock
                    .request_review(on, cal)
                    .map_err(|m| AppError::field("requested_on", m.to_string()))?;
            }
        }
        Ok(StepWrite {
            columns: vec![
                ("review_requested_on", requested.into()),
                ("reviewed_on", answered.into()),
                ("review_opinion", blank_none(&opinion).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn recheck(app: &App, caller: &Caller, id: i64, i: ReviewStepInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, RECHECK, |r, cal| {
        if r.reviewed_on.is_none() {
            return Err(conflict("not_reviewed", "尚无复查意见，不能复核"));
        }
        let mut clock = clock_of(r);
        if clock.is_final() {
            return Err(conflict("final", rules::ClockRefusal::Final.to_string()));
        }
        let mut e = FieldErrors::new();
        let (requested, answered, opinion) = review_dates(&i, r.recheck_requested_on, &mut e);
        let from = match i.hearing_from.trim() {
            "" => r.hearing_from,
            t => day("hearing_from", t, false, &mut e),
        };
        let to = match i.hearing_to.trim() {
            "" => r.hearing_to,
            t => day("hearing_to", t, false, &mut e),
        };
        if from.is_some() != to.is_some() || matches!((from, to), (Some(f), Some(t)) if t < f) {
            e.insert("hearing_to".to_owned(), "请填写听证的起止日期（止不早于起）".to_owned());
        }
        invalid_unless(e)?;
        if r.recheck_requested_on.is_none() {
            if let Some(on) = requested {
                clock
                    .request_recheck(on, cal)
                    .map_err(|m| AppError::field("requested_on", m.to_string()))?;
            }
        }
        Ok(StepWrite {
            columns: vec![
                ("recheck_requested_on", requested.into()),
                ("hearing_from", from.into()),
                ("hearing_to", to.into()),
                ("rechecked_on", answered.into()),
                ("recheck_opinion", blank_none(&opinion).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn supervise(app: &App, caller: &Caller, id: i64, i: SuperviseInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, SUPERVISE, |_, _| {
        let mut e = FieldErrors::new();
        let order = text("order", &i.order, 2_000, true, &mut e);
        let today = crate::clock::today();
        let due = date_field("due_on", &i.due_on, &mut e);
        match due {
            None if !e.contains_key("due_on") => {
                e.insert("due_on".to_owned(), "请填写督办时限，如 2025-03-05".to_owned());
            }
            Some(d) if d < today => {
                e.insert("due_on".to_owned(), format!("督办时限不能早于今天（{today}）"));
            }
            _ => {}
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            entry: Some(("supervision", today, order, due)),
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn reply_supervision(
    app: &App,
    caller: &Caller,
    id: i64,
    i: SupervisionReplyInput,
) -> AppResult<ComplaintRow> {
    caller.require_write(AREA)?;
    let case = load(app, caller, id).await?;
    let order = match store::entry(&app.db, case.id, i.supervision).await {
        Ok(o) if o.kind == "supervision" => o,
        Ok(_) | Err(StorageError::NotFound) => {
            return Err(AppError::field("supervision", "找不到该督办事项"))
        }
        Err(err) => return Err(err.into()),
    };
    if order.replied_on.is_some() {
        return Err(conflict("replied", "该督办事项已回复"));
    }
    step(app, caller, id, SUPERVISION_REPLY, |_, _| {
        let mut e = FieldErrors::new();
        let reply = text("reply", &i.reply, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            reply: on.map(|on| (order.id, reply, on)),
            ..StepWrite::default()
        })
    })
    .await
}
