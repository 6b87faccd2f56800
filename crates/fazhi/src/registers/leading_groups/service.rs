//! Leading groups: the one input, the check, the ledger and the kit's edit, withdraw, restore
//! and history through `service::simple_register`, and the group's composition on a date
//! (its members, from `leading_group_members`).

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::leadership::{LeadingGroupDraft, NewLeadingGroup};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::LeadingGroupRow;
use crate::app::App;
use crate::error::AppResult;
use crate::registers::leading_group_members::service::{self as members, MemberInput, MemberRow};
use crate::service::publicity::date_field;
use crate::service::revision::{self, Register};
use crate::service::simple_register::{self as simple, simple_register, SimpleRegister};
use crate::service::study::checked;
use crate::service::Caller;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;

/// A leading group as entered: registration, the edit form and a `PATCH` fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LeadingGroupInput {
    /// Code of the organisation whose group it is; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 领导小组名称
    pub name: String,
    /// 成立日期: 2023-01-05 (also 2023/1/5, 2023年1月5日).
    pub set_up_on: String,
    /// 成立文件, e.g. 西党发〔2023〕5号.
    pub document: String,
    /// 领导小组办公室: where it sits and who heads it.
    pub office: String,
}

/// The register of leading groups, for the kit.
pub struct LeadingGroups;

impl SimpleRegister for LeadingGroups {
    const LIST: &'static YearList = &store::LIST;
    const SHEET: &'static str = "法治建设领导小组";
    const LEDGER_COLUMNS: &'static [&'static str] =
        &["领导小组名称", "成立日期", "成立文件", "领导小组办公室", "所属组织"];

    fn ledger_row(g: LeadingGroupRow) -> Vec<String> {
        vec![
            g.name,
            g.set_up_on.to_string(),
            g.document,
            g.office.unwrap_or_default(),
            g.org_name,
        ]
    }

    fn org_of(input: &LeadingGroupInput) -> Option<String> {
        input.org.clone()
    }

    async fn validate(
        _app: &App,
        _caller: &Caller,
        _org_id: i64,
        input: LeadingGroupInput,
    ) -> AppResult<NewLeadingGroup> {
        let mut own = FieldErrors::new();
        let draft = LeadingGroupDraft {
            set_up_on: date_field("set_up_on", &input.set_up_on, &mut own),
            name: input.name,
            document: input.document,
            office: input.office,
        };
        checked(NewLeadingGroup::parse(draft), own)
    }

    fn columns(v: &NewLeadingGroup) -> Columns {
        store::columns(v)
    }
}

/// A group's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(g: &LeadingGroupRow) -> LeadingGroupInput {
    LeadingGroupInput {
        org: None,
        name: g.name.clone(),
        set_up_on: g.set_up_on.to_string(),
        document: g.document.clone(),
        office: g.office.clone().unwrap_or_default(),
    }
}

impl Register for LeadingGroups {
    type Record = LeadingGroupRow;
    type Input = LeadingGroupInput;
    type Valid = NewLeadingGroup;

    const AREA: Area = crate::registers::meetings::service::AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("name", "领导小组名称"),
        ("set_up_on", "成立日期"),
        ("document", "成立文件"),
        ("office", "领导小组办公室"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    simple_register!(LeadingGroupRow, store::LIST, input_of);
}

/// A group and its members serving on a day.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Composition {
    pub group: LeadingGroupRow,
    /// The day read (today in Beijing when none was asked for).
    pub on: NaiveDate,
    /// 组长 first, then 副组长, then 成员, each by the day they joined.
    pub members: Vec<MemberRow>,
}

/// Group `id` (in the caller's scope, not found otherwise) and its members on `on` (today in
/// Beijing when `None`): a member who left before that day, or joined after it, is not there.
pub async fn composition(
    app: &App,
    caller: &Caller,
    id: i64,
    on: Option<NaiveDate>,
) -> AppResult<Composition> {
    let group = revision::get::<LeadingGroups>(app, caller, id).await?;
    let on = on.unwrap_or_else(crate::clock::today);
    let members = members::serving(app, caller, group.id, on).await?;
    Ok(Composition {
        group,
        on,
        members,
    })
}

/// Adds a member to group `id` (in the caller's scope, not found otherwise): a membership of
/// the group's organisation, registered on the members' register.
pub async fn add_member(
    app: &App,
    caller: &Caller,
    id: i64,
    mut input: MemberInput,
) -> AppResult<MemberRow> {
    caller.require_write(<LeadingGroups as Register>::AREA)?;
    let group = revision::get::<LeadingGroups>(app, caller, id).await?;
    input.org = Some(group.org_code);
    input.group = group.id.to_string();
    simple::create::<members::LeadingGroupMembers>(app, caller, input).await
}
