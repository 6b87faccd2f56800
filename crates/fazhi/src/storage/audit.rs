//! The append-only, hash-chained audit log.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and this entry's fields, so editing
//! or deleting any row breaks every later link; `fazhi audit verify` walks the chain.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::db::page_with_total;
use super::{Db, Query, Scope, StorageError, Tx};

/// Who did it: a signed-in user, or the operator at the command line.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            name: "命令行".to_owned(),
        }
    }

    pub fn system() -> Actor {
        Actor {
            user_id: None,
            name: "系统".to_owned(),
        }
    }
}

/// One change to record.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub org_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, entity: &'a str, entity_id: impl ToString) -> Self {
        Change {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            org_id: None,
            before: None,
            after: None,
        }
    }

    pub fn org(mut self, org_id: i64) -> Self {
        self.org_id = Some(org_id);
        self
    }

    pub fn before(mut self, v: &impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after(mut self, v: &impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub org_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    // A unit separator between fields keeps ("ab","c") and ("a","bc") apart.
    let fields: [&str; 10] = [
        &e.prev_hash,
        &e.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        &e.actor_id.map(|v| v.to_string()).unwrap_or_default(),
        &e.actor,
        &e.org_id.map(|v| v.to_string()).unwrap_or_default(),
        &e.action,
        &e.entity,
        e.entity_id.as_deref().unwrap_or(""),
        e.before_json.as_deref().unwrap_or(""),
        e.after_json.as_deref().unwrap_or(""),
    ];
    for f in fields {
        h.update(f.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends `change` inside `tx`, the transaction that makes the change itself.
pub async fn record(tx: &mut Tx, actor: &Actor, change: Change<'_>) -> Result<(), StorageError> {
    let prev_hash: Option<String> =
        Query::new("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_scalars::<String>(&mut *tx)
            .await?
            .into_iter()
            .next();
    let mut entry = AuditEntry {
        id: 0,
        at: Utc::now().trunc_subsecs(6),
        actor_id: actor.user_id,
        actor: actor.name.clone(),
        org_id: change.org_id,
        action: change.action.to_owned(),
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash: prev_hash.unwrap_or_else(|| GENESIS.to_owned()),
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    Query::new(
        "INSERT INTO audit_log (at, actor_id, actor, org_id, action, entity, entity_id, \
         before_json, after_json, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
    )
    .bind(entry.at)
    .bind(entry.actor_id)
    .bind(entry.actor)
    .bind(entry.org_id)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.before_json)
    .bind(entry.after_json)
    .bind(entry.prev_hash)
    .bind(entry.hash)
    .execute(tx)
    .await?;
    Ok(())
}

/// The outcome of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: u64 },
    Broken { entry_id: i64, reason: String },
}

/// Walks the whole chain in id order, in pages so a long log does not sit in memory.
pub async fn verify(db: &Db) -> Result<Verification, StorageError> {
    let mut expected_prev = GENESIS.to_owned();
    let mut last_id = 0i64;
    let mut count = 0u64;
    loop {
        let page: Vec<AuditEntry> = Query::new(
            "SELECT id, at, actor_id, actor, org_id, action, entity, entity_id, before_json, \
             after_json, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000",
        )
        .bind(last_id)
        .fetch_all(db)
        .await?;
        if page.is_empty() {
            return Ok(Verification::Intact { entries: count });
        }
        for e in page {
            if e.prev_hash != expected_prev {
                return Ok(Verification::Broken {
                    entry_id: e.id,
                    reason: "与上一条记录的链接断开（前一条被删除或修改）".to_owned(),
                });
            }
            if entry_hash(&e) != e.hash {
                return Ok(Verification::Broken {
                    entry_id: e.id,
                    reason: "内容与哈希不符（该条记录被修改）".to_owned(),
                });
            }
            expected_prev = e.hash;
            last_id = e.id;
            count += 1;
        }
    }
}

/// Filters for browsing the log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub actor: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// A page of the log as seen by a user: entries about their subtree (and, for the root, entries
/// with no organisation).
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &AuditFilter,
    page: u32,
    per_page: u32,
) -> Result<(Vec<AuditEntry>, i64), StorageError> {
    let mut where_ = Query::new(" WHERE (1=1");
    if scope.root_path() == "/" {
        where_.push(")");
    } else {
        where_.push(" AND org_id IS NOT NULL");
        scope.restrict(&mut where_, "org_id");
        where_.push(")");
    }
    if let Some(e) = &filter.entity {
        where_.push(" AND entity = ").push_bind(e.as_str());
    }
    if let Some(a) = &filter.actor {
        where_.push(" AND actor = ").push_bind(a.as_str());
    }
    if let Some(d) = filter.from {
        where_
            .push(" AND at >= ")
            .push_bind(d.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
    }
    if let Some(d) = filter.to {
        let next = d.succ_opt().unwrap_or(d);
        where_
            .push(" AND at < ")
            .push_bind(next.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
    }
    page_with_total(
        db,
        "audit_log",
        "SELECT id, at, actor_id, actor, org_id, action, entity, entity_id, before_json, \
             after_json, prev_hash, hash FROM audit_log",
        &where_,
        "id DESC",
        Some((page, per_page)),
    )
    .await
}
