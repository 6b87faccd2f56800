//! People's mediators: adding them to a committee, editing and deactivating them. Phones are
//! checked on entry, masked in lists, and shown in full only on a record a role may see, which
//! is logged.

use fazhi_domain::access::Area;
use fazhi_domain::mask;
use fazhi_domain::mediation_org::{MediatorDraft, NewMediator};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::committees;
use crate::storage::mediators::{self as store, MediatorRow};

use super::accounts::log_personal_data_view;
use super::committee_revisions::Mediators;
use super::publicity::date_field;
use super::revision;
use super::study::checked;
use super::Caller;

/// A mediator as entered. On creation `committee_id`, `name`, `sex` and `position` are
/// required; on an edit (`PATCH` with `version`) every field left out keeps its value and a
/// blank one clears it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MediatorInput {
    /// The committee; only on creation (a mediator does not move between committees).
    #[serde(default)]
    pub committee_id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// 男 / 女 (or male / female)
    #[serde(default)]
    pub sex: Option<String>,
    /// e.g. 汉族, 维吾尔族, 哈萨克族
    #[serde(default)]
    pub ethnicity: Option<String>,
    /// A mobile number, e.g. 13812345678
    #[serde(default)]
    pub phone: Option<String>,
    /// 主任 / 副主任 / 委员 / 调解员 (or director / deputy_director / member / mediator)
    #[serde(default)]
    pub position: Option<String>,
    /// 专职 (true) or 兼职 (false, the default)
    #[serde(default)]
    pub full_time: Option<bool>,
    /// e.g. 高中, 大专, 本科
    #[serde(default)]
    pub education: Option<String>,
    /// The committee's term when both term dates are left out on creation.
    #[serde(default)]
    pub term_start: Option<String>,
    #[serde(default)]
    pub term_end: Option<String>,
    /// false deactivates someone who has left (edits only); past cases keep their name.
    #[serde(default)]
    pub active: Option<bool>,
}

pub(crate) fn mask_all(rows: Vec<MediatorRow>) -> Vec<MediatorRow> {
    rows.into_iter()
        .map(|mut m| {
            m.phone = m.phone.map(|p| mask::mask_phone(&p));
            m
        })
        .collect()
}

/// The mediator as entered over `base` (blank, or the person on file), checked.
pub(crate) fn parse_mediator(input: &MediatorInput, base: MediatorDraft) -> AppResult<NewMediator> {
    let mut own = FieldErrors::new();
    let d = draft(input, base, &mut own);
    checked(NewMediator::parse(d), own)
}

fn draft(input: &MediatorInput, base: MediatorDraft, own: &mut FieldErrors) -> MediatorDraft {
    let text = |given: &Option<String>, old: String| given.clone().unwrap_or(old);
    let date = |field: &str, given: &Option<String>, old, own: &mut FieldErrors| match given {
        Some(s) => date_field(field, s, own),
        None => old,
    };
    MediatorDraft {
        name: text(&input.name, base.name),
        sex: text(&input.sex, base.sex),
        ethnicity: text(&input.ethnicity, base.ethnicity),
        phone: text(&input.phone, base.phone),
        position: text(&input.position, base.position),
        full_time: input.full_time.unwrap_or(base.full_time),
        education: text(&input.education, base.education),
        term_start: date("term_start", &input.term_start, base.term_start, own),
        term_end: date("term_end", &input.term_end, base.term_end, own),
    }
}

/// The caller's active (or all) mediators, of one committee if given (or, with `withdrawn`,
/// the withdrawn ones); phones masked.
pub async fn list(
    app: &App,
    caller: &Caller,
    committee_id: Option<i64>,
    with_inactive: bool,
    withdrawn: bool,
) -> AppResult<Vec<MediatorRow>> {
    caller.require_read(Area::Mediation)?;
    let rows = store::list(
        &app.db,
        &caller.scope,
        committee_id,
        with_inactive,
        withdrawn,
    )
    .await?;
    Ok(mask_all(rows))
}

/// One mediator: the full phone for roles that may see personal data (logged), else masked.
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<MediatorRow> {
    caller.require_read(Area::Mediation)?;
    let m = store::get(&app.db, &caller.scope, id).await?;
    if !caller.role.may_see_personal_data() {
        return Ok(mask_all(vec![m]).remove(0));
    }
    if m.phone.is_some() {
        log_personal_data_view(app, caller, "mediator", id, m.org_id).await?;
    }
    Ok(m)
}

pub async fn create(app: &App, caller: &Caller, input: MediatorInput) -> AppResult<MediatorRow> {
    caller.require_write(Area::Mediation)?;
    let Some(committee_id) = input.committee_id else {
        return Err(AppError::field("committee_id", "请选择所属调解委员会"));
    };
    let committee = committees::get(&app.db, &caller.scope, committee_id)
        .await
        .ok()
        .filter(|c| !c.revision.is_withdrawn())
        .ok_or_else(|| {
            AppError::field("committee_id", "找不到该调解委员会，或它不在您的管辖范围内")
        })?;
    // Members are elected for the committee's term; a blank term means that one.
    let base = if input.term_start.is_none() && input.term_end.is_none() {
        MediatorDraft {
            term_start: committee.term_start,
            term_end: committee.term_end,
            ..MediatorDraft::default()
        }
    } else {
        MediatorDraft::default()
    };
    let m = parse_mediator(&input, base)?;
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), committee.org_id, committee.id, &m).await?;
    let row = store::get(&mut tx, &caller.scope, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Marks someone who has left the committee (a 修改 of 在任 on the version on file); they stay
/// on its page as 已停用.
pub async fn deactivate(app: &App, caller: &Caller, id: i64) -> AppResult<MediatorRow> {
    let m = revision::load_for_edit::<Mediators>(app, caller, id).await?;
    revision::update::<Mediators>(app, caller, id, m.revision.version, None, |mut input| {
        input.active = Some(false);
        Ok(input)
    })
    .await
}
