//! `fazhi evidence`: a figure's or an assessment indicator's evidence pack (issue #19 item 7)
//! written to a file, with a progress line after every page of records.

use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Args;

use crate::app::SharedApp;
use crate::service::evidence;
use crate::service::Caller;

#[derive(Args, Debug)]
pub struct EvidenceArgs {
    /// 单位代码（乡镇或村）
    #[arg(long)]
    org: String,
    #[arg(long)]
    year: i32,
    /// 数字的键（disputes、village_level、consultations……）；不填则为整份年度报告的全部记录
    #[arg(long, conflicts_with = "indicator")]
    figure: Option<String>,
    /// 考核指标编号（如 1.2）：该乡镇自评中此项指标的佐证链接所指的记录；--org 为乡镇代码
    #[arg(long)]
    indicator: Option<String>,
    /// 输出的 ZIP 文件
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub async fn run(app: SharedApp, a: EvidenceArgs) -> anyhow::Result<()> {
    let caller = Caller::operator();
    let plan = match a.indicator.as_deref() {
        Some(code) => {
            crate::registers::assessments::service::evidence_plan(
                &app,
                &caller,
                Some(&a.org),
                a.year,
                code,
            )
            .await
        }
        None => evidence::plan(&app, &caller, Some(&a.org), a.year, a.figure.as_deref()).await,
    }
    .map_err(|e| anyhow!("{e}"))?;
    let file = std::fs::File::create(&a.output)
        .with_context(|| format!("无法写入 {}", a.output.display()))?;
    eprintln!("证据包：{}，共 {} 条记录", plan.file_name(), plan.records);
    let rt = tokio::runtime::Handle::current();
    let out = a.output.clone();
    tokio::task::spawn_blocking(move || {
        evidence::write(&app, &rt, &plan, BufWriter::new(file), &mut |p| {
            eprintln!("已写入 {}/{} 条记录，{} 个附件", p.records, p.of, p.files);
        })
    })
    .await?
    .map_err(|e| anyhow!("{e}"))?;
    eprintln!("已生成：{}", out.display());
    Ok(())
}
