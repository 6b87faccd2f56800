//! The service half of correcting records, shared by every register on the kit: a record's
//! history (修改记录) read from the audit log, field by field under Chinese labels, with personal
//! data masked as in the registers; and the checks every edit, withdrawal and restoration
//! passes (the version the person saw, the reason, who may restore).

use std::future::Future;

use fazhi_domain::access::{Area, Role};
use fazhi_domain::mask::mask_personal_json;
use fazhi_domain::revision::{self, check_version, FieldChange};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::audit;
use crate::storage::db::On;
use crate::storage::revision::{self as kit, Target};
use crate::storage::{Scope, StorageError, Tx};

use super::Caller;
pub use crate::storage::records::Revision;

/// One change in a record's history.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// Beijing time: `2024-03-05 14:30` on a page, `2024-03-05T14:30:00+08:00` in the API.
    pub at: crate::clock::BeijingTime,
    pub actor: String,
    /// 登记 / 修改 / 更正 / 作废 / 恢复 …
    pub action: String,
    /// The reason given for a withdrawal or a correction.
    pub reason: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<FieldChange>,
}

/// What a person reads for an audit action.
fn action_label(action: &str) -> &str {
    match action {
        "create" => "登记",
        "update" => "修改",
        "correct" => "更正",
        "withdraw" => "作废",
        "restore" => "恢复",
        "import" => "导入",
        "deactivate" => "停用",
        "reactivate" => "重新启用",
        other => other,
    }
}

/// Moved to the one clock module; kept here for existing callers.
pub use crate::clock::beijing;

fn parsed(json: Option<&str>) -> Value {
    let mut v = json
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    // The same masking as the registers' lists: the history is read by everyone who reads the
    // record; a full value is on the record itself, behind the logged reveal.
    mask_personal_json(&mut v);
    v
}

/// The audit actions of an edit, whose entries show field by field what changed.
const EDITS: &[&str] = &["update", "correct", "deactivate", "reactivate"];

/// The history of record `id` of register `R` (its audit log's `entity`), oldest first, each
/// edit's changes as `R::changes` lists them. The caller has already been allowed to read the
/// record.
async fn history<R: Register>(app: &App, entity: &str, id: i64) -> AppResult<Vec<HistoryEntry>> {
    let entries = audit::for_record(&app.db, entity, id).await?;
    Ok(entries
        .into_iter()
        .filter(|e| e.action != "view_personal_data")
        .map(|e| {
            let before = parsed(e.before_json.as_deref());
            let after = parsed(e.after_json.as_deref());
            let reason = match e.action.as_str() {
                "withdraw" => after.get("withdrawn_reason"),
                "correct" => after.get(kit::REASON_KEY),
                _ => None,
            }
            .and_then(Value::as_str)
            .map(str::to_owned);
            HistoryEntry {
                at: crate::clock::BeijingTime(e.at),
                actor: e.actor,
                action: R::action_label(&e.action)
                    .unwrap_or_else(|| action_label(&e.action))
                    .to_owned(),
                reason,
                changes: if EDITS.contains(&e.action.as_str()) {
                    R::changes(&before, &after)
                } else {
                    Vec::new()
                },
            }
        })
        .collect())
}

/// A history value under `label` stored as a code, as people read it (for `Register::relabel`).
pub fn relabel_code(
    change: &mut FieldChange,
    label: &str,
    parse: impl Fn(&str) -> Option<&'static str>,
) {
    if change.label == label {
        for v in [&mut change.before, &mut change.after] {
            if let Some(l) = parse(v) {
                *v = l.to_owned();
            }
        }
    }
}

/// An edit based on an old copy: 409 `stale_version`, nothing changed.
pub fn stale(e: revision::StaleVersion) -> AppError {
    AppError::new(ErrorKind::Conflict, "stale_version", e.to_string())
}

/// A withdrawal's reason, or the field error that asks for one.
pub fn reason(text: &str) -> AppResult<String> {
    revision::reason(text).map_err(|m| AppError::field("reason", m))
}

/// Only an administrator restores a withdrawn record (a withdrawal is a decision to take it out
/// of every figure; undoing it is an administrator's).
pub fn require_restore(caller: &Caller) -> AppResult<()> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "forbidden",
            "只有系统管理员可以恢复已作废的记录",
        ))
    }
}

/// An edit or withdrawal of a record already withdrawn: 409 `withdrawn`.
pub fn withdrawn_refusal() -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        "withdrawn",
        "该记录已作废，不能修改；如需使用请先由管理员恢复",
    )
}

/// A register on the kit: what the shared edit, withdraw, restore and history steps need to
/// know of it. Each register implements this once (see `docs/development.md`, "Adding a
/// register"); the API and the pages get their edit, 作废, 恢复 and 修改记录 from it.
pub trait Register: Send + Sync + 'static {
    /// A stored record, unmasked.
    type Record: Serialize + Send + Sync + 'static;
    /// The register's one input: registration, the edit form and a `PATCH` all fill it.
    type Input: Serialize + DeserializeOwned + Send + 'static;
    /// An input that passed the register's validation, ready to be written.
    type Valid: Send + Sync;

    /// Who may read and write the register.
    const AREA: Area;
    /// The fields the history shows, `(field, 中文标签)`, with the ledger's column names.
    const LABELS: &'static [(&'static str, &'static str)];
    /// Input fields an edit cannot change (the organisation, a link made by a step of its own);
    /// a `PATCH` naming one is refused rather than silently ignored.
    const FIXED: &'static [&'static str] = &[];

    fn target(r: &Self::Record) -> Target;
    fn version(r: &Self::Record) -> i64;
    fn is_withdrawn(r: &Self::Record) -> bool;

    /// Record `id` if `scope` reaches it (not found otherwise).
    fn load<'a>(
        on: On<'a>,
        scope: &'a Scope,
        id: i64,
    ) -> impl Future<Output = Result<Self::Record, StorageError>> + Send + 'a;

    /// The record's current values as input: the edit form starts from them, and a `PATCH`
    /// replaces only the fields it names.
    fn current_input(
        app: &App,
        r: &Self::Record,
    ) -> impl Future<Output = AppResult<Self::Input>> + Send;

    /// The register's validation of an edit, the same as at registration.
    fn check(
        app: &App,
        caller: &Caller,
        before: &Self::Record,
        input: Self::Input,
    ) -> impl Future<Output = AppResult<Self::Valid>> + Send;

    /// Writes a checked edit (the version is already claimed; the kit logs it).
    fn write<'a>(
        tx: &'a mut Tx,
        before: &'a Self::Record,
        valid: &'a Self::Valid,
    ) -> impl Future<Output = AppResult<()>> + Send + 'a;

    /// Whether the edit changes a field the record's state has made final (a signed
    /// agreement's terms, a decided case): allowed only as a 更正 with a reason.
    fn is_correction(_before: &Self::Record, _valid: &Self::Valid) -> bool {
        false
    }

    /// The audit action of an edit that is not a 更正: `update`, or the step an edit of a
    /// register's own state field amounts to (a mediator who left is `deactivate`d).
    fn action(_before: &Self::Record, _valid: &Self::Valid) -> &'static str {
        "update"
    }

    /// What a caller reads: personal data masked as in the register's lists.
    fn present(r: Self::Record) -> Self::Record {
        r
    }

    /// Adjusts a patched input (`current` with the fields `named` replaced) for fields that
    /// follow others: a pass that follows a new score.
    fn patched(_named: &Map<String, Value>, _current: &Self::Input, _input: &mut Self::Input) {}

    /// A history value as people read it (a stored code as its label).
    fn relabel(_change: &mut FieldChange) {}

    /// What an edit changed, from the stored record before and after (masked): by default the
    /// `LABELS` fields that differ; a register with rows of its own (a dispute's parties) adds
    /// theirs.
    fn changes(before: &Value, after: &Value) -> Vec<FieldChange> {
        revision::field_changes(Self::LABELS, before, after)
    }

    /// What people read for an audit action of the register's own (a dispute's lifecycle
    /// steps); `None` for the kit's (登记, 修改, 作废 …).
    fn action_label(_action: &str) -> Option<&'static str> {
        None
    }

    /// Work a withdrawal or restoration brings with it, in its transaction (open deadlines
    /// settled or reopened).
    fn on_mark<'a>(
        _tx: &'a mut Tx,
        _record: &'a Self::Record,
        _withdrawn: bool,
    ) -> impl Future<Output = AppResult<()>> + Send + 'a {
        async { Ok(()) }
    }
}

/// The record, if the caller may read it, as they may see it.
pub async fn get<R: Register>(app: &App, caller: &Caller, id: i64) -> AppResult<R::Record> {
    caller.require_read(R::AREA)?;
    Ok(R::present(
        R::load(On::Db(&app.db), &caller.scope, id).await?,
    ))
}

/// The record unmasked, for a caller who may write it (the edit form, a correction).
pub async fn load_for_edit<R: Register>(
    app: &App,
    caller: &Caller,
    id: i64,
) -> AppResult<R::Record> {
    caller.require_write(R::AREA)?;
    Ok(R::load(On::Db(&app.db), &caller.scope, id).await?)
}

/// An edit: `edit` receives the record's current values and returns the corrected ones.
/// Refused unless the caller may write the record and it is still at version `based_on`
/// (otherwise 409 `stale_version`, and nothing changes); an edit of a final field needs a
/// `reason` and is logged as a 更正.
pub async fn update<R: Register>(
    app: &App,
    caller: &Caller,
    id: i64,
    based_on: i64,
    reason_text: Option<&str>,
    edit: impl FnOnce(R::Input) -> AppResult<R::Input>,
) -> AppResult<R::Record> {
    let before = load_for_edit::<R>(app, caller, id).await?;
    if R::is_withdrawn(&before) {
        return Err(withdrawn_refusal());
    }
    check_version(based_on, R::version(&before)).map_err(stale)?;
    let input = edit(R::current_input(app, &before).await?)?;
    let valid = R::check(app, caller, &before, input).await?;
    let correction = R::is_correction(&before, &valid);
    let reason = match (
        correction,
        reason_text.map(str::trim).filter(|t| !t.is_empty()),
    ) {
        (true, None) => {
            return Err(AppError::field(
                "reason",
                "该记录已办结，修改其内容属于更正，请填写更正原因",
            ))
        }
        (true, Some(text)) => Some(reason(text)?),
        (false, _) => None,
    };
    let target = R::target(&before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, based_on).await? {
        // Changed between the read above and this transaction.
        let now = R::load(On::Tx(&mut tx), &Scope::everything(), id).await?;
        return Err(stale(
            check_version(based_on, R::version(&now)).expect_err("claim failed"),
        ));
    }
    R::write(&mut tx, &before, &valid).await?;
    let after = R::load(On::Tx(&mut tx), &Scope::everything(), id).await?;
    let action = if correction {
        "correct"
    } else {
        R::action(&before, &valid)
    };
    kit::log(
        &mut tx,
        &caller.actor(),
        action,
        target,
        &before,
        &after,
        reason.as_deref(),
    )
    .await?;
    tx.commit().await?;
    Ok(R::present(after))
}

/// A partial edit from JSON (`PATCH`): `version` (required) is the version it was based on,
/// `reason` the reason for a 更正, and every other key replaces that field of the current
/// input. An unknown or fixed field is refused by name.
pub async fn patch<R: Register>(
    app: &App,
    caller: &Caller,
    id: i64,
    mut body: Map<String, Value>,
) -> AppResult<R::Record> {
    caller.require_write(R::AREA)?;
    let based_on = body
        .remove("version")
        .and_then(|v| v.as_i64())
        .ok_or_else(|| AppError::field("version", "请提供修改所依据的版本号 version（整数）"))?;
    let reason_text = match body.remove("reason") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(AppError::field("reason", "原因须为文字")),
    };
    update::<R>(
        app,
        caller,
        id,
        based_on,
        reason_text.as_deref(),
        |current| merge::<R>(current, &body),
    )
    .await
}

/// `current` with the fields named in `named` replaced.
fn merge<R: Register>(current: R::Input, named: &Map<String, Value>) -> AppResult<R::Input> {
    let mut fields = match serde_json::to_value(&current) {
        Ok(Value::Object(m)) => m,
        _ => return Err(AppError::internal("input is not an object")),
    };
    for (key, value) in named {
        if R::FIXED.contains(&key.as_str()) {
            return Err(AppError::field(key, "该字段不能通过修改变更"));
        }
        match fields.get_mut(key) {
            Some(slot) => *slot = value.clone(),
            None => return Err(AppError::field(key, "未知字段")),
        }
    }
    match serde_json::from_value::<R::Input>(Value::Object(fields)) {
        Ok(mut input) => {
            R::patched(named, &current, &mut input);
            Ok(input)
        }
        Err(e) => {
            let mut err = AppError::bad_request(
                "invalid_body",
                "请求体字段不符合要求（类型不对或取值无法识别）",
            );
            err.fields.insert("body".to_owned(), e.to_string());
            Err(err)
        }
    }
}

/// Withdraws the record with a reason: kept, shown as 已作废, counted nowhere.
pub async fn withdraw<R: Register>(
    app: &App,
    caller: &Caller,
    id: i64,
    reason_text: &str,
) -> AppResult<R::Record> {
    let before = load_for_edit::<R>(app, caller, id).await?;
    let reason = reason(reason_text)?;
    if R::is_withdrawn(&before) {
        return Err(withdrawn_refusal());
    }
    mark::<R>(app, caller, &before, Some(&reason)).await
}

/// Restores a withdrawn record (administrators only).
pub async fn restore<R: Register>(app: &App, caller: &Caller, id: i64) -> AppResult<R::Record> {
    require_restore(caller)?;
    let before = load_for_edit::<R>(app, caller, id).await?;
    if !R::is_withdrawn(&before) {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "not_withdrawn",
            "该记录未作废，无需恢复",
        ));
    }
    mark::<R>(app, caller, &before, None).await
}

async fn mark<R: Register>(
    app: &App,
    caller: &Caller,
    before: &R::Record,
    reason: Option<&str>,
) -> AppResult<R::Record> {
    let target = R::target(before);
    let mut tx = app.db.begin().await?;
    kit::mark(&mut tx, target, reason).await?;
    let after = R::load(On::Tx(&mut tx), &Scope::everything(), target.id).await?;
    R::on_mark(&mut tx, &after, reason.is_some()).await?;
    let action = if reason.is_some() {
        "withdraw"
    } else {
        "restore"
    };
    kit::log(
        &mut tx,
        &caller.actor(),
        action,
        target,
        before,
        &after,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(R::present(after))
}

/// The record's history (修改记录), for whoever may read it; personal data masked by field name.
pub async fn history_of<R: Register>(
    app: &App,
    caller: &Caller,
    id: i64,
) -> AppResult<Vec<HistoryEntry>> {
    let record = get::<R>(app, caller, id).await?;
    let entity = R::target(&record).entity;
    let mut entries = history::<R>(app, entity, id).await?;
    for c in entries.iter_mut().flat_map(|e| e.changes.iter_mut()) {
        R::relabel(c);
    }
    Ok(entries)
}
