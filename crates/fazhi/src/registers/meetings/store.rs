//! The meetings table: rows and the register as the year-list kit reads it.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::leadership::NewMeeting;
use fazhi_domain::publicity::join_list;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{as_list, Filed, YearList};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MeetingRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub held_on: NaiveDate,
    /// 会议类型, a code of `fazhi_domain::leadership::MeetingKind`.
    pub kind: String,
    /// 研究议题
    pub topics: String,
    /// 参会人员
    #[serde(serialize_with = "as_list")]
    #[schema(value_type = Vec<String>)]
    pub attendees: String,
    /// 会议决定
    pub decisions: Option<String>,
    /// The study session (学法记录) this meeting also was, if any.
    pub study_session_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT m.id, m.org_id, o.name AS org_name, m.held_on, m.kind, m.topics, m.attendees, \
         m.decisions, m.study_session_id, m.created_at, {} \
         FROM meetings m JOIN orgs o ON o.id = m.org_id",
        Revision::columns("m")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "meetings m",
    entity: "meeting",
    select,
    filed: Filed::Date("m.held_on"),
    page_org: "m.org_id",
    order: "m.held_on DESC, m.id DESC",
};

/// A meeting's own columns, as its INSERT and its UPDATE write them.
pub fn columns(m: &NewMeeting, study_session_id: Option<i64>) -> records::Columns {
    vec![
        ("held_on", m.held_on.into()),
        ("kind", m.kind.code().into()),
        ("topics", m.topics.as_str().into()),
        ("attendees", join_list(&m.attendees).into()),
        ("decisions", m.decisions.clone().into()),
        ("study_session_id", study_session_id.into()),
    ]
}
