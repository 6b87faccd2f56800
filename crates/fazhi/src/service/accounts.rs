//! Sign-in, sessions, users and first-run set-up.

use chrono::{Duration, Utc};
use fazhi_domain::access::{Area, Role};

use crate::app::App;
use crate::auth;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::audit::{self, Actor, Change};
use crate::storage::sessions;
pub use crate::storage::users::{User, UserRow};
use crate::storage::{orgs, settings, users, Scope};
use fazhi_domain::org::OrgKind;

use super::Caller;
pub use crate::storage::sessions::{SessionKind, SessionUser};

/// A browser session lasts a working day and a half; an API token a month.
fn lifetime(kind: SessionKind) -> Duration {
    match kind {
        SessionKind::Browser => Duration::hours(12),
        SessionKind::Api => Duration::days(30),
    }
}

/// On a fresh database: a root organisation and an `admin` with a one-time password.
/// Returns the password to print, or `None` when users already exist.
pub async fn bootstrap(app: &App) -> AppResult<Option<String>> {
    if users::count(&app.db).await? > 0 {
        return Ok(None);
    }
    let password = auth::generate_password();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&p)).await??
    };
    let mut tx = app.db.begin().await?;
    let actor = Actor::system();
    let root = match orgs::roots(&mut tx).await?.into_iter().next() {
        Some(root) => root,
        None => {
            orgs::create(
                &mut tx,
                &actor,
                orgs::NewOrg {
                    code: "ROOT",
                    name: "本级单位",
                    kind: OrgKind::Town,
                    parent: None,
                    region: None,
                },
            )
            .await?
        }
    };
    users::create(
        &mut tx,
        &actor,
        users::NewUser {
            org_id: root.id,
            username: "admin",
            display_name: "系统管理员",
            role: Role::Admin,
            password_hash: &hash,
            must_change_password: true,
        },
    )
    .await?;
    settings::set(&mut tx, "bootstrapped_at", &Utc::now().to_rfc3339()).await?;
    tx.commit().await?;
    Ok(Some(password))
}

/// Usernames are at most 32 characters (see [`create_user`]); anything much longer is refused
/// before it reaches the throttle or the database (issue #12 item 1).
pub const MAX_USERNAME_BYTES: usize = 64;
/// Passwords longer than this are not hashed: no person types them, and argon2 reads all of it.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Checks a username and password and opens a session. Wrong passwords slow down that
/// username from that address (see [`crate::service::login_throttle`]); failures say nothing
/// about which part was wrong. Sign-ins and failed sign-ins are audited.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    client_addr: &str,
    kind: SessionKind,
) -> AppResult<(String, SessionUser)> {
    let username = username.trim();
    if username.len() > MAX_USERNAME_BYTES {
        return Err(AppError::bad_request(
            "invalid_username",
            "用户名过长：用户名最多 32 位字母、数字、下划线、点或横线，请检查后重新输入",
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::bad_request(
            "invalid_password",
            "密码过长：请输入不超过 1024 个字符的密码",
        ));
    }
    // The throttle is asked once a password check may start, and the failure is counted before
    // the turn is handed on: a burst of parallel guesses cannot all pass one check.
    let turn = app
        .password_checks
        .acquire()
        .await
        .map_err(AppError::internal)?;
    if let Err(wait) = app
        .login_throttle
        .check(username, client_addr, std::time::Instant::now())
    {
        return Err(AppError::new(
            ErrorKind::TooManyRequests,
            "too_many_attempts",
            format!(
                "密码错误次数过多，请 {} 秒后再试；如忘记密码，请联系管理员重置",
                wait.as_secs().max(1)
            ),
        ));
    }
    let wrong = || {
        AppError::new(
            ErrorKind::Unauthorized,
            "invalid_credentials",
            "用户名或密码不正确",
        )
    };
    let user = users::by_username(&app.db, username).await?;
    // Hash even for unknown users so response time does not reveal which usernames exist.
    let (hash, exists) = match &user {
        Some(u) => (u.password_hash.clone(), true),
        None => (DUMMY_HASH.to_owned(), false),
    };
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&pw, &hash)).await?;
    // A disabled account is told so, but only to someone who knows its password.
    let disabled = ok && user.as_ref().is_some_and(|u| !u.active);
    let user = match (ok && exists && !disabled, user) {
        (true, Some(u)) => u,
        (_, user) => {
            app.login_throttle
                .record_failure(username, client_addr, std::time::Instant::now());
            drop(turn);
            let mut tx = app.db.begin().await?;
            let mut change =
                Change::new("sign_in_failed", "user", user.as_ref().map_or(0, |u| u.id)).after(
                    &serde_json::json!({
                        "username": username,
                        "address": client_addr,
                        "kind": kind_name(kind),
                        "reason": if disabled { "disabled" } else { "wrong_credentials" },
                    }),
                );
            if let Some(u) = &user {
                change = change.org(u.org_id);
            }
            audit::record(
                &mut tx,
                &Actor {
                    user_id: None,
                    name: "未登录访客".to_owned(),
                },
                change,
            )
            .await?;
            tx.commit().await?;
            if disabled {
                return Err(AppError::new(
                    ErrorKind::Unauthorized,
                    "account_disabled",
                    "该账号已停用；如需继续使用，请联系系统管理员启用",
                ));
            }
            return Err(wrong());
        }
    };
    app.login_throttle.record_success(username, client_addr);
    drop(turn);
    let token = auth::random_token();
    let csrf = auth::random_token();
    let mut tx = app.db.begin().await?;
    sessions::create(
        &mut tx,
        &auth::token_hash(&token),
        user.id,
        kind,
        &csrf,
        lifetime(kind),
    )
    .await?;
    audit::record(
        &mut tx,
        &Actor {
            user_id: Some(user.id),
            name: user.display_name.clone(),
        },
        Change::new("sign_in", "user", user.id)
            .org(user.org_id)
            .after(&serde_json::json!({"address": client_addr, "kind": kind_name(kind)})),
    )
    .await?;
    tx.commit().await?;
    let session = sessions::find(&app.db, &auth::token_hash(&token), kind, Utc::now())
        .await?
        .ok_or_else(wrong)?;
    Ok((token, session))
}

fn kind_name(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Browser => "browser",
        SessionKind::Api => "api",
    }
}

/// An argon2id hash of a random string, verified against when the username is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zt4q3iXbQnJ2v6c3Qf1Vq2n3J4cN0sXf2m9Yk8Rr7aA";

pub async fn session_for_token(
    app: &App,
    token: &str,
    kind: SessionKind,
) -> AppResult<Option<SessionUser>> {
    let hash = auth::token_hash(token);
    let now = std::time::Instant::now();
    if let Some(user) = app.sessions.get(&hash, kind, now) {
        return Ok(Some(user));
    }
    let generation = app.sessions.generation();
    let user = sessions::find(&app.db, &hash, kind, Utc::now()).await?;
    if let Some(user) = &user {
        app.sessions.put(generation, hash, kind, user.clone(), now);
    }
    Ok(user)
}

/// Ends a session, audited as the signed-in caller.
pub async fn logout(app: &App, caller: &Caller, session_id: i64) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    sessions::revoke(&mut tx, session_id).await?;
    audit::record(
        &mut tx,
        &caller.actor(),
        Change::new("sign_out", "user", caller.user_id).org(caller.org_id),
    )
    .await?;
    tx.commit().await?;
    app.sessions.forget_all();
    Ok(())
}

pub async fn change_password(
    app: &App,
    caller: &Caller,
    current: &str,
    new: &str,
) -> AppResult<()> {
    auth::check_new_password(new).map_err(|m| AppError::field("new_password", m))?;
    // The first-run one-time password has been printed on a terminal; it must not stay.
    if new == current {
        return Err(AppError::field(
            "new_password",
            "新密码不能与当前密码（包括首次登录的一次性密码）相同，请另设一个",
        ));
    }
    let user = users::get(&app.db, caller.user_id).await?;
    let (cur, hash) = (current.to_owned(), user.password_hash.clone());
    if !tokio::task::spawn_blocking(move || auth::verify_password(&cur, &hash)).await? {
        return Err(AppError::field("current_password", "当前密码不正确"));
    }
    replace_password(app, caller, &user, new.to_owned(), false, "change_password").await
}

/// Stores a new password for `user` (audited as `action`) and ends every session they have,
/// here at once and on other servers within the session cache's 5 s.
pub(crate) async fn replace_password(
    app: &App,
    caller: &Caller,
    user: &users::User,
    password: String,
    must_change: bool,
    action: &str,
) -> AppResult<()> {
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
    let mut tx = app.db.begin().await?;
    users::set_password(&mut tx, &caller.actor(), user, &hash, must_change, action).await?;
    sessions::revoke_all(&mut tx, user.id).await?;
    tx.commit().await?;
    app.sessions.forget_all();
    Ok(())
}

pub struct NewUserInput<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub org_code: &'a str,
    pub password: &'a str,
}

/// Creates a user within the caller's subtree.
pub async fn create_user(
    app: &App,
    caller: &Caller,
    input: NewUserInput<'_>,
) -> AppResult<users::User> {
    caller.require_write(Area::Users)?;
    let mut errors = std::collections::BTreeMap::new();
    let username = input.username.trim();
    if username.is_empty()
        || username.chars().count() > 32
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
    {
        errors.insert(
            "username".to_owned(),
            "用户名请用 1–32 位字母、数字、下划线、点或横线，例如 zhangsan".to_owned(),
        );
    }
    let role = Role::parse(input.role.trim());
    if role.is_none() {
        errors.insert(
            "role".to_owned(),
            "请选择角色：admin、leader、staff、mediator、adviser、enforcer 或 viewer".to_owned(),
        );
    }
    if let Err(m) = auth::check_new_password(input.password) {
        errors.insert("password".to_owned(), m);
    }
    let org = orgs::by_code_in(&app.db, &caller.scope, input.org_code.trim()).await?;
    if org.is_none() {
        errors.insert(
            "org".to_owned(),
            format!(
                "找不到组织代码「{}」，请先添加该组织",
                input.org_code.trim()
            ),
        );
    }
    let (Some(role), Some(org), true) = (role, org, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let display_name = match input.display_name.trim() {
        "" => username,
        name => name,
    };
    let pw = input.password.to_owned();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&pw)).await??;
    let mut tx = app.db.begin().await?;
    let user = users::create(
        &mut tx,
        &caller.actor(),
        users::NewUser {
            org_id: org.id,
            username,
            display_name,
            role,
            password_hash: &hash,
            must_change_password: caller.user_id != 0,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Records that a user looked at full personal data (ID number, phone) of a record.
pub async fn log_personal_data_view(
    app: &App,
    caller: &Caller,
    entity: &str,
    entity_id: i64,
    org_id: i64,
) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    audit::record(
        &mut tx,
        &caller.actor(),
        Change::new("view_personal_data", entity, entity_id).org(org_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records that a user took a file out of the system (an export, a document, an attachment):
/// the address asked for and the file's name as sent.
pub async fn log_download(app: &App, caller: &Caller, path: &str, file: &str) -> AppResult<()> {
    // Bounded: a long query string is cut, not stored whole.
    let cut = |s: &str| s.chars().take(500).collect::<String>();
    let mut tx = app.db.begin().await?;
    audit::record(
        &mut tx,
        &caller.actor(),
        Change::new("download", "file", cut(path))
            .org(caller.org_id)
            .after(&serde_json::json!({ "file": cut(file) })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

impl Caller {
    pub fn from_session(s: &SessionUser) -> Caller {
        Caller {
            user_id: s.user_id,
            name: s.display_name.clone(),
            role: Role::parse(&s.role).unwrap_or(Role::Viewer),
            org_id: s.org_id,
            scope: Scope::subtree(&s.org_path).in_town(s.org_town_id),
        }
    }
}

/// The user accounts within the caller's scope, for those who may read them.
pub async fn list_users(app: &App, caller: &Caller) -> AppResult<Vec<UserRow>> {
    caller.require_read(Area::Users)?;
    Ok(users::list(&app.db, &caller.scope).await?)
}
