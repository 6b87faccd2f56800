//! Sessions: browser cookies and API bearer tokens share one table. Only a SHA-256 of each
//! token is stored, so a stolen database does not yield live sessions.

use chrono::{DateTime, Duration, SubsecRound, Utc};

use super::{db::On, Query, StorageError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Browser,
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::Api => "api",
        }
    }
}

/// The signed-in user behind a valid session, with what every request needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionUser {
    pub session_id: i64,
    pub csrf_token: String,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub must_change_password: bool,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub org_kind: String,
    pub org_code: String,
    pub org_region: Option<String>,
}

pub async fn create<'a>(
    on: impl Into<On<'a>>,
    token_hash: &str,
    user_id: i64,
    kind: SessionKind,
    csrf_token: &str,
    lifetime: Duration,
) -> Result<(), StorageError> {
    let now = Utc::now().trunc_subsecs(6);
    Query::new(
        "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) \
         VALUES ($1,$2,$3,$4,$5,$6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(kind.code())
    .bind(csrf_token)
    .bind(now)
    .bind(now + lifetime)
    .execute(on)
    .await?;
    Ok(())
}

pub async fn find<'a>(
    on: impl Into<On<'a>>,
    token_hash: &str,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, StorageError> {
    Query::new(
        "SELECT s.id AS session_id, s.csrf_token, u.id AS user_id, u.username, u.display_name, \
         u.role, u.must_change_password, o.id AS org_id, o.name AS org_name, o.path AS org_path, \
         o.kind AS org_kind, o.code AS org_code, o.region AS org_region \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 \
         AND u.active = $4",
    )
    .bind(token_hash)
    .bind(kind.code())
    .bind(now)
    .bind(true)
    .fetch_optional(on)
    .await
}

pub async fn revoke<'a>(on: impl Into<On<'a>>, session_id: i64) -> Result<(), StorageError> {
    Query::new("UPDATE sessions SET revoked_at = $1 WHERE id = $2")
        .bind(Utc::now().trunc_subsecs(6))
        .bind(session_id)
        .execute(on)
        .await?;
    Ok(())
}

/// Ends every session of a user (after a password change).
pub async fn revoke_all<'a>(on: impl Into<On<'a>>, user_id: i64) -> Result<(), StorageError> {
    Query::new("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(Utc::now().trunc_subsecs(6))
        .bind(user_id)
        .execute(on)
        .await?;
    Ok(())
}
