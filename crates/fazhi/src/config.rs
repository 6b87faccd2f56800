//! Where fazhi keeps its data and which database it talks to.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); without
    /// one the socket peer is the client, whatever the header says (issue #12 item 11).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The process's clock (`crate::clock`): the system's, or a fixed start in tests.
    pub clock: crate::clock::Clock,
}

impl Config {
    /// `--database` wins; otherwise an SQLite file inside the data directory.
    pub fn new(data_dir: &Path, database_url: Option<&str>) -> Config {
        let database_url = match database_url {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => format!("sqlite://{}", data_dir.join("fazhi.sqlite").display()),
        };
        Config {
            data_dir: data_dir.to_owned(),
            database_url,
            trusted_proxies: Vec::new(),
            clock: crate::clock::Clock::System,
        }
    }

    pub fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }

    /// The audit chain's HMAC key (created on first start unless `FAZHI_AUDIT_KEY` is set).
    pub fn audit_key_file(&self) -> PathBuf {
        self.data_dir.join("audit.key")
    }

    /// The audit chain's head, kept outside the database (storage/audit.rs).
    pub fn audit_anchor_file(&self) -> PathBuf {
        self.data_dir.join("audit-anchor.json")
    }
}
