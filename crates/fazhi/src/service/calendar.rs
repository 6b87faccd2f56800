//! The working-day calendar as the running system sees it.

use std::sync::{Arc, RwLock};

use crate::storage::{Db, StorageError};

/// The calendar kept in memory, rebuilt whenever calendar data changes.
pub struct CalendarCache {
    inner: RwLock<Arc<()>>,
}

impl CalendarCache {
    pub async fn load(_db: &Db) -> Result<CalendarCache, StorageError> {
        Ok(CalendarCache {
            inner: RwLock::new(Arc::new(())),
        })
    }

    pub fn current(&self) -> Arc<()> {
        self.inner.read().expect("calendar lock").clone()
    }
}
