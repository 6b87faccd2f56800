//! fazhi's domain: the rules of a township's rule-of-law work, in plain Rust without I/O.
//!
//! Storage, HTTP and file formats live in other crates; everything here is pure and fast to test.

pub mod access;
pub mod assessment;
pub mod audit_labels;
pub mod calendar;
pub mod code_list;
pub mod complaint;
pub mod contract;
pub mod deadline;
pub mod decision;
pub mod disclosure;
pub mod disclosure_item;
pub mod disclosure_report;
pub mod dispute;
pub mod ident;
pub mod leadership;
pub mod mask;
pub mod mediation_org;
pub mod normative;
pub mod org;
pub mod penalty;
pub mod plan;
pub mod publicity;
pub mod report;
pub mod review;
pub mod revision;
pub mod supervision_item;
pub mod training;

/// The years fazhi keeps records for: a register's year, a report's, a list filter's. Outside
/// them a year is a typo (a date of birth or a ledger date has its own, wider range).
pub const RECORD_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// `y` if it is a record year, otherwise the message that says what to type.
pub fn record_year(y: i32) -> Result<i32, String> {
    if RECORD_YEARS.contains(&y) {
        Ok(y)
    } else {
        Err(format!(
            "年度应为 {}–{} 之间的四位数，例如 2024",
            RECORD_YEARS.start(),
            RECORD_YEARS.end()
        ))
    }
}
