//! Administrative commands: organisations, users, backup, audit.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};

use crate::app::App;
use crate::config::AttachmentStore;
use crate::config::Config;
use crate::service::user_admin::{self, UserChanges};
use crate::service::{accounts, orgs as org_service, Caller};
use crate::storage;
use crate::storage::audit::{self, Verification};
use crate::storage::blobs::{self, Blobs};
use crate::storage::{backup, orgs, Scope};

pub async fn org_add(
    app: &App,
    code: &str,
    name: &str,
    kind: &str,
    parent: Option<&str>,
    region: Option<&str>,
) -> anyhow::Result<()> {
    let org = org_service::create_org(
        app,
        &Caller::operator(),
        org_service::NewOrgInput {
            code,
            name,
            kind,
            parent_code: parent,
            region,
        },
    )
    .await?;
    println!(
        "已添加组织：{} {}（{}）",
        org.code,
        org.name,
        org.kind_label()
    );
    Ok(())
}

pub async fn org_list(app: &App) -> anyhow::Result<()> {
    for org in orgs::list(&app.db, &Scope::everything()).await? {
        let indent = "  ".repeat(org.depth().saturating_sub(1));
        let state = if org.active { "" } else { "\t已停用" };
        println!(
            "{indent}{}\t{}\t{}{state}",
            org.code,
            org.name,
            org.kind_label()
        );
    }
    Ok(())
}

pub async fn user_add(
    app: &App,
    username: &str,
    role: &str,
    org: &str,
    display_name: Option<&str>,
) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("无法从标准输入读取密码")?;
    let password = password.trim_end_matches(['\r', '\n']);
    let user = accounts::create_user(
        app,
        &Caller::operator(),
        accounts::NewUserInput {
            username,
            display_name: display_name.unwrap_or(""),
            role,
            org_code: org,
            password,
        },
    )
    .await?;
    println!("已添加用户：{}（{}）", user.username, user.role().label());
    Ok(())
}

/// One change `fazhi user …` makes to an account.
#[derive(Clone, Copy)]
pub enum UserEdit<'a> {
    Active(bool),
    Role(&'a str),
    Org(&'a str),
    Name(&'a str),
}

pub async fn user_change(app: &App, username: &str, edit: UserEdit<'_>) -> anyhow::Result<()> {
    let changes = match edit {
        UserEdit::Active(v) => UserChanges {
            active: Some(v),
            ..Default::default()
        },
        UserEdit::Role(r) => UserChanges {
            role: Some(r),
            ..Default::default()
        },
        UserEdit::Org(o) => UserChanges {
            org: Some(o),
            ..Default::default()
        },
        UserEdit::Name(n) => UserChanges {
            display_name: Some(n),
            ..Default::default()
        },
    };
    let u = user_admin::update_by_username(app, &Caller::operator(), username, changes).await?;
    let what = match edit {
        UserEdit::Active(false) => "已停用（原有登录和 API 令牌已全部失效）".to_owned(),
        UserEdit::Active(true) => "已启用".to_owned(),
        UserEdit::Role(_) => format!("角色现为{}", u.role_label()),
        UserEdit::Org(_) => format!("现属{}（{}）", u.org_name, u.org_code),
        UserEdit::Name(_) => format!("姓名现为{}", u.display_name),
    };
    println!("用户 {}：{what}", u.username);
    Ok(())
}

pub async fn user_reset_password(app: &App, username: &str) -> anyhow::Result<()> {
    let (user, password) =
        user_admin::reset_password_by_username(app, &Caller::operator(), username).await?;
    println!(
        "已重置用户 {}（{}）的密码，原有登录已全部失效。",
        user.username, user.display_name
    );
    println!("一次性密码：{password}");
    println!("此密码只显示这一次；该用户用它登录后须立即设置新密码。");
    Ok(())
}

pub async fn backup(app: &App, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!(
            "文件 {} 已存在；请换一个文件名，以免覆盖旧备份",
            file.display()
        );
    }
    let store = Blobs::of(&app.config.attachments, &app.db);
    let manifest = backup::archive(&app.db, &store, file).await?;
    println!(
        "已写出备份：{}（数据库和 {} 个附件）",
        file.display(),
        manifest.attachments
    );
    match &manifest.audit_head {
        Some(h) => println!(
            "审计链头：第 {} 条记录（共 {} 条），哈希 {}；请与备份分开保存这一行",
            h.last_id, h.entries, h.hash
        ),
        None => println!("审计日志为空"),
    }
    Ok(())
}

/// Unpacks a backup into the data directory (which must have no database yet) and sets the
/// audit anchor to the head the backup recorded. The audit key is not in the backup: it must
/// already be there (the old `audit.key` copied in, or `FAZHI_AUDIT_KEY`). The attachments end
/// up in the configured store, whichever store the backup was taken from.
pub async fn restore(config: Config, archive: &Path) -> anyhow::Result<()> {
    let Some(db_file) = config
        .database_url
        .strip_prefix("sqlite://")
        .or(config.database_url.strip_prefix("sqlite:"))
    else {
        bail!("PostgreSQL 部署请用 pg_restore 恢复数据库（附件存于数据库时随之恢复；存于目录时须把该目录复制回去），见 docs/operations.md");
    };
    let env_key = std::env::var("FAZHI_AUDIT_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    if env_key.is_none() && !config.audit_key_file().exists() {
        bail!(
            "找不到审计密钥：请先把原系统的 audit.key 复制到 {}，或设置 FAZHI_AUDIT_KEY；否则恢复后的审计日志无法校验",
            config.data_dir.display()
        );
    }
    storage::files::create_private_dir(&config.data_dir)
        .with_context(|| format!("无法创建数据目录 {}", config.data_dir.display()))?;
    // Archived files go straight into a directory store; for the database store they are
    // unpacked beside it first and then copied in.
    let unpack_to = match &config.attachments {
        AttachmentStore::Dir(dir) => dir.clone(),
        AttachmentStore::Database => config.data_dir.join("attachments.restoring"),
    };
    let manifest = backup::restore(archive, Path::new(db_file), &unpack_to)?;
    let seal = audit::Seal::load(
        &config.audit_key_file(),
        env_key.as_deref(),
        config.audit_anchor_file(),
    )?;
    seal.reset_anchor(manifest.audit_head.as_ref())?;
    let into_database = config.attachments == AttachmentStore::Database;
    if manifest.attachments > 0 && into_database != manifest.attachments_in_database {
        let app = App::open(config.clone()).await?;
        let from = if into_database {
            Blobs::Dir(&unpack_to)
        } else {
            Blobs::Database(&app.db)
        };
        let to = Blobs::of(&config.attachments, &app.db);
        blobs::copy_all(&from, &to, &app.db, &mut |_| {}).await?;
        app.db.close().await;
    }
    if into_database {
        let _ = std::fs::remove_dir_all(&unpack_to);
    }
    println!(
        "已从 {} 恢复数据库和 {} 个附件（备份于 {}；附件存储：{}）",
        archive.display(),
        manifest.attachments,
        crate::clock::beijing_seconds(manifest.created_at) + " 北京时间",
        config.attachments
    );
    println!("请运行 fazhi audit verify 校验审计日志");
    Ok(())
}

pub async fn audit_verify(app: &App) -> anyhow::Result<()> {
    match audit::verify(&app.db).await? {
        Verification::Intact { entries, anchored } => {
            println!("审计日志完整：共 {entries} 条记录，密钥哈希链无断裂");
            if anchored {
                println!("与数据库外的审计锚点一致（{}）", anchor_file(app));
            } else {
                println!(
                    "注意：没有审计锚点文件（{}），无法发现末尾记录被删除；写入任一记录后会自动生成",
                    anchor_file(app)
                );
            }
            if let Some(head) = audit::head(&app.db).await? {
                println!(
                    "链头：第 {} 条记录（共 {} 条），哈希 {}",
                    head.last_id, head.entries, head.hash
                );
            }
            Ok(())
        }
        Verification::Broken { entry_id, reason } => {
            bail!("审计日志第 {entry_id} 条记录校验失败：{reason}")
        }
    }
}

fn anchor_file(app: &App) -> String {
    app.db
        .seal()
        .anchor_path()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

pub async fn demo_load(app: &App) -> anyhow::Result<()> {
    if crate::service::demo::load(app).await? {
        println!("已载入演示乡镇：乌苏市 › 西大沟镇（2023 年全年、2024 年 1–10 月）");
    } else {
        println!("演示数据已经载入过，未重复载入");
    }
    print_demo_users();
    Ok(())
}

pub fn print_demo_users() {
    println!("演示账户（仅供体验，请勿用于正式数据）：");
    for (username, role, _, name, password) in crate::service::demo::USERS {
        println!("  {username:<10} 密码 {password:<20} {name}（{role}）");
    }
}
