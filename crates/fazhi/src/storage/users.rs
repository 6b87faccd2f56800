//! Users: one role each, bound to an organisation.

use fazhi_domain::access::Role;
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{db::On, Query, Scope, StorageError, Tx};

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

pub async fn list<'a>(on: impl Into<On<'a>>, scope: &Scope) -> Result<Vec<UserRow>, StorageError> {
    let mut q = Query::new(
        "SELECT u.id, u.username, u.display_name, u.role, u.active, u.org_id, \
         o.name AS org_name, o.code AS org_code FROM users u JOIN orgs o ON o.id = u.org_id \
         WHERE 1=1",
    );
    scope.restrict(&mut q, "u.org_id");
    q.push(" ORDER BY o.path, u.username");
    q.fetch_all(on).await
}

pub async fn set_password(
    tx: &mut Tx,
    actor: &Actor,
    user: &User,
    password_hash: &str,
    must_change: bool,
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
        Change::new("change_password", "user", user.id).org(user.org_id),
    )
    .await
}

pub async fn count<'a>(on: impl Into<On<'a>>) -> Result<i64, StorageError> {
    Query::new("SELECT COUNT(*) FROM users")
        .fetch_scalar(on)
        .await
}
