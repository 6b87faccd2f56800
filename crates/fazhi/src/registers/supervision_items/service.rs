//! Supervision items: registration, the filtered list, the reply (or rectification) due date
//! kept on the to-do list until the item is answered (statutes.md §7.2, §8.3), the steps
//! `reply` and `rectify` (edits through the kit, so each is versioned and logged), and the
//! register kit's edit, withdraw, restore and history.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::FieldErrors;
use fazhi_domain::supervision_item::{ItemDraft, ItemDue, Kind, NewItem};
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::SupervisionItemRow;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::{self, Register};
use crate::service::study::checked;
use crate::service::year_lists::YearQuery;
use crate::service::Caller;
use crate::storage::deadlines as store_deadlines;
use crate::storage::orgs::{self, Org};
use crate::storage::{db::On, revision::Target, Scope, StorageError, Tx};

/// Supervision by deputies, courts, auditors and the press is handled with the complaints
/// (接受监督, PRODUCT §3 milestone 2): the same staff read and write it.
pub const AREA: Area = Area::Complaints;
/// The to-do list's register of these deadlines (`fazhi_domain::access::DEADLINE_REGISTERS`).
pub const REGISTER: &str = "supervision_item";

/// An item as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ItemInput {
    /// Code of the organisation that handles it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 类别: deputy_suggestion (人大代表建议), cppcc_proposal (政协提案), audit_finding (审计发现问题),
    /// supervision_finding (监察发现问题), judicial_suggestion (司法建议),
    /// procuratorial_suggestion (检察建议), media_issue (媒体反映问题); a code or its label.
    pub kind: String,
    /// Who raised it: the deputy, the member, the audit body and report, the court, the
    /// procuratorate, the outlet.
    pub source: String,
    /// 编号或文号
    pub ref_no: String,
    /// 收到日期: the reply period runs from it.
    pub received_on: String,
    /// 内容: the suggestion, the finding, the issue reported.
    pub content: String,
    /// 承办单位
    pub handling_unit: String,
    /// The reply date a 司法建议 or 检察建议 letter names; it wins over the default period.
    pub letter_due_on: String,
    /// 答复（回复）日期; for a media issue the day the reply was published.
    pub replied_on: String,
    /// 答复（回复）内容
    pub reply: String,
    /// The deputy's or member's rating of the reply: 满意, 基本满意, 不满意 (suggestions and
    /// proposals only).
    pub satisfaction: String,
    /// 整改措施 (findings)
    pub measures: String,
    /// 整改期限 set by the auditor or 监察机关 (findings)
    pub rectify_by: String,
    /// 整改佐证材料: what proves the rectification (findings)
    pub evidence: String,
    /// 整改完成日期 (findings)
    pub rectified_on: String,
    /// 报道日期 (media)
    pub media_on: String,
    /// 调查核实情况
    pub investigation: String,
    /// Where the reply was published (media), an http(s) link.
    pub reply_link: String,
}

/// A checked item and its due date (`None` once answered or for an item without one).
pub struct Checked {
    item: NewItem,
    due: Option<ItemDue>,
    region: Option<String>,
}

/// Checks an item against the calendar of the organisation that handles it.
fn check(app: &App, org: &Org, input: ItemInput) -> AppResult<Checked> {
    let mut own = FieldErrors::new();
    let draft = ItemDraft {
        received_on: date_field("received_on", &input.received_on, &mut own),
        letter_due_on: date_field("letter_due_on", &input.letter_due_on, &mut own),
        replied_on: date_field("replied_on", &input.replied_on, &mut own),
        rectify_by: date_field("rectify_by", &input.rectify_by, &mut own),
        rectified_on: date_field("rectified_on", &input.rectified_on, &mut own),
        media_on: date_field("media_on", &input.media_on, &mut own),
        kind: input.kind,
        source: input.source,
        ref_no: input.ref_no,
        content: input.content,
        handling_unit: input.handling_unit,
        reply: input.reply,
        satisfaction: input.satisfaction,
        measures: input.measures,
        evidence: input.evidence,
        investigation: input.investigation,
        reply_link: input.reply_link,
    };
    let item = checked(NewItem::parse(draft, crate::clock::today()), own)?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let due = item.due(&cal);
    Ok(Checked {
        item,
        due,
        region: org.region.clone(),
    })
}

/// Keeps the to-do list's deadline in step with the item, in its transaction: running until
/// it is answered (or rectified), settled then or when withdrawn.
async fn sync_deadline(tx: &mut Tx, id: i64, org_id: i64, c: &Checked) -> AppResult<()> {
    store_deadlines::settle_all(tx, REGISTER, id).await?;
    let Some(due) = c.due.as_ref().filter(|_| c.item.done_on().is_none()) else {
        return Ok(());
    };
    let label = format!(
        "{}：{}",
        c.item.kind.label(),
        c.item.content.chars().take(20).collect::<String>()
    );
    let link = format!("/supervision-items/{id}");
    store_deadlines::upsert(
        tx,
        store_deadlines::Upsert {
            register: REGISTER,
            record_id: id,
            org_id,
            rule_code: due.rule,
            label: &label,
            link: &link,
            region: c.region.as_deref(),
            start: due.start,
            due: due.due,
            provisional: due.provisional,
            suspensions_json: None,
            extensions_json: None,
        },
    )
    .await?;
    Ok(())
}

/// Items in the caller's subtree (or `org`'s within it), of one year if given, and how many
/// the filter selects.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<SupervisionItemRow>, i64)> {
    let (scope, f) = q.resolve(app, caller, AREA).await?;
    Ok(store::LIST.page(&app.db, &scope, f, page).await?)
}

/// Registers an item with its due date on the to-do list.
pub async fn create(app: &App, caller: &Caller, input: ItemInput) -> AppResult<SupervisionItemRow> {
    caller.require_write(AREA)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let checked = check(app, &org, input)?;
    let columns = store::columns(&checked.item, checked.due.as_ref());
    let mut tx = app.db.begin().await?;
    let row: SupervisionItemRow = store::LIST
        .register(&mut tx, &caller.actor(), org.id, columns)
        .await?;
    sync_deadline(&mut tx, row.id, org.id, &checked).await?;
    tx.commit().await?;
    Ok(row)
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// An item's values as input: the edit form starts from them, a `PATCH` or a step replaces
/// some.
pub fn input_of(i: &SupervisionItemRow) -> ItemInput {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    ItemInput {
        org: None,
        kind: i.kind.clone(),
        source: i.source.clone(),
        ref_no: text(&i.ref_no),
        received_on: i.received_on.to_string(),
        content: i.content.clone(),
        handling_unit: text(&i.handling_unit),
        letter_due_on: date_text(i.letter_due_on),
        replied_on: date_text(i.replied_on),
        reply: text(&i.reply),
        satisfaction: text(&i.satisfaction),
        measures: text(&i.measures),
        rectify_by: date_text(i.rectify_by),
        evidence: text(&i.evidence),
        rectified_on: date_text(i.rectified_on),
        media_on: date_text(i.media_on),
        investigation: text(&i.investigation),
        reply_link: text(&i.reply_link),
    }
}

/// The step `reply`: the answer to a suggestion, proposal or letter, or the published response
/// to a media issue (with the deputy's rating, the investigation or the link where they apply).
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyInput {
    /// 答复（回复）日期
    pub replied_on: String,
    /// 答复（回复）内容
    pub reply: String,
    /// 满意, 基本满意 or 不满意 (suggestions and proposals), blank until the deputy rates it.
    pub satisfaction: String,
    /// 调查核实情况
    pub investigation: String,
    /// Where the response was published (media).
    pub reply_link: String,
}

/// The step `rectify`: a finding's rectification measures, deadline, evidence and completion.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RectifyInput {
    /// 整改措施
    pub measures: String,
    /// 整改期限 (kept as on file when blank)
    pub rectify_by: String,
    /// 整改佐证材料
    pub evidence: String,
    /// 整改完成日期, blank while under way
    pub rectified_on: String,
}

/// Replaces `slot` with `value` unless `value` is blank (a step keeps what it does not name).
fn keep_or(slot: &mut String, value: String) {
    if !value.trim().is_empty() {
        *slot = value;
    }
}

/// A step: an edit of the current version through the kit (so it is checked as an edit is,
/// versioned, and logged with the step's action).
async fn step(
    app: &App,
    caller: &Caller,
    id: i64,
    edit: impl FnOnce(&mut ItemInput) + Send,
) -> AppResult<SupervisionItemRow> {
    let current = revision::load_for_edit::<SupervisionItems>(app, caller, id).await?;
    let version = current.revision.version;
    revision::update::<SupervisionItems>(app, caller, id, version, None, |mut input| {
        edit(&mut input);
        Ok(input)
    })
    .await
}

pub async fn reply(app: &App, caller: &Caller, id: i64, r: ReplyInput) -> AppResult<SupervisionItemRow> {
    if r.replied_on.trim().is_empty() {
        return Err(AppError::field("replied_on", "请填写答复（回复）日期，如 2025-03-05"));
    }
    step(app, caller, id, |i| {
        i.replied_on = r.replied_on;
        keep_or(&mut i.reply, r.reply);
        keep_or(&mut i.satisfaction, r.satisfaction);
        keep_or(&mut i.investigation, r.investigation);
        keep_or(&mut i.reply_link, r.reply_link);
    })
    .await
}

pub async fn rectify(app: &App, caller: &Caller, id: i64, r: RectifyInput) -> AppResult<SupervisionItemRow> {
    step(app, caller, id, |i| {
        keep_or(&mut i.measures, r.measures);
        keep_or(&mut i.rectify_by, r.rectify_by);
        keep_or(&mut i.evidence, r.evidence);
        keep_or(&mut i.rectified_on, r.rectified_on);
    })
    .await
}

/// A stored kind or rating as people read it.
fn relabel_value(v: &mut String) {
    if let Some(k) = Kind::parse(v) {
        *v = k.label().to_owned();
    } else if let Some(s) = fazhi_domain::complaint::Satisfaction::parse(v) {
        *v = s.label().to_owned();
    }
}

/// The register of supervision items, for the kit.
pub struct SupervisionItems;

impl Register for SupervisionItems {
    type Record = SupervisionItemRow;
    type Input = ItemInput;
    type Valid = Checked;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("kind", "类别"),
        ("source", "来源"),
        ("ref_no", "编号或文号"),
        ("received_on", "收到日期"),
        ("content", "内容"),
        ("handling_unit", "承办单位"),
        ("letter_due_on", "建议书载明的回复期限"),
        ("replied_on", "答复日期"),
        ("reply", "答复内容"),
        ("satisfaction", "满意度"),
        ("measures", "整改措施"),
        ("rectify_by", "整改期限"),
        ("evidence", "整改佐证材料"),
        ("rectified_on", "整改完成日期"),
        ("media_on", "报道日期"),
        ("investigation", "调查核实情况"),
        ("reply_link", "回应发布链接"),
        ("due_on", "答复（整改）期限"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &SupervisionItemRow) -> Target {
        store::target(r)
    }
    fn version(r: &SupervisionItemRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &SupervisionItemRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<SupervisionItemRow, StorageError> {
        store::get(on, scope, id).await
    }

    async fn current_input(_app: &App, r: &SupervisionItemRow) -> AppResult<ItemInput> {
        Ok(input_of(r))
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &SupervisionItemRow,
        input: ItemInput,
    ) -> AppResult<Checked> {
        let org = orgs::get(&app.db, before.org_id).await?;
        check(app, &org, input)
    }

    async fn write(tx: &mut Tx, before: &SupervisionItemRow, valid: &Checked) -> AppResult<()> {
        let columns = store::columns(&valid.item, valid.due.as_ref());
        store::LIST.update(tx, before.id, columns).await?;
        sync_deadline(tx, before.id, before.org_id, valid).await
    }

    /// Answering or rectifying is logged as that step, other edits as 修改.
    fn action(before: &SupervisionItemRow, valid: &Checked) -> &'static str {
        match (before.done_on(), valid.item.done_on(), valid.item.kind.finding()) {
            (None, Some(_), true) => "supervision_item_rectify",
            (None, Some(_), false) => "supervision_item_reply",
            _ => "update",
        }
    }

    async fn on_mark(tx: &mut Tx, r: &SupervisionItemRow, withdrawn: bool) -> AppResult<()> {
        if withdrawn {
            store_deadlines::settle_all(tx, REGISTER, r.id).await?;
        } else if r.done_on().is_none() {
            if let Some(rule) = r.due_rule.as_deref() {
                store_deadlines::reopen(tx, REGISTER, r.id, &[rule]).await?;
            }
        }
        Ok(())
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        if matches!(change.label.as_str(), "类别" | "满意度") {
            relabel_value(&mut change.before);
            relabel_value(&mut change.after);
        }
    }

    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            "supervision_item_reply" => Some("答复监督事项"),
            "supervision_item_rectify" => Some("整改完成"),
            _ => None,
        }
    }
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "类别",
    "来源",
    "编号或文号",
    "收到日期",
    "内容",
    "承办单位",
    "答复（整改）期限",
    "答复日期",
    "答复内容",
    "满意度",
    "整改措施",
    "整改完成日期",
    "所属组织",
];

fn ledger_row(i: SupervisionItemRow) -> Vec<String> {
    let satisfaction = i
        .satisfaction
        .as_deref()
        .and_then(fazhi_domain::complaint::Satisfaction::parse)
        .map(|s| s.label().to_owned())
        .unwrap_or_default();
    vec![
        i.kind_label().to_owned(),
        i.source,
        i.ref_no.unwrap_or_default(),
        i.received_on.to_string(),
        i.content,
        i.handling_unit.unwrap_or_default(),
        date_text(i.due_on),
        date_text(i.replied_on),
        i.reply.unwrap_or_default(),
        satisfaction,
        i.measures.unwrap_or_default(),
        date_text(i.rectified_on),
        i.org_name,
    ]
}

/// The filtered set (its valid items) as an Excel or CSV file: `监督事项台账-2025年.xlsx`.
pub async fn export(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    let (items, _) = list(app, caller, &q.valid(), None).await?;
    let rows = items.into_iter().map(ledger_row).collect();
    crate::service::year_lists::ledger_file("监督事项台账", LEDGER_COLUMNS, rows, q.year, format).await
}
