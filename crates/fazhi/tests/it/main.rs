//! The one integration-test binary. Every test runs against the backend named by
//! `FAZHI_TEST_DATABASE` (`sqlite`, the default, or a `postgres://…` server URL, on which each
//! test gets a fresh database).

mod helpers;

mod annual_reports;
mod audit;
mod audit_readable;
mod auth;
mod backup;
mod browser;
mod browser_imports;
mod browser_reviews;
mod calendar;
mod calendar_regions;
mod case_revisions;
mod casework_pages;
mod clock;
mod code_lists;
mod committees;
mod contracts;
mod disclosure;
mod disclosure_abuse;
mod disclosure_browser;
mod disclosure_letters;
mod disclosure_report;
mod disclosure_steps;
mod dispute_revisions;
mod disputes;
mod figures_review;
mod home;
mod import_pages;
mod import_values;
mod imports;
mod kit_flow;
mod layers;
mod legal_aid_revisions;
mod org_admin;
mod printed;
mod publicity;
mod readme_path;
mod report;
mod reviews;
mod revisions;
mod schema;
mod screening_revisions;
mod small_revisions;
mod study_revisions;
mod user_admin;
mod user_admin_browser;
mod write_locks;
