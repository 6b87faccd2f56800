//! When a large import's cases enter the search index: after the import's transaction, not in
//! it (migration 0061; storage/search.rs `index_queued_words`). Searches find the queued cases
//! by LIKE meanwhile, so this only decides how soon searches are fast again.

use crate::error::AppResult;
use crate::service::ledger::ImportReport;
use crate::storage::{disputes, Db};

/// Moves every queued case into the index now: how many. `fazhi import` does it before it
/// exits, after saying the import is done.
pub async fn catch_up(db: &Db) -> AppResult<u64> {
    Ok(disputes::index_queued_words(db).await?)
}

/// After an import the server took: [`catch_up_in_background`] if it wrote anything (a dry run,
/// a refused file or nothing written leaves no queue).
pub fn after_import(db: &Db, report: &ImportReport) {
    if report.imported > 0 {
        catch_up_in_background(db);
    }
}

/// [`catch_up`] in the background: the server at start (what an interrupted process left) and
/// after each import it takes. A failure is logged; the next call finds the cases still queued.
pub fn catch_up_in_background(db: &Db) {
    let db = db.clone();
    tokio::spawn(async move {
        match catch_up(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("检索索引：已加入导入的 {n} 件纠纷"),
            Err(e) => {
                tracing::warn!(error = %e, "检索索引：导入的纠纷未能加入，下次启动或导入时重试")
            }
        }
    });
}
