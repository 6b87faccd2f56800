//! Proactively disclosed government information (主动公开, 政府信息公开条例 第十九至二十六条):
//! what a catalogue entry must contain and when it is due.
//!
//! 第二十条 lists what an administrative body discloses of its own accord and 第二十一条 adds, for
//! a township government, what concerns the countryside; 第十二条 requires a 政府信息公开目录
//! whose entries carry an index number (索引), the name, a summary and the date the information
//! was formed (生成日期). 第二十六条: information within the proactive scope is published within
//! 20 working days of being formed or changed (rule `disclosure.proactive_publication` of
//! `data/deadline_rules.json`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::deadline::{compute_due, shipped_rules, DueDate};
use crate::publicity::{optional_text, required_text, FieldErrors};

/// The deadline rule of 第二十六条.
pub const PUBLICATION_RULE: &str = "disclosure.proactive_publication";

/// The longest summary (内容概述), in characters.
pub const MAX_SUMMARY: usize = 2_000;

/// The catalogue's categories: 第二十条's items and 第二十一条's for a township, as a town's
/// 公开目录 groups them.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("organisation", "机构职能"),
    ("normative", "规范性文件"),
    ("plans", "规划计划"),
    ("budget", "财政预决算"),
    ("permits", "行政许可与处罚"),
    ("services", "公共服务"),
    ("assistance", "社会救助与补贴"),
    ("land", "土地征收与集体经济"),
    ("projects", "重大建设项目"),
    ("personnel", "人事信息"),
    ("other", "其他"),
];

/// The category's label, from its code or its label.
pub fn category_label(v: &str) -> Option<&'static str> {
    let v = v.trim();
    CATEGORIES
        .iter()
        .find(|(code, label)| *code == v || *label == v)
        .map(|(_, label)| *label)
}

/// The category's code, from its code or its label.
pub fn category_code(v: &str) -> Option<&'static str> {
    let v = v.trim();
    CATEGORIES
        .iter()
        .find(|(code, label)| *code == v || *label == v)
        .map(|(code, _)| *code)
}

/// The index number (索引号) of the `seq`th item an organisation formed in `year`:
/// `机构代码/年份-流水号`, as the national 政府信息公开目录 numbers its entries.
pub fn index_number(org_code: &str, year: i32, seq: i64) -> String {
    format!("{org_code}/{year}-{seq:05}")
}

/// An item as entered; dates arrive parsed (`None` if blank or unparseable, the caller
/// reporting the latter under its own field).
#[derive(Clone, Debug, Default)]
pub struct ItemDraft {
    pub title: String,
    pub summary: String,
    pub category: String,
    pub formed_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
}

/// A checked item, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewItem {
    pub title: String,
    pub summary: Option<String>,
    /// A code of [`CATEGORIES`].
    pub category: &'static str,
    pub formed_on: NaiveDate,
    /// `None` while not yet published: the 20-working-day deadline runs.
    pub published_on: Option<NaiveDate>,
}

impl NewItem {
    /// Checks an item entered on `today` (Beijing): the dates may not lie in the future, and it
    /// is published on or after the day it was formed.
    pub fn parse(d: ItemDraft, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(
            "title",
            "信息名称",
            "2025年度财政预算公开说明",
            &d.title,
            200,
            &mut errors,
        );
        let summary = optional_text("summary", "内容概述", &d.summary, MAX_SUMMARY, &mut errors);
        let category = match category_code(&d.category) {
            Some(c) => c,
            None => {
                let names: Vec<&str> = CATEGORIES.iter().map(|(_, l)| *l).collect();
                errors.insert(
                    "category".to_owned(),
                    format!("请选择信息类别：{}", names.join("、")),
                );
                "other"
            }
        };
        let formed_on = match d.formed_on {
            Some(f) if f > today => {
                errors.insert("formed_on".to_owned(), "生成日期不能晚于今天".to_owned());
                f
            }
            Some(f) => f,
            None => {
                errors.entry("formed_on".to_owned()).or_insert_with(|| {
                    "请填写生成日期（信息形成或者变更之日），例如 2025-03-05".to_owned()
                });
                today
            }
        };
        if let Some(p) = d.published_on {
            if p < formed_on {
                errors.insert(
                    "published_on".to_owned(),
                    "发布日期不能早于生成日期".to_owned(),
                );
            } else if p > today {
                errors.insert(
                    "published_on".to_owned(),
                    "发布日期不能晚于今天：发布后再填写".to_owned(),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewItem {
            title,
            summary,
            category,
            formed_on,
            published_on: d.published_on,
        })
    }

    /// The publication deadline of 第二十六条, explained: 20 working days from the day after
    /// the information was formed, on `cal`.
    pub fn publication_due(&self, cal: &Calendar) -> Option<DueDate> {
        let rule = shipped_rules().get(PUBLICATION_RULE)?;
        Some(compute_due(rule, self.formed_on, &[], &[], cal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_item_needs_a_name_a_category_and_a_formation_date_not_in_the_future() {
        let e = NewItem::parse(ItemDraft::default(), d("2025-03-10")).unwrap_err();
        assert!(
            e.contains_key("title") && e.contains_key("category") && e.contains_key("formed_on")
        );
        let draft = ItemDraft {
            title: "预算".into(),
            category: "财政预决算".into(),
            formed_on: Some(d("2025-03-11")),
            ..ItemDraft::default()
        };
        let e = NewItem::parse(draft.clone(), d("2025-03-10")).unwrap_err();
        assert_eq!(e["formed_on"], "生成日期不能晚于今天");
        let early = ItemDraft {
            formed_on: Some(d("2025-03-05")),
            published_on: Some(d("2025-03-04")),
            ..draft
        };
        let e = NewItem::parse(early, d("2025-03-10")).unwrap_err();
        assert!(e["published_on"].contains("不能早于生成日期"));
    }

    #[test]
    fn index_numbers_count_per_organisation_and_year() {
        assert_eq!(index_number("T1", 2025, 7), "T1/2025-00007");
        assert_eq!(category_code("财政预决算"), Some("budget"));
        assert_eq!(category_label("budget"), Some("财政预决算"));
    }
}
