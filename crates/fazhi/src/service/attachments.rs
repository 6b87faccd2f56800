//! Attachments stored content-addressed: a file's SHA-256 is its name, so the same photo
//! uploaded twice is stored once and a file can be checked against its name. The contents live
//! in the configured store (`--attachments`, storage/blobs.rs): a directory, or the database
//! that every instance shares. Any register attaches files to its records through here; the
//! register checks that the caller may change the record first.

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::attachments::{self as store, NewAttachment};
use crate::storage::blobs::Blobs;
use crate::storage::StorageError;

use super::Caller;
pub use crate::storage::attachments::Attachment;
pub use crate::storage::blobs::sha256_hex;

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

/// The configured attachment store of `app`.
pub fn blobs(app: &App) -> Blobs<'_> {
    Blobs::of(&app.config.attachments, &app.db)
}

/// A stored content that cannot be read back: the cause (which file, where) goes to the log,
/// the user is told the file is missing or damaged rather than given a bare 500.
pub fn unavailable(e: StorageError) -> AppError {
    match e {
        StorageError::Corrupt(cause) => {
            tracing::error!(%cause, "attachment unavailable");
            AppError::new(
                ErrorKind::Internal,
                "attachment_unavailable",
                "附件文件缺失或已损坏，暂时无法打开；请联系系统管理员从备份恢复附件",
            )
        }
        other => other.into(),
    }
}

/// The bytes of `a`, from the configured store.
pub async fn contents(app: &App, a: &Attachment) -> AppResult<Vec<u8>> {
    blobs(app).get(&a.sha256).await.map_err(unavailable)
}

/// A file for `entity`/`entity_id` (of organisation `org_id`): stored once per content in the
/// configured store and recorded with an audit entry.
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
    let bytes = up.bytes;
    let size = bytes.len() as i64;
    let (sha, bytes) = tokio::task::spawn_blocking(move || (sha256_hex(&bytes), bytes)).await?;
    // The content first, committed on its own: no row is ever without its bytes, and the
    // writers' transaction below is not held open while megabytes travel. Content is
    // addressed by its hash, so bytes left by a failed row are harmless and reused.
    blobs(app).put(&app.db, &sha, bytes).await?;
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
    let bytes = contents(app, &a).await?;
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
