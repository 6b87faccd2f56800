//! One import page kit for every ledger (issue #14 point 5): upload → check → preview →
//! confirm, at `/imports/{ledger}`. The preview shows the rows as they will be stored (the
//! first 50 and every row with a problem, the problem beside its cell), earlier imports of the
//! same file and rows identical to stored records; an unrecognised header is mapped to a
//! column or ignored here, saved as the organisation's ledger profile, and the file checked
//! again. Nothing is written before the confirmation.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use fazhi_ledger::Format;
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::import_preview::{self, Preview};
use crate::service::import_values::{self, UnknownValue};
use crate::service::ledger::{self, ImportReport, Ledger, MappedColumn};
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::words_queue;
use crate::web::api::imports::{declared_too_large, too_large};
use crate::web::error::PageError;
use crate::web::session::{csrf_error, csrf_matches, CsrfForm, PageUser, Session};

pub fn router() -> Router<SharedApp> {
    Router::new()
        .route("/imports", get(index))
        .route(
            "/imports/{ledger}",
            get(upload_form)
                .post(upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::web::api::imports::IMPORT_LIMIT,
                )),
        )
        .route("/imports/{ledger}/mapping", post(save_mapping))
        .route("/imports/{ledger}/values", post(map_values))
        .route("/imports/{ledger}/confirm", post(confirm))
        .route("/imports/{ledger}/template.xlsx", get(template))
        // The disputes list's upload form, from before every ledger had this page.
        .route(
            "/disputes/import",
            post(disputes_upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::web::api::imports::IMPORT_LIMIT,
            )),
        )
        .route("/disputes/import/confirm", post(disputes_confirm))
}

async fn disputes_upload(
    state: State<SharedApp>,
    user: PageUser,
    headers: axum::http::HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    upload(state, user, Path("disputes".to_owned()), headers, multipart).await
}

async fn disputes_confirm(
    state: State<SharedApp>,
    form: CsrfForm<ConfirmForm>,
) -> Result<Response, PageError> {
    confirm(state, Path("disputes".to_owned()), form).await
}

/// The ledger a URL names, and the navigation entry its pages sit under.
fn ledger_of(key: &str) -> Result<Ledger, PageError> {
    Ledger::parse(key).ok_or_else(|| PageError(AppError::not_found()))
}

fn nav(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Disputes => "disputes",
        Ledger::Consultations => "consultations",
        Ledger::LegalAid => "legal_aid",
        Ledger::Publicity => "publicity",
        Ledger::StudySessions => "study",
        Ledger::LawExams => "exams",
        Ledger::Trainings => "trainings",
        Ledger::NormativeDocuments => "normative",
    }
}

/// What every page of the kit shows of its ledger.
struct LedgerView {
    key: &'static str,
    name: &'static str,
    list_page: &'static str,
}

impl From<Ledger> for LedgerView {
    fn from(l: Ledger) -> Self {
        LedgerView {
            key: l.key(),
            name: l.spec().name,
            list_page: l.list_page(),
        }
    }
}

/// A column of the ledger as the upload page explains it.
struct ColumnHelp {
    name: &'static str,
    required: bool,
    help: &'static str,
    synonyms: String,
}

#[derive(Template)]
#[template(path = "imports/index.html")]
struct IndexPage {
    ctx: Ctx,
    ledgers: Vec<LedgerView>,
}

/// The ledgers the caller may import.
pub async fn index(PageUser(session): PageUser) -> Result<Response, PageError> {
    let ledgers = Ledger::ALL
        .into_iter()
        .filter(|l| session.caller.require_write(l.area()).is_ok())
        .map(LedgerView::from)
        .collect();
    let page = IndexPage {
        ctx: Ctx::new(&session, "imports"),
        ledgers,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "imports/upload.html")]
struct UploadPage {
    ctx: Ctx,
    ledger: LedgerView,
    orgs: Vec<Org>,
    org_code: String,
    columns: Vec<ColumnHelp>,
    error: String,
}

async fn upload_page(
    app: &crate::app::App,
    session: &Session,
    ledger: Ledger,
    org_code: &str,
    error: String,
) -> Result<UploadPage, PageError> {
    let columns = ledger
        .spec()
        .columns
        .iter()
        .map(|c| ColumnHelp {
            name: c.name,
            required: c.required,
            help: c.help,
            synonyms: c.synonyms.join("、"),
        })
        .collect();
    Ok(UploadPage {
        ctx: Ctx::new(session, nav(ledger)),
        ledger: ledger.into(),
        orgs: orgs_service::visible(app, &session.caller).await?,
        org_code: org_code.to_owned(),
        columns,
        error,
    })
}

/// Step 1: the upload form, with the ledger's columns and the other names each is read under.
pub async fn upload_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    session.caller.require_write(ledger.area())?;
    let page = upload_page(&app, &session, ledger, "", String::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "imports/preview.html")]
struct PreviewPage {
    ctx: Ctx,
    ledger: LedgerView,
    p: Preview,
    token: String,
    /// The ledger's columns a header may be mapped to: (name, multi-valued).
    targets: Vec<(&'static str, bool)>,
    shown_rows: usize,
    /// Values no code list knows, to map to a code in one step.
    values: Vec<UnknownValue>,
}

impl PreviewPage {
    fn status(&self) -> StatusCode {
        if self.p.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        }
    }
}

fn preview_page(
    session: &Session,
    ledger: Ledger,
    p: Preview,
    token: String,
    values: Vec<UnknownValue>,
) -> PreviewPage {
    PreviewPage {
        values,
        ctx: Ctx::new(session, nav(ledger)),
        ledger: ledger.into(),
        p,
        token,
        targets: ledger
            .spec()
            .columns
            .iter()
            .map(|c| (c.name, c.multi))
            .collect(),
        shown_rows: import_preview::SHOWN_ROWS,
    }
}

/// A problem with the file itself (not a ledger, too large …) is shown on the upload page with
/// a 400; anything else is the server's.
async fn refused(
    app: &crate::app::App,
    session: &Session,
    ledger: Ledger,
    org: &str,
    e: AppError,
) -> Result<Response, PageError> {
    if !matches!(e.kind, ErrorKind::BadRequest | ErrorKind::PayloadTooLarge) {
        return Err(e.into());
    }
    let message = e.fields.into_values().next().unwrap_or(e.message);
    let status = if matches!(e.kind, ErrorKind::PayloadTooLarge) {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = upload_page(app, session, ledger, org, message).await?;
    Ok((status, render(&page)?).into_response())
}

/// Step 2: the upload, checked row by row and shown as it would be stored. The right is
/// checked before the body is read, and a declared size over the limit is refused before too.
pub async fn upload(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(key): Path<String>,
    headers: axum::http::HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    // The right first: a role that may not import costs no upload parsing (issue #12).
    session.caller.require_write(ledger.area())?;
    if declared_too_large(&headers) {
        return refused(&app, &session, ledger, "", too_large()).await;
    }
    let mut csrf_ok = false;
    let mut org = String::new();
    let mut file: Option<(String, axum::body::Bytes)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return refused(&app, &session, ledger, &org, too_large()).await,
        };
        match field.name() {
            Some("_csrf") => {
                let v = field.text().await.unwrap_or_default();
                csrf_ok = csrf_matches(&session.user.csrf_token, &v);
            }
            Some("org") => org = field.text().await.unwrap_or_default(),
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or("").to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes)),
                    Err(_) => return refused(&app, &session, ledger, &org, too_large()).await,
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(csrf_error());
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let e = AppError::field("file", "请选择要导入的台账文件（.xlsx 或 .csv）");
        return refused(&app, &session, ledger, &org, e).await;
    };
    let format = match Format::from_file_name(&file_name) {
        Ok(f) => f,
        Err(e) => {
            let e = AppError::field("file", e.to_string());
            return refused(&app, &session, ledger, &org, e).await;
        }
    };
    let checked = import_preview::preview(
        &app,
        &session.caller,
        ledger,
        &org,
        &file_name,
        // A second handle on the same buffer, not a copy: it is staged below.
        bytes.clone(),
    )
    .await;
    // Staged even when a header needs mapping: the mapping checks the same file again.
    let staged = match checked {
        Ok(p) => ledger::stage(&app, &bytes, format, &file_name).map(|token| (p, token)),
        Err(e) => Err(e),
    };
    shown(&app, &session, ledger, &org, staged).await
}

/// A preview with its staged upload's token, or the upload page saying what is wrong.
async fn shown(
    app: &crate::app::App,
    session: &Session,
    ledger: Ledger,
    org: &str,
    checked: Result<(Preview, String), AppError>,
) -> Result<Response, PageError> {
    match checked {
        Ok((mut p, token)) => {
            let values =
                import_values::unknown_values(app, &session.caller, ledger, &mut p).await?;
            let page = preview_page(session, ledger, p, token, values);
            Ok((page.status(), render(&page)?).into_response())
        }
        Err(e) => refused(app, session, ledger, org, e).await,
    }
}

/// The staged upload checked again after the clerk's answers (a mapping, values), shown as a
/// preview with the same token.
async fn check_again(
    app: &crate::app::App,
    session: &Session,
    ledger: Ledger,
    org: &str,
    token: &str,
    staged: ledger::Staged,
) -> Result<Response, PageError> {
    let checked = import_preview::preview(
        app,
        &session.caller,
        ledger,
        org,
        &staged.file_name,
        staged.bytes,
    )
    .await;
    let token = token.to_owned();
    shown(app, session, ledger, org, checked.map(|p| (p, token))).await
}

/// The mapping form: for each unrecognised header `header_N`, `column_N` (a ledger column,
/// empty for 忽略) and `split_N`; the profile's name; the staged file to check again.
#[derive(Deserialize)]
pub struct MappingForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    profile: String,
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl MappingForm {
    fn columns(&self) -> Vec<MappedColumn> {
        self.rest
            .iter()
            .filter_map(|(k, header)| {
                let n = k.strip_prefix("header_")?;
                Some(MappedColumn {
                    header: header.clone(),
                    column: self
                        .rest
                        .get(&format!("column_{n}"))
                        .cloned()
                        .unwrap_or_default(),
                    split: self.rest.contains_key(&format!("split_{n}")),
                })
            })
            .collect()
    }
}

/// Step 2b: the clerk's mapping saved as the organisation's ledger profile, and the staged file
/// checked again with it.
pub async fn save_mapping(
    State(app): State<SharedApp>,
    Path(key): Path<String>,
    CsrfForm(session, form): CsrfForm<MappingForm>,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    session.caller.require_write(ledger.area())?;
    let staged = ledger::read_staged(&app, &form.token).await?;
    if let Err(e) = ledger::save_profile(
        &app,
        &session.caller,
        ledger,
        &form.org,
        &form.profile,
        form.columns(),
    )
    .await
    {
        return refused(&app, &session, ledger, &form.org, e).await;
    }
    check_again(&app, &session, ledger, &form.org, &form.token, staged).await
}

/// The values form: for each unknown value `value_N` of list `list_N`, the code `code_N` it is
/// (blank: left alone; `__own__`: added as the organisation's own code).
#[derive(Deserialize)]
pub struct ValuesForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    token: String,
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl ValuesForm {
    fn answers(&self) -> Vec<import_values::Answer> {
        self.rest
            .iter()
            .filter_map(|(k, value)| {
                let n = k.strip_prefix("value_")?;
                let list = self.rest.get(&format!("list_{n}"))?;
                Some(import_values::Answer {
                    list: fazhi_domain::code_list::ListName::parse(list)?,
                    value: value.clone(),
                    code: self
                        .rest
                        .get(&format!("code_{n}"))
                        .cloned()
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// Step 2c: unknown values mapped to codes (saved as the organisation's aliases or own codes),
/// and the staged file checked again.
pub async fn map_values(
    State(app): State<SharedApp>,
    Path(key): Path<String>,
    CsrfForm(session, form): CsrfForm<ValuesForm>,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    session.caller.require_write(ledger.area())?;
    let staged = ledger::read_staged(&app, &form.token).await?;
    let answers = form.answers();
    if let Err(e) = import_values::answer(&app, &session.caller, ledger, &form.org, &answers).await
    {
        return refused(&app, &session, ledger, &form.org, e).await;
    }
    check_again(&app, &session, ledger, &form.org, &form.token, staged).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    token: String,
    /// Set when the same file was imported before and the clerk imports it again knowingly.
    #[serde(default)]
    again: Option<String>,
}

#[derive(Template)]
#[template(path = "imports/result.html")]
struct ResultPage {
    ctx: Ctx,
    ledger: LedgerView,
    report: ImportReport,
}

/// Step 3: the checked file imported (all rows or none). A file imported before is imported
/// again only when the clerk ticked so on the preview.
pub async fn confirm(
    State(app): State<SharedApp>,
    Path(key): Path<String>,
    CsrfForm(session, form): CsrfForm<ConfirmForm>,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    session.caller.require_write(ledger.area())?;
    // Checked while the upload is still staged; once confirmed (a double click, a reload) the
    // confirmation answers with its first result.
    let staged = match form.again {
        None => ledger::read_staged(&app, &form.token).await.ok(),
        Some(_) => None,
    };
    if let Some(staged) = staged {
        let before = ledger::imported_before(&app, &session.caller, ledger, &staged.sha256).await?;
        if !before.is_empty() {
            let e = AppError::field(
                "file",
                "这个文件此前已经导入过；如确需再次导入，请重新上传并勾选「仍然导入」",
            );
            return refused(&app, &session, ledger, &form.org, e).await;
        }
    }
    // Once per upload: a second confirmation shows the first one's result.
    let report = ledger::confirm(&app, &session.caller, ledger, &form.org, &form.token).await?;
    words_queue::after_import(&app.db, &report);
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = ResultPage {
        ctx: Ctx::new(&session, nav(ledger)),
        ledger: ledger.into(),
        report,
    };
    Ok((status, render(&page)?).into_response())
}

/// The blank ledger with its notes sheet.
pub async fn template(
    PageUser(_session): PageUser,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let ledger = ledger_of(&key)?;
    let bytes = ledger::template(ledger, Format::Xlsx)?;
    Ok(super::disputes::download(
        &format!("{}-模板.xlsx", ledger.spec().name),
        Format::Xlsx.content_type(),
        bytes,
    ))
}
