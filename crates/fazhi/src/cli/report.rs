//! `fazhi report annual` and `fazhi report disclosure`: the yearly reports as files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Subcommand;

use crate::app::App;
use crate::service::report::{self, Format};
use crate::service::Caller;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// 法治政府建设年度报告
    Annual {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        /// md | html | docx
        #[arg(long, default_value = "md")]
        format: String,
        /// 输出文件（默认：md/html 输出到屏幕，docx 写入以单位和年度命名的文件）
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// 政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）
    Disclosure {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
        /// md | html | docx
        #[arg(long, default_value = "md")]
        format: String,
        /// 输出文件（默认：md/html 输出到屏幕，docx 写入以单位和年度命名的文件）
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

pub async fn run(app: &App, cmd: ReportCommand) -> anyhow::Result<()> {
    let (disclosure, org, year, format, output) = match cmd {
        ReportCommand::Annual {
            org,
            year,
            format,
            output,
        } => (false, org, year, format, output),
        ReportCommand::Disclosure {
            org,
            year,
            format,
            output,
        } => (true, org, year, format, output),
    };
    let format = Format::parse(&format).ok_or_else(|| anyhow!("格式只能是 md、html 或 docx"))?;
    let org = report::report_org(app, &Caller::operator(), Some(&org))
        .await
        .map_err(|_| anyhow!("找不到组织代码「{org}」，可用 fazhi org list 查看"))?;
    let rendered = if disclosure {
        crate::registers::disclosure::report::render(app, &org, year, format).await?
    } else {
        report::render(app, &org, year, format).await?
    };
    match (output, format) {
        (Some(path), _) => {
            std::fs::write(&path, &rendered.bytes)
                .with_context(|| format!("无法写入 {}", path.display()))?;
            eprintln!("已生成：{}", path.display());
        }
        (None, Format::Docx) => {
            std::fs::write(&rendered.file_name, &rendered.bytes)
                .with_context(|| format!("无法写入 {}", rendered.file_name))?;
            eprintln!("已生成：{}", rendered.file_name);
        }
        (None, _) => std::io::stdout().write_all(&rendered.bytes)?,
    }
    Ok(())
}
