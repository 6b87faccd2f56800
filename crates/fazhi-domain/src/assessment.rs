//! The year's rule-of-law assessment (法治政府建设考核): the county's indicator tree, each town's
//! self-assessment and the county's scores, totals and the ranking across towns.
//!
//! 法治政府建设与责任落实督察工作规定 (statutes.md §12.1) puts rule-of-law work into the year's
//! target assessment; the county sets the indicators, points, method and the evidence each needs.
//! Points are kept in tenths so that sums are exact (考核 tables score to one decimal).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// Most indicators one year's tree may hold: a county's table has tens, never thousands.
pub const MAX_INDICATORS: usize = 500;

/// One row of the county's indicator table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 指标编号 as the county numbers it: `1`, `1.2`, `1.2.3`; the parent is the prefix.
    pub code: String,
    pub name: String,
    /// 分值, in tenths of a point; a parent's is the sum of its children's.
    pub points_tenths: i64,
    /// 评分方法
    pub method: String,
    /// 佐证材料要求
    pub evidence: String,
}

impl Indicator {
    /// The parent's code (`1.2` for `1.2.3`), `None` for a top-level indicator.
    pub fn parent_code(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(p, _)| p)
    }
}

/// Parses a score typed as `4`, `4.5` or `4.5分` into tenths.
pub fn parse_points(s: &str) -> Result<i64, String> {
    let t = s.trim().trim_end_matches('分').trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !whole.is_empty()
        && whole.len() <= 4
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 1
        && frac.chars().all(|c| c.is_ascii_digit());
    if !ok {
        return Err(format!(
            "分值「{s}」不正确：请填写不超过一位小数的分数，例如 4 或 4.5"
        ));
    }
    let whole: i64 = whole.parse().unwrap_or(0);
    let tenth: i64 = frac.parse().unwrap_or(0);
    Ok(whole * 10 + tenth)
}

/// Shows tenths as a score: 45 → 「4.5」, 40 → 「4」.
pub fn points_label(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// Checks a year's tree: codes unique, every parent present, each parent's points the sum of
/// its children's. Errors name the row's code.
pub fn check_tree(indicators: &[Indicator]) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if indicators.len() > MAX_INDICATORS {
        return Err(vec![format!(
            "指标过多：一年最多 {MAX_INDICATORS} 项，收到 {} 项",
            indicators.len()
        )]);
    }
    let mut by_code: HashMap<&str, &Indicator> = HashMap::new();
    for i in indicators {
        if i.code.trim().is_empty() || i.name.trim().is_empty() {
            errors.push(format!("指标「{}」缺少编号或名称", i.code));
        }
        if by_code.insert(i.code.as_str(), i).is_some() {
            errors.push(format!("指标编号 {} 重复", i.code));
        }
    }
    let mut children_sum: BTreeMap<&str, i64> = BTreeMap::new();
    for i in indicators {
        if let Some(parent) = i.parent_code() {
            if !by_code.contains_key(parent) {
                errors.push(format!("指标 {} 的上级指标 {parent} 不存在", i.code));
            }
            *children_sum.entry(parent).or_default() += i.points_tenths;
        }
    }
    for (parent, sum) in children_sum {
        if let Some(p) = by_code.get(parent) {
            if p.points_tenths != sum {
                errors.push(format!(
                    "指标 {parent} 分值为 {}，其下级指标合计 {}，请核对",
                    points_label(p.points_tenths),
                    points_label(sum)
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The leaves: the indicators that are scored (a parent's score is its children's sum).
pub fn leaves(indicators: &[Indicator]) -> Vec<&Indicator> {
    indicators
        .iter()
        .filter(|i| {
            !indicators
                .iter()
                .any(|c| c.parent_code() == Some(i.code.as_str()))
        })
        .collect()
}

/// Checks one score against its indicator's points.
pub fn check_score(indicator: &Indicator, tenths: i64) -> Result<(), String> {
    if !(0..=indicator.points_tenths).contains(&tenths) {
        return Err(format!(
            "指标 {}「{}」满分 {} 分，得分应在 0 至 {} 之间",
            indicator.code,
            indicator.name,
            points_label(indicator.points_tenths),
            points_label(indicator.points_tenths)
        ));
    }
    Ok(())
}

/// A town's total from its leaf scores (an unscored leaf counts 0).
pub fn total(indicators: &[Indicator], scores: &HashMap<String, i64>) -> i64 {
    leaves(indicators)
        .iter()
        .map(|i| scores.get(&i.code).copied().unwrap_or(0))
        .sum()
}

/// One town's place in the county's ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub town: String,
    pub total_tenths: i64,
    /// Competition ranking: equal totals share a place and the next place is skipped (1, 2, 2, 4).
    pub rank: usize,
}

/// Ranks towns by total, highest first; ties share a place, listed by name.
pub fn rank(totals: &[(String, i64)]) -> Vec<Ranked> {
    let mut sorted: Vec<&(String, i64)> = totals.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (i, (town, total)) in sorted.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.total_tenths == *total => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked {
            town: town.clone(),
            total_tenths: *total,
            rank,
        });
    }
    out
}

#[cfg(test)]
mod tests;
