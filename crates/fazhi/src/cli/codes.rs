//! `fazhi codes …`: the code lists (dispute types, sources, themes …), their local codes and
//! aliases, as the operator (the whole database) sees and changes them.

use anyhow::bail;
use clap::Subcommand;

use crate::app::App;
use crate::service::{code_lists, Caller};
use crate::storage::orgs;

#[derive(Subcommand, Debug)]
pub enum CodesCommand {
    /// 列出代码表：每行一个代码（名称、代码、来源、状态、别名）。LIST：dispute-types、
    /// dispute-sources、consultation-categories、consultation-handling、publicity-themes、
    /// publicity-forms、venue-types、campaigns、study-forms
    List {
        list: String,
        /// 按该组织所见列出（含其上级和本级添加的代码）；不填则只列全国代码
        #[arg(long)]
        org: Option<String>,
    },
    /// 添加代码：不填 --org 为全国代码，填写则只在该组织及其下级可见
    Add {
        list: String,
        name: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// 添加别名，例如 fazhi codes alias dispute-types 婚姻纠纷 婚姻家庭纠纷
    Alias {
        list: String,
        alias: String,
        name: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// 停用代码：新记录不能再用，已有记录保留
    Deactivate {
        list: String,
        name: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// 重新启用已停用的代码
    Reactivate {
        list: String,
        name: String,
        #[arg(long)]
        org: Option<String>,
    },
}

/// The `--org` code, checked to exist (the operator sees every organisation).
async fn org_flag(app: &App, org: Option<&str>) -> anyhow::Result<()> {
    if let Some(code) = org {
        if orgs::by_code(&app.db, code.trim()).await?.is_none() {
            bail!("找不到组织「{code}」，请用 fazhi org list 查看组织代码");
        }
    }
    Ok(())
}

pub async fn run(app: &App, cmd: CodesCommand) -> anyhow::Result<()> {
    let op = Caller::operator();
    match cmd {
        CodesCommand::List { list, org } => {
            let list = code_lists::list_name(&list)?;
            org_flag(app, org.as_deref()).await?;
            let view = code_lists::view(app, &op, list, org.as_deref()).await?;
            for c in &view.codes {
                let aliases: Vec<&str> = view
                    .aliases
                    .iter()
                    .filter(|a| a.name == c.name)
                    .map(|a| a.alias.as_str())
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    c.name,
                    c.code.as_deref().unwrap_or("-"),
                    c.org_name.as_deref().unwrap_or("全国"),
                    if c.active { "启用" } else { "停用" },
                    if aliases.is_empty() {
                        String::new()
                    } else {
                        format!("别名：{}", aliases.join("、"))
                    }
                );
            }
        }
        CodesCommand::Add { list, name, org } => {
            let list = code_lists::list_name(&list)?;
            org_flag(app, org.as_deref()).await?;
            let row = code_lists::add_code(app, &op, list, &name, org.as_deref()).await?;
            println!(
                "已添加{}：{}（{}）",
                list.label(),
                row.name,
                row.org_name.as_deref().unwrap_or("全国")
            );
        }
        CodesCommand::Alias {
            list,
            alias,
            name,
            org,
        } => {
            let list = code_lists::list_name(&list)?;
            org_flag(app, org.as_deref()).await?;
            let row = code_lists::add_alias(app, &op, list, &alias, &name, org.as_deref()).await?;
            println!(
                "已添加别名：{} → {}（{}）",
                row.alias,
                row.name,
                row.org_name.as_deref().unwrap_or("全国")
            );
        }
        CodesCommand::Deactivate { list, name, org } => {
            switch(app, &op, &list, &name, org.as_deref(), false).await?;
        }
        CodesCommand::Reactivate { list, name, org } => {
            switch(app, &op, &list, &name, org.as_deref(), true).await?;
        }
    }
    Ok(())
}

async fn switch(
    app: &App,
    op: &Caller,
    list: &str,
    name: &str,
    org: Option<&str>,
    active: bool,
) -> anyhow::Result<()> {
    let list = code_lists::list_name(list)?;
    org_flag(app, org).await?;
    let view = code_lists::view(app, op, list, org).await?;
    // The organisation's own code of that name, else the national one.
    let want = view.org.as_deref();
    let Some(code) = view
        .codes
        .iter()
        .filter(|c| c.name == name.trim())
        .max_by_key(|c| c.org_id.is_some() && want.is_some())
    else {
        bail!(
            "{}中没有「{}」，请用 fazhi codes list {} 查看",
            list.label(),
            name.trim(),
            list.code()
        );
    };
    let row = code_lists::set_active(app, op, list, code.id, active).await?;
    println!(
        "已{}{}：{}",
        if active { "启用" } else { "停用" },
        list.label(),
        row.name
    );
    Ok(())
}
