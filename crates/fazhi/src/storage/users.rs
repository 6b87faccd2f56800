//! Users: one role each, bound to an organisation.

use fazhi_domain::access::Role;
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{db::On, Query, Scope, StorageError, Tx, Value};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub org_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
}

impl User {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

/// A user with their organisation's name and path, for lists.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub active: bool,
    pub org_id: i64,
    pub org_name: String,
    pub org_code: String,
}

impl UserRow {
    pub fn role_label(&self) -> &'static str {
        Role::parse(&self.role).map(Role::label).unwrap_or("")
    }
}

const COLUMNS: &str =
    "id, org_id, username, display_name, role, password_hash, must_change_password, active";

pub struct NewUser<'a> {
    pub org_id: i64,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

pub async fn create(tx: &mut Tx, actor: &Actor, new: NewUser<'_>) -> Result<User, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO users (org_id, username, display_name, role, password_hash, \
         must_change_password, active, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
    )
    .bind(new.org_id)
    .bind(new.username)
    .bind(new.display_name)
    .bind(new.role.code())
    .bind(new.password_hash)
    .bind(new.must_change_password)
    .bind(true)
    .bind(crate::clock::now())
    .fetch_scalar(&mut *tx)
    .await?;
    let user = get(&mut *tx, id).await?;
    audit::record(
        tx,
        actor,
        Change::new("create", "user", id)
            .org(new.org_id)
            .after(&user),
    )
    .await?;
    Ok(user)
}

pub async fn get<'a>(on: impl Into<On<'a>>, id: i64) -> Result<User, StorageError> {
    Query::new(format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_one(on)
        .await
}

pub async fn by_username<'a>(
    on: impl Into<On<'a>>,
    username: &str,
) -> Result<Option<User>, StorageError> {
    Query::new(format!("SELECT {COLUMNS} FROM users WHERE username = $1"))
        .bind(username)
        .fetch_optional(on)
        .await
}

const ROW_SELECT: &str = "SELECT u.id, u.username, u.display_name, u.role, u.active, u.org_id, \
     o.name AS org_name, o.code AS org_code FROM users u JOIN orgs o ON o.id = u.org_id \
     WHERE 1=1";

pub async fn list<'a>(on: impl Into<On<'a>>, scope: &Scope) -> Result<Vec<UserRow>, StorageError> {
    let mut q = Query::new(ROW_SELECT);
    scope.restrict(&mut q, "u.org_id");
    q.push(" ORDER BY o.path, u.username");
    q.fetch_all(on).await
}

/// Sets a user's password hash; `action` says why (`change_password` by the user,
/// `password_reset` by an administrator).
pub async fn set_password(
    tx: &mut Tx,
    actor: &Actor,
    user: &User,
    password_hash: &str,
    must_change: bool,
    action: &str,
) -> Result<(), StorageError> {
    Query::new("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(must_change)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        tx,
        actor,
        Change::new(action, "user", user.id).org(user.org_id),
    )
    .await
}

pub async fn count<'a>(on: impl Into<On<'a>>) -> Result<i64, StorageError> {
    Query::new("SELECT COUNT(*) FROM users")
        .fetch_scalar(on)
        .await
}

/// A user whose organisation lies within `scope`; anyone else is not found.
pub async fn get_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<User, StorageError> {
    one_in(on, scope, "id", id.into()).await
}

/// A user by username within `scope`.
pub async fn by_username_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    username: &str,
) -> Result<User, StorageError> {
    one_in(on, scope, "username", username.into()).await
}

/// The user whose unique `column` holds `value`, if they lie within `scope`.
async fn one_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    column: &str,
    value: Value,
) -> Result<User, StorageError> {
    let mut q = Query::new(format!("SELECT {COLUMNS} FROM users WHERE {column} = "));
    q.push_bind(value);
    scope.restrict(&mut q, "org_id");
    q.fetch_one(on).await
}

/// One user as lists show them, within `scope`.
pub async fn row_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<UserRow, StorageError> {
    let mut q = Query::new(ROW_SELECT);
    q.push(" AND u.id = ").push_bind(id);
    scope.restrict(&mut q, "u.org_id");
    q.fetch_one(on).await
}

/// Active administrators of organisation `org_id` other than user `except`.
pub async fn other_active_admins<'a>(
    on: impl Into<On<'a>>,
    org_id: i64,
    except: i64,
) -> Result<i64, StorageError> {
    Query::new(
        "SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = $2 AND active = $3 AND id <> $4",
    )
    .bind(org_id)
    .bind(Role::Admin.code())
    .bind(true)
    .bind(except)
    .fetch_scalar(on)
    .await
}

/// What an administrator may change of an account, one field at a time.
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    Active(bool),
    Role(Role),
    Org(i64),
    DisplayName(&'a str),
}

impl Field<'_> {
    /// The audit action code of this change.
    pub fn action(&self) -> &'static str {
        match self {
            Field::Active(true) => "user_enabled",
            Field::Active(false) => "user_disabled",
            Field::Role(_) => "role_changed",
            Field::Org(_) => "user_moved",
            Field::DisplayName(_) => "user_renamed",
        }
    }
}

/// Changes one field of `user` and records it (before and after) in the audit log; returns
/// the user as it now is.
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    user: &User,
    field: Field<'_>,
) -> Result<User, StorageError> {
    let q = match field {
        Field::Active(v) => Query::new("UPDATE users SET active = $1 WHERE id = $2").bind(v),
        Field::Role(r) => Query::new("UPDATE users SET role = $1 WHERE id = $2").bind(r.code()),
        Field::Org(id) => Query::new("UPDATE users SET org_id = $1 WHERE id = $2").bind(id),
        Field::DisplayName(n) => {
            Query::new("UPDATE users SET display_name = $1 WHERE id = $2").bind(n)
        }
    };
    q.bind(user.id).execute(&mut *tx).await?;
    let after = get(&mut *tx, user.id).await?;
    audit::record(
        tx,
        actor,
        Change::new(field.action(), "user", user.id)
            .org(after.org_id)
            .before(user)
            .after(&after),
    )
    .await?;
    Ok(after)
}
