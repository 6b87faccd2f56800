//! The `fazhi` command. Everything it does lives in the library.

fn main() -> std::process::ExitCode {
    fazhi::cli::main()
}
