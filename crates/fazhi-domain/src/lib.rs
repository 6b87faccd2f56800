//! fazhi's domain: the rules of a township's rule-of-law work, in plain Rust without I/O.
//!
//! Storage, HTTP and file formats live in other crates; everything here is pure and fast to test.

pub mod access;
pub mod calendar;
pub mod deadline;
pub mod dispute;
pub mod ident;
pub mod mask;
pub mod mediation_org;
pub mod org;
pub mod publicity;
pub mod report;
pub mod revision;
pub mod training;
