//! People's-mediation trainings (人民调解业务培训): recording them, and the filtered list with
//! its totals (次数, 参训人次, 时长) that the register page, the API and the export share.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::{join_list, FieldErrors};
use fazhi_domain::training::{NewTraining, TrainingDraft, TrainingTotals};
use fazhi_ledger::Format;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::trainings as store;

use super::publicity::{date_field, target_org};
use super::study::checked;
use super::year_lists::{self as kit, YearQuery, YearRegister};
use super::Caller;
pub use crate::storage::trainings::TrainingRow;

/// Trainings on the list kit of registers filed by year.
pub const TRAININGS: YearRegister<TrainingRow> =
    YearRegister::new(Area::Trainings, &store::TRAININGS);

/// A training as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TrainingInput {
    /// Code of the organisation that held or sent people to it; the caller's own when left out.
    /// Only on registration.
    pub org: Option<String>,
    /// 2024-03-05 (also 2024/3/5, 2024年3月5日)
    pub held_on: String,
    pub topic: String,
    /// Who taught it, or the body that held it (e.g. 乌苏市司法局).
    pub trainer: String,
    /// 参训人数; the number of names when left out.
    #[serde(default)]
    pub attendees: Option<i64>,
    #[serde(default)]
    pub attendee_names: Vec<String>,
    /// Length in hours, e.g. 3 or 1.5 (kept in minutes).
    #[serde(default)]
    pub hours: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct TotalsView {
    pub trainings: i64,
    /// 参训人次
    pub attendees: i64,
    pub minutes: i64,
    pub hours: f64,
}

impl From<TrainingTotals> for TotalsView {
    fn from(t: TrainingTotals) -> Self {
        TotalsView {
            trainings: t.trainings,
            attendees: t.attendees,
            minutes: t.minutes,
            hours: t.minutes as f64 / 60.0,
        }
    }
}

pub struct TrainingList {
    pub items: Vec<TrainingRow>,
    /// How many trainings the filter selects.
    pub total: i64,
    pub totals: TrainingTotals,
}

/// A page of the trainings `q` selects in the caller's subtree (or `org`'s within it), with
/// the totals of them all.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<TrainingList> {
    let (scope, f) = q.resolve(app, caller, Area::Trainings).await?;
    let (items, total) = store::list(&app.db, &scope, f, page).await?;
    Ok(TrainingList {
        items,
        total,
        totals: store::totals(&app.db, &scope, f).await?,
    })
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<TrainingRow> {
    TRAININGS.get(app, caller, id).await
}

pub async fn create(app: &App, caller: &Caller, input: TrainingInput) -> AppResult<TrainingRow> {
    caller.require_write(Area::Trainings)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let training = parse_training(input)?;
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), org.id, &training).await?;
    let row = store::get(&mut tx, &caller.scope, id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Checks a training as entered (registration and edit alike).
pub(crate) fn parse_training(input: TrainingInput) -> AppResult<NewTraining> {
    let mut own = FieldErrors::new();
    let draft = TrainingDraft {
        held_on: date_field("held_on", &input.held_on, &mut own),
        topic: input.topic,
        trainer: input.trainer,
        attendees: input.attendees,
        attendee_names: join_list(&input.attendee_names),
        hours: input.hours,
    };
    checked(NewTraining::parse(draft), own)
}

const EXPORT_COLUMNS: [&str; 7] = [
    "培训日期",
    "培训主题",
    "授课人/举办单位",
    "参训人数",
    "参训人员",
    "时长（小时）",
    "所属组织",
];

/// The filtered set as an Excel or CSV file named for people: `调解培训台账-2023年.xlsx`.
/// The list's filtered set (`q`'s year and organisation): its valid trainings, as every
/// export leaves withdrawn records out.
pub async fn export(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let list = list(app, caller, &q.valid(), None).await?;
    let rows: Vec<Vec<String>> = list
        .items
        .into_iter()
        .rev()
        .map(|t| {
            vec![
                t.held_on.to_string(),
                t.topic.clone(),
                t.trainer.clone(),
                t.attendees.to_string(),
                t.attendee_names.clone(),
                t.hours(),
                t.org_name,
            ]
        })
        .collect();
    kit::ledger_file("调解培训台账", &EXPORT_COLUMNS, rows, q.year, format).await
}
