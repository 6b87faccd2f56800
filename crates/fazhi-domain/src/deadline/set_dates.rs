//! Deadlines whose date a person or a document sets rather than a rule counts: a leader's 督办
//! time limit, the reply date a court's or procuratorate's letter names, the rectification
//! deadline of an audit. They run on the to-do list like the rules' deadlines, but a calendar
//! change never moves them (`service::deadlines::recompute` skips codes that are not rules).

/// One kind of set date: its code (as the to-do list stores it), its name and who sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetDate {
    pub code: &'static str,
    pub name: &'static str,
    /// Whose decision the date is, shown as its source.
    pub set_by: &'static str,
}

pub const SET_DATES: &[SetDate] = &[
    SetDate {
        code: "complaint.supervision_order",
        name: "督办时限",
        set_by: "领导督办时确定的办理时限",
    },
    SetDate {
        code: crate::supervision_item::LETTER_DUE,
        name: "建议书载明的回复期限",
        set_by: "司法建议书、检察建议书载明的期限",
    },
    SetDate {
        code: crate::supervision_item::RECTIFICATION_DUE,
        name: "整改期限",
        set_by: "审计（监察）机关整改通知载明的期限",
    },
];

/// The set date of `code`, if it is one.
pub fn set_date(code: &str) -> Option<&'static SetDate> {
    SET_DATES.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn set_dates_are_not_rules() {
        for s in super::SET_DATES {
            assert!(
                super::super::shipped_rules().get(s.code).is_none(),
                "{}",
                s.code
            );
            assert_eq!(super::set_date(s.code), Some(s));
        }
    }
}
