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
    result.map_err(|e| StorageError::Migrate(e.to_string()))
}
