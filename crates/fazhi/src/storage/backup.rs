//! Backups of an SQLite deployment, taken while the server runs: one ZIP archive holding a
//! consistent copy of the database, every attachment, and a manifest with the audit chain's head.
//! Attachments kept in a directory are archived as files; attachments kept in the database
//! (`--attachments database`) travel inside the database copy. Restore unpacks it into a data
//! directory that has no database yet.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;

use super::audit::{self, Head};
use super::blobs::{self, Blobs};
use super::{files, Db, Query, StorageError};

const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "fazhi.sqlite";
const ATTACHMENTS: &str = "attachments/";

/// What an archive holds, written into it as `manifest.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: DateTime<Utc>,
    pub attachments: u64,
    /// The attachments are rows of the database copy (`attachment_blobs`), not files of the
    /// archive. Archives written before issue #20 lack it: their files are in the archive.
    #[serde(default)]
    pub attachments_in_database: bool,
    /// The audit chain's head read just before the copy was taken: the copy holds this entry
    /// (and perhaps a few after it), so it is a valid anchor for the restored database.
    pub audit_head: Option<Head>,
}

fn io_error(what: &str, path: &Path, e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("{what} {}：{e}", path.display()))
}

/// `VACUUM INTO` writes a transactionally consistent copy without stopping writers for long.
/// PostgreSQL deployments use `pg_dump` (see docs/operations.md).
pub async fn snapshot(db: &Db, file: &Path) -> Result<(), StorageError> {
    if db.sqlite_pool().is_none() {
        return Err(StorageError::Connect(
            "PostgreSQL 部署请使用 pg_dump 备份数据库（附件存于数据库时随之备份；存于目录时须另行复制该目录），见 docs/operations.md"
                .to_owned(),
        ));
    }
    let path = file
        .to_str()
        .ok_or_else(|| StorageError::Connect("备份文件路径含有无法识别的字符".to_owned()))?;
    Query::new("VACUUM INTO $1").bind(path).execute(db).await?;
    files::make_private(file).map_err(|e| io_error("无法设置备份文件权限", file, e))?;
    Ok(())
}

/// Writes `file` (which must not exist, 0600): the database, every attachment of `store` (files
/// of a directory store; a database store's are in the copy), and the manifest.
pub async fn archive(db: &Db, store: &Blobs<'_>, file: &Path) -> Result<Manifest, StorageError> {
    let audit_head = audit::head(db).await?;
    // Counted before the copy, like the audit head: the copy holds these (perhaps a few more).
    let in_database = match store {
        Blobs::Dir(_) => None,
        Blobs::Database(_) => Some(store.list().await?.len() as u64),
    };
    let copy = file.with_extension("sqlite.part");
    let _ = fs::remove_file(&copy);
    snapshot(db, &copy).await?;
    let attachments_dir = match store {
        Blobs::Dir(dir) => Some(dir.to_path_buf()),
        Blobs::Database(_) => None,
    };
    let file = file.to_owned();
    let written = tokio::task::spawn_blocking(move || {
        let result = write_archive(
            &copy,
            attachments_dir.as_deref(),
            in_database,
            &file,
            audit_head,
        );
        let _ = fs::remove_file(&copy);
        if result.is_err() {
            let _ = fs::remove_file(&file);
        }
        result
    })
    .await
    .map_err(|e| StorageError::Corrupt(format!("备份中断：{e}")))?;
    written
}

/// `in_database`: how many attachments the database copy holds, when they are kept there (the
/// manifest inside the archive must say so, or a restore would look for files).
fn write_archive(
    copy: &Path,
    attachments_dir: Option<&Path>,
    in_database: Option<u64>,
    file: &Path,
    audit_head: Option<Head>,
) -> Result<Manifest, StorageError> {
    let out = files::create_new_private(file).map_err(|e| io_error("无法创建备份文件", file, e))?;
    let mut zip = zip::ZipWriter::new(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let zip_error = |e: zip::result::ZipError| io_error("无法写入备份文件", file, e);
    let io_err = |e: io::Error| io_error("无法写入备份文件", file, e);
    zip.start_file(DATABASE, options).map_err(zip_error)?;
    let mut db_file = File::open(copy).map_err(|e| io_error("无法读取数据库副本", copy, e))?;
    io::copy(&mut db_file, &mut zip).map_err(io_err)?;
    let mut attachments = 0u64;
    let found = match attachments_dir {
        Some(dir) => blobs::dir_files(dir).map_err(io_err)?,
        None => Vec::new(),
    };
    for path in found {
        let Some(relative) = attachments_dir.and_then(|dir| path.strip_prefix(dir).ok()) else {
            continue;
        };
        let name = format!(
            "{ATTACHMENTS}{}",
            relative.to_string_lossy().replace('\\', "/")
        );
        zip.start_file(name, options).map_err(zip_error)?;
        let mut f = File::open(&path).map_err(|e| io_error("无法读取附件", &path, e))?;
        io::copy(&mut f, &mut zip).map_err(io_err)?;
        attachments += 1;
    }
    let manifest = Manifest {
        format: 1,
        created_at: crate::clock::now(),
        attachments: in_database.unwrap_or(attachments),
        attachments_in_database: in_database.is_some(),
        audit_head,
    };
    zip.start_file(MANIFEST, options).map_err(zip_error)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest).expect("a manifest serialises"))
        .map_err(io_err)?;
    let out = zip.finish().map_err(zip_error)?;
    out.sync_all().map_err(io_err)?;
    Ok(manifest)
}

/// Unpacks `archive` into a data directory: the database to `db_file`, which must not exist yet,
/// and the attachments under `attachments_dir`; every attachment is checked against the SHA-256
/// it is named by. Files 0600, directories 0700.
pub fn restore(
    archive: &Path,
    db_file: &Path,
    attachments_dir: &Path,
) -> Result<Manifest, StorageError> {
    if db_file.exists() {
        return Err(StorageError::Conflict(format!(
            "数据库文件 {} 已存在；请恢复到新的数据目录，或先停止服务并移走旧数据库",
            db_file.display()
        )));
    }
    let f = File::open(archive).map_err(|e| io_error("无法打开备份文件", archive, e))?;
    let bad = |e: &dyn std::fmt::Display| io_error("备份文件损坏", archive, e);
    let mut zip = zip::ZipArchive::new(f).map_err(|e| bad(&e))?;
    let manifest: Manifest = {
        let mut m = zip.by_name(MANIFEST).map_err(|e| bad(&e))?;
        let mut text = Vec::new();
        m.read_to_end(&mut text).map_err(|e| bad(&e))?;
        serde_json::from_slice(&text).map_err(|e| bad(&e))?
    };
    if let Some(parent) = db_file.parent().filter(|p| !p.as_os_str().is_empty()) {
        files::create_private_dir(parent).map_err(|e| io_error("无法创建目录", parent, e))?;
    }
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| bad(&e))?;
        let Some(name) = entry.enclosed_name() else {
            return Err(bad(&"含有不安全的路径"));
        };
        let name = name.to_string_lossy().replace('\\', "/");
        let target = if name == DATABASE {
            db_file.to_owned()
        } else if let Some(rel) = name.strip_prefix(ATTACHMENTS) {
            attachments_dir.join(rel)
        } else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        if let Some(parent) = target.parent() {
            files::create_private_dir(parent).map_err(|e| io_error("无法创建目录", parent, e))?;
        }
        let mut bytes = Vec::new();
        let mut out =
            files::create_new_private(&target).map_err(|e| io_error("无法写入", &target, e))?;
        if name == DATABASE {
            io::copy(&mut entry, &mut out).map_err(|e| io_error("无法写入", &target, e))?;
        } else {
            entry.read_to_end(&mut bytes).map_err(|e| bad(&e))?;
            let sha = blobs::sha256_hex(&bytes);
            // Stored as attachments/ab/cdef…: the path is the content's hash.
            if rel_hash(&name) != sha {
                return Err(bad(&format!("附件 {name} 的内容与文件名中的哈希不符")));
            }
            out.write_all(&bytes)
                .map_err(|e| io_error("无法写入", &target, e))?;
        }
        out.sync_all()
            .map_err(|e| io_error("无法写入", &target, e))?;
    }
    if !db_file.exists() {
        return Err(bad(&"缺少数据库文件"));
    }
    Ok(manifest)
}

fn rel_hash(name: &str) -> String {
    name.trim_start_matches(ATTACHMENTS).replace('/', "")
}
