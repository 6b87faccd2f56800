//! `fazhi calendar …`: ask the working-day calendar, count working days, load new data.

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::app::App;
use crate::service::{calendar as calendar_service, Caller};

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// 每个日期输出一行："日期 workday" 或 "日期 restday [名称]"
    IsWorkday {
        #[arg(required = true)]
        dates: Vec<String>,
        /// 按地区叠加层计算，例如 新疆
        #[arg(long)]
        region: Option<String>,
    },
    /// 输出 DATE 之后第 N 个工作日（DATE 当日不计）
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long)]
        region: Option<String>,
    },
    /// 载入一年的官方节假日安排或地区叠加文件（格式见 docs/calendar.md）
    Load { file: PathBuf },
}

fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    fazhi_ledger::parse_date(s).map_err(|m| anyhow::anyhow!("「{s}」{m}"))
}

pub async fn run(app: &App, cmd: CalendarCommand) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::IsWorkday { dates, region } => {
            let cal = app.calendar.current().for_region(region.as_deref());
            for d in dates {
                let date = parse_date(&d)?;
                let info = cal.day(date);
                if info.workday {
                    println!("{date} workday");
                } else {
                    println!("{date} restday {}", info.reason);
                }
                if !info.known {
                    eprintln!(
                        "注意：{}年的节假日安排尚未载入，以上按周末推算，仅供参考",
                        date.format("%Y")
                    );
                }
            }
            Ok(())
        }
        CalendarCommand::AddWorkdays { date, n, region } => {
            let cal = app.calendar.current().for_region(region.as_deref());
            let counted = cal.add_workdays(parse_date(&date)?, n);
            println!("{}", counted.date);
            if counted.provisional {
                eprintln!("注意：推算跨入节假日安排尚未公布的年份，结果仅供参考");
            }
            Ok(())
        }
        CalendarCommand::Load { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| {
                format!("无法读取文件 {}（须为 UTF-8 编码的 CSV）", file.display())
            })?;
            let outcome = match calendar_service::load_file(app, &Caller::operator(), &text).await {
                Ok(o) => o,
                Err(e) => bail!("日历文件有误，未载入：{e}"),
            };
            let years: Vec<String> = outcome.years.iter().map(i32::to_string).collect();
            println!(
                "已载入{}日历（覆盖年份：{}）",
                outcome.region.as_deref().unwrap_or("全国"),
                if years.is_empty() {
                    "无完整年份".to_owned()
                } else {
                    years.join("、")
                }
            );
            println!("{} 个进行中的期限到期日发生变化", outcome.moved.len());
            for m in &outcome.moved {
                println!(
                    "  {}（{}）：{} → {}",
                    m.label, m.rule_code, m.old_due, m.new_due
                );
            }
            Ok(())
        }
    }
}
