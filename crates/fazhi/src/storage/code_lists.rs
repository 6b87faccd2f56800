//! Code lists (`code_list_codes`, `code_list_aliases`): national defaults, local codes and
//! aliases. Which codes an organisation sees is decided here by its path: the national ones and
//! those of the organisations on its path from the root.

use fazhi_domain::code_list::ListName;
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{db::On, Query, Scope, StorageError, Tx};

/// Audit entity of code-list changes.
pub const ENTITY: &str = "code_list";

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CodeRow {
    pub id: i64,
    pub list: String,
    pub name: String,
    pub code: Option<String>,
    pub org_id: Option<i64>,
    /// The adding organisation's name (`None` for a national code).
    pub org_name: Option<String>,
    pub active: bool,
    pub position: i64,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AliasRow {
    pub id: i64,
    pub list: String,
    pub alias: String,
    pub name: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
}

const CODE_COLUMNS: &str =
    "c.id, c.list, c.name, c.code, c.org_id, o.name AS org_name, c.active, c.position";
const ALIAS_COLUMNS: &str = "a.id, a.list, a.alias, a.name, a.org_id, o.name AS org_name";

/// The ids on a materialised path (`/1/5/9/` → 1, 5, 9): the organisation and its ancestors.
fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// Appends `AND (<col> IS NULL OR <col> IN (ids))`.
fn visible_to(q: &mut Query, col: &str, path: &str) {
    q.push(" AND (").push(col).push(" IS NULL");
    let ids = path_ids(path);
    if !ids.is_empty() {
        q.push(" OR ").push(col).push(" IN (");
        for (i, id) in ids.into_iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push_bind(id);
        }
        q.push(")");
    }
    q.push(")");
}

/// Every code and alias (of every list, or of `list`) that an organisation with materialised
/// path `path` sees; `"/"` (the operator) sees the national ones only.
pub async fn visible<'a>(
    on: impl Into<On<'a>>,
    path: &str,
    list: Option<ListName>,
) -> Result<(Vec<CodeRow>, Vec<AliasRow>), StorageError> {
    let mut on = on.into();
    let mut q = Query::new(format!(
        "SELECT {CODE_COLUMNS} FROM code_list_codes c LEFT JOIN orgs o ON o.id = c.org_id WHERE 1=1"
    ));
    if let Some(l) = list {
        q.push(" AND c.list = ").push_bind(l.code());
    }
    visible_to(&mut q, "c.org_id", path);
    q.push(" ORDER BY c.list, c.org_id IS NOT NULL, c.position, c.id");
    let codes = q.fetch_all(on.reborrow()).await?;
    let mut q = Query::new(format!(
        "SELECT {ALIAS_COLUMNS} FROM code_list_aliases a LEFT JOIN orgs o ON o.id = a.org_id WHERE 1=1"
    ));
    if let Some(l) = list {
        q.push(" AND a.list = ").push_bind(l.code());
    }
    visible_to(&mut q, "a.org_id", path);
    q.push(" ORDER BY a.list, a.id");
    let aliases = q.fetch_all(on).await?;
    Ok((codes, aliases))
}

/// Names and aliases of `list` held by organisations inside `scope` (below the one adding a
/// code): a new name must not clash with them either, or those organisations would see it twice.
pub async fn names_below<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    list: ListName,
) -> Result<Vec<String>, StorageError> {
    let mut on = on.into();
    let mut q = Query::new("SELECT name FROM code_list_codes WHERE list = ");
    q.push_bind(list.code());
    scope.restrict(&mut q, "org_id");
    let mut names: Vec<String> = q.fetch_scalars(on.reborrow()).await?;
    let mut q = Query::new("SELECT alias FROM code_list_aliases WHERE list = ");
    q.push_bind(list.code());
    scope.restrict(&mut q, "org_id");
    names.extend(q.fetch_scalars::<String>(on).await?);
    Ok(names)
}

/// Inserts the national defaults that are missing (all of them in a new database); idempotent,
/// and safe when two servers start at once (`ON CONFLICT DO NOTHING` on the national indexes).
/// Not audited: shipping defaults is not a change anyone made.
pub async fn seed_national(tx: &mut Tx) -> Result<(), StorageError> {
    let now = crate::clock::now();
    let mut codes = Query::new(
        "INSERT INTO code_list_codes (list, name, code, org_id, active, position, created_at) VALUES ",
    );
    let mut aliases =
        Query::new("INSERT INTO code_list_aliases (list, alias, name, org_id, created_at) VALUES ");
    let (mut nc, mut na) = (0, 0);
    for list in ListName::ALL {
        for (i, (name, code)) in list.defaults().into_iter().enumerate() {
            if nc > 0 {
                codes.push(", ");
            }
            nc += 1;
            codes
                .push("(")
                .push_bind(list.code())
                .push(", ")
                .push_bind(name)
                .push(", ")
                .push_bind(code)
                .push(", NULL, ")
                .push_bind(true)
                .push(", ")
                .push_bind(i as i64)
                .push(", ")
                .push_bind(now)
                .push(")");
        }
        for (alias, name) in list.default_aliases() {
            if na > 0 {
                aliases.push(", ");
            }
            na += 1;
            aliases
                .push("(")
                .push_bind(list.code())
                .push(", ")
                .push_bind(*alias)
                .push(", ")
                .push_bind(*name)
                .push(", NULL, ")
                .push_bind(now)
                .push(")");
        }
    }
    codes.push(" ON CONFLICT DO NOTHING");
    codes.execute(&mut *tx).await?;
    if na > 0 {
        aliases.push(" ON CONFLICT DO NOTHING");
        aliases.execute(&mut *tx).await?;
    }
    Ok(())
}

/// One code by id.
pub async fn get_code<'a>(on: impl Into<On<'a>>, id: i64) -> Result<CodeRow, StorageError> {
    Query::new(format!(
        "SELECT {CODE_COLUMNS} FROM code_list_codes c LEFT JOIN orgs o ON o.id = c.org_id WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_one(on)
    .await
}

/// Adds a local code of `org_id` (or a national one when `None`), audited as `code_added`.
pub async fn add_code(
    tx: &mut Tx,
    actor: &Actor,
    list: ListName,
    name: &str,
    org_id: Option<i64>,
) -> Result<CodeRow, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO code_list_codes (list, name, code, org_id, active, position, created_at) \
         VALUES ($1, $2, NULL, $3, $4, \
           (SELECT COALESCE(MAX(position), 0) + 1 FROM code_list_codes WHERE list = $1), $5) \
         RETURNING id",
    )
    .bind(list.code())
    .bind(name)
    .bind(org_id)
    .bind(true)
    .bind(crate::clock::now())
    .fetch_scalar(&mut *tx)
    .await?;
    let row = get_code(&mut *tx, id).await?;
    let mut change = Change::new("code_added", ENTITY, id).after(&row);
    if let Some(o) = org_id {
        change = change.org(o);
    }
    audit::record(tx, actor, change).await?;
    Ok(row)
}

/// Adds an alias, audited as `alias_added`.
pub async fn add_alias(
    tx: &mut Tx,
    actor: &Actor,
    list: ListName,
    alias: &str,
    name: &str,
    org_id: Option<i64>,
) -> Result<AliasRow, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO code_list_aliases (list, alias, name, org_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(list.code())
    .bind(alias)
    .bind(name)
    .bind(org_id)
    .bind(crate::clock::now())
    .fetch_scalar(&mut *tx)
    .await?;
    let row: AliasRow = Query::new(format!(
        "SELECT {ALIAS_COLUMNS} FROM code_list_aliases a LEFT JOIN orgs o ON o.id = a.org_id WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let mut change = Change::new("alias_added", ENTITY, format!("alias-{id}")).after(&row);
    if let Some(o) = org_id {
        change = change.org(o);
    }
    audit::record(tx, actor, change).await?;
    Ok(row)
}

/// Switches a code off (`code_deactivated`) or on again (`code_reactivated`); never deletes.
pub async fn set_active(
    tx: &mut Tx,
    actor: &Actor,
    before: &CodeRow,
    active: bool,
) -> Result<CodeRow, StorageError> {
    Query::new("UPDATE code_list_codes SET active = $1 WHERE id = $2")
        .bind(active)
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    let after = get_code(&mut *tx, before.id).await?;
    let action = if active {
        "code_reactivated"
    } else {
        "code_deactivated"
    };
    let mut change = Change::new(action, ENTITY, before.id)
        .before(before)
        .after(&after);
    if let Some(o) = before.org_id {
        change = change.org(o);
    }
    audit::record(tx, actor, change).await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_names_the_organisation_and_its_ancestors() {
        assert_eq!(super::path_ids("/1/5/9/"), [1, 5, 9]);
        assert!(super::path_ids("/").is_empty());
    }
}
