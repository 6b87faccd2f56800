//! Ledger (台账) import, export and blank templates for every register, in one place: the
//! file handling is shared, and each register supplies `import_rows` / `export_rows`.
//!
//! Imports are all-or-nothing: every row is checked first and every problem reported
//! (第N行「列」what to fix); nothing is written unless all rows are good, and then all rows go
//! in one transaction.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use fazhi_domain::access::Area;
use fazhi_ledger::{read_ledger, specs, Format, LedgerSpec, RowError, Sheet};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::audit::{self, Actor, Change};
use crate::storage::consultations::{Consultations, NewConsultation};
use crate::storage::legal_aid::{NewReferral, Referrals};
use crate::storage::orgs::{self, Org};
use crate::storage::Tx;

use super::{disputes, publicity, register_kit, study, Caller};

/// The registers that have a ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ledger {
    Disputes,
    Consultations,
    LegalAid,
    Publicity,
    StudySessions,
    LawExams,
}

impl Ledger {
    /// From the command-line / URL key (`disputes`) or the Chinese name (`纠纷台账`).
    pub fn parse(key: &str) -> Option<Ledger> {
        let key = key.trim();
        // The study ledgers' specs live with their register, not in `specs::ALL`.
        for (spec, ledger) in [
            (&study::SESSIONS_LEDGER, Ledger::StudySessions),
            (&study::EXAMS_LEDGER, Ledger::LawExams),
        ] {
            if spec.key == key || spec.name == key {
                return Some(ledger);
            }
        }
        match specs::by_key(key)?.key {
            "disputes" => Some(Ledger::Disputes),
            "consultations" => Some(Ledger::Consultations),
            "legal-aid" => Some(Ledger::LegalAid),
            "publicity" => Some(Ledger::Publicity),
            _ => None,
        }
    }

    pub fn spec(self) -> &'static LedgerSpec {
        match self {
            Ledger::Disputes => &specs::DISPUTES,
            Ledger::Consultations => &specs::CONSULTATIONS,
            Ledger::LegalAid => &specs::LEGAL_AID,
            Ledger::Publicity => &publicity::LEDGER,
            Ledger::StudySessions => &study::SESSIONS_LEDGER,
            Ledger::LawExams => &study::EXAMS_LEDGER,
        }
    }

    /// The area whose write right an import needs.
    pub fn area(self) -> Area {
        match self {
            Ledger::Disputes => Area::Disputes,
            Ledger::Consultations => Area::Consultations,
            Ledger::LegalAid => Area::LegalAid,
            Ledger::Publicity => Area::Publicity,
            Ledger::StudySessions | Ledger::LawExams => Area::Study,
        }
    }

    /// The register's table.
    fn table(self) -> &'static str {
        match self {
            Ledger::Disputes => "disputes",
            Ledger::Consultations => "consultations",
            Ledger::LegalAid => "legal_aid_referrals",
            Ledger::Publicity => "publicity_events",
            Ledger::StudySessions => "study_sessions",
            Ledger::LawExams => "law_exams",
        }
    }

    /// What the command line lists as accepted names.
    pub fn known() -> &'static str {
        "disputes、consultations、legal-aid、publicity、study-sessions、law-exams"
    }
}

fn unknown_ledger(key: &str) -> AppError {
    AppError::field(
        "ledger",
        format!("没有台账「{key}」，可用：{}", Ledger::known()),
    )
}

pub fn parse_ledger(key: &str) -> AppResult<Ledger> {
    Ledger::parse(key).ok_or_else(|| unknown_ledger(key))
}

/// From this many imported rows on, PostgreSQL's planner statistics of the register are
/// refreshed at once: without them it guesses that few rows are not withdrawn and sorts the
/// whole register for a page (630 ms instead of 1 ms at 300,000 rows, `bench/lists.sh`), until
/// autovacuum catches up.
const LARGE_IMPORT: usize = 1_000;

/// The outcome of an import or a dry run.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Rows read from the file.
    pub rows: usize,
    /// Rows written (0 on a dry run or when any row is bad).
    pub imported: usize,
    pub dry_run: bool,
    /// Every problem, as 第N行「列」：what to fix.
    pub errors: Vec<String>,
}

impl ImportReport {
    fn failed(rows: usize, dry_run: bool, errors: Vec<RowError>) -> ImportReport {
        ImportReport {
            rows,
            imported: 0,
            dry_run,
            errors: errors.iter().map(ToString::to_string).collect(),
        }
    }
}

async fn org_in_scope(app: &App, caller: &Caller, code: &str) -> AppResult<Org> {
    orgs::by_code_in(&app.db, &caller.scope, code.trim())
        .await?
        .ok_or_else(|| {
            AppError::field(
                "org",
                format!("找不到组织代码「{}」，或不在您的管辖范围内", code.trim()),
            )
        })
}

/// Whether `caller` may import `ledger` into `org_code`: the write right and the organisation
/// in scope. Handlers call it before they read the upload, so that a role without the right
/// costs the server nothing (issue #12: a viewer's dry run of a zip bomb was parsed first).
pub async fn may_import(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
) -> AppResult<Org> {
    caller.require_write(ledger.area())?;
    org_in_scope(app, caller, org_code).await
}

/// Reads `bytes` (named `file_name`, .csv or .xlsx) as `ledger` for the organisation `org_code`
/// and imports it unless `dry_run` or any row is bad. The file is read within
/// [`fazhi_ledger::Limits::DEFAULT`], and only after the caller's right is checked.
pub async fn import(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    file_name: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> AppResult<ImportReport> {
    import_shared(app, caller, ledger, org_code, file_name, bytes, dry_run).await
}

/// [`import`] of a buffer the caller keeps a handle on (an upload's `Bytes`, staged after the
/// preview), without copying it.
pub async fn import_shared(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    file_name: &str,
    bytes: impl AsRef<[u8]> + Send + 'static,
    dry_run: bool,
) -> AppResult<ImportReport> {
    let org = may_import(app, caller, ledger, org_code).await?;
    let format =
        Format::from_file_name(file_name).map_err(|e| AppError::field("file", e.to_string()))?;
    let spec = ledger.spec();
    let sheet: Sheet =
        tokio::task::spawn_blocking(move || read_ledger(bytes.as_ref(), format, spec))
            .await?
            .map_err(|e| AppError::field("file", e.to_string()))?;
    let rows = sheet.rows.len();
    if rows == 0 {
        return Err(AppError::field("file", "文件中没有数据行"));
    }
    let result = match ledger {
        Ledger::Disputes => disputes::import_rows(app, caller, &org, sheet, dry_run).await?,
        Ledger::Consultations => {
            register_kit::import_rows::<NewConsultation>(app, caller, &org, &sheet, dry_run).await?
        }
        Ledger::LegalAid => {
            register_kit::import_rows::<NewReferral>(app, caller, &org, &sheet, dry_run).await?
        }
        Ledger::Publicity => publicity::import_rows(app, caller, &org, &sheet, file_name, dry_run)
            .await?
            .map(|n| n as usize),
        Ledger::StudySessions => {
            study::import_session_rows(app, caller, &org, &sheet, file_name, dry_run)
                .await?
                .map(|n| n as usize)
        }
        Ledger::LawExams => study::import_exam_rows(app, caller, &org, &sheet, file_name, dry_run)
            .await?
            .map(|n| n as usize),
    };
    if let (Ok(n), false) = (&result, dry_run) {
        // Disputes refresh theirs (and their parties' and deadlines') in their own import.
        if *n >= LARGE_IMPORT && ledger != Ledger::Disputes {
            crate::storage::db::refresh_statistics(&app.db, ledger.table()).await?;
        }
    }
    Ok(match result {
        Ok(n) => ImportReport {
            rows,
            imported: if dry_run { 0 } else { n },
            dry_run,
            errors: Vec::new(),
        },
        Err(errors) => ImportReport::failed(rows, dry_run, errors),
    })
}

/// A ledger file of `org_code`'s records (optionally one year's): its download name and bytes.
pub async fn export(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    year: Option<i32>,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let org = org_in_scope(app, caller, org_code).await?;
    let rows = match ledger {
        Ledger::Disputes => {
            let f = crate::storage::disputes::Filter {
                year,
                under: Some(org.scope()),
                ..Default::default()
            };
            disputes::export_rows(app, caller, &f).await?
        }
        Ledger::Consultations => {
            register_kit::export_rows::<Consultations>(app, caller, &org, year).await?
        }
        Ledger::LegalAid => register_kit::export_rows::<Referrals>(app, caller, &org, year).await?,
        Ledger::Publicity => publicity::export_rows(app, caller, &org, year).await?.1,
        Ledger::StudySessions => study::export_session_rows(app, caller, &org, year).await?.1,
        Ledger::LawExams => study::export_exam_rows(app, caller, &org, year).await?.1,
    };
    let name = match year {
        Some(y) => format!("{}-{}-{}年", ledger.spec().name, org.name, y),
        None => format!("{}-{}", ledger.spec().name, org.name),
    };
    write(ledger, name, rows, format).await
}

/// The disputes list's filtered set as a ledger file (the list page's export buttons).
pub async fn export_filtered(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    params: &disputes::ListParams,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let rows = match ledger {
        Ledger::Disputes => {
            let f = disputes::filter(app, caller, params).await?;
            disputes::export_rows(app, caller, &f).await?
        }
        other => {
            return Err(AppError::bad_request(
                "unsupported",
                format!(
                    "{}暂不支持按筛选条件导出，请按组织和年度导出",
                    other.spec().name
                ),
            ))
        }
    };
    let name = format!(
        "{}-{}",
        ledger.spec().name,
        crate::service::deadlines::today().format("%Y-%m-%d")
    );
    write(ledger, name, rows, format).await
}

pub(crate) async fn write(
    ledger: Ledger,
    name: String,
    rows: Vec<Vec<String>>,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let spec = ledger.spec();
    let bytes = tokio::task::spawn_blocking(move || {
        let columns = spec.column_names();
        match format {
            Format::Csv => Ok(fazhi_ledger::write_csv(&columns, &rows)),
            Format::Xlsx => fazhi_ledger::write_xlsx(spec.name, &columns, &rows, None),
        }
    })
    .await?
    .map_err(AppError::internal)?;
    Ok((format!("{name}.{}", format.extension()), bytes))
}

/// A blank ledger with its header row (and, in XLSX, the notes sheet of allowed values).
pub fn template(ledger: Ledger, format: Format) -> AppResult<Vec<u8>> {
    fazhi_ledger::template(ledger.spec(), format).map_err(AppError::internal)
}

/// How long an uploaded ledger waits for its confirmation, and a confirmation's answer is kept.
const STAGED_FOR: Duration = Duration::from_secs(24 * 60 * 60);

fn imports_dir(app: &App) -> PathBuf {
    app.config.data_dir.join("imports")
}

/// An uploaded ledger kept between the preview and the confirmation, under a random token: each
/// preview is its own confirmation, used once ([`confirm`]). Staging also sweeps what is older
/// than a day (unconfirmed uploads and old answers).
pub fn stage(app: &App, bytes: &[u8], format: Format) -> AppResult<String> {
    let token = format!("{}.{}", crate::auth::random_token(), format.extension());
    let dir = imports_dir(app);
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    sweep(&dir, SystemTime::now());
    std::fs::write(dir.join(&token), bytes).map_err(AppError::internal)?;
    Ok(token)
}

/// Removes the files in `dir` last written more than [`STAGED_FOR`] before `now`.
fn sweep(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STAGED_FOR));
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A staged upload's token (`<64 hex>.csv|xlsx`), checked before it names a file.
fn valid_token(token: &str) -> AppResult<()> {
    let (hash, ext) = token.split_once('.').unwrap_or((token, ""));
    let valid = hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && matches!(ext, "csv" | "xlsx");
    if valid {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

fn expired() -> AppError {
    AppError::field("file", "上传的文件已失效，请重新上传")
}

/// How long a second confirmation waits for the first one's answer (a double click).
const CONFIRM_WAIT: Duration = Duration::from_secs(60);

/// Imports a staged upload once. The file is claimed by renaming it (atomic: of two
/// confirmations, one wins), imported, and removed; the answer is kept beside it under the
/// token, so that a second confirmation — a double click, a re-posted form — answers with the
/// first one's result instead of importing again (issue #12 item 8). If the import fails
/// outright (not a row problem), the file is put back so that the user can confirm again.
pub async fn confirm(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    token: &str,
) -> AppResult<ImportReport> {
    // The right first, before the token touches the disk.
    caller.require_write(ledger.area())?;
    valid_token(token)?;
    let dir = imports_dir(app);
    let staged = dir.join(token);
    let claimed = dir.join(format!("{token}.claimed"));
    let answer = dir.join(format!("{token}.result.json"));
    let waited = std::time::Instant::now();
    loop {
        if let Ok(json) = tokio::fs::read(&answer).await {
            return serde_json::from_slice(&json).map_err(AppError::internal);
        }
        if tokio::fs::rename(&staged, &claimed).await.is_ok() {
            break;
        }
        if claimed.exists() {
            // Another confirmation holds the file: wait for its answer.
            if waited.elapsed() > CONFIRM_WAIT {
                return Err(AppError::bad_request(
                    "import_in_progress",
                    "这个文件正在导入，请稍后刷新台账查看结果",
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        } else if !answer.exists() && !staged.exists() {
            // Neither answered nor put back since the rename failed: gone, or never staged.
            return Err(expired());
        }
    }
    let outcome = match tokio::fs::read(&claimed).await {
        Ok(bytes) => import(app, caller, ledger, org_code, token, bytes, false).await,
        Err(_) => Err(expired()),
    };
    match outcome {
        Ok(report) => {
            let json = serde_json::to_vec(&report).map_err(AppError::internal)?;
            // Written whole, then renamed, so that a waiting confirmation never reads half.
            let partial = dir.join(format!("{token}.result.tmp"));
            tokio::fs::write(&partial, json)
                .await
                .map_err(AppError::internal)?;
            tokio::fs::rename(&partial, &answer)
                .await
                .map_err(AppError::internal)?;
            let _ = tokio::fs::remove_file(&claimed).await;
            Ok(report)
        }
        Err(e) => {
            let _ = tokio::fs::rename(&claimed, &staged).await;
            Err(e)
        }
    }
}

/// The one audit entry of a ledger import (the rows themselves are not audited one by one):
/// who imported how many rows of which ledger into which organisation.
pub(super) async fn audit_import(
    tx: &mut Tx,
    actor: &Actor,
    entity: &str,
    ledger: &str,
    org: &Org,
    rows: usize,
) -> AppResult<()> {
    audit::record(
        tx,
        actor,
        Change::new("import", entity, format!("ledger:{}", org.code))
            .org(org.id)
            .after(&serde_json::json!({ "ledger": ledger, "rows": rows })),
    )
    .await?;
    Ok(())
}
