//! `fazhi import`, `fazhi export` and `fazhi template`: the registers' ledgers (PRODUCT §8.4).

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use fazhi_ledger::Format;

use crate::app::App;
use crate::service::Caller;
use crate::service::{ledger, words_queue};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// 台账名称：disputes（纠纷）、consultations（法律咨询）、legal-aid（法律援助）、publicity（普法活动）、study-sessions（学法）、law-exams（学法考试）、trainings（调解培训）或 normative-documents（行政规范性文件）
    ledger: String,
    /// .csv（UTF-8 或 GBK）或 .xlsx 文件
    file: PathBuf,
    /// 台账所属组织的代码（乡镇或村）
    #[arg(long)]
    org: String,
    /// 只校验，不导入
    #[arg(long)]
    dry_run: bool,
    /// 按在导入页面保存的台账格式（列对应）读取，如「本单位格式」；不填则用该组织最近保存的格式
    #[arg(long)]
    profile: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// 台账名称：disputes（纠纷）、consultations（法律咨询）、legal-aid（法律援助）、publicity（普法活动）、study-sessions（学法）、law-exams（学法考试）、trainings（调解培训）或 normative-documents（行政规范性文件）
    ledger: String,
    /// 组织代码（导出该组织及其下级的记录）
    #[arg(long)]
    org: String,
    /// 年度，例如 2024（不填导出全部）
    #[arg(long)]
    year: Option<i32>,
    /// csv 或 xlsx
    #[arg(long, default_value = "xlsx")]
    format: String,
    /// 输出文件
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// 台账名称：disputes（纠纷）、consultations（法律咨询）、legal-aid（法律援助）、publicity（普法活动）、study-sessions（学法）、law-exams（学法考试）、trainings（调解培训）或 normative-documents（行政规范性文件）
    ledger: String,
    /// csv 或 xlsx
    #[arg(long, default_value = "xlsx")]
    format: String,
    /// 输出文件（默认：台账名称.扩展名）
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

fn format(s: &str) -> anyhow::Result<Format> {
    match s.trim().to_ascii_lowercase().as_str() {
        "csv" => Ok(Format::Csv),
        "xlsx" => Ok(Format::Xlsx),
        other => bail!("不支持的格式「{other}」：请用 csv 或 xlsx"),
    }
}

pub async fn import(app: &App, a: ImportArgs) -> anyhow::Result<()> {
    let kind = ledger::parse_ledger(&a.ledger)?;
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("无法读取文件 {}", a.file.display()))?;
    let name = a.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let choice = match a.profile {
        Some(name) => ledger::ProfileChoice::Named(name),
        None => ledger::ProfileChoice::Latest,
    };
    let operator = Caller::operator();
    let import = ledger::import_with(
        app, &operator, kind, &a.org, name, bytes, a.dry_run, &choice,
    );
    // A large file says how far it has got, a line per tenth of its rows.
    let report = ledger::with_progress(
        |written, total| {
            eprintln!(
                "已写入 {written}/{total} 条（{}%）",
                written * 100 / total.max(1)
            )
        },
        import,
    )
    .await?;
    if let Some(profile) = &report.profile {
        println!("按台账格式「{profile}」读取表头");
    }
    for f in &report.imported_before {
        eprintln!(
            "注意：同一文件已于 {} 由 {} 导入到 {}（{} 条）",
            crate::clock::beijing(f.imported_at),
            f.imported_by_name,
            f.org_name,
            f.rows_imported
        );
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            eprintln!("{e}");
        }
        bail!(
            "共读取 {} 行，有 {} 处需要修改；文件未导入，请改正后重新导入",
            report.rows,
            report.errors.len()
        );
    }
    if a.dry_run {
        println!("校验通过：共 {} 条记录（--dry-run，未导入）", report.rows);
    } else {
        println!("已导入 {} 条记录", report.imported);
        // The import is committed and searchable; its cases' words enter the search index now
        // (service/words_queue.rs), which only makes searching them fast again.
        let indexed = words_queue::catch_up(&app.db).await?;
        if indexed > 0 {
            println!("检索索引已更新：{indexed} 件纠纷");
        }
    }
    Ok(())
}

pub async fn export(app: &App, a: ExportArgs) -> anyhow::Result<()> {
    let kind = ledger::parse_ledger(&a.ledger)?;
    let (_, bytes) = ledger::export(
        app,
        &Caller::operator(),
        kind,
        &a.org,
        a.year,
        format(&a.format)?,
    )
    .await?;
    std::fs::write(&a.output, bytes)
        .with_context(|| format!("无法写入文件 {}", a.output.display()))?;
    println!("已导出到 {}", a.output.display());
    Ok(())
}

pub fn template(a: TemplateArgs) -> anyhow::Result<()> {
    let kind = ledger::parse_ledger(&a.ledger)?;
    let format = format(&a.format)?;
    let bytes = ledger::template(kind, format)?;
    let output = a
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.{}", kind.spec().name, format.extension())));
    std::fs::write(&output, bytes).with_context(|| format!("无法写入文件 {}", output.display()))?;
    println!("已生成模板 {}", output.display());
    Ok(())
}
