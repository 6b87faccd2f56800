//! Consistent snapshots of an SQLite deployment, taken while the server runs.

use std::path::Path;

use super::{Db, Query, StorageError};

/// `VACUUM INTO` writes a transactionally consistent copy without stopping writers for long.
/// PostgreSQL deployments use `pg_dump` (see docs/operations.md).
pub async fn snapshot(db: &Db, file: &Path) -> Result<(), StorageError> {
    if db.sqlite_pool().is_none() {
        return Err(StorageError::Connect(
            "PostgreSQL 部署请使用 pg_dump 备份，见 docs/operations.md".to_owned(),
        ));
    }
    let path = file
        .to_str()
        .ok_or_else(|| StorageError::Connect("备份文件路径含有无法识别的字符".to_owned()))?;
    Query::new("VACUUM INTO $1").bind(path).execute(db).await?;
    Ok(())
}
