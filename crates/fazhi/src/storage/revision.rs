//! The storage half of correcting records, shared by every register on the kit: an edit claims
//! the version it was based on (so two people editing the same record cannot overwrite each
//! other), and a withdrawal (作废) or restoration only marks the row. Each is audit-logged in
//! the same transaction with the record before and after.

use chrono::{SubsecRound, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{Query, StorageError, Tx};

/// The tables of the registers on the kit (they have `version`, `withdrawn_at` and
/// `withdrawn_reason`); generic figure queries leave their withdrawn rows out.
pub const KIT_TABLES: &[&str] = &[
    "publicity_events",
    "consultations",
    "study_sessions",
    "law_exams",
    "committees",
    "mediators",
    "trainings",
    "responsibility_items",
    "duty_reports",
    "disputes",
    "legal_aid_referrals",
    "screening_rounds",
    "screening_reports",
];

/// One record of a register on the kit.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The register's table, with `version`, `withdrawn_at` and `withdrawn_reason` columns.
    pub table: &'static str,
    /// The audit log's name for the register's records.
    pub entity: &'static str,
    pub id: i64,
    pub org_id: i64,
}

/// Raises the record's version if it still is `based_on`; `false` when someone changed it
/// meanwhile (the caller answers 409 and changes nothing).
pub async fn claim(tx: &mut Tx, target: Target, based_on: i64) -> Result<bool, StorageError> {
    let changed = Query::new(format!(
        "UPDATE {} SET version = version + 1 WHERE id = $1 AND version = $2",
        target.table
    ))
    .bind(target.id)
    .bind(based_on)
    .execute(&mut *tx)
    .await?;
    Ok(changed == 1)
}

/// The key under which a 更正's reason is kept in its audit entry's "after" value (the
/// history reads it from there: the audit log is the one store of a record's changes).
pub const REASON_KEY: &str = "correction_reason";

/// Logs an edit (`update`, `correct` with its reason), a withdrawal or a restoration with the
/// record before and after, in the transaction that made it.
pub async fn log<T: Serialize>(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target: Target,
    before: &T,
    after: &T,
    reason: Option<&str>,
) -> Result<(), StorageError> {
    let mut change = Change::new(action, target.entity, target.id)
        .org(target.org_id)
        .before(before)
        .after(after);
    if let (Some(reason), Some(serde_json::Value::Object(m))) = (reason, change.after.as_mut()) {
        m.insert(REASON_KEY.to_owned(), reason.into());
    }
    audit::record(tx, actor, change).await
}

/// Marks the row withdrawn (with the time and reason) or restored; the version rises too, so an
/// edit begun before a withdrawal is refused.
pub async fn mark(tx: &mut Tx, target: Target, reason: Option<&str>) -> Result<(), StorageError> {
    let mut q = Query::new(format!(
        "UPDATE {} SET version = version + 1, withdrawn_at = ",
        target.table
    ));
    match reason {
        Some(r) => {
            q.push_bind(Utc::now().trunc_subsecs(6))
                .push(", withdrawn_reason = ")
                .push_bind(r);
        }
        None => {
            q.push("NULL, withdrawn_reason = NULL");
        }
    }
    q.push(" WHERE id = ").push_bind(target.id);
    q.execute(&mut *tx).await?;
    Ok(())
}
