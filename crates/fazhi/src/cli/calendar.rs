//! `fazhi calendar …`: ask the working-day calendar, count working days, load new data.

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use fazhi_domain::calendar::Calendar;

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
        /// 国务院办公厅通知尚未公布的年份，按法定节假日和周末预估（否则报错退出）
        #[arg(long)]
        provisional: bool,
    },
    /// 输出 DATE 之后第 N 个工作日（DATE 当日不计）
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long)]
        region: Option<String>,
        /// 推算跨入通知尚未公布的年份时，按法定节假日和周末预估（否则报错退出）
        #[arg(long)]
        provisional: bool,
    },
    /// 载入一年的官方节假日安排或地区叠加文件（格式见 docs/calendar.md）
    Load { file: PathBuf },
}

fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    fazhi_ledger::parse_date(s).map_err(|m| anyhow::anyhow!("「{s}」{m}"))
}

/// Issue #3's promise: an answer resting on a year without a State Council notice is given
/// only when asked for an estimate (`--provisional`); otherwise the command fails.
fn require_announced(years: &[i32], provisional: bool) -> anyhow::Result<()> {
    if years.is_empty() {
        return Ok(());
    }
    let years = years
        .iter()
        .map(|y| format!("{y}年"))
        .collect::<Vec<_>>()
        .join("、");
    if provisional {
        eprintln!(
            "注意：{years}调休安排未公布（国务院办公厅通知尚未载入），以上按法定节假日和周末推算，为预估结果"
        );
        Ok(())
    } else {
        bail!(
            "{years}的节假日安排（国务院办公厅通知）尚未载入，调休未知，无法确定；\
             如需按法定节假日和周末预估，请加 --provisional"
        )
    }
}

fn print_regional_notes(cal: &Calendar, from: i32, to: i32) {
    for note in (from..=to).filter_map(|y| cal.regional_note(y)) {
        eprintln!("注意：{note}");
    }
}

pub async fn run(app: &App, cmd: CalendarCommand) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::IsWorkday {
            dates,
            region,
            provisional,
        } => {
            let cal = app.calendar.current().for_region(region.as_deref());
            let dates = dates
                .iter()
                .map(|d| parse_date(d))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let mut unannounced: Vec<i32> = dates
                .iter()
                .map(|d| d.year())
                .filter(|&y| !cal.national_known(y))
                .collect();
            unannounced.dedup();
            if !provisional {
                require_announced(&unannounced, false)?;
            }
            for &date in &dates {
                let info = cal.day(date);
                if info.workday {
                    println!("{date} workday");
                } else {
                    println!("{date} restday {}", info.reason);
                }
                if let Some(note) = info.regional_note {
                    eprintln!("注意：{note}");
                }
            }
            require_announced(&unannounced, provisional)
        }
        CalendarCommand::AddWorkdays {
            date,
            n,
            region,
            provisional,
        } => {
            let cal = app.calendar.current().for_region(region.as_deref());
            let start = parse_date(&date)?;
            let counted = cal.add_workdays(start, n);
            let (a, b) = (start.year(), counted.date.year());
            let unannounced: Vec<i32> = (a..=b).filter(|&y| !cal.national_known(y)).collect();
            if !provisional {
                require_announced(&unannounced, false)?;
            }
            println!("{}", counted.date);
            print_regional_notes(&cal, a, b);
            require_announced(&unannounced, provisional)
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
