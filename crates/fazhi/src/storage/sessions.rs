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
    pub fn code(self) -> &'static str {
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
    /// The town at or above the user's organisation (itself, its parent or grandparent), if any.
    pub org_town_id: Option<i64>,
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
         o.kind AS org_kind, o.code AS org_code, o.region AS org_region, \
         CASE WHEN o.kind = 'town' THEN o.id WHEN p.kind = 'town' THEN p.id \
         WHEN g.kind = 'town' THEN g.id END AS org_town_id \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id \
         LEFT JOIN orgs p ON p.id = o.parent_id LEFT JOIN orgs g ON g.id = p.parent_id \
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

/// Ends every session of a user (after a password change or reset, or when the account is
/// disabled).
pub async fn revoke_all<'a>(on: impl Into<On<'a>>, user_id: i64) -> Result<(), StorageError> {
    Query::new("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(Utc::now().trunc_subsecs(6))
        .bind(user_id)
        .execute(on)
        .await?;
    Ok(())
}

/// One live sign-in of a user, as they see it on their account page.
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OwnSession {
    pub id: i64,
    /// `browser` (a signed-in web page) or `api` (a bearer token).
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The session or token this request was made with.
    #[sqlx(skip)]
    pub current: bool,
}

impl OwnSession {
    pub fn kind_label(&self) -> &'static str {
        if self.kind == SessionKind::Api.code() {
            "API 令牌"
        } else {
            "网页登录"
        }
    }
}

/// A user's sessions that are neither revoked nor expired, newest first (bounded: a script
/// that signs in in a loop must not make the page huge).
pub async fn live_for_user<'a>(
    on: impl Into<On<'a>>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<OwnSession>, StorageError> {
    let mut q = Query::new(
        "SELECT id, kind, created_at, expires_at FROM sessions \
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC",
    )
    .bind(user_id)
    .bind(now);
    q.limit(200, 0);
    q.fetch_all(on).await
}

/// Revokes session `session_id` if it is a live one of `user_id`; false when there is none.
pub async fn revoke_own<'a>(
    on: impl Into<On<'a>>,
    user_id: i64,
    session_id: i64,
) -> Result<bool, StorageError> {
    let now = Utc::now().trunc_subsecs(6);
    let n = Query::new(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 \
         AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(session_id)
    .bind(user_id)
    .execute(on)
    .await?;
    Ok(n > 0)
}
