//! Meetings: the one input, the check (the study session a meeting links must be a valid one of
//! the same organisation, in the caller's scope), the ledger and the kit's edit, withdraw,
//! restore and history, all through `service::simple_register`.

use fazhi_domain::access::Area;
use fazhi_domain::leadership::{MeetingDraft, MeetingKind, NewMeeting};
use fazhi_domain::publicity::{split_list, FieldErrors};
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::MeetingRow;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::registers::reviews::service::id_or_text;
use crate::service::publicity::date_field;
use crate::service::revision::{self, relabel_code, Register};
use crate::service::simple_register::{simple_register, SimpleRegister};
use crate::service::study::checked;
use crate::service::study_revisions::Sessions;
use crate::service::Caller;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;

/// The leadership registers are the town's own records of how it leads the work: its staff read
/// and write them, as they do the legality-review registers; a village mediator does not.
pub const AREA: Area = Area::LegalReview;

/// A meeting as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingInput {
    /// Code of the organisation that met; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    /// 会议日期: 2023-03-05 (also 2023/3/5, 2023年3月5日).
    pub held_on: String,
    /// 会议类型: a code (party_committee, executive, leading_group, special) or its name
    /// (党委会, 政府常务会, 领导小组会议, 专题会).
    pub kind: String,
    /// 研究议题
    pub topics: String,
    /// 参会人员, separated by 、 or commas.
    pub attendees: String,
    /// 会议决定
    pub decisions: String,
    /// The study session (学法记录) this meeting also was (会前学法): its id. The report counts
    /// such a meeting once, as a meeting.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub study_session_id: String,
}

/// A checked meeting and the study session it links.
pub struct ValidMeeting {
    pub meeting: NewMeeting,
    pub study_session_id: Option<i64>,
}

/// The study session `link` names, if any: a valid session the caller can read (not found
/// otherwise), of the meeting's own organisation.
async fn study_link(
    app: &App,
    caller: &Caller,
    org_id: i64,
    link: &str,
) -> AppResult<Option<i64>> {
    let link = link.trim();
    if link.is_empty() {
        return Ok(None);
    }
    let id: i64 = link
        .parse()
        .map_err(|_| AppError::field("study_session_id", "请填写学法记录的编号（数字）"))?;
    let session = revision::get::<Sessions>(app, caller, id).await?;
    if session.org_id != org_id {
        return Err(AppError::field(
            "study_session_id",
            "关联的学法记录须是本单位的学法记录",
        ));
    }
    if session.revision.is_withdrawn() {
        return Err(AppError::field("study_session_id", "关联的学法记录已作废"));
    }
    Ok(Some(id))
}

/// The register of meetings, for the kit.
pub struct Meetings;

impl SimpleRegister for Meetings {
    const LIST: &'static YearList = &store::LIST;
    const SHEET: &'static str = "法治建设会议台账";
    const LEDGER_COLUMNS: &'static [&'static str] = &[
        "会议日期",
        "会议类型",
        "研究议题",
        "参会人员",
        "会议决定",
        "关联学法记录",
        "所属组织",
    ];

    fn ledger_row(m: MeetingRow) -> Vec<String> {
        vec![
            m.held_on.to_string(),
            kind_label(&m.kind),
            m.topics,
            split_list(&m.attendees).join("、"),
            m.decisions.unwrap_or_default(),
            m.study_session_id.map(|i| i.to_string()).unwrap_or_default(),
            m.org_name,
        ]
    }

    fn org_of(input: &MeetingInput) -> Option<String> {
        input.org.clone()
    }

    async fn validate(
        app: &App,
        caller: &Caller,
        org_id: i64,
        input: MeetingInput,
    ) -> AppResult<ValidMeeting> {
        let mut own = FieldErrors::new();
        let draft = MeetingDraft {
            held_on: date_field("held_on", &input.held_on, &mut own),
            kind: input.kind,
            topics: input.topics,
            attendees: split_list(&input.attendees),
            decisions: input.decisions,
        };
        let meeting = checked(NewMeeting::parse(draft), own)?;
        let study_session_id = study_link(app, caller, org_id, &input.study_session_id).await?;
        Ok(ValidMeeting {
            meeting,
            study_session_id,
        })
    }

    fn columns(v: &ValidMeeting) -> Columns {
        store::columns(&v.meeting, v.study_session_id)
    }
}

/// A stored kind as people read it (a code not in the list as it is).
pub fn kind_label(code: &str) -> String {
    MeetingKind::parse(code).map_or_else(|| code.to_owned(), |k| k.label().to_owned())
}

/// A meeting's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(m: &MeetingRow) -> MeetingInput {
    MeetingInput {
        org: None,
        held_on: m.held_on.to_string(),
        kind: m.kind.clone(),
        topics: m.topics.clone(),
        attendees: split_list(&m.attendees).join("、"),
        decisions: m.decisions.clone().unwrap_or_default(),
        study_session_id: m.study_session_id.map(|i| i.to_string()).unwrap_or_default(),
    }
}

impl Register for Meetings {
    type Record = MeetingRow;
    type Input = MeetingInput;
    type Valid = ValidMeeting;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("held_on", "会议日期"),
        ("kind", "会议类型"),
        ("topics", "研究议题"),
        ("attendees", "参会人员"),
        ("decisions", "会议决定"),
        ("study_session_id", "关联学法记录"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    simple_register!(MeetingRow, store::LIST, input_of);

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        relabel_code(change, "会议类型", |c| MeetingKind::parse(c).map(MeetingKind::label));
    }
}
