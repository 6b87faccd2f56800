//! The annual rule-of-law assessment (考核, issue #19 item 6): the county's indicator tree per
//! year, each town's self-assessment with evidence, the county's scores, totals and ranking.
//! Not a register of records on the revision kit: a county's table and its towns' sheets, so it
//! mounts its own API (`/api/v1/assessments…`) and pages (`/assessments…`).

pub mod api;
pub mod pages;
pub mod service;
mod store;
