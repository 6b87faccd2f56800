//! What the home pages count and list: cases in progress in a subtree, and a village's open
//! cases with their latest mediation session.

use chrono::NaiveDate;
use serde::Serialize;

use super::{db::On, Query, Scope, StorageError};

/// The statuses of a case still being handled (registered, accepted, being mediated).
const IN_PROGRESS: &str = "('registered', 'accepted', 'mediating')";

/// Valid disputes in `scope` that are still being handled.
pub async fn disputes_in_progress<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
) -> Result<i64, StorageError> {
    let mut q = Query::new(format!(
        "SELECT COUNT(*) FROM disputes d WHERE d.withdrawn_at IS NULL AND d.status IN {IN_PROGRESS}"
    ));
    scope.restrict(&mut q, "d.org_id");
    q.fetch_scalar(on).await
}

/// An open case as a mediator's home lists it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OpenCase {
    pub id: i64,
    pub case_no: String,
    pub dispute_type: String,
    pub status: String,
    pub registered_on: NaiveDate,
    pub org_name: String,
    /// The latest mediation session recorded, if any.
    pub last_session: Option<NaiveDate>,
}

/// Valid disputes in `scope` still being handled, oldest first (the longest waiting on top),
/// at most `limit`.
pub async fn open_disputes<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    limit: i64,
) -> Result<Vec<OpenCase>, StorageError> {
    let mut q = Query::new(format!(
        "SELECT d.id, d.case_no, d.dispute_type, d.status, d.registered_on, o.name AS org_name, \
         (SELECT MAX(s.held_on) FROM dispute_sessions s WHERE s.dispute_id = d.id) AS last_session \
         FROM disputes d JOIN orgs o ON o.id = d.org_id \
         WHERE d.withdrawn_at IS NULL AND d.status IN {IN_PROGRESS}"
    ));
    scope.restrict(&mut q, "d.org_id");
    q.push(" ORDER BY d.registered_on, d.id").limit(limit, 0);
    q.fetch_all(on).await
}
