//! `fazhi attachments …`: moving the attachment contents of a deployment from one store to the
//! other (issue #20 item 6), so that an existing deployment can switch `--attachments`.

use anyhow::bail;
use clap::Subcommand;

use crate::app::App;
use crate::config::AttachmentStore;
use crate::storage::blobs::{self, Blobs};

#[derive(Subcommand, Debug)]
pub enum AttachmentsCommand {
    /// 把附件内容从当前存储（--attachments）复制到另一个存储，逐个校验 SHA-256；
    /// 可重复运行，已复制的不再复制。完成后请以新存储重新启动 fazhi
    Migrate {
        /// 目标存储：database 或 dir:目录路径
        #[arg(long, value_parser = AttachmentStore::parse)]
        to: AttachmentStore,
    },
}

pub async fn run(app: &App, cmd: AttachmentsCommand) -> anyhow::Result<()> {
    match cmd {
        AttachmentsCommand::Migrate { to } => migrate(app, &to).await,
    }
}

async fn migrate(app: &App, to: &AttachmentStore) -> anyhow::Result<()> {
    if *to == app.config.attachments {
        bail!("附件已存于 {to}，无需迁移；请用 --to 指定另一个存储");
    }
    let from = Blobs::of(&app.config.attachments, &app.db);
    let target = Blobs::of(to, &app.db);
    println!("正在把附件从 {} 复制到 {to}……", app.config.attachments);
    let mut shown = 0;
    let done = blobs::copy_all(&from, &target, &app.db, &mut |p| {
        let n = p.copied + p.already_there;
        if n >= shown + 500 {
            shown = n;
            println!("  已处理 {n} 个");
        }
    })
    .await?;
    println!(
        "已复制 {} 个附件，{} 个在 {to} 中已有",
        done.copied, done.already_there
    );
    let lacking = target.missing_of(&app.db).await?;
    if !lacking.is_empty() {
        bail!(
            "有 {} 个附件记录的内容在 {} 中就已缺失，未能复制（例如 {}）：请先从备份找回这些文件",
            lacking.len(),
            app.config.attachments,
            lacking[0]
        );
    }
    println!(
        "全部附件记录的内容都已在 {to} 中。请以 --attachments {to}（或环境变量 FAZHI_ATTACHMENTS={to}）重新启动每一台 fazhi 服务；确认下载正常后，可删除原存储中的附件"
    );
    Ok(())
}
