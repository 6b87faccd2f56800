//! People's-mediation trainings (人民调解业务培训, 人民调解法 第十四条): what a training record
//! must contain and the totals the register and the report show.
//!
//! Length is kept in whole minutes so that totals add up exactly; people type hours (1.5).

use chrono::NaiveDate;
use serde::Serialize;

use crate::publicity::{required_text, split_list, FieldErrors};

/// The longest single training we accept (a week-long course of full days).
pub const MAX_HOURS: f64 = 80.0;

/// A training as entered.
#[derive(Clone, Debug, Default)]
pub struct TrainingDraft {
    pub held_on: Option<NaiveDate>,
    pub topic: String,
    pub trainer: String,
    pub attendees: Option<i64>,
    pub attendee_names: String,
    pub hours: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewTraining {
    pub held_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    /// At least the number of names listed; more when only some are named.
    pub attendees: i64,
    pub attendee_names: Vec<String>,
    pub minutes: i64,
}

impl NewTraining {
    pub fn parse(d: TrainingDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        if d.held_on.is_none() {
            errors.insert(
                "held_on".to_owned(),
                "请填写培训日期，例如 2024-03-05".to_owned(),
            );
        }
        let topic = required_text(
            "topic",
            "培训主题",
            "人民调解法及调解文书制作",
            &d.topic,
            200,
            &mut errors,
        );
        let trainer = required_text(
            "trainer",
            "授课人或举办单位",
            "乌苏市司法局",
            &d.trainer,
            64,
            &mut errors,
        );
        let mut names: Vec<String> = Vec::new();
        for n in split_list(&d.attendee_names) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let named = names.len() as i64;
        let attendees = match d.attendees {
            None if named > 0 => named,
            None => {
                errors.insert(
                    "attendees".to_owned(),
                    "请填写参训人数，或列出参训人员姓名".to_owned(),
                );
                0
            }
            Some(n) if n < 0 => {
                errors.insert("attendees".to_owned(), "「参训人数」不能为负数".to_owned());
                0
            }
            Some(n) if n > crate::publicity::MAX_ATTENDEES => {
                errors.insert(
                    "attendees".to_owned(),
                    format!(
                        "「参训人数」{n} 过大（超过 {}），请核对",
                        crate::publicity::MAX_ATTENDEES
                    ),
                );
                0
            }
            Some(n) if n < named => {
                errors.insert(
                    "attendees".to_owned(),
                    format!("「参训人数」{n} 少于列出的参训人员 {named} 人，请核对"),
                );
                0
            }
            Some(n) if n > 100_000 => {
                errors.insert(
                    "attendees".to_owned(),
                    "「参训人数」过大，请核对".to_owned(),
                );
                0
            }
            Some(n) => n,
        };
        let minutes = match d.hours {
            Some(h) if h.is_finite() && h > 0.0 && h <= MAX_HOURS => (h * 60.0).round() as i64,
            Some(_) => {
                errors.insert(
                    "hours".to_owned(),
                    "「培训时长」应大于 0、不超过 80 小时，例如 3 或 1.5".to_owned(),
                );
                0
            }
            None => {
                errors.insert(
                    "hours".to_owned(),
                    "请填写培训时长（小时），例如 3".to_owned(),
                );
                0
            }
        };
        match d.held_on {
            Some(held_on) if errors.is_empty() => Ok(NewTraining {
                held_on,
                topic,
                trainer,
                attendees,
                attendee_names: names,
                minutes,
            }),
            _ => Err(errors),
        }
    }
}

/// Minutes as hours for people: `90` → `1.5`, `180` → `3`.
pub fn hours_label(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// What a set of trainings adds up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrainingTotals {
    pub trainings: i64,
    /// 参训人次: people counted once per training they attended.
    pub attendees: i64,
    pub minutes: i64,
}

impl TrainingTotals {
    pub fn hours(&self) -> String {
        hours_label(self.minutes)
    }

    /// 「共 7 次，参训 210 人次，合计 21 小时」
    pub fn summary_line(&self) -> String {
        format!(
            "共 {} 次，参训 {} 人次，合计 {} 小时",
            self.trainings,
            self.attendees,
            self.hours()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> TrainingDraft {
        TrainingDraft {
            held_on: NaiveDate::from_ymd_opt(2023, 3, 15),
            topic: "土地草场纠纷调解实务".into(),
            trainer: "乌苏市司法局".into(),
            attendees: None,
            attendee_names: "王建国、阿依古丽，王建国".into(),
            hours: Some(1.5),
        }
    }

    #[test]
    fn hours_become_minutes_and_names_count_as_attendees() {
        let t = NewTraining::parse(draft()).unwrap();
        assert_eq!(t.minutes, 90);
        assert_eq!(t.attendee_names, ["王建国", "阿依古丽"]);
        assert_eq!(t.attendees, 2);
        let t = NewTraining::parse(TrainingDraft {
            attendees: Some(30),
            ..draft()
        })
        .unwrap();
        assert_eq!(t.attendees, 30);
    }

    #[test]
    fn bad_trainings_say_what_to_fix() {
        let errors = NewTraining::parse(TrainingDraft {
            held_on: None,
            topic: " ".into(),
            trainer: String::new(),
            attendees: Some(1),
            attendee_names: "甲、乙".into(),
            hours: Some(0.0),
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["attendees", "held_on", "hours", "topic", "trainer"]
        );
        let errors = NewTraining::parse(TrainingDraft {
            attendee_names: String::new(),
            hours: None,
            ..draft()
        })
        .unwrap_err();
        assert!(errors.contains_key("attendees") && errors.contains_key("hours"));
        // A count that would overflow the year's totals (2^62 wrapped one negative) is a typo.
        let errors = NewTraining::parse(TrainingDraft {
            attendees: Some(1 << 62),
            ..draft()
        })
        .unwrap_err();
        assert!(errors["attendees"].contains("过大"), "{errors:?}");
    }

    #[test]
    fn totals_read_in_hours() {
        assert_eq!(hours_label(180), "3");
        assert_eq!(hours_label(90), "1.5");
        assert_eq!(hours_label(100), "1.67");
        let t = TrainingTotals {
            trainings: 7,
            attendees: 210,
            minutes: 1260,
        };
        assert_eq!(t.summary_line(), "共 7 次，参训 210 人次，合计 21 小时");
    }
}
