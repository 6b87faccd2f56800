//! Organisations: adding nodes to the tree, renaming, recoding, moving and switching them off,
//! within the caller's subtree.

use std::collections::BTreeMap;

use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::orgs::{self, NewOrg};

use super::Caller;
pub use crate::storage::orgs::Org;

pub struct NewOrgInput<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_code: Option<&'a str>,
    pub region: Option<&'a str>,
}

pub async fn create_org(app: &App, caller: &Caller, input: NewOrgInput<'_>) -> AppResult<Org> {
    caller.require_write(Area::Orgs)?;
    let mut errors = BTreeMap::new();
    let code = checked_code(&mut errors, input.code);
    let name = checked_name(&mut errors, input.name);
    let kind = OrgKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.insert(
            "kind".to_owned(),
            "请选择类型：county（县市）、town（乡镇）、village（村社区）或 committee（委员会）"
                .to_owned(),
        );
    }
    let parent = match input.parent_code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(pc) => match orgs::by_code_in(&app.db, &caller.scope, pc).await? {
            Some(p) => Some(p),
            None => {
                errors.insert("parent".to_owned(), format!("找不到上级组织「{pc}」"));
                None
            }
        },
        None => None,
    };
    // Only the operator (whole-database scope) may add a new root.
    if parent.is_none() && !errors.contains_key("parent") && caller.scope.root_path() != "/" {
        errors.insert("parent".to_owned(), "请填写上级组织代码".to_owned());
    }
    if let Some(p) = &parent {
        if let Some(closed) = orgs::closed_over(&app.db, p.id).await? {
            errors.insert(
                "parent".to_owned(),
                format!("「{}」已停用，不能在其下添加组织", closed.name),
            );
        }
    }
    if let (Some(p), Some(k)) = (&parent, kind) {
        if !p.kind().may_contain(k) {
            errors.insert(
                "kind".to_owned(),
                format!("{}下不能直接设立{}", p.kind_label(), k.label()),
            );
        }
    }
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    require_code_free(app, &code, None).await?;
    let mut tx = app.db.begin().await?;
    let org = orgs::create(
        &mut tx,
        &caller.actor(),
        NewOrg {
            code: &code,
            name: &name,
            kind,
            parent: parent.as_ref(),
            region: input.region.map(str::trim).filter(|r| !r.is_empty()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(org)
}

/// The organisations the caller can see (their subtree), for lists and pickers.
pub async fn visible(app: &App, caller: &Caller) -> AppResult<Vec<Org>> {
    Ok(orgs::list(&app.db, &caller.scope).await?)
}

/// `org` and the organisations under it; the caller has already been checked to reach `org`
/// (the dashboard's village links).
pub async fn subtree(app: &App, org: &Org) -> AppResult<Vec<Org>> {
    Ok(orgs::list(&app.db, &org.scope()).await?)
}

/// The organisation with `code` if it lies within the caller's scope.
pub async fn in_scope(app: &App, caller: &Caller, code: &str) -> AppResult<Option<Org>> {
    Ok(orgs::by_code_in(&app.db, &caller.scope, code.trim()).await?)
}

/// A code as entered, or a field error under `code`.
fn checked_code(errors: &mut BTreeMap<String, String>, code: &str) -> String {
    let code = code.trim();
    if code.is_empty() || code.chars().count() > 32 || code.contains(char::is_whitespace) {
        errors.insert(
            "code".to_owned(),
            "请填写组织代码（不含空格，最多32位），例如统计用区划代码 654202100000".to_owned(),
        );
    }
    code.to_owned()
}

/// A code names one organisation for good: one held now or before a recode by another
/// organisation is a conflict (`own`: the organisation being recoded, which may take back one
/// of its former codes).
async fn require_code_free(app: &App, code: &str, own: Option<i64>) -> AppResult<()> {
    match orgs::code_holder(&app.db, code).await? {
        Some(holder) if Some(holder) != own => {
            let mut err = AppError::field(
                "code",
                format!("代码「{code}」已被其他组织使用过（现用或曾用），请换一个代码"),
            );
            err.kind = crate::error::ErrorKind::Conflict;
            err.code = "conflict";
            Err(err)
        }
        _ => Ok(()),
    }
}

/// A name as entered, or a field error under `name`.
fn checked_name(errors: &mut BTreeMap<String, String>, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        errors.insert(
            "name".to_owned(),
            "请填写组织名称（最多64字），例如 西大沟镇".to_owned(),
        );
    }
    name.to_owned()
}

/// What a change of an organisation asks for; `None` leaves that part as it is.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgChange {
    /// New name, e.g. 西大沟镇.
    #[serde(default)]
    pub name: Option<String>,
    /// New code; the old one stays valid as a former code (imports, filters, the command line).
    #[serde(default)]
    pub code: Option<String>,
    /// Code of the new parent: the organisation moves with its whole subtree and its records.
    #[serde(default)]
    pub parent: Option<String>,
    /// `false` switches the organisation off (no new records; everything kept and reported),
    /// `true` on again.
    #[serde(default)]
    pub active: Option<bool>,
}

/// An organisation as its page shows it: the organisation, its parent and its former codes.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OrgDetail {
    #[serde(flatten)]
    pub org: Org,
    pub parent_code: Option<String>,
    pub parent_name: Option<String>,
    /// Codes it had before a recode, still accepted wherever a code is given.
    pub former_codes: Vec<String>,
}

/// Organisation `id`, if it lies in the caller's subtree (404 otherwise).
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<OrgDetail> {
    caller.require_read(Area::Orgs)?;
    let org = orgs::get_in(&app.db, &caller.scope, id).await?;
    detail(app, org).await
}

async fn detail(app: &App, org: Org) -> AppResult<OrgDetail> {
    let parent = match org.parent_id {
        Some(p) => Some(orgs::get(&app.db, p).await?),
        None => None,
    };
    Ok(OrgDetail {
        former_codes: orgs::former_codes(&app.db, org.id).await?,
        parent_code: parent.as_ref().map(|p| p.code.clone()),
        parent_name: parent.map(|p| p.name),
        org,
    })
}

/// Organisation `id` in the caller's subtree, for an administrator about to change it: the
/// right is checked first, then the scope (404 outside it), before any body is read.
pub async fn may_change(app: &App, caller: &Caller, id: i64) -> AppResult<Org> {
    caller.require_write(Area::Orgs)?;
    Ok(orgs::get_in(&app.db, &caller.scope, id).await?)
}

/// Renames, recodes, moves and switches organisation `id` off or on, as `change` asks, in one
/// transaction; each part is audited on its own (`rename`, `recode`, `move`, `deactivate`,
/// `activate`).
pub async fn change(
    app: &App,
    caller: &Caller,
    id: i64,
    change: OrgChange,
) -> AppResult<OrgDetail> {
    let before = may_change(app, caller, id).await?;
    let mut errors = BTreeMap::new();
    let name = change
        .name
        .as_deref()
        .map(|n| checked_name(&mut errors, n))
        .filter(|n| *n != before.name);
    let code = match change.code.as_deref() {
        Some(c) if c.trim() != before.code => Some(checked_code(&mut errors, c)),
        _ => None,
    };
    let parent = match change.parent.as_deref().map(str::trim) {
        Some(pc) => check_parent(app, caller, &before, pc, &mut errors).await?,
        None => None,
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    if let Some(code) = &code {
        require_code_free(app, code, Some(before.id)).await?;
    }
    let actor = caller.actor();
    let mut tx = app.db.begin().await?;
    let mut org = before.clone();
    if let Some(name) = name {
        org = orgs::rename(&mut tx, &actor, &org, &name).await?;
    }
    if let Some(code) = code {
        org = orgs::recode(&mut tx, &actor, &org, &code).await?;
    }
    let moved = parent.is_some();
    if let Some(parent) = parent {
        org = orgs::move_under(&mut tx, &actor, &org, &parent).await?;
    }
    if let Some(active) = change.active.filter(|a| *a != org.active) {
        org = orgs::set_active(&mut tx, &actor, &org, active).await?;
    }
    tx.commit().await?;
    if moved {
        // Signed-in users of the subtree carry their organisation's old path; sessions are
        // looked up again (other server instances within the session cache's few seconds).
        app.sessions.forget_all();
    }
    detail(app, org).await
}

/// The new parent named by `code` for `org`, or a field error under `parent`; `None` when it
/// is the present parent.
async fn check_parent(
    app: &App,
    caller: &Caller,
    org: &Org,
    code: &str,
    errors: &mut BTreeMap<String, String>,
) -> AppResult<Option<Org>> {
    let Some(parent) = orgs::by_code_in(&app.db, &caller.scope, code).await? else {
        // The present parent may lie above the caller's subtree: naming it changes nothing.
        let present = orgs::by_code(&app.db, code).await?;
        if present.is_some_and(|p| Some(p.id) == org.parent_id) {
            return Ok(None);
        }
        errors.insert(
            "parent".into(),
            format!("找不到上级组织「{code}」，或不在您的管辖范围内"),
        );
        return Ok(None);
    };
    if Some(parent.id) == org.parent_id {
        return Ok(None);
    }
    if org.scope().contains_path(&parent.path) {
        errors.insert(
            "parent".into(),
            format!(
                "不能把「{}」移到它自己或它的下级组织「{}」之下",
                org.name, parent.name
            ),
        );
        return Ok(None);
    }
    if !parent.kind().may_contain(org.kind()) {
        errors.insert(
            "parent".into(),
            format!("{}下不能直接设立{}", parent.kind_label(), org.kind_label()),
        );
        return Ok(None);
    }
    if let Some(closed) = orgs::closed_over(&app.db, parent.id).await? {
        errors.insert(
            "parent".into(),
            format!("「{}」已停用，不能把组织移到其下", closed.name),
        );
        return Ok(None);
    }
    // Case numbers are numbered per town: a village cannot take its cases to another town.
    if !matches!(org.kind(), OrgKind::Town | OrgKind::County) {
        let new_town = orgs::town_of(&app.db, &parent).await?;
        let old_town = orgs::town_of(&app.db, org).await?;
        if new_town.as_ref().map(|t| t.id) != old_town.as_ref().map(|t| t.id) {
            let town_id = new_town.map_or(0, |t| t.id);
            if orgs::disputes_outside_town(&app.db, org, town_id).await? > 0 {
                errors.insert(
                    "parent".into(),
                    format!(
                        "「{}」已有矛盾纠纷案件，案件编号按乡镇编排，不能移到其他乡镇；\
                         如需调整，请联系县级管理员",
                        org.name
                    ),
                );
                return Ok(None);
            }
        }
    }
    Ok(Some(parent))
}
