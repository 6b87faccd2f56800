//! The command line (PRODUCT §8.1). Exit status: 0 success, 1 failure with a Chinese message
//! saying what to do, 2 wrong usage (clap's own).

mod admin;
mod attachments;
mod calendar;
mod codes;
mod evidence;
mod ledger;
mod orgs;
mod report;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{App, SharedApp};
use crate::config::{AttachmentStore, Config};

#[derive(Parser, Debug)]
#[command(
    name = "fazhi",
    version,
    about = "法治：乡镇法治政府建设工作台账、期限与年度报告"
)]
pub struct Cli {
    /// 数据库地址：sqlite://文件 或 postgres://…（默认：数据目录中的 SQLite 文件）
    #[arg(long, global = true, env = "FAZHI_DATABASE_URL")]
    database: Option<String>,
    /// 数据目录（默认 ./fazhi-data）
    #[arg(
        long,
        global = true,
        env = "FAZHI_DATA_DIR",
        default_value = "./fazhi-data"
    )]
    data_dir: PathBuf,
    /// 附件存储：database（存于数据库，各服务器共用；PostgreSQL 的默认）或 dir:目录
    /// （SQLite 的默认为数据目录下的 attachments）
    #[arg(long, global = true, env = "FAZHI_ATTACHMENTS", value_parser = AttachmentStore::parse)]
    attachments: Option<AttachmentStore>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 迁移数据库后启动网站、公众门户和 API
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// 首次启动时载入演示数据（西大沟镇 2023 年）
        #[arg(long)]
        demo: bool,
        /// 可信反向代理的 IP 地址（可多个，逗号分隔）：只有来自这些地址的请求才按
        /// X-Forwarded-For 识别客户端地址
        #[arg(long, env = "FAZHI_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<std::net::IpAddr>,
    },
    /// 只执行数据库迁移
    Migrate,
    /// 演示数据
    #[command(subcommand)]
    Demo(DemoCommand),
    /// 组织管理
    #[command(subcommand)]
    Org(OrgCommand),
    /// 用户管理
    #[command(subcommand)]
    User(UserCommand),
    /// 在服务运行时写出一个备份文件（ZIP）：一致的 SQLite 数据库副本和全部附件
    Backup { file: PathBuf },
    /// 附件存储：在数据库和目录之间迁移
    #[command(subcommand)]
    Attachments(attachments::AttachmentsCommand),
    /// 把备份文件恢复到（尚无数据库的）数据目录：数据库、附件和审计锚点
    Restore { file: PathBuf },
    /// 审计日志
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 代码表（纠纷类型、来源、普法主题……）：列出，添加本地代码和别名，停用和启用
    #[command(subcommand)]
    Codes(codes::CodesCommand),
    /// 工作日日历：查询、推算、载入新一年的节假日安排或地区叠加
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// 生成报告
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// 导入台账：逐行校验，全部无误才导入，有误则列出每一行的问题且不导入
    Import(ledger::ImportArgs),
    /// 导出台账为 CSV 或 Excel
    Export(ledger::ExportArgs),
    /// 生成空白台账模板（含表头和填写说明）
    Template(ledger::TemplateArgs),
    /// 导出证据包（ZIP）：某个数字（或整份年度报告）计入的记录清单（XLSX）及其附件
    Evidence(evidence::EvidenceArgs),
}

#[derive(Subcommand, Debug)]
enum DemoCommand {
    /// 载入演示乡镇（西大沟镇 2023 年数据，与工作总结中的数字一致）
    Load,
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    /// 添加组织
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// county | town | village | committee
        #[arg(long)]
        kind: String,
        #[arg(long)]
        parent: Option<String>,
        /// 地区假日叠加层，例如 xinjiang
        #[arg(long)]
        region: Option<String>,
    },
    /// 列出全部组织
    List,
    /// 组织更名：fazhi org rename CODE 新名称
    Rename {
        /// 组织代码（或曾用代码）
        code: String,
        /// 新名称
        name: String,
    },
    /// 更改组织代码；原代码作为曾用代码继续有效（导入、筛选、命令行）
    Recode {
        /// 组织代码（或曾用代码）
        code: String,
        /// 新代码
        new_code: String,
    },
    /// 把组织连同其下级组织和全部记录迁移到另一个上级之下
    Move {
        /// 组织代码（或曾用代码）
        code: String,
        /// 新上级组织代码
        #[arg(long)]
        parent: String,
    },
    /// 停用组织：不能再登记新记录，已有记录保留并照常统计
    Deactivate {
        /// 组织代码（或曾用代码）
        code: String,
    },
    /// 重新启用已停用的组织
    Activate {
        /// 组织代码（或曾用代码）
        code: String,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// 添加用户（密码从标准输入读取）
    Add {
        #[arg(long)]
        username: String,
        /// admin | leader | staff | mediator | adviser | enforcer | viewer
        #[arg(long)]
        role: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// 停用用户：立即不能登录，原有登录和 API 令牌全部失效（记录保留）
    Disable { username: String },
    /// 重新启用已停用的用户
    Enable { username: String },
    /// 重置密码：打印一次性密码，用户下次登录须修改；原有登录全部失效
    ResetPassword { username: String },
    /// 修改角色：admin | leader | staff | mediator | adviser | enforcer | viewer
    SetRole { username: String, role: String },
    /// 调往另一组织
    Move {
        username: String,
        /// 新组织的代码
        #[arg(long)]
        org: String,
    },
    /// 修改姓名（显示名称），例如 fazhi user rename zhangsan 张三
    Rename { username: String, name: String },
}

async fn run_user(app: &App, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            role,
            org,
            display_name,
        } => admin::user_add(app, &username, &role, &org, display_name.as_deref()).await,
        UserCommand::ResetPassword { username } => admin::user_reset_password(app, &username).await,
        UserCommand::Disable { username } => {
            admin::user_change(app, &username, admin::UserEdit::Active(false)).await
        }
        UserCommand::Enable { username } => {
            admin::user_change(app, &username, admin::UserEdit::Active(true)).await
        }
        UserCommand::SetRole { username, role } => {
            admin::user_change(app, &username, admin::UserEdit::Role(&role)).await
        }
        UserCommand::Move { username, org } => {
            admin::user_change(app, &username, admin::UserEdit::Org(&org)).await
        }
        UserCommand::Rename { username, name } => {
            admin::user_change(app, &username, admin::UserEdit::Name(&name)).await
        }
    }
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// 校验审计日志哈希链是否完整
    Verify,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(1)
        }
    }
}

/// The configuration the command line names: `--database`, `--data-dir`, `--attachments`.
fn config(cli: &Cli) -> Config {
    let mut config = Config::new(&cli.data_dir, cli.database.as_deref());
    if let Some(store) = &cli.attachments {
        config.attachments = store.clone();
    }
    config
}

async fn open(cli: &Cli) -> anyhow::Result<SharedApp> {
    let mut config = config(cli);
    if let Command::Serve { trusted_proxy, .. } = &cli.command {
        config.trusted_proxies = trusted_proxy.clone();
    }
    Ok(App::open(config).await?)
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Restore runs before the database is opened (opening would create an empty one).
    if let Command::Restore { file } = &cli.command {
        return admin::restore(config(&cli), file).await;
    }
    let app = open(&cli).await?;
    match cli.command {
        Command::Serve { bind, demo, .. } => serve::serve(app, &bind, demo).await,
        Command::Demo(DemoCommand::Load) => admin::demo_load(&app).await,
        Command::Migrate => {
            println!("数据库已迁移到最新版本");
            Ok(())
        }
        Command::Org(OrgCommand::Add {
            code,
            name,
            kind,
            parent,
            region,
        }) => {
            admin::org_add(
                &app,
                &code,
                &name,
                &kind,
                parent.as_deref(),
                region.as_deref(),
            )
            .await
        }
        Command::Org(OrgCommand::List) => admin::org_list(&app).await,
        Command::Org(OrgCommand::Rename { code, name }) => orgs::rename(&app, &code, &name).await,
        Command::Org(OrgCommand::Recode { code, new_code }) => {
            orgs::recode(&app, &code, &new_code).await
        }
        Command::Org(OrgCommand::Move { code, parent }) => {
            orgs::move_under(&app, &code, &parent).await
        }
        Command::Org(OrgCommand::Deactivate { code }) => orgs::set_active(&app, &code, false).await,
        Command::Org(OrgCommand::Activate { code }) => orgs::set_active(&app, &code, true).await,
        Command::User(cmd) => run_user(&app, cmd).await,
        Command::Backup { file } => admin::backup(&app, &file).await,
        Command::Attachments(cmd) => attachments::run(&app, cmd).await,
        Command::Restore { .. } => unreachable!("handled before opening the database"),
        Command::Audit(AuditCommand::Verify) => admin::audit_verify(&app).await,
        Command::Codes(cmd) => codes::run(&app, cmd).await,
        Command::Calendar(cmd) => calendar::run(&app, cmd).await,
        Command::Report(cmd) => report::run(&app, cmd).await,
        Command::Import(a) => ledger::import(&app, a).await,
        Command::Export(a) => ledger::export(&app, a).await,
        Command::Template(a) => ledger::template(a),
        Command::Evidence(a) => evidence::run(app, a).await,
    }
}
