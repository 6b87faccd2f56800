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
use crate::storage::{self, audit, Db, StorageError};

pub struct App {
    pub db: Db,
    pub config: Config,
    pub calendar: CalendarCache,
    pub login_by_user: DefaultKeyedRateLimiter<String>,
    pub login_by_addr: DefaultKeyedRateLimiter<String>,
    /// Totals of filtered dispute lists, valid while the register's version stands.
    pub dispute_totals: TotalsCache<Totals>,
    /// Sessions looked up in the last few seconds.
    pub sessions: SessionCache,
}

pub type SharedApp = Arc<App>;

impl App {
    /// Connects, migrates and loads what the running system keeps in memory.
    pub async fn open(config: Config) -> Result<SharedApp, StorageError> {
        storage::files::create_private_dir(&config.data_dir)
            .map_err(|e| StorageError::Connect(format!("无法创建数据目录：{e}")))?;
        let seal = audit::Seal::load(
            &config.audit_key_file(),
            std::env::var("FAZHI_AUDIT_KEY").ok().as_deref(),
            config.audit_anchor_file(),
        )?;
        let db = Db::connect(&config.database_url).await?.with_seal(seal);
        storage::migrate::run(&db).await?;
        match audit::ensure_keyed(&db).await? {
            audit::Rekey::Keyed => {}
            audit::Rekey::Rekeyed { entries } => {
                tracing::warn!("审计日志已用审计密钥重新签名：{entries} 条记录")
            }
            audit::Rekey::Refused { reason } => tracing::error!("{reason}"),
        }
        let calendar = CalendarCache::load(&db).await?;
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).expect("non-zero"));
        Ok(Arc::new(App {
            db,
            config,
            calendar,
            login_by_user: RateLimiter::keyed(per_minute(10)),
            login_by_addr: RateLimiter::keyed(per_minute(60)),
            dispute_totals: TotalsCache::default(),
            sessions: SessionCache::default(),
        }))
    }
}
