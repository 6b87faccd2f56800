//! The one integration-test binary. Every test runs against the backend named by
//! `FAZHI_TEST_DATABASE` (`sqlite`, the default, or a `postgres://…` server URL, on which each
//! test gets a fresh database).

mod helpers;

mod annual_reports;
mod audit;
mod auth;
mod backup;
mod browser;
mod calendar;
mod calendar_regions;
mod case_revisions;
mod casework_pages;
mod clock;
mod code_lists;
mod committees;
mod contracts;
mod dispute_revisions;
mod disputes;
mod figures_review;
mod imports;
mod kit_flow;
mod layers;
mod legal_aid_revisions;
mod printed;
mod publicity;
mod report;
mod revisions;
mod schema;
mod screening_revisions;
mod small_revisions;
mod study_revisions;
mod write_locks;
