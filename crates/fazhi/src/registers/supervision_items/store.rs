//! The supervision-items table: rows, the filtered list, one record, and the writes (the
//! register kit claims versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::supervision_item::{ItemDue, Kind, NewItem};
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};
use crate::storage::{db::On, revision::Target, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SupervisionItemRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_region: Option<String>,
    /// The year received.
    pub year: i64,
    /// deputy_suggestion | cppcc_proposal | audit_finding | supervision_finding |
    /// judicial_suggestion | procuratorial_suggestion | media_issue
    pub kind: String,
    /// Who raised it: the deputy, the CPPCC member, the audit body and report, the court, the
    /// procuratorate, the outlet.
    pub source: String,
    /// 编号或文号 (建议号, 审计报告文号, 检察建议书文号 …)
    pub ref_no: Option<String>,
    pub received_on: NaiveDate,
    /// 建议内容, the finding, the issue reported.
    pub content: String,
    /// 承办单位
    pub handling_unit: Option<String>,
    /// The reply date the letter names (司法建议, 检察建议).
    pub letter_due_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    /// 答复（回复）内容
    pub reply: Option<String>,
    /// satisfied | mostly_satisfied | unsatisfied: the deputy's or member's rating.
    pub satisfaction: Option<String>,
    /// 整改措施 (findings)
    pub measures: Option<String>,
    /// 整改期限 (findings)
    pub rectify_by: Option<NaiveDate>,
    /// 整改佐证材料 (findings)
    pub evidence: Option<String>,
    /// 整改完成日期 (findings)
    pub rectified_on: Option<NaiveDate>,
    /// 报道日期 (media)
    pub media_on: Option<NaiveDate>,
    /// 调查核实情况
    pub investigation: Option<String>,
    /// Where the reply was published (media).
    pub reply_link: Option<String>,
    /// The reply (or rectification) due date.
    pub due_on: Option<NaiveDate>,
    /// The rule (or set date) it comes from.
    pub due_rule: Option<String>,
    /// How it was counted, one step a line.
    pub due_explained: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl SupervisionItemRow {
    pub fn kind_label(&self) -> &'static str {
        Kind::parse(&self.kind).map_or("", Kind::label)
    }

    /// Answered, or for a finding rectified: its clock has stopped.
    pub fn done_on(&self) -> Option<NaiveDate> {
        match Kind::parse(&self.kind) {
            Some(k) if k.finding() => self.rectified_on,
            _ => self.replied_on,
        }
    }
}

pub fn select() -> String {
    format!(
        "SELECT s.id, s.org_id, o.name AS org_name, o.region AS org_region, s.year, s.kind, \
         s.source, s.ref_no, s.received_on, s.content, s.handling_unit, s.letter_due_on, \
         s.replied_on, s.reply, s.satisfaction, s.measures, s.rectify_by, s.evidence, \
         s.rectified_on, s.media_on, s.investigation, s.reply_link, s.due_on, s.due_rule, \
         s.due_explained, s.created_at, {} FROM supervision_items s JOIN orgs o ON o.id = s.org_id",
        Revision::columns("s")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "supervision_items s",
    entity: "supervision_item",
    select,
    filed: Filed::Year("s.year"),
    page_org: "s.org_id",
    // Soonest due first among the open ones, then the newest received.
    order: "s.year DESC, s.due_on IS NULL, s.due_on ASC, s.received_on DESC, s.id DESC",
};

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<SupervisionItemRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// An item's own columns, as its INSERT and its UPDATE write them, with its due date.
pub fn columns(i: &NewItem, due: Option<&ItemDue>) -> records::Columns {
    use chrono::Datelike;
    vec![
        ("year", i64::from(i.received_on.year()).into()),
        ("kind", i.kind.code().into()),
        ("source", i.source.as_str().into()),
        ("ref_no", i.ref_no.clone().into()),
        ("received_on", i.received_on.into()),
        ("content", i.content.as_str().into()),
        ("handling_unit", i.handling_unit.clone().into()),
        ("letter_due_on", i.letter_due_on.into()),
        ("replied_on", i.replied_on.into()),
        ("reply", i.reply.clone().into()),
        ("satisfaction", i.satisfaction.map(|s| s.code()).into()),
        ("measures", i.measures.clone().into()),
        ("rectify_by", i.rectify_by.into()),
        ("evidence", i.evidence.clone().into()),
        ("rectified_on", i.rectified_on.into()),
        ("media_on", i.media_on.into()),
        ("investigation", i.investigation.clone().into()),
        ("reply_link", i.reply_link.clone().into()),
        ("due_on", due.map(|d| d.due).into()),
        ("due_rule", due.map(|d| d.rule).into()),
        ("due_explained", due.map(|d| d.explanation.join("\n")).into()),
    ]
}

pub fn target(i: &SupervisionItemRow) -> Target {
    LIST.target(i.id, i.org_id)
}
