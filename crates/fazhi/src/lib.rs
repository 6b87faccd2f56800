//! fazhi (法治): a township's rule-of-law government work — its registers, statutory deadlines,
//! public portal and annual report.
//!
//! The library is the whole system; `main.rs` only parses the command line. Layers:
//! - [`fazhi_domain`] (its own crate): rules without I/O;
//! - [`storage`]: every SQL statement, one path for SQLite and PostgreSQL;
//! - [`service`]: validation, permissions and transactions, shared by CLI, pages and API;
//! - [`web`]: staff pages, public portal, JSON API;
//! - [`registers`]: the registers written as one folder each (all four layers side by side);
//! - [`cli`]: the `fazhi` command.

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
pub mod registers;
pub mod service;
pub mod storage;
pub mod web;
