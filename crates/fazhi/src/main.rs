//! The `fazhi` command. Everything it does lives in the library.

fn main() -> std::process::ExitCode {
    fix_mmap_threshold();
    fazhi::cli::main()
}

/// glibc raises its mmap threshold to the size of the largest block freed, so after the first
/// password checks (argon2id, 19 MiB each) those buffers come from per-thread heaps and stay
/// resident: about 100 MB after five sign-ins, 27–65 MB more after 300 (bench/login_flood.sh).
/// A fixed 4 MiB threshold keeps such blocks mmapped and returned on free (the server then
/// idles at 19 MB); smaller allocations are served as before. `MALLOC_MMAP_THRESHOLD_` in the
/// environment still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_MMAP_THRESHOLD: i32 = -3;
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: mallopt only tunes the allocator; no other thread exists yet.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 4 << 20);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}
