//! Code lists as data: what an organisation's forms offer and its imports accept, and the
//! administrator's changes (local codes, aliases, deactivation), checked and audited.
//!
//! Every register that checks a value against a list calls [`for_org`] (or [`for_path`]) and
//! `CodeList::resolve`; the lists are cached per organisation and reloaded when any server or
//! the command line changes one (a version kept in `settings`, read once per use).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fazhi_domain::access::Area;
pub use fazhi_domain::code_list::ListName;
use fazhi_domain::code_list::{check_name, Alias, Code, CodeList};
use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::code_lists as store;
pub use crate::storage::code_lists::{AliasRow, CodeRow};
use crate::storage::orgs::{self, Org};
use crate::storage::{settings, StorageError};

use super::Caller;

/// The settings key whose value changes with every change to any list.
const VERSION_KEY: &str = "code_lists_version";

/// Organisations whose lists are held; beyond this the cache starts again (a miss costs two
/// queries).
const CAPACITY: usize = 1024;

/// Every list as one organisation sees it.
#[derive(Clone, Debug)]
pub struct Lists {
    lists: HashMap<ListName, CodeList>,
}

impl Lists {
    pub fn get(&self, list: ListName) -> &CodeList {
        // Every list is present: `from_rows` starts from all of them.
        &self.lists[&list]
    }

    fn from_rows(codes: Vec<CodeRow>, aliases: Vec<AliasRow>) -> Lists {
        let mut lists: HashMap<ListName, CodeList> = ListName::ALL
            .iter()
            .map(|l| {
                (
                    *l,
                    CodeList {
                        list: *l,
                        codes: Vec::new(),
                        aliases: Vec::new(),
                    },
                )
            })
            .collect();
        for c in codes {
            if let Some(l) = ListName::parse(&c.list).and_then(|l| lists.get_mut(&l)) {
                l.codes.push(Code {
                    name: c.name,
                    code: c.code,
                    org_id: c.org_id,
                    active: c.active,
                });
            }
        }
        for a in aliases {
            if let Some(l) = ListName::parse(&a.list).and_then(|l| lists.get_mut(&l)) {
                l.aliases.push(Alias {
                    alias: a.alias,
                    name: a.name,
                    org_id: a.org_id,
                });
            }
        }
        Lists { lists }
    }
}

/// Lists loaded per organisation path, valid while the stored version is unchanged.
#[derive(Default)]
pub struct CodeListCache {
    inner: Mutex<(String, HashMap<String, Arc<Lists>>)>,
}

impl CodeListCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, (String, HashMap<String, Arc<Lists>>)> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The lists seen by the organisation with materialised path `path` (`"/"`: national only).
pub async fn for_path(app: &App, path: &str) -> AppResult<Arc<Lists>> {
    let version = settings::get(&app.db, VERSION_KEY)
        .await?
        .unwrap_or_default();
    {
        let cache = app.code_lists.lock();
        if cache.0 == version {
            if let Some(l) = cache.1.get(path) {
                return Ok(l.clone());
            }
        }
    }
    let (codes, aliases) = store::visible(&app.db, path, None).await?;
    let lists = Arc::new(Lists::from_rows(codes, aliases));
    let mut cache = app.code_lists.lock();
    if cache.0 != version {
        cache.1.clear();
        cache.0 = version;
    }
    if cache.1.len() >= CAPACITY {
        cache.1.clear();
    }
    cache.1.insert(path.to_owned(), lists.clone());
    Ok(lists)
}

/// The lists seen by `org` (and so by the records filed under it).
pub async fn for_org(app: &App, org: &Org) -> AppResult<Arc<Lists>> {
    for_path(app, &org.path).await
}

/// The lists seen by the caller's own organisation (the operator: national only).
pub async fn for_caller(app: &App, caller: &Caller) -> AppResult<Arc<Lists>> {
    if caller.org_id == 0 {
        return for_path(app, "/").await;
    }
    let org = orgs::get(&app.db, caller.org_id).await?;
    for_org(app, &org).await
}

/// A list name as typed (`dispute-types` or 纠纷类型), or a 400 naming the lists.
pub fn list_name(s: &str) -> AppResult<ListName> {
    ListName::parse(s).ok_or_else(|| {
        AppError::field(
            "list",
            format!(
                "没有代码表「{}」，可用：{}",
                s.trim(),
                ListName::ALL
                    .iter()
                    .map(|l| format!("{}（{}）", l.code(), l.label()))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        )
    })
}

/// One list as an organisation sees it, with where each code comes from.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ListView {
    /// The list's name (`dispute-types`).
    pub list: String,
    /// Its Chinese name.
    pub label: String,
    /// Whether an organisation may add its own codes (enum-backed lists take aliases only).
    pub local_codes: bool,
    /// Whether a value outside the list is refused (open lists keep it as typed).
    pub closed: bool,
    /// The code of the organisation whose view this is (`None`: the national lists).
    pub org: Option<String>,
    pub codes: Vec<CodeRow>,
    pub aliases: Vec<AliasRow>,
}

/// The organisation a request names by code (within the caller's subtree; otherwise 404), or
/// the caller's own; `None` for the operator without `--org` (the national lists).
async fn target_org(app: &App, caller: &Caller, org: Option<&str>) -> AppResult<Option<Org>> {
    match org.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => match orgs::by_code_in(&app.db, &caller.scope, code).await? {
            Some(o) => Ok(Some(o)),
            None => Err(AppError::not_found()),
        },
        None if caller.org_id != 0 => Ok(Some(orgs::get(&app.db, caller.org_id).await?)),
        None => Ok(None),
    }
}

/// `list` as the caller's organisation (or `org`, within the caller's subtree) sees it.
pub async fn view(
    app: &App,
    caller: &Caller,
    list: ListName,
    org: Option<&str>,
) -> AppResult<ListView> {
    let target = target_org(app, caller, org).await?;
    let path = target.as_ref().map_or("/", |o| o.path.as_str());
    let (codes, aliases) = store::visible(&app.db, path, Some(list)).await?;
    Ok(ListView {
        list: list.code().to_owned(),
        label: list.label().to_owned(),
        local_codes: list.allows_local_codes(),
        closed: list.is_closed(),
        org: target.map(|o| o.code),
        codes,
        aliases,
    })
}

/// Refuses a name that the organisation (or one below it) already has as a code or an alias.
async fn check_free(
    app: &App,
    list: ListName,
    target: Option<&Org>,
    field: &str,
    name: &str,
) -> AppResult<()> {
    let path = target.map_or("/", |o| o.path.as_str());
    let lists = for_path(app, path).await?;
    let seen = lists.get(list);
    if let Some(c) = seen.codes.iter().find(|c| c.name == name) {
        return Err(AppError::field(
            field,
            format!("「{}」已在{}代码表中", c.name, list.label()),
        ));
    }
    if let Some(a) = seen.aliases.iter().find(|a| a.alias == name) {
        return Err(AppError::field(
            field,
            format!("「{name}」已是「{}」的别名", a.name),
        ));
    }
    let below = match target {
        Some(o) => store::names_below(&app.db, &o.scope(), list).await?,
        // The operator's national code must not clash with any organisation's own.
        None => store::names_below(&app.db, &crate::storage::Scope::everything(), list).await?,
    };
    if below.iter().any(|n| n == name) {
        return Err(AppError::field(
            field,
            format!("「{name}」已被下级组织用作{}或别名", list.label()),
        ));
    }
    Ok(())
}

/// A change to the lists: in one transaction with its audit record and the version bump that
/// tells every server to reload.
async fn bump_version(tx: &mut crate::storage::Tx, tag: &str) -> Result<(), StorageError> {
    let token = format!(
        "{tag}-{}",
        crate::clock::now().timestamp_nanos_opt().unwrap_or(0)
    );
    settings::set(&mut *tx, VERSION_KEY, &token).await
}

/// Adds `name` to `list` for `org` (a code in the caller's subtree; default the caller's own
/// organisation; the operator without one adds a national code). Administrators only.
pub async fn add_code(
    app: &App,
    caller: &Caller,
    list: ListName,
    name: &str,
    org: Option<&str>,
) -> AppResult<CodeRow> {
    add_code_with(app, caller, Area::Orgs, list, name, org).await
}

/// [`add_code`] for a caller with the write right on `right`: an import's clerk adds a value
/// of their own organisation's ledgers (`service::import_values`).
pub(crate) async fn add_code_with(
    app: &App,
    caller: &Caller,
    right: Area,
    list: ListName,
    name: &str,
    org: Option<&str>,
) -> AppResult<CodeRow> {
    caller.require_write(right)?;
    let target = target_org(app, caller, org).await?;
    if !list.allows_local_codes() {
        return Err(AppError::field(
            "name",
            format!(
                "{}的代码由系统规定（统计和流程按它们计算），不能新增；可以为已有代码添加别名",
                list.label()
            ),
        ));
    }
    let name = check_name("名称", name).map_err(|m| AppError::field("name", m))?;
    check_free(app, list, target.as_ref(), "name", &name).await?;
    let mut tx = app.db.begin().await?;
    let row = store::add_code(
        &mut tx,
        &caller.actor(),
        list,
        &name,
        target.as_ref().map(|o| o.id),
    )
    .await?;
    bump_version(&mut tx, "code").await?;
    tx.commit().await?;
    Ok(row)
}

/// Adds `alias` as another spelling of the code `name` (or of a code an alias already names).
pub async fn add_alias(
    app: &App,
    caller: &Caller,
    list: ListName,
    alias: &str,
    name: &str,
    org: Option<&str>,
) -> AppResult<AliasRow> {
    add_alias_with(app, caller, Area::Orgs, list, alias, name, org).await
}

/// [`add_alias`] for a caller with the write right on `right` (an import's clerk).
pub(crate) async fn add_alias_with(
    app: &App,
    caller: &Caller,
    right: Area,
    list: ListName,
    alias: &str,
    name: &str,
    org: Option<&str>,
) -> AppResult<AliasRow> {
    caller.require_write(right)?;
    let target = target_org(app, caller, org).await?;
    let alias = check_name("别名", alias).map_err(|m| AppError::field("alias", m))?;
    let path = target.as_ref().map_or("/", |o| o.path.as_str());
    let lists = for_path(app, path).await?;
    let seen = lists.get(list);
    let canonical = match seen.resolve(name) {
        Ok(c) => c.name.clone(),
        Err(e) => {
            return Err(AppError::field(
                "name",
                e.message(list, target.as_ref().map(|o| o.code.as_str())),
            ))
        }
    };
    if let Some(c) = seen.find(&alias) {
        return Err(AppError::field(
            "alias",
            format!("「{alias}」已能识别为「{}」，无需添加别名", c.name),
        ));
    }
    check_free(app, list, target.as_ref(), "alias", &alias).await?;
    let mut tx = app.db.begin().await?;
    let row = store::add_alias(
        &mut tx,
        &caller.actor(),
        list,
        &alias,
        &canonical,
        target.as_ref().map(|o| o.id),
    )
    .await?;
    bump_version(&mut tx, "alias").await?;
    tx.commit().await?;
    Ok(row)
}

/// Switches a code of `list` off for new records (old records keep it) or on again. A local code may be
/// switched by an administrator over the organisation that added it; a national one only by an
/// administrator of a top-level organisation or the operator. Anything else answers 404.
pub async fn set_active(
    app: &App,
    caller: &Caller,
    list: ListName,
    id: i64,
    active: bool,
) -> AppResult<CodeRow> {
    caller.require_write(Area::Orgs)?;
    let before = match store::get_code(&app.db, id).await {
        Ok(c) if c.list == list.code() => c,
        Ok(_) => return Err(AppError::not_found()),
        Err(StorageError::NotFound) => return Err(AppError::not_found()),
        Err(e) => return Err(e.into()),
    };
    let allowed = match before.org_id {
        Some(o) => {
            let org = orgs::get(&app.db, o).await?;
            caller.scope.contains_path(&org.path)
        }
        None => caller.org_id == 0 || orgs::get(&app.db, caller.org_id).await?.parent_id.is_none(),
    };
    if !allowed {
        return Err(AppError::not_found());
    }
    if before.active == active {
        return Ok(before);
    }
    let mut tx = app.db.begin().await?;
    let row = store::set_active(&mut tx, &caller.actor(), &before, active).await?;
    bump_version(&mut tx, "active").await?;
    tx.commit().await?;
    Ok(row)
}

/// `value` checked against `list`: the code it names (its name, stored code or an alias), or
/// the message that says what to fix. A blank value gives `Ok(None)` (the caller decides
/// whether the field is required). `kept` is the value the record already has: a deactivated
/// code stays acceptable on the record that has it. `org` is the code of the organisation the
/// value was entered for, quoted in the alias command of the message.
pub fn check(
    lists: &Lists,
    list: ListName,
    value: &str,
    kept: Option<&str>,
    org: Option<&str>,
) -> Result<Option<Code>, String> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    lists
        .get(list)
        .resolve_keeping(value, kept)
        .map(|c| Some(c.clone()))
        .map_err(|e| e.message(list, org))
}
