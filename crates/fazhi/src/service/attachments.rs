//! Attachments stored content-addressed on disk: a file's SHA-256 is its name
//! (`attachments/ab/cdef…`), so the same photo uploaded twice is stored once and a file can
//! be checked against its name. Any register attaches files to its records through here; the
//! register checks that the caller may change the record first.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::attachments::{self as store, NewAttachment};

use super::Caller;
pub use crate::storage::attachments::Attachment;

/// Photos from a phone, scans and recordings; larger files belong in the archive, not here.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// What may be attached: images, audio, video and PDF.
pub fn allowed_type(content_type: &str) -> bool {
    let ct = content_type.trim().to_ascii_lowercase();
    ct.starts_with("image/")
        || ct.starts_with("audio/")
        || ct.starts_with("video/")
        || ct == "application/pdf"
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a file with this hash lives below `dir`.
pub fn path_for(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(&sha256[2..])
}

/// A file for `entity`/`entity_id` (of organisation `org_id`): stored on disk (once per
/// content) and recorded with an audit entry.
pub struct Upload<'a> {
    pub entity: &'a str,
    pub entity_id: i64,
    pub org_id: i64,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: Vec<u8>,
}

pub async fn store(app: &App, caller: &Caller, up: Upload<'_>) -> AppResult<Attachment> {
    if up.bytes.is_empty() {
        return Err(AppError::field("file", "请选择要上传的文件"));
    }
    if up.bytes.len() > MAX_BYTES {
        return Err(AppError::field("file", "文件超过 20 MB，请压缩后再上传"));
    }
    let content_type = match up.content_type.trim() {
        "" | "application/octet-stream" => mime_guess::from_path(up.file_name)
            .first_raw()
            .unwrap_or("application/octet-stream"),
        ct => ct,
    };
    if !allowed_type(content_type) {
        return Err(AppError::field(
            "file",
            "只能上传照片、录音、视频或 PDF 扫描件",
        ));
    }
    let file_name: String = up
        .file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let file_name = if file_name.trim().is_empty() {
        "附件".to_owned()
    } else {
        file_name
    };
    let dir = app.config.attachments_dir();
    let bytes = up.bytes;
    let size = bytes.len() as i64;
    let sha = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let sha = sha256_hex(&bytes);
        let path = path_for(&dir, &sha);
        if !path.exists() {
            // Directories 0700, files 0600: they hold personal data.
            crate::storage::files::create_private_dir(path.parent().unwrap_or(&dir))?;
            // Write then rename, so a crash never leaves a half file under a valid hash.
            crate::storage::files::replace_private(&path, &bytes)?;
        }
        Ok(sha)
    })
    .await?
    .map_err(AppError::internal)?;
    let mut tx = app.db.begin().await?;
    let row = store::create(
        &mut tx,
        &caller.actor(),
        NewAttachment {
            org_id: up.org_id,
            entity: up.entity,
            entity_id: up.entity_id,
            sha256: &sha,
            file_name: &file_name,
            content_type,
            size_bytes: size,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// An attachment's row and bytes, if it belongs to the caller's subtree.
pub async fn open(app: &App, caller: &Caller, id: i64) -> AppResult<(Attachment, Vec<u8>)> {
    let a = store::get_in(&app.db, &caller.scope, id).await?;
    let path = path_for(&app.config.attachments_dir(), &a.sha256);
    let bytes = tokio::fs::read(&path).await.map_err(AppError::internal)?;
    Ok((a, bytes))
}

pub async fn list_for(app: &App, entity: &str, entity_id: i64) -> AppResult<Vec<Attachment>> {
    Ok(store::list_for(&app.db, entity, entity_id).await?)
}

/// The record a file may be attached to: one of register `R` the caller may change, not
/// withdrawn (checked before the file is read, and again when it is stored).
pub async fn may_attach<R: super::revision::Register>(
    app: &App,
    caller: &Caller,
    id: i64,
) -> AppResult<crate::storage::revision::Target> {
    let r = super::revision::load_for_edit::<R>(app, caller, id).await?;
    if R::is_withdrawn(&r) {
        return Err(super::revision::withdrawn_refusal());
    }
    Ok(R::target(&r))
}

/// Attaches a file to a record of register `R` that the caller may change (a withdrawn record
/// is refused), under the record's own audit entity: a meeting's minutes, a complaint's
/// investigation material.
pub async fn attach_to<R: super::revision::Register>(
    app: &App,
    caller: &Caller,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<Attachment> {
    let t = may_attach::<R>(app, caller, id).await?;
    let upload = Upload {
        entity: t.entity,
        entity_id: t.id,
        org_id: t.org_id,
        file_name,
        content_type: "",
        bytes,
    };
    store(app, caller, upload).await
}

/// The files attached to a record of register `R` the caller may read.
pub async fn of_record<R: super::revision::Register>(
    app: &App,
    caller: &Caller,
    id: i64,
) -> AppResult<Vec<Attachment>> {
    let t = R::target(&super::revision::get::<R>(app, caller, id).await?);
    list_for(app, t.entity, t.id).await
}
