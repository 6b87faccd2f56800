//! Leading group members: the one input, the check (the group must be a valid one in the
//! caller's scope, of the membership's organisation), the ledger, the kit's edit (a member's
//! leaving is an edit that fills 离任日期), withdraw, restore and history, and the members
//! serving on a day.

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::leadership::{MemberDraft, MemberRole, NewMember};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::MemberRow;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::registers::leading_groups::LeadingGroups;
use crate::registers::reviews::service::id_or_text;
use crate::service::publicity::date_field;
use crate::service::revision::{self, relabel_code, Register};
use crate::service::simple_register::{date_text, simple_register, SimpleRegister};
use crate::service::study::checked;
use crate::service::Caller;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;

/// A membership as entered: registration, the edit form and a `PATCH` fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MemberInput {
    /// Code of the group's organisation; set from the group when added through
    /// `/leading-groups/{id}/members`. Only on registration.
    pub org: Option<String>,
    /// The leading group's id. Only on registration.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub group: String,
    /// 姓名
    pub person: String,
    /// 职务, e.g. 镇党委书记.
    pub post: String,
    /// 小组职务: leader / deputy / member, or 组长 / 副组长 / 成员.
    pub role: String,
    /// 任职日期
    pub from_on: String,
    /// 离任日期 (the last day); blank while serving.
    pub to_on: String,
    /// 任免文件: the document that made the change (on leaving, the one that ended it).
    pub document: String,
}

/// A checked membership and its group.
pub struct ValidMember {
    pub member: NewMember,
    pub group_id: i64,
}

/// The register of memberships, for the kit.
pub struct LeadingGroupMembers;

/// A stored role as people read it.
pub fn role_label(code: &str) -> String {
    MemberRole::parse(code).map_or_else(|| code.to_owned(), |r| r.label().to_owned())
}

/// The group `link` names: a valid group the caller can read (not found otherwise) of the
/// membership's organisation.
async fn group_of(app: &App, caller: &Caller, org_id: i64, link: &str) -> AppResult<i64> {
    let id: i64 = link
        .trim()
        .parse()
        .map_err(|_| AppError::field("group", "请填写领导小组的编号（数字）"))?;
    let group = revision::get::<LeadingGroups>(app, caller, id).await?;
    if group.org_id != org_id {
        return Err(AppError::field("group", "成员须登记在本单位的领导小组中"));
    }
    if group.revision.is_withdrawn() {
        return Err(AppError::field("group", "该领导小组已作废"));
    }
    Ok(group.id)
}

impl SimpleRegister for LeadingGroupMembers {
    const LIST: &'static YearList = &store::LIST;
    const SHEET: &'static str = "法治建设领导小组成员";
    const LEDGER_COLUMNS: &'static [&'static str] = &[
        "领导小组",
        "姓名",
        "职务",
        "小组职务",
        "任职日期",
        "离任日期",
        "任免文件",
        "所属组织",
    ];

    fn ledger_row(m: MemberRow) -> Vec<String> {
        vec![
            m.group_name,
            m.person,
            m.post,
            role_label(&m.role),
            m.from_on.to_string(),
            date_text(m.to_on),
            m.document,
            m.org_name,
        ]
    }

    fn org_of(input: &MemberInput) -> Option<String> {
        input.org.clone()
    }

    async fn validate(
        app: &App,
        caller: &Caller,
        org_id: i64,
        input: MemberInput,
    ) -> AppResult<ValidMember> {
        let mut own = FieldErrors::new();
        let group = input.group.clone();
        let draft = MemberDraft {
            from_on: date_field("from_on", &input.from_on, &mut own),
            to_on: date_field("to_on", &input.to_on, &mut own),
            person: input.person,
            post: input.post,
            role: input.role,
            document: input.document,
        };
        let member = checked(NewMember::parse(draft), own)?;
        let group_id = group_of(app, caller, org_id, &group).await?;
        Ok(ValidMember { member, group_id })
    }

    fn columns(v: &ValidMember) -> Columns {
        store::columns(v.group_id, &v.member)
    }
}

/// A membership's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(m: &MemberRow) -> MemberInput {
    MemberInput {
        org: None,
        group: m.group_id.to_string(),
        person: m.person.clone(),
        post: m.post.clone(),
        role: m.role.clone(),
        from_on: m.from_on.to_string(),
        to_on: date_text(m.to_on),
        document: m.document.clone(),
    }
}

impl Register for LeadingGroupMembers {
    type Record = MemberRow;
    type Input = MemberInput;
    type Valid = ValidMember;

    const AREA: Area = crate::registers::meetings::service::AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("person", "姓名"),
        ("post", "职务"),
        ("role", "小组职务"),
        ("from_on", "任职日期"),
        ("to_on", "离任日期"),
        ("document", "任免文件"),
    ];
    const FIXED: &'static [&'static str] = &["org", "group"];

    simple_register!(MemberRow, store::LIST, input_of);

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        relabel_code(change, "小组职务", |c| MemberRole::parse(c).map(MemberRole::label));
    }
}

/// The valid members of group `group_id` serving on `day`, within the caller's scope (the
/// caller has already been allowed to read the group).
pub async fn serving(
    app: &App,
    caller: &Caller,
    group_id: i64,
    day: NaiveDate,
) -> AppResult<Vec<MemberRow>> {
    Ok(store::serving(&app.db, &caller.scope, group_id, day).await?)
}
