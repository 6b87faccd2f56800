// `sqlx::migrate!` embeds the migration folders at compile time; without this a new or edited
// migration is not built in until some Rust file changes (sqlx's documented build script).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
