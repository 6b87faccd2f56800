//! The one integration-test binary. Every test runs against the backend named by
//! `FAZHI_TEST_DATABASE` (`sqlite`, the default, or a `postgres://…` server URL, on which each
//! test gets a fresh database).

mod helpers;

mod audit;
mod backup;
mod auth;
mod browser;
mod calendar;
mod report;
mod disputes;
mod publicity;
mod schema;
