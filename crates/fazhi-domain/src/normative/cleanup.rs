//! Clean-up campaigns of normative documents (行政规范性文件清理): a campaign looks at every
//! document in force when it starts and decides for each 继续有效, 修改, 废止 or 宣布失效 with
//! its reason; finishing it applies the results, and the lists of documents kept, to be amended
//! and repealed are published (国办发〔2018〕37号 "及时清理并向社会公布清理结果"; statutes.md §5.1,
//! §5.3). The rules here: what a result needs, when a campaign may be finished and published,
//! the year's figures and the report's sentence.

use chrono::NaiveDate;

use super::CleanupResult;
use crate::report::Figures;

/// The longest reason kept for one document's result.
pub const MAX_REASON: usize = 2_000;

/// Checks one document's result and its reason: every result says why (the published lists
/// carry it), within [`MAX_REASON`] characters.
pub fn check_result(result: &str, reason: &str) -> Result<(CleanupResult, String), String> {
    let r = CleanupResult::parse(result)
        .ok_or_else(|| "清理结果请选择：继续有效、修改、废止或宣布失效".to_owned())?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(format!(
            "请写明「{}」的理由，如 上位法已修改、适用期已过、仍符合实际需要",
            r.label()
        ));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(format!("理由最长 {MAX_REASON} 字"));
    }
    Ok((r, reason.to_owned()))
}

/// Where a campaign stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignState {
    /// Results are still being decided.
    Open,
    /// Finished: the results are applied and can no longer change.
    Finished,
    /// The lists are on the portal.
    Published,
}

impl CampaignState {
    pub fn of(finished_on: Option<NaiveDate>, published_on: Option<NaiveDate>) -> CampaignState {
        match (finished_on, published_on) {
            (_, Some(_)) => CampaignState::Published,
            (Some(_), None) => CampaignState::Finished,
            (None, None) => CampaignState::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignState::Open => "清理中",
            CampaignState::Finished => "已完成清理",
            CampaignState::Published => "已公布清理结果",
        }
    }
}

/// Whether a campaign started on `started_on` with these results may be finished on `day`:
/// every document in its scope has a result, and the day is not before the start.
pub fn check_finish(
    started_on: NaiveDate,
    day: NaiveDate,
    results: &[Option<CleanupResult>],
) -> Result<(), String> {
    if day < started_on {
        return Err(format!("完成日期不能早于清理开始日期（{started_on}）"));
    }
    if results.is_empty() {
        return Err("清理范围内没有文件：开始日现行有效的规范性文件才能列入清理".to_owned());
    }
    let open = results.iter().filter(|r| r.is_none()).count();
    if open > 0 {
        return Err(format!(
            "还有 {open} 件文件未确定清理结果，请逐件选择继续有效、修改、废止或宣布失效后再完成清理"
        ));
    }
    Ok(())
}

/// Whether a campaign finished on `finished_on` may publish its lists on `day`.
pub fn check_publish(finished_on: Option<NaiveDate>, day: NaiveDate) -> Result<(), String> {
    match finished_on {
        None => Err("清理尚未完成：请先确定全部结果并完成清理，再公布清理结果".to_owned()),
        Some(f) if day < f => Err(format!("公布日期不能早于清理完成日期（{f}）")),
        Some(_) => Ok(()),
    }
}

/// The documents a campaign looked at, by result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub kept: i64,
    pub amended: i64,
    pub repealed: i64,
    pub invalidated: i64,
}

impl Tally {
    pub fn add(&mut self, r: CleanupResult) {
        match r {
            CleanupResult::Keep => self.kept += 1,
            CleanupResult::Amend => self.amended += 1,
            CleanupResult::Repeal => self.repealed += 1,
            CleanupResult::Invalidate => self.invalidated += 1,
        }
    }

    pub fn of(results: impl IntoIterator<Item = CleanupResult>) -> Tally {
        let mut t = Tally::default();
        for r in results {
            t.add(r);
        }
        t
    }

    pub fn reviewed(&self) -> i64 {
        self.kept + self.amended + self.repealed + self.invalidated
    }
}

/// The year's clean-up figures (campaigns finished in the year, not withdrawn): how many, and
/// the documents they reviewed by result. The report's 一(二) writes them as one sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CleanupFigures {
    pub campaigns: i64,
    pub tally: Tally,
}

impl CleanupFigures {
    /// The keys the clean-up register sets in [`Figures`].
    pub const CAMPAIGNS: &'static str = "normative_cleanups";
    pub const REVIEWED: &'static str = "normative_cleanup_reviewed";
    pub const KEPT: &'static str = "normative_cleanup_kept";
    pub const AMENDED: &'static str = "normative_cleanup_amended";
    pub const REPEALED: &'static str = "normative_cleanup_repealed";
    pub const INVALIDATED: &'static str = "normative_cleanup_invalidated";

    pub fn set(&self, f: &mut Figures) {
        f.set(Self::CAMPAIGNS, self.campaigns);
        f.set(Self::REVIEWED, self.tally.reviewed());
        f.set(Self::KEPT, self.tally.kept);
        f.set(Self::AMENDED, self.tally.amended);
        f.set(Self::REPEALED, self.tally.repealed);
        f.set(Self::INVALIDATED, self.tally.invalidated);
    }

    /// The figures, when a campaign was finished in the year (no sentence of zeros).
    pub fn of(f: &Figures) -> Option<CleanupFigures> {
        (f.get(Self::CAMPAIGNS) > 0).then(|| CleanupFigures {
            campaigns: f.get(Self::CAMPAIGNS),
            tally: Tally {
                kept: f.get(Self::KEPT),
                amended: f.get(Self::AMENDED),
                repealed: f.get(Self::REPEALED),
                invalidated: f.get(Self::INVALIDATED),
            },
        })
    }

    /// 「开展行政规范性文件清理{n}次，清理文件{m}件，其中保留{a}件、修改{b}件、废止{c}件。」
    /// (宣布失效 named only when there is one).
    pub fn sentence(&self) -> String {
        let t = &self.tally;
        let invalidated = if t.invalidated > 0 {
            format!("、宣布失效{}件", t.invalidated)
        } else {
            String::new()
        };
        format!(
            "开展行政规范性文件清理{}次，清理文件{}件，其中保留{}件、修改{}件、废止{}件{invalidated}。",
            self.campaigns,
            t.reviewed(),
            t.kept,
            t.amended,
            t.repealed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_result_needs_its_reason_and_a_known_choice() {
        assert_eq!(
            check_result("废止", " 上位法已废止 ").unwrap(),
            (CleanupResult::Repeal, "上位法已废止".to_owned())
        );
        assert_eq!(
            check_result("invalidate", "任务已完成").unwrap().0,
            CleanupResult::Invalidate
        );
        assert!(check_result("keep", "  ").unwrap_err().contains("继续有效"));
        assert!(check_result("作废", "x").is_err());
        assert!(check_result("keep", &"字".repeat(MAX_REASON + 1)).is_err());
        assert!(CleanupResult::Invalidate.ends_document() && !CleanupResult::Amend.ends_document());
    }

    #[test]
    fn a_campaign_finishes_with_every_result_and_publishes_after() {
        let start = day("2023-03-01");
        let done = [Some(CleanupResult::Keep), Some(CleanupResult::Repeal)];
        assert!(check_finish(start, day("2023-06-30"), &done).is_ok());
        assert!(check_finish(start, day("2023-02-28"), &done).is_err());
        assert!(check_finish(start, day("2023-06-30"), &[]).is_err());
        let open = [Some(CleanupResult::Keep), None, None];
        assert!(check_finish(start, day("2023-06-30"), &open)
            .unwrap_err()
            .contains("还有 2 件"));
        assert!(check_publish(None, day("2023-07-01")).is_err());
        assert!(check_publish(Some(day("2023-06-30")), day("2023-06-29")).is_err());
        assert!(check_publish(Some(day("2023-06-30")), day("2023-07-01")).is_ok());
        assert_eq!(
            CampaignState::of(Some(start), None),
            CampaignState::Finished
        );
        assert_eq!(
            CampaignState::of(Some(start), Some(start)).label(),
            "已公布清理结果"
        );
    }

    #[test]
    fn the_sentence_counts_each_result_and_a_year_without_a_campaign_says_nothing() {
        use CleanupResult::*;
        let c = CleanupFigures {
            campaigns: 1,
            tally: Tally::of([Keep, Keep, Keep, Amend, Repeal]),
        };
        let mut f = Figures::default();
        assert_eq!(CleanupFigures::of(&f), None);
        c.set(&mut f);
        assert_eq!(f.get(CleanupFigures::REVIEWED), 5);
        assert_eq!(CleanupFigures::of(&f), Some(c));
        assert_eq!(
            c.sentence(),
            "开展行政规范性文件清理1次，清理文件5件，其中保留3件、修改1件、废止1件。"
        );
        let more = CleanupFigures {
            campaigns: 2,
            tally: Tally::of([Keep, Invalidate]),
        };
        assert!(more.sentence().ends_with("废止0件、宣布失效1件。"));
    }
}
