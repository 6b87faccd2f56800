//! Where fazhi keeps its data (and its attachments) and which database it talks to.

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
    /// Where attachment contents are kept (`--attachments`, storage/blobs.rs).
    pub attachments: AttachmentStore,
}

/// Where attachment contents are kept (issue #20 item 6): `dir:PATH` or `database`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttachmentStore {
    /// Files named by their SHA-256 below a directory (`ab/cdef…`); the default on SQLite
    /// (`<data dir>/attachments`). Several servers need it on a shared filesystem.
    Dir(PathBuf),
    /// Rows of `attachment_blobs`; the default on PostgreSQL: every instance reads the same
    /// files and `pg_dump` carries them.
    Database,
}

impl AttachmentStore {
    /// `database` or `dir:PATH`, as `--attachments` and `FAZHI_ATTACHMENTS` take it.
    pub fn parse(text: &str) -> Result<AttachmentStore, String> {
        let text = text.trim();
        if text == "database" {
            return Ok(AttachmentStore::Database);
        }
        match text.strip_prefix("dir:").map(str::trim) {
            Some(path) if !path.is_empty() => Ok(AttachmentStore::Dir(PathBuf::from(path))),
            _ => Err(format!(
                "无法识别的附件存储「{text}」：应为 database 或 dir:目录路径（例如 dir:/srv/fazhi/attachments）"
            )),
        }
    }
}

impl std::fmt::Display for AttachmentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttachmentStore::Dir(p) => write!(f, "dir:{}", p.display()),
            AttachmentStore::Database => f.write_str("database"),
        }
    }
}

impl Config {
    /// `--database` wins; otherwise an SQLite file inside the data directory.
    pub fn new(data_dir: &Path, database_url: Option<&str>) -> Config {
        let database_url = match database_url {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => format!("sqlite://{}", data_dir.join("fazhi.sqlite").display()),
        };
        // PostgreSQL deployments may run several instances on one database; SQLite ones run one.
        let attachments = if database_url.starts_with("postgres") {
            AttachmentStore::Database
        } else {
            AttachmentStore::Dir(data_dir.join("attachments"))
        };
        Config {
            data_dir: data_dir.to_owned(),
            database_url,
            trusted_proxies: Vec::new(),
            clock: crate::clock::Clock::System,
            attachments,
        }
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
