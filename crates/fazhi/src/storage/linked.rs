//! Records that a request names by id — a legal-aid application's dispute, a dispute's
//! consultation — looked up only within the caller's scope, so a body cannot link to (or probe
//! for) another town's records.

use super::db::On;
use super::{Query, Scope, StorageError};

/// The registers a body may name a record of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linked {
    Dispute,
    Consultation,
    LegalAid,
}

impl Linked {
    fn table(self) -> &'static str {
        match self {
            Linked::Dispute => "disputes",
            Linked::Consultation => "consultations",
            Linked::LegalAid => "legal_aid_referrals",
        }
    }
}

/// Whether the record `id` of `linked` exists within `scope`.
pub async fn exists_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    linked: Linked,
    id: i64,
) -> Result<bool, StorageError> {
    let mut q = Query::new(format!("SELECT id FROM {} WHERE id = ", linked.table()));
    q.push_bind(id);
    scope.restrict(&mut q, "org_id");
    Ok(!q.fetch_scalars::<i64>(on).await?.is_empty())
}
