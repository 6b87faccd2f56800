//! Screening rounds and their village reports on the register kit
//! (`service::revision::Register`): edit on the version seen, withdraw (作废) with a reason,
//! restore, history. A withdrawn round leaves the list and the annual report's count of rounds;
//! a withdrawn report leaves its round's figures, and its village may report again.

use fazhi_domain::access::Area;
use fazhi_domain::revision::FieldChange;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::db::On;
use crate::storage::orgs;
use crate::storage::screening::{self as store, Report, Round};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::revision::Register;
use super::screening::{
    check_report, check_round, kind_label, CheckedRound, NewRoundInput, ReportInput,
};
use super::Caller;

/// The screening rounds, for the kit.
pub struct Rounds;

const KIND_LABEL: &str = "排查类型";

impl Register for Rounds {
    type Record = Round;
    type Input = NewRoundInput;
    type Valid = CheckedRound;

    const AREA: Area = Area::Screening;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("name", "排查名称"),
        ("kind", KIND_LABEL),
        ("starts_on", "开始日期"),
        ("ends_on", "结束日期"),
    ];

    fn target(r: &Round) -> kit::Target {
        store::round_target(r)
    }
    fn version(r: &Round) -> i64 {
        r.version
    }
    fn is_withdrawn(r: &Round) -> bool {
        r.withdrawn_at.is_some()
    }

    /// A round is its town's: only users of the town or above it reach it here (villages read
    /// it on its page, and report, but do not correct it).
    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<Round, StorageError> {
        let r = store::get_round(on, id).await?;
        if scope.contains_path(&r.org_path) {
            Ok(r)
        } else {
            Err(StorageError::NotFound)
        }
    }

    async fn current_input(_app: &App, r: &Round) -> AppResult<NewRoundInput> {
        Ok(NewRoundInput {
            name: r.name.clone(),
            kind: r.kind.clone(),
            starts_on: r.starts_on.to_string(),
            ends_on: r.ends_on.to_string(),
        })
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &Round,
        input: NewRoundInput,
    ) -> AppResult<CheckedRound> {
        let town = orgs::get(&app.db, before.org_id).await?;
        check_round(&input, Some(&town))
    }

    async fn write(tx: &mut Tx, before: &Round, r: &CheckedRound) -> AppResult<()> {
        Ok(store::update_round(tx, before.id, &r.new_round(before.org_id)).await?)
    }

    /// The kind is stored as a code; people read 常规排查 / 专项排查.
    fn relabel(c: &mut FieldChange) {
        if c.label == KIND_LABEL {
            for v in [&mut c.before, &mut c.after] {
                let label = kind_label(v);
                if !label.is_empty() {
                    *v = label.to_owned();
                }
            }
        }
    }
}

/// The villages' reports of a round, for the kit.
pub struct Reports;

/// A report's corrected date, count and note.
pub struct CheckedReport {
    reported_on: chrono::NaiveDate,
    found: i64,
    note: String,
}

impl Register for Reports {
    type Record = Report;
    type Input = ReportInput;
    type Valid = CheckedReport;

    const AREA: Area = Area::Screening;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("reported_on", "报告日期"),
        ("found", "发现纠纷数"),
        ("note", "说明"),
    ];
    /// A report is its village's: another village's would be another report.
    const FIXED: &'static [&'static str] = &["village"];

    fn target(r: &Report) -> kit::Target {
        store::report_target(r)
    }
    fn version(r: &Report) -> i64 {
        r.version
    }
    fn is_withdrawn(r: &Report) -> bool {
        r.withdrawn_at.is_some()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<Report, StorageError> {
        store::get_report(on, scope, id).await
    }

    async fn current_input(_app: &App, r: &Report) -> AppResult<ReportInput> {
        Ok(ReportInput {
            village: String::new(),
            found: r.found,
            reported_on: r.reported_on.to_string(),
            note: r.note.clone(),
        })
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &Report,
        input: ReportInput,
    ) -> AppResult<CheckedReport> {
        let round = store::get_round(&app.db, before.round_id).await?;
        if round.withdrawn_at.is_some() {
            return Err(super::revision::withdrawn_refusal());
        }
        let mut errors = std::collections::BTreeMap::new();
        let reported_on = check_report(&mut errors, input.found, &input.reported_on);
        match (reported_on, errors.is_empty()) {
            (Some(reported_on), true) => Ok(CheckedReport {
                reported_on,
                found: input.found,
                note: input.note.trim().to_owned(),
            }),
            _ => Err(AppError::invalid(errors)),
        }
    }

    async fn write(tx: &mut Tx, before: &Report, r: &CheckedReport) -> AppResult<()> {
        Ok(store::update_report(tx, before.id, r.reported_on, r.found, &r.note).await?)
    }
}
