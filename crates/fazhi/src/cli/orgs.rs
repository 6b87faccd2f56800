//! `fazhi org rename|recode|move|deactivate|activate`: the operator's changes to an
//! organisation, through the same service as the pages and the API (audited). An organisation
//! is named by its code or a former code.

use anyhow::bail;

use crate::app::App;
use crate::service::orgs::{self as org_service, OrgChange, OrgDetail};
use crate::service::Caller;
use crate::storage::orgs;

/// Applies `change` to the organisation with `code` as the operator and prints `done`'s line.
async fn run(
    app: &App,
    code: &str,
    change: OrgChange,
    done: impl FnOnce(&OrgDetail) -> String,
) -> anyhow::Result<()> {
    let Some(org) = orgs::by_code(&app.db, code.trim()).await? else {
        bail!(
            "找不到组织代码「{}」；可用 fazhi org list 查看全部组织",
            code.trim()
        );
    };
    let d = org_service::change(app, &Caller::operator(), org.id, change).await?;
    println!("{}", done(&d));
    Ok(())
}

pub async fn rename(app: &App, code: &str, name: &str) -> anyhow::Result<()> {
    let change = OrgChange {
        name: Some(name.to_owned()),
        ..OrgChange::default()
    };
    run(app, code, change, |d| {
        format!("已更名：{} {}", d.org.code, d.org.name)
    })
    .await
}

pub async fn recode(app: &App, code: &str, new_code: &str) -> anyhow::Result<()> {
    let change = OrgChange {
        code: Some(new_code.to_owned()),
        ..OrgChange::default()
    };
    run(app, code, change, |d| {
        let former = d.former_codes.join("、");
        format!(
            "已改代码：{} {}（曾用代码：{former}）",
            d.org.code, d.org.name
        )
    })
    .await
}

pub async fn move_under(app: &App, code: &str, parent: &str) -> anyhow::Result<()> {
    let change = OrgChange {
        parent: Some(parent.to_owned()),
        ..OrgChange::default()
    };
    run(app, code, change, |d| {
        let parent = d.parent_name.as_deref().unwrap_or_default();
        format!("已迁移：{} {} 现属 {parent}", d.org.code, d.org.name)
    })
    .await
}

pub async fn set_active(app: &App, code: &str, active: bool) -> anyhow::Result<()> {
    let change = OrgChange {
        active: Some(active),
        ..OrgChange::default()
    };
    run(app, code, change, |d| {
        if active {
            format!("已启用：{} {}", d.org.code, d.org.name)
        } else {
            format!(
                "已停用：{} {}（不能再登记新记录；已有记录保留并照常统计）",
                d.org.code, d.org.name
            )
        }
    })
    .await
}
