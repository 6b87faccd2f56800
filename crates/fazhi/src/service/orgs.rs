//! Organisations: adding nodes to the tree, within the caller's subtree.

use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;

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
    let mut errors = std::collections::BTreeMap::new();
    let code = input.code.trim();
    if code.is_empty() || code.chars().count() > 32 || code.contains(char::is_whitespace) {
        errors.insert(
            "code".to_owned(),
            "请填写组织代码（不含空格，最多32位），例如统计用区划代码 654202100000".to_owned(),
        );
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        errors.insert(
            "name".to_owned(),
            "请填写组织名称，例如 西大沟镇".to_owned(),
        );
    }
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
    let mut tx = app.db.begin().await?;
    let org = orgs::create(
        &mut tx,
        &caller.actor(),
        NewOrg {
            code,
            name,
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

/// The organisation with `code` if it lies within the caller's scope.
pub async fn in_scope(app: &App, caller: &Caller, code: &str) -> AppResult<Option<Org>> {
    Ok(orgs::by_code_in(&app.db, &caller.scope, code.trim()).await?)
}
