//! Attachment contents, addressed by their SHA-256: files below a directory (`ab/cdef…`) or rows
//! of `attachment_blobs` (issue #20 item 6). Every reader and writer of attachment bytes goes
//! through [`Blobs`]: uploads, downloads, the portal's photos, evidence packs, backups and
//! `fazhi attachments migrate`. The same content is stored once, and it is checked against its
//! hash whenever it is read, so a damaged or missing file is reported as such.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::db::On;
use super::{files, Db, Query, StorageError};
use crate::config::AttachmentStore;

/// One attachment store, borrowed from the configuration and the database it may live in.
#[derive(Clone, Copy)]
pub enum Blobs<'a> {
    Dir(&'a Path),
    Database(&'a Db),
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a file with this hash lives below `dir`.
pub fn path_for(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(&sha256[2..])
}

/// A SHA-256 in the lower-case hex fazhi names contents by; anything else is no attachment's.
fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn missing(sha256: &str, place: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!(
        "附件内容 {sha256} 缺失（{place}）：请从备份恢复附件，或检查 --attachments 设置是否指向原来的存储"
    ))
}

fn damaged(sha256: &str, place: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!(
        "附件内容 {sha256} 已损坏（{place}，内容与其 SHA-256 不符）：请从备份恢复该附件"
    ))
}

fn io_failed(what: &str, path: &Path, e: io::Error) -> StorageError {
    StorageError::Corrupt(format!("{what} {}：{e}", path.display()))
}

impl<'a> Blobs<'a> {
    pub fn of(store: &'a AttachmentStore, db: &'a Db) -> Blobs<'a> {
        match store {
            AttachmentStore::Dir(dir) => Blobs::Dir(dir),
            AttachmentStore::Database => Blobs::Database(db),
        }
    }

    /// Stores `bytes` (whose SHA-256 is `sha256`) unless the same content is there already.
    /// Call it before writing the row that refers to the content. In the database it is written
    /// through `on`: inside the row's transaction, both commit or neither. In a directory it is
    /// written to a temporary file and renamed at once, so a crash leaves at worst a file that
    /// no row refers to, never a row without its file.
    pub async fn put(
        &self,
        on: impl Into<On<'_>>,
        sha256: &str,
        bytes: Vec<u8>,
    ) -> Result<(), StorageError> {
        if !is_sha256(sha256) {
            return Err(StorageError::Corrupt(format!(
                "「{sha256}」不是 SHA-256 哈希"
            )));
        }
        match self {
            Blobs::Dir(dir) => {
                let path = path_for(dir, sha256);
                let target = path.clone();
                tokio::task::spawn_blocking(move || -> io::Result<()> {
                    if target.exists() {
                        return Ok(());
                    }
                    // Directories 0700, files 0600: they hold personal data.
                    if let Some(parent) = target.parent() {
                        files::create_private_dir(parent)?;
                    }
                    files::replace_private(&target, &bytes)
                })
                .await
                .map_err(|e| StorageError::Corrupt(format!("写入附件中断：{e}")))?
                .map_err(|e| io_failed("无法写入附件", &path, e))
            }
            Blobs::Database(_) => {
                let mut on = on.into();
                let present: i64 =
                    Query::new("SELECT COUNT(*) FROM attachment_blobs WHERE sha256 = $1")
                        .bind(sha256)
                        .fetch_scalar(on.reborrow())
                        .await?;
                if present > 0 {
                    return Ok(());
                }
                let size = bytes.len() as i64;
                Query::new(
                    "INSERT INTO attachment_blobs (sha256, size_bytes, bytes) VALUES ($1, $2, $3) \
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(sha256)
                .bind(size)
                .bind(bytes)
                .execute(on)
                .await?;
                Ok(())
            }
        }
    }

    /// Whether the content with this hash is stored (not checked against it).
    pub async fn exists(&self, sha256: &str) -> Result<bool, StorageError> {
        match self {
            Blobs::Dir(dir) => {
                let path = path_for(dir, sha256);
                Ok(is_sha256(sha256) && tokio::fs::try_exists(&path).await.unwrap_or(false))
            }
            Blobs::Database(db) => {
                let n: i64 = Query::new("SELECT COUNT(*) FROM attachment_blobs WHERE sha256 = $1")
                    .bind(sha256)
                    .fetch_scalar(*db)
                    .await?;
                Ok(n > 0)
            }
        }
    }

    /// The content with this hash, checked against it.
    pub async fn get(&self, sha256: &str) -> Result<Vec<u8>, StorageError> {
        if !is_sha256(sha256) {
            return Err(missing(sha256, "不是 SHA-256 哈希"));
        }
        let (bytes, place) = match self {
            Blobs::Dir(dir) => {
                let path = path_for(dir, sha256);
                let bytes = match tokio::fs::read(&path).await {
                    Ok(b) => b,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        return Err(missing(sha256, path.display()))
                    }
                    Err(e) => return Err(io_failed("无法读取附件", &path, e)),
                };
                (bytes, path.display().to_string())
            }
            Blobs::Database(db) => {
                let bytes: Option<Vec<u8>> =
                    Query::new("SELECT bytes FROM attachment_blobs WHERE sha256 = $1")
                        .bind(sha256)
                        .fetch_scalars(*db)
                        .await?
                        .pop();
                let Some(bytes) = bytes else {
                    return Err(missing(sha256, "数据库表 attachment_blobs"));
                };
                (bytes, "数据库表 attachment_blobs".to_owned())
            }
        };
        let sha = sha256.to_owned();
        tokio::task::spawn_blocking(move || {
            if sha256_hex(&bytes) == sha {
                Ok(bytes)
            } else {
                Err(damaged(&sha, place))
            }
        })
        .await
        .map_err(|e| StorageError::Corrupt(format!("读取附件中断：{e}")))?
    }

    /// Writes the content with this hash into `out`, checked against it; blocking (for a
    /// blocking thread; the database is read through `rt`). From a directory the file is
    /// streamed, so a pack of many files never holds more than one buffer of them; from the
    /// database one file at a time is in memory.
    pub fn copy_to(
        &self,
        rt: &tokio::runtime::Handle,
        sha256: &str,
        out: &mut dyn Write,
    ) -> Result<u64, StorageError> {
        match self {
            Blobs::Dir(dir) => {
                let path = path_for(dir, sha256);
                let mut file = match File::open(&path) {
                    Ok(f) => f,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        return Err(missing(sha256, path.display()))
                    }
                    Err(e) => return Err(io_failed("无法读取附件", &path, e)),
                };
                let mut hasher = Sha256::new();
                let mut buf = vec![0u8; 64 * 1024];
                let mut written = 0u64;
                loop {
                    let n = file
                        .read(&mut buf)
                        .map_err(|e| io_failed("无法读取附件", &path, e))?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                    out.write_all(&buf[..n])
                        .map_err(|e| StorageError::Corrupt(format!("无法写出附件：{e}")))?;
                    written += n as u64;
                }
                if hex(&hasher.finalize()) != sha256 {
                    return Err(damaged(sha256, path.display()));
                }
                Ok(written)
            }
            Blobs::Database(_) => {
                let bytes = rt.block_on(self.get(sha256))?;
                out.write_all(&bytes)
                    .map_err(|e| StorageError::Corrupt(format!("无法写出附件：{e}")))?;
                Ok(bytes.len() as u64)
            }
        }
    }

    /// The hash of every stored content, sorted.
    pub async fn list(&self) -> Result<Vec<String>, StorageError> {
        match self {
            Blobs::Dir(dir) => {
                let dir = dir.to_path_buf();
                let found = tokio::task::spawn_blocking(move || dir_files(&dir).map(|f| (f, dir)))
                    .await
                    .map_err(|e| StorageError::Corrupt(format!("列出附件中断：{e}")))?;
                let (found, dir) = found.map_err(|e| StorageError::Corrupt(e.to_string()))?;
                Ok(found
                    .iter()
                    .filter_map(|p| {
                        let rel = p
                            .strip_prefix(&dir)
                            .ok()?
                            .to_string_lossy()
                            .replace(['/', '\\'], "");
                        is_sha256(&rel).then_some(rel)
                    })
                    .collect())
            }
            Blobs::Database(db) => {
                Query::new("SELECT sha256 FROM attachment_blobs ORDER BY sha256")
                    .fetch_scalars(*db)
                    .await
            }
        }
    }

    /// The hashes the `attachments` rows of `db` refer to that this store lacks.
    pub async fn missing_of(&self, db: &Db) -> Result<Vec<String>, StorageError> {
        let wanted: Vec<String> =
            Query::new("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")
                .fetch_scalars(db)
                .await?;
        let mut lacking = Vec::new();
        for sha in wanted {
            if !self.exists(&sha).await? {
                lacking.push(sha);
            }
        }
        Ok(lacking)
    }
}

/// What [`copy_all`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub copied: u64,
    pub already_there: u64,
}

/// Copies every content of `from` that `to` lacks, each checked against its hash on the way
/// (a damaged one stops the copy and is named). Idempotent: run again, it copies nothing.
pub async fn copy_all(
    from: &Blobs<'_>,
    to: &Blobs<'_>,
    db: &Db,
    progress: &mut dyn FnMut(Copied),
) -> Result<Copied, StorageError> {
    let mut done = Copied::default();
    for sha in from.list().await? {
        if to.exists(&sha).await? {
            done.already_there += 1;
        } else {
            let bytes = from.get(&sha).await?;
            to.put(db, &sha, bytes).await?;
            done.copied += 1;
        }
        progress(done);
    }
    Ok(done)
}

/// Every finished file below `dir`, sorted. Contents are named by their hash alone; a name
/// with an extension is one still being written (`.part…`).
pub fn dir_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if path.extension().is_none() {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
