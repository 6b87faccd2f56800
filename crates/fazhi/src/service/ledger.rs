//! Ledger (台账) import, export and blank templates for every register, in one place: the
//! file handling is shared, and each register supplies `import_rows` / `export_rows`.
//!
//! Imports are all-or-nothing: every row is checked first and every problem reported
//! (第N行「列」what to fix); nothing is written unless all rows are good, and then all rows go
//! in one transaction.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use fazhi_domain::access::Area;
use fazhi_ledger::{
    read_ledger_mapped, specs, ColumnMap, Format, LedgerError, LedgerSpec, RowError, Sheet,
};
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::audit::{self, Actor, Change};
use crate::storage::consultations::{Consultations, NewConsultation};
use crate::storage::ledger_imports::{self as imports_store, ImportedFile};
use crate::storage::legal_aid::{NewReferral, Referrals};
use crate::storage::orgs::{self, Org};
use crate::storage::Tx;

use super::{disputes, import_trainings, publicity, register_kit, study, Caller};

/// The registers that have a ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ledger {
    Disputes,
    Consultations,
    LegalAid,
    Publicity,
    StudySessions,
    LawExams,
    Trainings,
    NormativeDocuments,
}

impl Ledger {
    /// Every ledger, in the order pages and `--help` list them.
    pub const ALL: [Ledger; 8] = [
        Ledger::Disputes,
        Ledger::Consultations,
        Ledger::LegalAid,
        Ledger::Publicity,
        Ledger::StudySessions,
        Ledger::LawExams,
        Ledger::Trainings,
        Ledger::NormativeDocuments,
    ];

    /// From the command-line / URL key (`disputes`) or the Chinese name (`纠纷台账`).
    pub fn parse(key: &str) -> Option<Ledger> {
        let spec = specs::by_key(key.trim())?;
        Ledger::ALL.into_iter().find(|l| l.spec().key == spec.key)
    }

    pub fn spec(self) -> &'static LedgerSpec {
        match self {
            Ledger::Disputes => &specs::DISPUTES,
            Ledger::Consultations => &specs::CONSULTATIONS,
            Ledger::LegalAid => &specs::LEGAL_AID,
            Ledger::Publicity => &specs::PUBLICITY,
            Ledger::StudySessions => &specs::STUDY_SESSIONS,
            Ledger::LawExams => &specs::LAW_EXAMS,
            Ledger::Trainings => &specs::TRAININGS,
            Ledger::NormativeDocuments => &specs::NORMATIVE_DOCUMENTS,
        }
    }

    /// The URL and command-line key, e.g. `legal-aid`.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The area whose write right an import needs.
    pub fn area(self) -> Area {
        match self {
            Ledger::Disputes => Area::Disputes,
            Ledger::Consultations => Area::Consultations,
            Ledger::LegalAid => Area::LegalAid,
            Ledger::Publicity => Area::Publicity,
            Ledger::StudySessions | Ledger::LawExams => Area::Study,
            Ledger::Trainings => Area::Trainings,
            Ledger::NormativeDocuments => Area::LegalReview,
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
            Ledger::Trainings => "trainings",
            Ledger::NormativeDocuments => "normative_documents",
        }
    }

    /// The register's list page, where an import's records are seen.
    pub fn list_page(self) -> &'static str {
        match self {
            Ledger::Disputes => "/disputes",
            Ledger::Consultations => "/consultations",
            Ledger::LegalAid => "/legal-aid",
            Ledger::Publicity => "/publicity",
            Ledger::StudySessions => "/study",
            Ledger::LawExams => "/study/exams",
            Ledger::Trainings => "/trainings",
            Ledger::NormativeDocuments => "/normative-documents",
        }
    }

    /// What the command line lists as accepted names.
    pub fn known() -> &'static str {
        "disputes、consultations、legal-aid、publicity、study-sessions、law-exams、trainings、normative-documents"
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
    /// The ledger profile (column mapping) the file was read with, if any.
    #[serde(default)]
    pub profile: Option<String>,
    /// Earlier imports of the very same file (by SHA-256) within the caller's organisations.
    #[serde(default)]
    pub imported_before: Vec<ImportedFile>,
}

impl ImportReport {
    fn failed(rows: usize, dry_run: bool, errors: Vec<RowError>) -> ImportReport {
        ImportReport {
            rows,
            imported: 0,
            dry_run,
            errors: errors.iter().map(ToString::to_string).collect(),
            profile: None,
            imported_before: Vec::new(),
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

/// Which column mapping (ledger profile) a file is read with.
#[derive(Clone, Debug, Default)]
pub enum ProfileChoice {
    /// The last one saved for the organisation (or its town, county …): what the page and the
    /// API use, so that a mapping saved once serves every later import of the same layout.
    #[default]
    Latest,
    /// The one saved under this name (`fazhi import … --profile NAME`); an error if none.
    Named(String),
}

/// A ledger profile: its name and mapping.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub name: Option<String>,
    pub map: ColumnMap,
}

/// The profile `choice` names for an import of `ledger` into `org`.
pub async fn profile(
    app: &App,
    ledger: Ledger,
    org: &Org,
    choice: &ProfileChoice,
) -> AppResult<Profile> {
    let name = match choice {
        ProfileChoice::Latest => None,
        ProfileChoice::Named(n) => Some(n.trim()),
    };
    let row = imports_store::profile_for(&app.db, ledger.key(), &org.path, name).await?;
    let Some(row) = row else {
        return match name {
            Some(n) => Err(AppError::field(
                "profile",
                format!(
                    "{}没有名为「{n}」的{}格式，请先在导入页面对应各列并保存",
                    org.name,
                    ledger.spec().name
                ),
            )),
            None => Ok(Profile::default()),
        };
    };
    let entries: Vec<MappedColumn> = serde_json::from_str(&row.mapping).unwrap_or_default();
    let map = ColumnMap::from_entries(
        ledger.spec(),
        entries.into_iter().map(|e| (e.header, e.column, e.split)),
    )
    .map_err(|m| AppError::field("profile", m))?;
    Ok(Profile {
        name: Some(row.name),
        map,
    })
}

/// One mapped header as a profile stores it (and the page posts it): an empty column is 忽略.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MappedColumn {
    pub header: String,
    #[serde(default)]
    pub column: String,
    #[serde(default)]
    pub split: bool,
}

/// The most headers one profile maps, and the longest header or name: bounds on what a form
/// can make the server store.
const MAX_MAPPED: usize = 100;
const MAX_NAME_CHARS: usize = 100;

/// Saves `org_code`'s profile `name` of `ledger` (replacing one of that name), merged onto the
/// organisation's own last profile so that earlier mappings stay; audited as `save_profile`.
pub async fn save_profile(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    name: &str,
    columns: Vec<MappedColumn>,
) -> AppResult<Profile> {
    let org = may_import(app, caller, ledger, org_code).await?;
    let name = name.trim();
    let name = if name.is_empty() {
        "本单位格式"
    } else {
        name
    };
    if name.chars().count() > MAX_NAME_CHARS
        || columns.len() > MAX_MAPPED
        || columns
            .iter()
            .any(|c| c.header.chars().count() > MAX_NAME_CHARS)
    {
        return Err(AppError::field(
            "profile",
            format!("格式名称和列名不能超过 {MAX_NAME_CHARS} 个字，一次最多对应 {MAX_MAPPED} 列"),
        ));
    }
    // Checked against the ledger's columns before anything is stored.
    let spec = ledger.spec();
    ColumnMap::from_entries(
        spec,
        columns
            .iter()
            .map(|c| (c.header.as_str(), c.column.as_str(), c.split)),
    )
    .map_err(|m| AppError::field("profile", m))?;
    let earlier = imports_store::profile_for(&app.db, ledger.key(), &org.path, None)
        .await?
        .filter(|p| p.org_id == org.id);
    let mut merged: Vec<MappedColumn> = earlier
        .map(|p| serde_json::from_str(&p.mapping).unwrap_or_default())
        .unwrap_or_default();
    for c in columns {
        merged.retain(|m| m.header != c.header);
        merged.push(c);
    }
    merged.truncate(MAX_MAPPED);
    let json = serde_json::to_value(&merged).map_err(AppError::internal)?;
    let mut tx = app.db.begin().await?;
    imports_store::save_profile(
        &mut tx,
        &caller.actor(),
        org.id,
        &org.path,
        ledger.key(),
        name,
        &json,
    )
    .await?;
    tx.commit().await?;
    profile(app, ledger, &org, &ProfileChoice::Named(name.to_owned())).await
}

/// The profiles an import of `ledger` into `org_code` may use, the organisation's own first.
pub async fn profiles(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
) -> AppResult<Vec<imports_store::ProfileRow>> {
    let org = may_import(app, caller, ledger, org_code).await?;
    Ok(imports_store::profiles_for(&app.db, ledger.key(), &org.path).await?)
}

/// A file read for an import: its rows, or the headers that need mapping first.
pub(crate) struct Read {
    pub sha256: String,
    pub sheet: Result<Sheet, LedgerError>,
}

/// Reads `bytes` (named `file_name`) as `ledger` with `map`, off the async runtime, with the
/// file's SHA-256.
async fn read_file(
    ledger: Ledger,
    file_name: &str,
    bytes: impl AsRef<[u8]> + Send + 'static,
    map: ColumnMap,
) -> AppResult<Read> {
    let format =
        Format::from_file_name(file_name).map_err(|e| AppError::field("file", e.to_string()))?;
    let spec = ledger.spec();
    Ok(tokio::task::spawn_blocking(move || {
        let bytes = bytes.as_ref();
        let sha256 = hex(&Sha256::digest(bytes));
        let sheet = read_ledger_mapped(bytes, format, spec, &map);
        Read { sha256, sheet }
    })
    .await?)
}

/// An upload opened for an import or its preview: the caller's right and the organisation
/// checked first, then the file read with the profile `choice` names. The organisation, the
/// profile's name and what was read.
pub(crate) async fn open_file(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    choice: &ProfileChoice,
    file_name: &str,
    bytes: impl AsRef<[u8]> + Send + 'static,
) -> AppResult<(Org, Option<String>, Read)> {
    let org = may_import(app, caller, ledger, org_code).await?;
    let profile = profile(app, ledger, &org, choice).await?;
    let read = read_file(ledger, file_name, bytes, profile.map).await?;
    Ok((org, profile.name, read))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks (and unless `dry_run`, imports) the rows of `sheet` into `org`: the register's own
/// all-or-nothing import.
pub(crate) async fn check_rows(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org: &Org,
    sheet: Sheet,
    file_name: &str,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    let result = match ledger {
        Ledger::Disputes => disputes::import_rows(app, caller, org, sheet, dry_run).await?,
        Ledger::Consultations => {
            register_kit::import_rows::<NewConsultation>(app, caller, org, &sheet, dry_run).await?
        }
        Ledger::LegalAid => {
            register_kit::import_rows::<NewReferral>(app, caller, org, &sheet, dry_run).await?
        }
        Ledger::Publicity => publicity::import_rows(app, caller, org, &sheet, file_name, dry_run)
            .await?
            .map(|n| n as usize),
        Ledger::StudySessions => {
            study::import_session_rows(app, caller, org, &sheet, file_name, dry_run)
                .await?
                .map(|n| n as usize)
        }
        Ledger::LawExams => study::import_exam_rows(app, caller, org, &sheet, file_name, dry_run)
            .await?
            .map(|n| n as usize),
        Ledger::Trainings => {
            import_trainings::import_rows(app, caller, org, &sheet, dry_run).await?
        }
        Ledger::NormativeDocuments => {
            crate::registers::normative::service::import_rows(app, caller, org, &sheet, dry_run)
                .await?
        }
    };
    if let (Ok(n), false) = (&result, dry_run) {
        // Disputes refresh theirs (and their parties' and deadlines') in their own import.
        if *n >= LARGE_IMPORT && ledger != Ledger::Disputes {
            crate::storage::db::refresh_statistics(&app.db, ledger.table()).await?;
        }
    }
    Ok(result)
}

/// Reads `bytes` (named `file_name`, .csv or .xlsx) as `ledger` for the organisation `org_code`
/// and imports it unless `dry_run` or any row is bad. The file is read within
/// [`fazhi_ledger::Limits::DEFAULT`], and only after the caller's right is checked. The
/// organisation's last saved ledger profile maps its own headers.
pub async fn import(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    file_name: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> AppResult<ImportReport> {
    import_with(
        app,
        caller,
        ledger,
        org_code,
        file_name,
        bytes,
        dry_run,
        &ProfileChoice::Latest,
    )
    .await
}

/// [`import`] with the ledger profile `choice` names, of a buffer the caller may keep a handle
/// on (an upload's `Bytes`), without copying it. A file imported before is
/// reported (`imported_before`) and recorded again with its SHA-256 once imported.
#[allow(clippy::too_many_arguments)]
pub async fn import_with(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    file_name: &str,
    bytes: impl AsRef<[u8]> + Send + 'static,
    dry_run: bool,
    choice: &ProfileChoice,
) -> AppResult<ImportReport> {
    let (org, profile_name, read) =
        open_file(app, caller, ledger, org_code, choice, file_name, bytes).await?;
    let sheet = read
        .sheet
        .map_err(|e| AppError::field("file", e.to_string()))?;
    let rows = sheet.rows.len();
    if rows == 0 {
        return Err(AppError::field("file", "文件中没有数据行"));
    }
    let imported_before =
        imports_store::imported_before(&app.db, &caller.scope, ledger.key(), &read.sha256).await?;
    let result = check_rows(app, caller, ledger, &org, sheet, file_name, dry_run).await?;
    let mut report = match result {
        Ok(n) => ImportReport {
            rows,
            imported: if dry_run { 0 } else { n },
            dry_run,
            errors: Vec::new(),
            profile: None,
            imported_before: Vec::new(),
        },
        Err(errors) => ImportReport::failed(rows, dry_run, errors),
    };
    if !dry_run && report.imported > 0 {
        let mut tx = app.db.begin().await?;
        imports_store::record_import(
            &mut tx,
            &caller.actor(),
            org.id,
            ledger.key(),
            &read.sha256,
            file_name,
            report.imported as i64,
        )
        .await?;
        tx.commit().await?;
    }
    report.profile = profile_name;
    report.imported_before = imported_before;
    Ok(report)
}

/// The ledger rows of `org`'s subtree (of `year`, if given), in the ledger's column order.
pub(crate) async fn ledger_rows(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org: &Org,
    year: Option<i32>,
) -> AppResult<Vec<Vec<String>>> {
    Ok(match ledger {
        Ledger::Disputes => {
            let f = crate::storage::disputes::Filter {
                year,
                under: Some(org.scope()),
                ..Default::default()
            };
            disputes::export_rows(app, caller, &f).await?
        }
        Ledger::Consultations => {
            register_kit::export_rows::<Consultations>(app, caller, org, year).await?
        }
        Ledger::LegalAid => register_kit::export_rows::<Referrals>(app, caller, org, year).await?,
        Ledger::Publicity => publicity::export_rows(app, caller, org, year).await?.1,
        Ledger::StudySessions => study::export_session_rows(app, caller, org, year).await?.1,
        Ledger::LawExams => study::export_exam_rows(app, caller, org, year).await?.1,
        Ledger::Trainings => import_trainings::export_rows(app, caller, org, year).await?,
        Ledger::NormativeDocuments => {
            crate::registers::normative::service::ledger_rows(app, caller, org, year).await?
        }
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
    let rows = ledger_rows(app, caller, ledger, &org, year).await?;
    let name = export_name(ledger, Some(&org.name), year);
    write(ledger, name, rows, format).await
}

/// A download's name for people, carrying its filter: `纠纷台账-西大沟镇-2023年`, or with
/// today's date when no year was chosen (`纠纷台账-西大沟镇-2024-03-05`).
pub fn export_name(ledger: Ledger, org_name: Option<&str>, year: Option<i32>) -> String {
    let mut name = ledger.spec().name.to_owned();
    if let Some(org) = org_name.filter(|o| !o.is_empty()) {
        name.push('-');
        name.push_str(org);
    }
    match year {
        Some(y) => name.push_str(&format!("-{y}年")),
        None => name.push_str(&format!(
            "-{}",
            crate::service::deadlines::today().format("%Y-%m-%d")
        )),
    }
    name
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
    // The file is named for the filter's organisation and year.
    let org_name = match params.org.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => {
            org_in_scope(app, caller, code).await.ok().map(|o| o.name)
        }
        _ => None,
    };
    let year = params.year.as_deref().and_then(|y| y.trim().parse().ok());
    let name = export_name(ledger, org_name.as_deref(), year);
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
        // Registers that do not export every column (备注) leave its cells blank.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|mut r| {
                if r.len() < columns.len() {
                    r.resize(columns.len(), String::new());
                }
                r
            })
            .collect();
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
pub fn stage(app: &App, bytes: &[u8], format: Format, file_name: &str) -> AppResult<String> {
    let token = format!("{}.{}", crate::auth::random_token(), format.extension());
    let dir = imports_dir(app);
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    sweep(&dir, SystemTime::now());
    std::fs::write(dir.join(&token), bytes).map_err(AppError::internal)?;
    // The name the import is recorded under (ledger_imports), kept beside the file.
    let name: String = file_name.chars().take(200).collect();
    std::fs::write(dir.join(format!("{token}.name")), name).map_err(AppError::internal)?;
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

/// A staged upload, read back for a second check (after a mapping) or before its confirmation.
pub struct Staged {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// The staged upload `token` names; expired (or confirmed) ones are an error saying to upload
/// again.
pub async fn read_staged(app: &App, token: &str) -> AppResult<Staged> {
    valid_token(token)?;
    let dir = imports_dir(app);
    let bytes = tokio::fs::read(dir.join(token))
        .await
        .map_err(|_| expired())?;
    let file_name = tokio::fs::read_to_string(dir.join(format!("{token}.name")))
        .await
        .ok()
        .filter(|n| Format::from_file_name(n).ok() == Format::from_file_name(token).ok())
        .unwrap_or_else(|| token.to_owned());
    let sha256 = hex(&Sha256::digest(&bytes));
    Ok(Staged {
        file_name,
        bytes,
        sha256,
    })
}

/// Earlier imports of the file with this SHA-256 into `ledger`, within the caller's scope.
pub async fn imported_before(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    sha256: &str,
) -> AppResult<Vec<ImportedFile>> {
    Ok(imports_store::imported_before(&app.db, &caller.scope, ledger.key(), sha256).await?)
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
    // The uploaded file's own name when it reads as the same format, else the token.
    let name = tokio::fs::read_to_string(dir.join(format!("{token}.name")))
        .await
        .ok()
        .filter(|n| Format::from_file_name(n).ok() == Format::from_file_name(token).ok())
        .unwrap_or_else(|| token.to_owned());
    let outcome = match tokio::fs::read(&claimed).await {
        Ok(bytes) => import(app, caller, ledger, org_code, &name, bytes, false).await,
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
            let _ = tokio::fs::remove_file(dir.join(format!("{token}.name"))).await;
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
pub(crate) async fn audit_import(
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

/// Rows an import writes at a time (and between its progress reports).
pub(crate) const WRITE_SLICE: usize = 5_000;

/// Imports of at least this many rows report their progress.
const PROGRESS_FROM: usize = 10_000;

/// Where a large import reports how far it has written: `report(written, total)` once per
/// tenth of the rows (the command line prints a line on stderr).
pub struct Progress {
    report: Box<dyn Fn(usize, usize) + Send + Sync>,
    tenths: std::sync::atomic::AtomicUsize,
}

tokio::task_local! {
    static PROGRESS: Progress;
}

/// Runs `import` (an import of this task) with `report` receiving its progress.
pub async fn with_progress<F: std::future::Future>(
    report: impl Fn(usize, usize) + Send + Sync + 'static,
    import: F,
) -> F::Output {
    let progress = Progress {
        report: Box::new(report),
        tenths: Default::default(),
    };
    PROGRESS.scope(progress, import).await
}

/// `written` of an import's `total` rows are in (not yet committed): reported when another
/// tenth is reached, if someone listens ([`with_progress`]) and the import is large.
pub(crate) fn progress(written: usize, total: usize) {
    if total < PROGRESS_FROM {
        return;
    }
    let _ = PROGRESS.try_with(|p| {
        let tenths = written.min(total) * 10 / total;
        if p.tenths
            .fetch_max(tenths, std::sync::atomic::Ordering::Relaxed)
            < tenths
        {
            (p.report)(written, total);
        }
    });
}
