//! Schema migrations, embedded in the binary: one folder per backend, same numbering.

use super::{Db, StorageError};

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub async fn run(db: &Db) -> Result<(), StorageError> {
    let result = if let Some(p) = db.sqlite_pool() {
        SQLITE.run(p).await
    } else if let Some(p) = db.postgres_pool() {
        POSTGRES.run(p).await
    } else {
        Ok(())
    };
    result.map_err(|e| StorageError::Migrate(e.to_string()))?;
    // The national code lists ship as data, inserted here rather than by a migration so that
    // the one list of defaults is fazhi-domain's, and a release that adds a national code
    // reaches existing databases without a new migration (idempotent: only what is missing).
    let mut tx = db.begin().await?;
    super::code_lists::seed_national(&mut tx).await?;
    tx.commit().await
}
