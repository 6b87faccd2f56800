//! Files attached to a kit record on the staff pages (a meeting's minutes, a complaint's
//! investigation material, a supervision item's rectification evidence): the record's page
//! lists them with download links and an upload form posting to `POST <page>/{id}/files`,
//! one handler for every register that takes files. The right and the record are checked
//! before the upload is read (`service::attachments::may_attach`), as the API does.

use std::collections::BTreeMap;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

use super::kit::PageRegister;
use crate::app::{App, SharedApp};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::attachments::{self, Attachment};
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::session::{csrf_error, csrf_matches, PageUser, Session};

/// A page upload's limit: the largest attachment (`attachments::MAX_BYTES`) and the form
/// around it, as the disputes' and publicity's upload forms have.
pub const PAGE_UPLOAD_LIMIT: usize = attachments::MAX_BYTES + 64 * 1024;

/// What a record's page shows of its files (`templates/kit/files.html`).
pub struct RecordFiles {
    /// The section's heading: 会议纪要.
    pub label: &'static str,
    /// The upload form's address, `/meetings/12/files`.
    pub action: String,
    pub files: Vec<Attachment>,
    /// The caller may change the record (and it is not withdrawn).
    pub can_attach: bool,
}

/// The files of record `id` of register `R`, headed `label`.
pub async fn record_files<R: PageRegister>(
    app: &App,
    caller: &Caller,
    id: i64,
    label: &'static str,
) -> AppResult<RecordFiles> {
    let files = attachments::of_record::<R>(app, caller, id).await?;
    let can_attach = caller.role.can_write(R::AREA)
        && attachments::may_attach::<R>(app, caller, id).await.is_ok();
    Ok(RecordFiles {
        label,
        action: format!("{}/{id}/files", R::PAGE),
        files,
        can_attach,
    })
}

/// A register whose records take files on their pages.
pub trait FilesPage: PageRegister {
    /// The record's page with `errors` from a refused upload (the kit's record page unless the
    /// register draws its own).
    fn files_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> impl std::future::Future<Output = Result<axum::response::Html<String>, PageError>> + Send
    {
        Self::detail_page(app, session, id, errors)
    }
}

/// An upload form as posted: its text fields and its file.
pub struct Uploaded {
    pub fields: BTreeMap<String, String>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reads a page's upload form (`_csrf` before `file`, as the forms put it) once the caller's
/// right has been checked: a wrong token is refused (403); a body over the route's `limit` or
/// cut short is a field error on `file`, in Chinese.
pub async fn read_upload(
    session: &Session,
    request: Request,
    limit: usize,
) -> Result<Uploaded, PageError> {
    let too_large = || {
        let mb = limit / 1024 / 1024;
        PageError(AppError::field(
            "file",
            format!("上传未完成或文件过大（最大 {mb} MB），请压缩后重试"),
        ))
    };
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| {
        PageError(AppError::field(
            "file",
            "上传格式不正确，请用页面上的表单重新选择文件",
        ))
    })?;
    let mut csrf_ok = false;
    let mut up = Uploaded {
        fields: BTreeMap::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "_csrf" {
            let v = field.text().await.map_err(|_| too_large())?;
            csrf_ok = csrf_matches(&session.user.csrf_token, &v);
        } else if !csrf_ok {
            // Nothing after a missing token is read.
            break;
        } else if name == "file" {
            up.file_name = field.file_name().unwrap_or("").to_owned();
            up.bytes = field.bytes().await.map_err(|_| too_large())?.to_vec();
        } else {
            let v = field.text().await.map_err(|_| too_large())?;
            up.fields.insert(name, v);
        }
    }
    if !csrf_ok {
        return Err(csrf_error());
    }
    Ok(up)
}

/// `POST <page>/{id}/files`: attaches the uploaded file to record `id` of register `R`, then
/// back to the record's page; a refused file shows the page again with the reason.
pub async fn attach<R: FilesPage>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    // The right and the record first: a viewer's upload is never read (issue #12).
    attachments::may_attach::<R>(&app, caller, id).await?;
    let attached = match read_upload(&session, request, PAGE_UPLOAD_LIMIT).await {
        Ok(up) => attachments::attach_to::<R>(&app, caller, id, &up.file_name, up.bytes).await,
        Err(PageError(e)) if e.kind == ErrorKind::BadRequest => Err(e),
        Err(e) => return Err(e),
    };
    match attached {
        Ok(_) => Ok(Redirect::to(&format!("{}/{id}#files", R::PAGE)).into_response()),
        Err(e) if e.kind == ErrorKind::BadRequest => {
            let page = R::files_page(&app, &session, id, e.fields).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The upload route of register `R`'s records.
pub fn routes<R: FilesPage>() -> Router<SharedApp> {
    Router::new().route(
        &format!("{}/{{id}}/files", R::PAGE),
        post(attach::<R>).layer(axum::extract::DefaultBodyLimit::max(PAGE_UPLOAD_LIMIT)),
    )
}
