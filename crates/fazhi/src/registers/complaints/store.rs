//! The complaints table and its entries (investigation notes, 督办 orders): rows, the filtered
//! list with its totals, one record, the portal's credentials, the earlier cases repeat
//! detection compares, the steps' writes, and the receipt key (the register kit claims versions
//! and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, Only, YearFilter, YearList};
use crate::storage::{db::On, revision::Target, Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ComplaintRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The organisation's calendar region (the warnings count working days on it).
    #[serde(skip)]
    pub org_region: Option<String>,
    /// The year of receipt.
    pub year: i64,
    /// 来源渠道: portal, phone, visit, letter, media, hotline_12345, petition_referral,
    /// enforcement_supervision.
    pub channel: String,
    /// 信访事项类别: suggestion | accusation | claim.
    pub class: String,
    /// 事项类型 (土地、环境、劳资 …): what repeat detection compares.
    pub matter_type: String,
    /// The statutory route a 申诉求决 matter is channelled to: litigation, reconsideration,
    /// arbitration, other.
    pub statutory_route: Option<String>,
    pub petitioner_name: String,
    /// 身份证号: masked for roles that may not see personal data.
    pub id_number: Option<String>,
    /// Masked for roles that may not see personal data.
    pub phone: Option<String>,
    pub address: Option<String>,
    /// A group visit's representatives (at most 5), joined by 、.
    pub representatives: Option<String>,
    pub subject: String,
    pub content: String,
    /// The case number in the national 信访信息系统 or the 12345 platform.
    pub external_number: Option<String>,
    pub received_on: NaiveDate,
    /// Passed down by a 信访部门 or a higher body.
    pub referred: bool,
    /// accepted | not_accepted | referred; none until decided.
    pub acceptance: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    /// The day the acceptance decision (受理、不予受理、转送或异议) was made and told.
    pub decided_on: Option<NaiveDate>,
    pub acceptance_note: Option<String>,
    pub referred_to: Option<String>,
    pub assignee: Option<String>,
    pub assigned_on: Option<NaiveDate>,
    pub extension_days: Option<i64>,
    pub extension_approved_by: Option<String>,
    pub extension_reason: Option<String>,
    /// supported | partly_supported | not_supported | explained | routed.
    pub outcome: Option<String>,
    pub facts: Option<String>,
    pub reasons: Option<String>,
    pub opinion: Option<String>,
    pub legal_basis: Option<String>,
    pub remedies: Option<String>,
    /// The day the petitioner received the written reply (opens the 复查 window).
    pub concluded_on: Option<NaiveDate>,
    /// satisfied | mostly_satisfied | unsatisfied.
    pub satisfaction: Option<String>,
    pub callback_on: Option<NaiveDate>,
    pub callback_note: Option<String>,
    pub review_requested_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub review_opinion: Option<String>,
    pub recheck_requested_on: Option<NaiveDate>,
    pub hearing_from: Option<NaiveDate>,
    pub hearing_to: Option<NaiveDate>,
    pub rechecked_on: Option<NaiveDate>,
    pub recheck_opinion: Option<String>,
    /// When the acceptance decision is due (15 days from receipt).
    pub acceptance_due: Option<NaiveDate>,
    /// When the conclusion is due (60 days from acceptance, the approved extension added).
    pub conclusion_due: Option<NaiveDate>,
    /// The next running due date (acceptance, conclusion, 复查 or 复核 opinion); none once done.
    pub due_on: Option<NaiveDate>,
    /// How the due dates were counted (the deadline engine's explanation, one step a line).
    pub due_explained: Option<String>,
    /// The earliest open 督办 order's due date.
    pub supervision_due: Option<NaiveDate>,
    /// The dispute the matter is mediated in (人民调解, linked, not copied: issue #18 item 3).
    pub dispute_id: Option<i64>,
    /// That dispute's case number.
    pub dispute_case_no: Option<String>,
    /// The case an unsatisfied callback reopened.
    pub reopened_from: Option<i64>,
    /// The earlier case of the same person about the same matter within a year.
    pub repeat_of: Option<i64>,
    /// Set for a case filed on the portal.
    pub tracking_code: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT c.id, c.org_id, o.name AS org_name, o.region AS org_region, c.year, c.channel, \
         c.class, c.matter_type, c.statutory_route, c.petitioner_name, c.id_number, c.phone, \
         c.address, c.representatives, c.subject, c.content, c.external_number, c.received_on, \
         c.referred, c.acceptance, c.accepted_on, c.decided_on, c.acceptance_note, c.referred_to, \
         c.assignee, c.assigned_on, c.extension_days, c.extension_approved_by, c.extension_reason, \
         c.outcome, c.facts, c.reasons, c.opinion, c.legal_basis, c.remedies, c.concluded_on, \
         c.satisfaction, c.callback_on, c.callback_note, c.review_requested_on, c.reviewed_on, \
         c.review_opinion, c.recheck_requested_on, c.hearing_from, c.hearing_to, c.rechecked_on, \
         c.recheck_opinion, c.acceptance_due, c.conclusion_due, c.due_on, c.due_explained, \
         (SELECT MIN(s.due_on) FROM complaint_entries s WHERE s.complaint_id = c.id \
          AND s.kind = 'supervision' AND s.replied_on IS NULL) AS supervision_due, \
         c.dispute_id, (SELECT d.case_no FROM disputes d WHERE d.id = c.dispute_id) AS dispute_case_no, \
         c.reopened_from, c.repeat_of, c.tracking_code, c.created_at, {} \
         FROM complaints c JOIN orgs o ON o.id = c.org_id",
        Revision::columns("c")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "complaints c",
    entity: "complaint",
    select,
    filed: Filed::Year("c.year"),
    page_org: "c.org_id",
    // Open cases first, soonest due first; then the newest.
    order: "c.due_on IS NULL, c.due_on ASC, c.received_on DESC, c.id DESC",
};

/// The list narrowed to the records one complaint figure counts, under the conditions
/// `storage::figures::complaints` counts them with (the dashboard's bars link so); a
/// breakdown's bar is `channel.<code>` or `class.<code>`.
pub fn figure_only(key: &str) -> Option<Only> {
    use fazhi_domain::complaint::{Channel, Class};
    use fazhi_domain::report::complaint_keys as k;
    let only = match key {
        k::CASES => Only::Sql("c.id IS NOT NULL"),
        k::DECIDED => Only::Sql("c.decided_on IS NOT NULL"),
        k::DECIDED_ON_TIME => Only::Sql("c.decided_on <= c.acceptance_due"),
        k::CONCLUDED => Only::Sql("c.concluded_on IS NOT NULL"),
        k::CONCLUDED_ON_TIME => Only::Sql("c.concluded_on <= c.conclusion_due"),
        k::CALLBACKS => Only::Sql("c.satisfaction IS NOT NULL"),
        // 满意 and 基本满意, as the figure counts them.
        k::SATISFIED => Only::Sql("c.satisfaction <> 'unsatisfied'"),
        k::REPEATS => Only::Sql("c.repeat_of IS NOT NULL"),
        _ => {
            let (column, code) = key.split_once('.')?;
            return match column {
                "channel" => Channel::parse(code).map(|c| Only::Equals("c.channel", c.code())),
                "class" => Class::parse(code).map(|c| Only::Equals("c.class", c.code())),
                _ => None,
            };
        }
    };
    Some(only)
}

/// The list's filter: `search` matches the external case number, the petitioner or the subject.
pub fn filter(scope: &Scope, f: YearFilter, search: Option<&str>, org_column: &str) -> Query {
    let mut w = LIST.filter_on(scope, f, org_column);
    if let Some(s) = search.map(str::trim).filter(|s| !s.is_empty()) {
        w.push(" AND (");
        w.push_contains("c.external_number", s);
        w.push(" OR ");
        w.push_contains("c.petitioner_name", s);
        w.push(" OR ");
        w.push_contains("c.subject", s);
        w.push(")");
    }
    w
}

pub async fn page(
    db: &Db,
    scope: &Scope,
    f: YearFilter,
    search: Option<&str>,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ComplaintRow>, i64), StorageError> {
    LIST.page_of(db, &filter(scope, f, search, LIST.page_org), page)
        .await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<ComplaintRow, StorageError> {
    LIST.one(on, scope, id).await
}

pub fn target(r: &ComplaintRow) -> Target {
    LIST.target(r.id, r.org_id)
}

/// Replaces `columns` of case `id` (a step; the caller has claimed its version).
pub async fn set(tx: &mut Tx, id: i64, columns: records::Columns) -> Result<(), StorageError> {
    records::update(tx, "complaints", id, columns).await
}

/// A note or a 督办 order on a case.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub complaint_id: i64,
    /// note | supervision
    pub kind: String,
    pub written_on: NaiveDate,
    pub text: String,
    /// A 督办 order's own deadline.
    pub due_on: Option<NaiveDate>,
    /// The handling staff's reply to a 督办 order.
    pub reply: Option<String>,
    pub replied_on: Option<NaiveDate>,
    /// Who wrote it.
    pub author: String,
    pub created_at: DateTime<Utc>,
}

const ENTRY_SELECT: &str = "SELECT e.id, e.complaint_id, e.kind, e.written_on, e.text, e.due_on, \
     e.reply, e.replied_on, COALESCE(u.display_name, '') AS author, e.created_at \
     FROM complaint_entries e LEFT JOIN users u ON u.id = e.created_by";

pub async fn entries<'a>(on: impl Into<On<'a>>, complaint_id: i64) -> Result<Vec<Entry>, StorageError> {
    let mut q = Query::new(format!("{ENTRY_SELECT} WHERE e.complaint_id = "));
    q.push_bind(complaint_id).push(" ORDER BY e.written_on, e.id");
    q.fetch_all(on).await
}

pub async fn entry<'a>(on: impl Into<On<'a>>, complaint_id: i64, id: i64) -> Result<Entry, StorageError> {
    let mut q = Query::new(format!("{ENTRY_SELECT} WHERE e.complaint_id = "));
    q.push_bind(complaint_id).push(" AND e.id = ").push_bind(id);
    q.fetch_one(on).await
}

/// Adds a note or a 督办 order; its id.
pub async fn add_entry(
    tx: &mut Tx,
    complaint_id: i64,
    kind: &str,
    (written_on, text, due_on): (NaiveDate, &str, Option<NaiveDate>),
    by: Option<i64>,
) -> Result<i64, StorageError> {
    records::insert(
        tx,
        "complaint_entries",
        vec![
            ("complaint_id", complaint_id.into()),
            ("kind", kind.into()),
            ("written_on", written_on.into()),
            ("text", text.into()),
            ("due_on", due_on.into()),
            ("created_at", crate::clock::now().into()),
            ("created_by", by.into()),
        ],
    )
    .await
}

/// Records the reply to a 督办 order.
pub async fn reply_entry(
    tx: &mut Tx,
    id: i64,
    reply: &str,
    on: NaiveDate,
) -> Result<(), StorageError> {
    records::update(
        tx,
        "complaint_entries",
        id,
        vec![("reply", reply.into()), ("replied_on", on.into())],
    )
    .await
}

/// The id of the case with tracking code `code`, if `scope` reaches it.
pub async fn by_code(db: &Db, scope: &Scope, code: &str) -> Result<Option<i64>, StorageError> {
    let mut q = Query::new("SELECT c.id FROM complaints c WHERE c.tracking_code = ");
    q.push_bind(code);
    scope.restrict(&mut q, "c.org_id");
    Ok(q.fetch_scalars::<i64>(db).await?.into_iter().next())
}

/// What repeat detection reads of an earlier case.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Earlier {
    pub id: i64,
    pub received_on: NaiveDate,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub matter_type: String,
    pub subject: String,
    pub content: String,
}

/// The valid cases received from `since` on by the same ID number or phone (either given),
/// newest first, at most 200 (one person's year of petitions).
pub async fn same_person<'a>(
    on: impl Into<On<'a>>,
    id_number: &str,
    phone: &str,
    since: NaiveDate,
) -> Result<Vec<Earlier>, StorageError> {
    let mut q = Query::new(
        "SELECT c.id, c.received_on, c.id_number, c.phone, c.matter_type, c.subject, c.content \
         FROM complaints c WHERE c.withdrawn_at IS NULL AND c.received_on >= ",
    );
    q.push_bind(since).push(" AND (1 = 0");
    if !id_number.is_empty() {
        q.push(" OR c.id_number = ").push_bind(id_number);
    }
    if !phone.is_empty() {
        q.push(" OR c.phone = ").push_bind(phone);
    }
    q.push(") ORDER BY c.received_on DESC, c.id DESC LIMIT 200");
    q.fetch_all(on).await
}

/// The valid cases `f` selects in `scope`, every column the figures read (no page).
pub async fn all(db: &Db, scope: &Scope, f: YearFilter) -> Result<Vec<ComplaintRow>, StorageError> {
    Ok(LIST.page_of(db, &LIST.totals_filter(scope, f), None).await?.0)
}

/// The receipt key kept in the settings table: created once, on first use, and never replaced
/// (a second writer's key loses the race and the first one is read back).
pub async fn receipt_key(db: &Db, fresh: &str) -> Result<String, StorageError> {
    const KEY: &str = "complaint_receipt_key";
    Query::new("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(KEY)
        .bind(fresh)
        .execute(db)
        .await?;
    crate::storage::settings::get(db, KEY)
        .await?
        .ok_or(StorageError::NotFound)
}

/// The cases an unsatisfied callback opened from case `id`.
pub async fn reopened_as(db: &Db, id: i64) -> Result<Vec<i64>, StorageError> {
    let mut q = Query::new("SELECT c.id FROM complaints c WHERE c.reopened_from = ");
    q.push_bind(id).push(" ORDER BY c.id");
    q.fetch_scalars(db).await
}

/// A complaint linked to a dispute, as the dispute's page lists it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct LinkedComplaint {
    pub id: i64,
    pub subject: String,
    pub received_on: NaiveDate,
}

/// The valid complaints in `scope` mediated through dispute `dispute_id`.
pub async fn linked_to_dispute(
    db: &Db,
    scope: &Scope,
    dispute_id: i64,
) -> Result<Vec<LinkedComplaint>, StorageError> {
    let mut q = Query::new(
        "SELECT id, subject, received_on FROM complaints WHERE withdrawn_at IS NULL AND dispute_id = ",
    );
    q.push_bind(dispute_id);
    scope.restrict(&mut q, "org_id");
    q.push(" ORDER BY id LIMIT 50");
    q.fetch_all(db).await
}
