//! Storage: every SQL statement fazhi runs lives below this module.
//!
//! Handlers and services never write SQL; they call the functions here, which take a
//! [`Scope`](scope::Scope) wherever records are read or written on a user's behalf.

pub mod attachments;
pub mod audit;
pub mod backup;
pub mod blobs;
pub mod calendar;
pub mod case_file_cache;
pub mod case_lists;
pub mod code_lists;
pub mod committees;
pub mod consultations;
mod counts;
pub mod db;
pub mod deadlines;
pub mod disputes;
pub mod evidence;
pub mod figures;
pub mod files;
pub mod ledger_imports;
pub mod legal_aid;
pub mod linked;
pub mod mediators;
pub mod migrate;
pub mod nested;
pub mod orgs;
pub mod overview;
pub mod portal;
pub mod publicity;
pub mod records;
pub mod reports;
pub mod revision;
pub mod scope;
pub mod screening;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod study;
pub mod trainings;
pub mod users;
pub mod year_lists;

pub use db::{Backend, Db, Query, Tx, Value};
pub use scope::Scope;

/// What can go wrong in storage. Unique-constraint violations are surfaced by constraint name
/// (named `<table>_<columns>_key` on both backends) so callers can turn them into field errors.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("无法连接数据库：{0}")]
    Connect(String),
    #[error("记录不存在")]
    NotFound,
    #[error("与已有记录重复（{0}）")]
    Conflict(String),
    #[error("数据库迁移失败：{0}")]
    Migrate(String),
    #[error("数据库错误：{0}")]
    Sqlx(sqlx::Error),
    #[error("数据损坏：{0}")]
    Corrupt(String),
    /// A new record for an organisation that is switched off (named), or one below it.
    #[error("「{0}」已停用，不能再登记新记录")]
    OrgInactive(String),
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error() {
            if db.is_unique_violation() {
                let name = db
                    .constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| sqlite_unique_name(db.message()));
                return StorageError::Conflict(name);
            }
        }
        StorageError::Sqlx(e)
    }
}

/// SQLite reports `UNIQUE constraint failed: t.a, t.b`; rebuild the name `t_a_b_key` that the
/// PostgreSQL schema gives the same constraint.
fn sqlite_unique_name(message: &str) -> String {
    let cols = message
        .split_once("failed: ")
        .map(|(_, c)| c)
        .unwrap_or(message);
    let mut table = "";
    let mut parts = Vec::new();
    for col in cols.split(',') {
        let (t, c) = col.trim().split_once('.').unwrap_or(("", col.trim()));
        table = t;
        parts.push(c);
    }
    format!("{}_{}_key", table, parts.join("_"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_names_match_postgres_convention() {
        assert_eq!(
            super::sqlite_unique_name("UNIQUE constraint failed: orgs.code"),
            "orgs_code_key"
        );
        assert_eq!(
            super::sqlite_unique_name(
                "UNIQUE constraint failed: disputes.town_id, disputes.case_no"
            ),
            "disputes_town_id_case_no_key"
        );
    }
}
