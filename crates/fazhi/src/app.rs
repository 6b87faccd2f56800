//! The application: one cloneable handle on the database, configuration and shared caches,
//! used by the command line, the web layer and the tests alike.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;
use crate::service::calendar::CalendarCache;
use crate::service::session_cache::SessionCache;
use crate::service::totals_cache::TotalsCache;
use crate::storage::disputes::Totals;
use crate::storage::{self, Db, StorageError};

pub struct App {
    pub db: Db,
    pub config: Config,
    pub calendar: CalendarCache,
    pub login_by_user: DefaultKeyedRateLimiter<String>,
    pub login_by_addr: DefaultKeyedRateLimiter<String>,
    /// Totals of filtered dispute lists, valid while the register's version stands.
    pub dispute_totals: TotalsCache<Totals>,
    /// Totals of filtered consultation and legal-aid lists, and the consultation categories in
    /// use, valid while their register's version stands.
    pub consultation_totals: TotalsCache<crate::storage::consultations::Totals>,
    pub consultation_categories: TotalsCache<Vec<String>>,
    pub legal_aid_totals: TotalsCache<crate::storage::legal_aid::Totals>,
    /// Sessions looked up in the last few seconds.
    pub sessions: SessionCache,
}

pub type SharedApp = Arc<App>;

impl App {
    /// Connects, migrates and loads what the running system keeps in memory.
    pub async fn open(config: Config) -> Result<SharedApp, StorageError> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| StorageError::Connect(format!("无法创建数据目录：{e}")))?;
        let db = Db::connect(&config.database_url).await?;
        storage::migrate::run(&db).await?;
        let calendar = CalendarCache::load(&db).await?;
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).expect("non-zero"));
        Ok(Arc::new(App {
            db,
            config,
            calendar,
            login_by_user: RateLimiter::keyed(per_minute(10)),
            login_by_addr: RateLimiter::keyed(per_minute(60)),
            dispute_totals: TotalsCache::default(),
            consultation_totals: TotalsCache::default(),
            consultation_categories: TotalsCache::default(),
            legal_aid_totals: TotalsCache::default(),
            sessions: SessionCache::default(),
        }))
    }
}
