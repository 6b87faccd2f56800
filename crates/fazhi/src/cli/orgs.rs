//! `fazhi org rename|recode|move|deactivate|activate`: the operator's changes to an
//! organisation, through the same service as the pages and the API (audited). An organisation
//! is named by its code or a former code.

use anyhow::bail;

use crate::app::App;
use crate::service::orgs::{self as org_service, OrgChange};
use crate::service::Caller;
use crate::storage::orgs;

async fn change(
    app: &App,
    code: &str,
    change: OrgChange,
) -> anyhow::Result<org_service::OrgDetail> {
    let Some(org) = orgs::by_code(&app.db, code.trim()).await? else {
        bail!(
            "找不到组织代码「{}」；可用 fazhi org list 查看全部组织",
            code.trim()
        );
    };
    Ok(org_service::change(app, &Caller::operator(), org.id, change).await?)
}

pub async fn rename(app: &App, code: &str, name: &str) -> anyhow::Result<()> {
    let d = change(
        app,
        code,
        OrgChange {
            name: Some(name.to_owned()),
            ..OrgChange::default()
        },
    )
    .await?;
    println!("已更名：{} {}", d.org.code, d.org.name);
    Ok(())
}

pub async fn recode(app: &App, code: &str, new_code: &str) -> anyhow::Result<()> {
    let d = change(
        app,
        code,
        OrgChange {
            code: Some(new_code.to_owned()),
            ..OrgChange::default()
        },
    )
    .await?;
    println!(
        "已改代码：{} {}（曾用代码：{}）",
        d.org.code,
        d.org.name,
        d.former_codes.join("、")
    );
    Ok(())
}

pub async fn move_under(app: &App, code: &str, parent: &str) -> anyhow::Result<()> {
    let d = change(
        app,
        code,
        OrgChange {
            parent: Some(parent.to_owned()),
            ..OrgChange::default()
        },
    )
    .await?;
    println!(
        "已迁移：{} {} 现属 {}",
        d.org.code,
        d.org.name,
        d.parent_name.unwrap_or_default()
    );
    Ok(())
}

pub async fn set_active(app: &App, code: &str, active: bool) -> anyhow::Result<()> {
    let d = change(
        app,
        code,
        OrgChange {
            active: Some(active),
            ..OrgChange::default()
        },
    )
    .await?;
    if active {
        println!("已启用：{} {}", d.org.code, d.org.name);
    } else {
        println!(
            "已停用：{} {}（不能再登记新记录；已有记录保留并照常统计）",
            d.org.code, d.org.name
        );
    }
    Ok(())
}
