//! The application: one cloneable handle on the database, configuration and shared caches,
//! used by the command line, the web layer and the tests alike.

use std::sync::Arc;

use crate::config::Config;
use crate::service::calendar::CalendarCache;
use crate::service::login_throttle::LoginThrottle;
use crate::service::session_cache::SessionCache;
use crate::service::totals_cache::TotalsCache;
use crate::storage::disputes::Totals;
use crate::storage::{self, audit, Db, StorageError};

pub struct App {
    pub db: Db,
    pub config: Config,
    pub calendar: CalendarCache,
    /// Wrong-password streaks per (username, address) and per address; bounded.
    pub login_throttle: LoginThrottle,
    /// The public portal's submissions and status queries per client address: the sign-in
    /// throttle's bounded maps, keyed by what is being done instead of a username.
    pub portal_throttle: LoginThrottle,
    /// Password hashes computed at once: each argon2id run holds 19 MiB, so a flood of
    /// sign-ins queues here instead of growing memory.
    pub password_checks: tokio::sync::Semaphore,
    /// Totals of filtered dispute lists, valid while the register's version stands.
    pub dispute_totals: TotalsCache<Totals>,
    /// Totals of filtered consultation and legal-aid lists, and the consultation categories in
    /// use, valid while their register's version stands.
    pub consultation_totals: TotalsCache<crate::storage::consultations::Totals>,
    pub consultation_categories: TotalsCache<Vec<String>>,
    pub legal_aid_totals: TotalsCache<crate::storage::legal_aid::Totals>,
    /// The publicity list's totals (events, posters, venues …) per filter.
    pub publicity_totals: TotalsCache<fazhi_domain::publicity::PublicityTotals>,
    /// Study hours (all and per cadre) and exam counts (taken, passed) per filter.
    pub study_hours: TotalsCache<(f64, Vec<(String, f64)>)>,
    pub exam_counts: TotalsCache<(i64, i64)>,
    /// A year's figures per (scope, year), valid while no register they are read from changes
    /// (storage::figures::version).
    pub figures: TotalsCache<fazhi_domain::report::Figures>,
    /// A county's (or province's) per-town table per (scope, year), on the same version.
    pub town_rows: TotalsCache<Vec<crate::service::report::TownRow>>,
    /// Sessions looked up in the last few seconds.
    pub sessions: SessionCache,
    /// Code lists per organisation, reloaded when any list changes.
    pub code_lists: crate::service::code_lists::CodeListCache,
    /// Rendered portal pages, stale after any staff write (`service::portal_cache`).
    pub portal_cache: crate::service::portal_cache::PortalCache,
}

/// Concurrent argon2id runs: two per core on the 2-core target machine.
const PASSWORD_CHECKS: usize = 4;

pub type SharedApp = Arc<App>;

impl App {
    /// Connects, migrates and loads what the running system keeps in memory.
    pub async fn open(config: Config) -> Result<SharedApp, StorageError> {
        crate::clock::install(config.clock);
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
        if let Some(search) = storage::search::describe_backend(&db).await? {
            tracing::info!("{search}");
        }
        let calendar = CalendarCache::load(&db).await?;
        Ok(Arc::new(App {
            db,
            config,
            calendar,
            login_throttle: LoginThrottle::default(),
            portal_throttle: LoginThrottle::default(),
            password_checks: tokio::sync::Semaphore::new(PASSWORD_CHECKS),
            dispute_totals: TotalsCache::default(),
            consultation_totals: TotalsCache::default(),
            consultation_categories: TotalsCache::default(),
            legal_aid_totals: TotalsCache::default(),
            publicity_totals: TotalsCache::default(),
            study_hours: TotalsCache::default(),
            exam_counts: TotalsCache::default(),
            figures: TotalsCache::default(),
            town_rows: TotalsCache::default(),
            sessions: SessionCache::default(),
            code_lists: Default::default(),
            portal_cache: Default::default(),
        }))
    }
}
