//! The append-only, hash-chained audit log.
//!
//! Each entry's hash is HMAC-SHA256, under a key kept outside the database, over the previous
//! entry's hash, the entry's position in the chain and its fields: editing or deleting any row
//! breaks every later link, and without the key nobody can recompute the chain after a rewrite.
//! The head of the chain (last id, hash, entry count) is also written after every commit to an
//! anchor file outside the database, so deleting the last entries — or all of them — is found
//! too. `fazhi audit verify` walks the chain and compares it with the anchor (docs/operations.md).

use chrono::{DateTime, SecondsFormat, Utc};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::db::{page_with_total, On};
use super::{files, Db, Query, Scope, StorageError, Tx};

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
    /// The entry's position in the chain (1, 2, …); covered by its hash.
    pub seq: Option<i64>,
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

const COLUMNS: &str = "id, seq, at, actor_id, actor, org_id, action, entity, entity_id, \
     before_json, after_json, prev_hash, hash";

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the chain and where its head is anchored, both outside the database.
#[derive(Default)]
pub struct Seal {
    key: Option<Vec<u8>>,
    anchor: Option<PathBuf>,
    /// The key file created by this start, if it was: a new key cannot match an existing
    /// keyed log, so the first [`ensure_keyed`] refuses it (a wrong data directory, most
    /// likely). Taken by that call.
    created_key_file: std::sync::Mutex<Option<PathBuf>>,
}

/// The head of the chain: its last entry and how many entries lead up to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub last_id: i64,
    pub hash: String,
    pub entries: i64,
}

impl Seal {
    /// The key from `env_key` (`FAZHI_AUDIT_KEY`) if set, otherwise from `key_file`, which is
    /// created (0600, 32 random bytes in hex) on first start; the anchor lives at `anchor`.
    pub fn load(
        key_file: &Path,
        env_key: Option<&str>,
        anchor: PathBuf,
    ) -> Result<Seal, StorageError> {
        let mut created_key_file = None;
        let key = match env_key.map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => k.to_owned(),
            None => {
                let (key, created) = load_or_create_key(key_file)?;
                if created {
                    created_key_file = Some(key_file.to_owned());
                }
                key
            }
        };
        if key.chars().count() < 16 {
            return Err(StorageError::Connect(
                "审计密钥太短：FAZHI_AUDIT_KEY 或密钥文件至少应有 16 个字符（建议 64 位十六进制）"
                    .to_owned(),
            ));
        }
        Ok(Seal {
            key: Some(key.into_bytes()),
            anchor: Some(anchor),
            created_key_file: std::sync::Mutex::new(created_key_file),
        })
    }

    /// A seal with `key` and no anchor file (tests and tools).
    pub fn with_key(key: &[u8]) -> Seal {
        Seal {
            key: Some(key.to_vec()),
            anchor: None,
            created_key_file: std::sync::Mutex::default(),
        }
    }

    fn key(&self) -> Result<&[u8], StorageError> {
        self.key.as_deref().ok_or_else(|| {
            StorageError::Corrupt("审计密钥未载入，无法写入或校验审计日志".to_owned())
        })
    }

    pub fn anchor_path(&self) -> Option<&Path> {
        self.anchor.as_deref()
    }

    /// The head recorded in the anchor file, if there is one.
    pub fn read_anchor(&self) -> Result<Option<Head>, StorageError> {
        let Some(path) = &self.anchor else {
            return Ok(None);
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                StorageError::Corrupt(format!(
                    "审计锚点文件 {} 无法读取（{e}）；请从备份的锚点副本恢复它",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StorageError::Corrupt(format!(
                "审计锚点文件 {} 无法读取：{e}",
                path.display()
            ))),
        }
    }

    /// Moves the anchor forward to `head` after the commit that appended it. Writers in other
    /// processes race for the file, so it only ever moves forward; a crash between the commit
    /// and this write leaves the anchor one commit behind, which `verify` accepts (a prefix).
    pub(crate) fn advance_anchor(&self, head: &Head) -> Result<(), StorageError> {
        let Some(path) = &self.anchor else {
            return Ok(());
        };
        if let Ok(Some(current)) = self.read_anchor() {
            if current.entries >= head.entries {
                return Ok(());
            }
        }
        self.write_anchor(path, head)
    }

    /// Sets the anchor to `head` whatever it said before (restore from a backup).
    pub fn reset_anchor(&self, head: Option<&Head>) -> Result<(), StorageError> {
        let Some(path) = &self.anchor else {
            return Ok(());
        };
        match head {
            Some(h) => self.write_anchor(path, h),
            None => match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StorageError::Corrupt(
                    format!("无法删除审计锚点文件 {}：{e}", path.display()),
                )),
                _ => Ok(()),
            },
        }
    }

    fn write_anchor(&self, path: &Path, head: &Head) -> Result<(), StorageError> {
        let bytes = serde_json::to_vec_pretty(head).expect("a head serialises");
        files::replace_private(path, &bytes).map_err(|e| {
            StorageError::Corrupt(format!("无法写入审计锚点文件 {}：{e}", path.display()))
        })
    }
}

/// The key in `path`, and whether this call created it.
fn load_or_create_key(path: &Path) -> Result<(String, bool), StorageError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map(|k| k.trim().to_owned())
            .map_err(|e| StorageError::Connect(format!("无法读取审计密钥 {}：{e}", path.display())))
    };
    if path.exists() {
        return Ok((read(path)?, false));
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    match files::create_new_private(path) {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(key.as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| {
                    StorageError::Connect(format!("无法写入审计密钥 {}：{e}", path.display()))
                })?;
            Ok((key, true))
        }
        // Another process created it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok((read(path)?, false)),
        Err(e) => Err(StorageError::Connect(format!(
            "无法创建审计密钥 {}：{e}",
            path.display()
        ))),
    }
}

/// The fields an entry's hash covers, separated by a unit separator so ("ab","c") and ("a","bc")
/// stay apart. `seq` is left out of the legacy (unkeyed) hash, which predates it.
fn hashed_fields(e: &AuditEntry, with_seq: bool, mut put: impl FnMut(&[u8])) {
    let seq = e.seq.map(|v| v.to_string()).unwrap_or_default();
    let at = e.at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor_id = e.actor_id.map(|v| v.to_string()).unwrap_or_default();
    let org_id = e.org_id.map(|v| v.to_string()).unwrap_or_default();
    let mut fields: Vec<&str> = vec![&e.prev_hash];
    if with_seq {
        fields.push(&seq);
    }
    fields.extend([
        at.as_str(),
        &actor_id,
        &e.actor,
        &org_id,
        &e.action,
        &e.entity,
        e.entity_id.as_deref().unwrap_or(""),
        e.before_json.as_deref().unwrap_or(""),
        e.after_json.as_deref().unwrap_or(""),
    ]);
    for f in fields {
        put(f.as_bytes());
        put(&[0x1f]);
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entry's keyed hash: HMAC-SHA256 under `key`.
pub fn keyed_hash(key: &[u8], e: &AuditEntry) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    hashed_fields(e, true, |b| mac.update(b));
    to_hex(&mac.finalize().into_bytes())
}

/// The plain SHA-256 hash entries had before the chain was keyed.
pub fn legacy_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    hashed_fields(e, false, |b| h.update(b));
    to_hex(&h.finalize())
}

#[derive(sqlx::FromRow)]
struct LastEntry {
    hash: String,
    seq: Option<i64>,
}

/// Appends `change` inside `tx`, the transaction that makes the change itself.
pub async fn record(tx: &mut Tx, actor: &Actor, change: Change<'_>) -> Result<(), StorageError> {
    // Every new record is logged here with its organisation, whichever register, page, API
    // call, import or command made it: the one place that refuses records in a switched-off
    // organisation (issue 14 point 2). A new organisation is judged by its parent instead.
    if matches!(change.action, "create" | "import") && change.entity != "org" {
        if let Some(org_id) = change.org_id {
            if let Some(closed) = super::orgs::closed_over(&mut *tx, org_id).await? {
                return Err(StorageError::OrgInactive(closed.name));
            }
        }
    }
    let seal = tx.seal.clone();
    let key = seal.key()?;
    let last: Option<LastEntry> =
        Query::new("SELECT hash, seq FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let mut entry = AuditEntry {
        id: 0,
        seq: Some(last.as_ref().map_or(0, |l| l.seq.unwrap_or(0)) + 1),
        at: crate::clock::now(),
        actor_id: actor.user_id,
        actor: actor.name.clone(),
        org_id: change.org_id,
        action: change.action.to_owned(),
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash: last.map_or_else(|| GENESIS.to_owned(), |l| l.hash),
        hash: String::new(),
    };
    entry.hash = keyed_hash(key, &entry);
    let entries = entry.seq.unwrap_or(1);
    let hash = entry.hash.clone();
    let id: i64 = Query::new(
        "INSERT INTO audit_log (seq, at, actor_id, actor, org_id, action, entity, entity_id, \
         before_json, after_json, prev_hash, hash) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
    )
    .bind(entry.seq)
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
    .fetch_scalar(&mut *tx)
    .await?;
    tx.appended = Some(Head {
        last_id: id,
        hash,
        entries,
    });
    Ok(())
}

/// The last entry of the chain, if any.
pub async fn head<'a>(on: impl Into<On<'a>>) -> Result<Option<Head>, StorageError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        hash: String,
        seq: Option<i64>,
    }
    let row: Option<Row> =
        Query::new("SELECT id, hash, seq FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(on)
            .await?;
    Ok(row.map(|r| Head {
        last_id: r.id,
        hash: r.hash,
        entries: r.seq.unwrap_or(0),
    }))
}

/// The outcome of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every link holds; `anchored` says whether an anchor file was there to compare with.
    Intact {
        entries: u64,
        anchored: bool,
    },
    Broken {
        entry_id: i64,
        reason: String,
    },
}

async fn page_after<'a>(
    on: impl Into<On<'a>>,
    last_id: i64,
) -> Result<Vec<AuditEntry>, StorageError> {
    Query::new(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000"
    ))
    .bind(last_id)
    .fetch_all(on)
    .await
}

/// Walks the whole chain in id order, in pages so a long log does not sit in memory, checking
/// each entry's position, link and keyed hash, then compares it with the anchor: the anchor may
/// lag the database by the last commit (it is written after it), so it must name an entry of the
/// chain — same id, hash and position — but the chain may go on past it.
pub async fn verify(db: &Db) -> Result<Verification, StorageError> {
    let seal = db.seal();
    let key = seal.key()?;
    let anchor = seal.read_anchor()?;
    let mut anchor_found = false;
    let mut expected_prev = GENESIS.to_owned();
    let mut last_id = 0i64;
    let mut count = 0u64;
    loop {
        let page = page_after(db, last_id).await?;
        if page.is_empty() {
            break;
        }
        for e in page {
            let broken = |reason: String| {
                Ok(Verification::Broken {
                    entry_id: e.id,
                    reason,
                })
            };
            let position = count as i64 + 1;
            if e.prev_hash != expected_prev {
                return broken("与上一条记录的链接断开（前一条被删除或修改）".to_owned());
            }
            if e.seq != Some(position) {
                return broken(format!(
                    "序号应为 {position}，记录为 {}（记录被删除、插入，或未用审计密钥签名）",
                    e.seq.map_or("空".to_owned(), |s| s.to_string())
                ));
            }
            if keyed_hash(key, &e) != e.hash {
                return broken(
                    "内容与密钥哈希不符（该条记录被修改，或审计密钥不是写入时的密钥）".to_owned(),
                );
            }
            if let Some(a) = &anchor {
                if a.last_id == e.id {
                    if a.hash != e.hash || a.entries != position {
                        return broken(format!(
                            "与数据库外的审计锚点不符：锚点记录此条为第 {} 条、哈希 {}（整条链被改写）",
                            a.entries, a.hash
                        ));
                    }
                    anchor_found = true;
                }
            }
            expected_prev = e.hash;
            last_id = e.id;
            count += 1;
        }
    }
    if let Some(a) = &anchor {
        if !anchor_found {
            return Ok(Verification::Broken {
                entry_id: a.last_id,
                reason: format!(
                    "审计日志比数据库外的审计锚点短：锚点记录到第 {} 条记录（共 {} 条），数据库中只有 {count} 条（末尾的记录被删除）",
                    a.last_id, a.entries
                ),
            });
        }
    }
    Ok(Verification::Intact {
        entries: count,
        anchored: anchor.is_some(),
    })
}

/// What [`ensure_keyed`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Rekey {
    /// Nothing to do: the log is empty or already keyed.
    Keyed,
    /// Entries written with plain SHA-256 were re-signed with the key.
    Rekeyed { entries: i64 },
    /// Unkeyed entries were left as they are; `fazhi audit verify` will report them.
    Refused { reason: String },
}

/// Re-signs, once, a chain written before the key existed (plain SHA-256, no positions): only if
/// that chain verifies as it stands and no anchor exists yet (an anchor means the chain was
/// already keyed, so unkeyed entries now are a rewrite, not history). The re-signing is itself
/// audit-logged with the old head, in the same transaction.
pub async fn ensure_keyed(db: &Db) -> Result<Rekey, StorageError> {
    let first = || Query::new("SELECT seq FROM audit_log ORDER BY id LIMIT 1");
    let legacy = |v: &[Option<i64>]| matches!(v.first(), Some(None));
    let seal = db.seal();
    let found = first().fetch_scalars(db).await?;
    let created_now = seal
        .created_key_file
        .lock()
        .map(|mut c| c.take())
        .unwrap_or_default();
    if !legacy(&found) {
        if let (Some(_), Some(created)) = (found.first(), &created_now) {
            // Entries signed with another key exist: a key made just now cannot be it. Do not
            // fork the chain; leave no stray key behind to be picked up next time.
            let _ = std::fs::remove_file(created);
            return Err(StorageError::Connect(format!(
                "数据库中的审计日志是用另一个审计密钥签名的，而数据目录中没有密钥（刚才新建的 {} 已删除）：请把原来的 audit.key 复制到数据目录，或设置 FAZHI_AUDIT_KEY，或用 --data-dir 指向原来的数据目录",
                created.display()
            )));
        }
        return Ok(Rekey::Keyed);
    }
    if seal.read_anchor()?.is_some() {
        return Ok(Rekey::Refused {
            reason: "审计锚点已存在，但数据库中有未签名的记录：不重新签名，请运行 fazhi audit verify 检查"
                .to_owned(),
        });
    }
    let key = seal.key()?;
    let mut tx = db.begin().await?;
    if !legacy(&first().fetch_scalars(&mut tx).await?) {
        return Ok(Rekey::Keyed);
    }
    let mut plain_prev = GENESIS.to_owned();
    let mut keyed_prev = GENESIS.to_owned();
    let mut last_id = 0i64;
    let mut count = 0i64;
    loop {
        let page = page_after(&mut tx, last_id).await?;
        if page.is_empty() {
            break;
        }
        for mut e in page {
            if e.seq.is_some() || e.prev_hash != plain_prev || legacy_hash(&e) != e.hash {
                return Ok(Rekey::Refused {
                    reason: format!(
                        "未签名的审计日志在第 {} 条记录处校验失败，未重新签名；请运行 fazhi audit verify 检查",
                        e.id
                    ),
                });
            }
            plain_prev = std::mem::take(&mut e.hash);
            count += 1;
            e.seq = Some(count);
            e.prev_hash = keyed_prev;
            e.hash = keyed_hash(key, &e);
            Query::new("UPDATE audit_log SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4")
                .bind(e.seq)
                .bind(e.prev_hash.as_str())
                .bind(e.hash.as_str())
                .bind(e.id)
                .execute(&mut tx)
                .await?;
            keyed_prev = e.hash;
            last_id = e.id;
        }
    }
    record(
        &mut tx,
        &Actor::system(),
        Change {
            action: "rekey",
            entity: "audit_log",
            entity_id: None,
            org_id: None,
            before: Some(
                serde_json::json!({ "hash": "sha256", "entries": count, "head": plain_prev }),
            ),
            after: Some(serde_json::json!({ "hash": "hmac-sha256", "entries": count })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Rekey::Rekeyed { entries: count })
}

/// Filters for browsing the log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Entries about any of these record kinds (`None`: all; empty: none).
    pub entities: Option<Vec<String>>,
    /// Entries of any of these actions (`None`: all; empty: none).
    pub actions: Option<Vec<String>>,
    /// Part of the actor's name.
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
    for (column, codes) in [("entity", &filter.entities), ("action", &filter.actions)] {
        if let Some(codes) = codes {
            if codes.is_empty() {
                where_.push(" AND 1 = 0");
                continue;
            }
            where_.push(&format!(" AND {column} IN ("));
            for (i, c) in codes.iter().enumerate() {
                if i > 0 {
                    where_.push(", ");
                }
                where_.push_bind(c.as_str());
            }
            where_.push(")");
        }
    }
    if let Some(a) = &filter.actor {
        where_.push(" AND ").push_contains("actor", a);
    }
    if let Some(d) = filter.from {
        where_
            .push(" AND at >= ")
            .push_bind(crate::clock::beijing_midnight(d));
    }
    if let Some(d) = filter.to {
        let next = d.succ_opt().unwrap_or(d);
        where_
            .push(" AND at < ")
            .push_bind(crate::clock::beijing_midnight(next));
    }
    page_with_total(
        db,
        "audit_log",
        format!("SELECT {COLUMNS} FROM audit_log"),
        &where_,
        "id DESC",
        Some((page, per_page)),
    )
    .await
}

/// Every entry about one record, oldest first: the record's history (修改记录) is read from here,
/// not from a second store. An import's one entry is not about any single record.
pub async fn for_record(
    db: &Db,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<AuditEntry>, StorageError> {
    let mut q = Query::new(format!("SELECT {COLUMNS} FROM audit_log WHERE entity = "));
    q.push_bind(entity)
        .push(" AND entity_id = ")
        .push_bind(entity_id.to_string())
        .push(" ORDER BY id")
        .limit(1000, 0);
    q.fetch_all(db).await
}
