//! `GET /api/v1/evidence`: a figure's evidence pack as a ZIP streamed while it is written
//! (issue #19 item 7). The pack is written on a blocking thread into a bounded channel whose
//! chunks are the response body, so the server holds a few chunks, never the archive.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::SharedApp;
use crate::error::{AppError, AppResult};
use crate::registers::assessments::service as assessments;
use crate::service::evidence;
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceParams {
    /// Organisation code (a town or a village); defaults to the caller's own. Outside the
    /// caller's scope: 404.
    pub org: Option<String>,
    pub year: i32,
    /// The figure's key; without it (and without `indicator`), every record of the year's
    /// report.
    pub figure: Option<String>,
    /// An assessment indicator's code (指标编号, e.g. `1.2`) of the year's tree: the records
    /// the town's self-assessment names as its evidence. `org` is then the town.
    pub indicator: Option<String>,
}

/// Bytes handed to the response at a time, and how many may wait: the pack's memory.
const CHUNK: usize = 64 * 1024;
const CHUNKS: usize = 4;

/// Evidence pack (证据包): a ZIP of the records a figure counts (or an assessment indicator's
/// evidence links name) — `证据清单.xlsx` (each record's
/// id, number, date, organisation, matter, people masked, attachment paths and link) and the
/// records' attachments under `登记簿/编号 当事人（ID）/文件名`. Streamed as it is written.
///
/// Figures (`figure`): `disputes` 矛盾纠纷, `village_level` 村级调处, `town_level` 镇级调解,
/// `succeeded` 调解成功, `failed` 调解不成, `terminated` 终止调解, `transferred` 移交处理,
/// `rejected` 不予受理, `written_agreements` 书面调解协议, `oral_agreements` 口头调解协议,
/// `judicial_confirmations` 申请司法确认, `consultations` 法律咨询, `legal_aid` 法律援助,
/// `trainings` 调解培训, `screening_rounds` 矛盾纠纷排查, `publicity_events` 普法活动,
/// `enterprise_events` 普法进企业, `village_events` 普法进村居, `school_events` 普法进学校,
/// `vehicle_trips` 宣传车台次, `posters` 宣传海报, `banners` 横幅, `materials` 宣传物品、单张,
/// `beneficiaries` 受益群众 (the last five: the events they add up), `study_sessions` 学法活动,
/// `decisions_made` 重大行政决策.
///
/// An indicator's pack (`indicator`, with `org` the town: the caller's own town, or for the
/// county one of its towns) is named `…-考核指标-1.2-指标名称-证据包.zip`; its index lists the
/// records of each evidence link of the town's self-assessment of that indicator (and of its
/// sub-indicators): a figure's pack link (`/evidence?figure=…`), a register's list of a year
/// (`/disputes?year=2024`, or with a figure's filter such as `status=succeeded`) or one record
/// (`/disputes/12`, `/meetings/3`); other links are listed as they are. 400 when the indicator
/// is not in the year's tree or `figure` is given too.
#[utoipa::path(get, path = "/evidence", tag = "reports", params(EvidenceParams),
    responses((status = 200, description = "证据包（ZIP，边生成边传输）", content_type = "application/zip"),
              (status = 400, body = crate::web::error::ErrorBody),
              (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn pack(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<EvidenceParams>,
) -> AppResult<Response> {
    stream(app, &session.caller, p).await
}

/// The pack as a streamed download, for the API and for the staff pages (`/evidence`).
pub async fn stream(
    app: SharedApp,
    caller: &crate::service::Caller,
    p: EvidenceParams,
) -> AppResult<Response> {
    let org = p.org.as_deref();
    let plan = match p
        .indicator
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        Some(_) if p.figure.as_deref().is_some_and(|f| !f.trim().is_empty()) => {
            return Err(AppError::field(
                "indicator",
                "证据包可以按数字（figure）或按考核指标（indicator）生成，不能同时指定",
            ))
        }
        Some(code) => assessments::evidence_plan(&app, caller, org, p.year, code).await?,
        None => evidence::plan(&app, caller, org, p.year, p.figure.as_deref()).await?,
    };
    let file_name = plan.file_name();
    let (tx, rx) = mpsc::channel(CHUNKS);
    let rt = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        };
        let written = evidence::write(&app, &rt, &plan, &mut out, &mut |_| {})
            .map_err(|e| io::Error::other(e.to_string()))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            // The client sees the body end in an error rather than a short, valid-looking file.
            tracing::warn!("evidence pack not completed: {e}");
            let _ = out.tx.blocking_send(Err(e));
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::web::pages::attachment_disposition(&file_name),
            ),
        ],
        Body::from_stream(Chunks(rx)),
    )
        .into_response())
}

/// A `Write` whose bytes go, a chunk at a time, to the response; it waits while the client
/// is behind (the channel is bounded) and fails once the client has gone.
struct ChannelWriter {
    tx: mpsc::Sender<io::Result<Vec<u8>>>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "客户端已断开"))
    }
}

/// The channel's chunks as the response body's stream.
struct Chunks(mpsc::Receiver<io::Result<Vec<u8>>>);

impl futures_core::Stream for Chunks {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(pack))
}
