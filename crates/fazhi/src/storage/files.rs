//! Files fazhi writes into its data directory: readable by the service account only (0600 files,
//! 0700 directories), since they hold personal data, the audit key and the audit anchor.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Creates `dir` and its missing parents; the directories created are 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Opens `path` for writing as a new file, 0600; fails if it exists.
pub fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Replaces `path` with `bytes` atomically: a 0600 temporary file beside it, synced, then
/// renamed over it, so a crash leaves either the old content or the new, never half of it.
pub fn replace_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A name of its own per write: concurrent writers (other transactions, other processes)
    // must not write into or rename each other's half-written file.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("part{}-{n}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let mut f = create_new_private(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)
}

/// Restricts an existing file to its owner (0600).
pub fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
