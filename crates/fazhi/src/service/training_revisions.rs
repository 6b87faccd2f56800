//! Mediation trainings (人民调解业务培训) on the register kit (`service::revision::Register`):
//! edit on the version seen, withdraw (作废) with a reason (out of the list, its totals, the
//! report's figures and the export), restore, and the history. A training stays with its
//! organisation.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::split_list;
use fazhi_domain::training::NewTraining;
use serde_json::{Map, Value};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::trainings::{self as store, TrainingRow};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::revision::Register;
use super::trainings::{parse_training, TrainingInput};
use super::Caller;

/// The register of trainings, for the kit.
pub struct Trainings;

impl Register for Trainings {
    type Record = TrainingRow;
    type Input = TrainingInput;
    type Valid = NewTraining;

    const AREA: Area = Area::Trainings;
    /// The export's column names (`trainings::EXPORT_COLUMNS`).
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("held_on", "培训日期"),
        ("topic", "培训主题"),
        ("trainer", "授课人/举办单位"),
        ("attendees", "参训人数"),
        ("attendee_names", "参训人员"),
        ("minutes", "时长（分钟）"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &TrainingRow) -> kit::Target {
        store::target(r)
    }
    fn version(r: &TrainingRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &TrainingRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<TrainingRow, StorageError> {
        store::get(on, scope, id).await
    }

    async fn current_input(_app: &App, t: &TrainingRow) -> AppResult<TrainingInput> {
        Ok(TrainingInput {
            org: None,
            held_on: t.held_on.to_string(),
            topic: t.topic.clone(),
            trainer: t.trainer.clone(),
            attendees: Some(t.attendees),
            attendee_names: split_list(&t.attendee_names),
            hours: Some(t.minutes as f64 / 60.0),
        })
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &TrainingRow,
        input: TrainingInput,
    ) -> AppResult<NewTraining> {
        parse_training(input)
    }

    async fn write(tx: &mut Tx, before: &TrainingRow, t: &NewTraining) -> AppResult<()> {
        Ok(store::update(tx, before, t).await?)
    }

    /// A count that was only the number of names follows new names, as at registration.
    fn patched(named: &Map<String, Value>, current: &TrainingInput, input: &mut TrainingInput) {
        let counted_names = current.attendees == Some(current.attendee_names.len() as i64);
        if named.contains_key("attendee_names") && !named.contains_key("attendees") && counted_names
        {
            input.attendees = None;
        }
    }
}
