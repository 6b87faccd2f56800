//! Administering accounts (issue #14 point 1): disable and enable, reset a password, change
//! role, organisation and display name — for the pages, `PATCH /api/v1/users/{id}` and
//! `fazhi user …` alike — and a user's own sign-ins (browser sessions and API tokens).
//!
//! A disabled user stops at once: their sessions are revoked in the same transaction and this
//! process forgets its session cache; other server instances stop within the cache's 5 s,
//! because every session lookup also checks `users.active`.

use chrono::Utc;
use fazhi_domain::access::{Area, Role};

use super::Caller;
use crate::app::App;
use crate::auth;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::audit::{self, Change};
use crate::storage::orgs;
use crate::storage::sessions;
pub use crate::storage::sessions::OwnSession;
use crate::storage::users::{self, Field, User, UserRow};

/// A display name may hold at most this many characters.
pub const MAX_DISPLAY_NAME: usize = 50;

/// What an administrator asks to change; `None` leaves a field as it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct UserChanges<'a> {
    pub active: Option<bool>,
    /// A role code (`staff`) or its Chinese label (`工作人员`).
    pub role: Option<&'a str>,
    /// The code of the organisation to move the user to.
    pub org: Option<&'a str>,
    pub display_name: Option<&'a str>,
}

/// The user with id `id` within the caller's scope (404 outside it), for administrators.
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<UserRow> {
    caller.require_read(Area::Users)?;
    Ok(users::row_in(&app.db, &caller.scope, id).await?)
}

/// Changes a user within the caller's scope; answers the user as they now are.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    changes: UserChanges<'_>,
) -> AppResult<UserRow> {
    caller.require_write(Area::Users)?;
    let user = users::get_in(&app.db, &caller.scope, id).await?;
    apply(app, caller, user, changes).await
}

/// [`update`] for a user named by username (the command line).
pub async fn update_by_username(
    app: &App,
    caller: &Caller,
    username: &str,
    changes: UserChanges<'_>,
) -> AppResult<UserRow> {
    caller.require_write(Area::Users)?;
    let user = by_username(app, caller, username).await?;
    apply(app, caller, user, changes).await
}

async fn by_username(app: &App, caller: &Caller, username: &str) -> AppResult<User> {
    let username = username.trim();
    match users::by_username_in(&app.db, &caller.scope, username).await {
        Err(crate::storage::StorageError::NotFound) => Err(AppError::new(
            ErrorKind::NotFound,
            "not_found",
            format!("找不到用户「{username}」，请检查用户名（区分大小写）"),
        )),
        other => Ok(other?),
    }
}

async fn apply(
    app: &App,
    caller: &Caller,
    user: User,
    changes: UserChanges<'_>,
) -> AppResult<UserRow> {
    let fields = parse(app, caller, &user, changes).await?;
    if fields.is_empty() {
        return Ok(users::row_in(&app.db, &caller.scope, user.id).await?);
    }
    let disabling = fields.iter().any(|f| matches!(f, Field::Active(false)));
    if disabling && user.id == caller.user_id {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "cannot_disable_self",
            "不能停用自己的账号；如确需停用，请由其他系统管理员办理",
        ));
    }
    // Whether the organisation loses one of its active administrators.
    let leaves_admins = user.active
        && user.role() == Role::Admin
        && fields.iter().any(|f| match f {
            Field::Active(v) => !v,
            Field::Role(r) => *r != Role::Admin,
            Field::Org(o) => *o != user.org_id,
            Field::DisplayName(_) => false,
        });
    // Write transactions run one at a time (see `Db::begin`), so the count cannot race.
    let mut tx = app.db.begin().await?;
    if leaves_admins && users::other_active_admins(&mut tx, user.org_id, user.id).await? == 0 {
        let org = orgs::get(&mut tx, user.org_id).await?;
        return Err(AppError::new(
            ErrorKind::Conflict,
            "last_admin",
            format!(
                "「{}」是{}唯一启用的系统管理员，不能停用、改为其他角色或调往其他组织；\
                 请先为{}添加或启用另一位系统管理员",
                user.display_name, org.name, org.name
            ),
        ));
    }
    let actor = caller.actor();
    let mut current = user;
    for field in fields {
        current = users::update(&mut tx, &actor, &current, field).await?;
    }
    if disabling {
        sessions::revoke_all(&mut tx, current.id).await?;
    }
    tx.commit().await?;
    // A cached session carries the user's role and organisation: all must be looked up again.
    app.sessions.forget_all();
    Ok(users::row_in(&app.db, &caller.scope, current.id).await?)
}

/// The requested changes that differ from the user as stored, or every problem found.
async fn parse<'a>(
    app: &App,
    caller: &Caller,
    user: &User,
    changes: UserChanges<'a>,
) -> AppResult<Vec<Field<'a>>> {
    if changes.active.is_none()
        && changes.role.is_none()
        && changes.org.is_none()
        && changes.display_name.is_none()
    {
        return Err(AppError::bad_request(
            "nothing_to_change",
            "请至少给出一项修改：active（启用/停用）、role（角色）、org（组织代码）或 display_name（姓名）",
        ));
    }
    let mut errors = std::collections::BTreeMap::new();
    let mut fields = Vec::new();
    if let Some(name) = changes.display_name {
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_DISPLAY_NAME
            || name.chars().any(char::is_control)
        {
            errors.insert(
                "display_name".to_owned(),
                format!("请填写姓名（1–{MAX_DISPLAY_NAME} 个字），例如 张三"),
            );
        } else if name != user.display_name {
            fields.push(Field::DisplayName(name));
        }
    }
    if let Some(role) = changes.role {
        match Role::parse(role.trim()) {
            None => {
                errors.insert(
                    "role".to_owned(),
                    "请选择角色：admin、leader、staff、mediator、adviser、enforcer 或 viewer"
                        .to_owned(),
                );
            }
            Some(r) if r != user.role() => fields.push(Field::Role(r)),
            Some(_) => {}
        }
    }
    if let Some(code) = changes.org {
        let code = code.trim();
        // Outside the caller's subtree is the same as not there (404), so codes cannot be probed.
        let Some(org) = orgs::by_code_in(&app.db, &caller.scope, code).await? else {
            return Err(AppError::new(
                ErrorKind::NotFound,
                "not_found",
                format!("找不到组织代码「{code}」，或该组织不在您的管理范围内"),
            ));
        };
        if org.id != user.org_id {
            fields.push(Field::Org(org.id));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    if let Some(active) = changes.active {
        if active != user.active {
            fields.push(Field::Active(active));
        }
    }
    Ok(fields)
}

/// Gives a user a new one-time password, returned to be shown once: they must change it at
/// their next sign-in, and every session they have ends now.
pub async fn reset_password(app: &App, caller: &Caller, id: i64) -> AppResult<(User, String)> {
    caller.require_write(Area::Users)?;
    let user = users::get_in(&app.db, &caller.scope, id).await?;
    reset(app, caller, user).await
}

/// [`reset_password`] for a user named by username (the command line).
pub async fn reset_password_by_username(
    app: &App,
    caller: &Caller,
    username: &str,
) -> AppResult<(User, String)> {
    caller.require_write(Area::Users)?;
    let user = by_username(app, caller, username).await?;
    reset(app, caller, user).await
}

async fn reset(app: &App, caller: &Caller, user: User) -> AppResult<(User, String)> {
    if user.id == caller.user_id {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "cannot_reset_self",
            "不能重置自己的密码；请在「修改密码」页面修改",
        ));
    }
    let password = auth::generate_password();
    super::accounts::replace_password(app, caller, &user, password.clone(), true, "password_reset")
        .await?;
    let user = users::get(&app.db, user.id).await?;
    Ok((user, password))
}

/// The caller's own live sign-ins, newest first, the one making this request marked.
pub async fn own_sessions(
    app: &App,
    caller: &Caller,
    current_session: i64,
) -> AppResult<Vec<OwnSession>> {
    let mut list = sessions::live_for_user(&app.db, caller.user_id, Utc::now()).await?;
    for s in &mut list {
        s.current = s.id == current_session;
    }
    Ok(list)
}

/// Ends one of the caller's own sessions or tokens; anyone else's is not found (404).
pub async fn revoke_own_session(app: &App, caller: &Caller, session_id: i64) -> AppResult<()> {
    let mut tx = app.db.begin().await?;
    if !sessions::revoke_own(&mut tx, caller.user_id, session_id).await? {
        return Err(AppError::not_found());
    }
    audit::record(
        &mut tx,
        &caller.actor(),
        Change::new("session_revoked", "session", session_id).org(caller.org_id),
    )
    .await?;
    tx.commit().await?;
    app.sessions.forget_all();
    Ok(())
}
