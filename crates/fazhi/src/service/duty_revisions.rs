//! The 谁执法谁普法 responsibility list (普法责任清单) and year-end 述职述法 reports on the register
//! kit (`service::revision::Register`): edit on the version seen, withdraw (作废) with a reason
//! (out of the lists and the report's figures), restore, and the history. A record stays with
//! its organisation.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::{DutyReportForm, NewDutyReport, NewResponsibilityItem};
use fazhi_domain::revision::FieldChange;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::publicity::{self as items, ResponsibilityItemRow};
use crate::storage::study::{self as reports, DutyReportRow};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::publicity::{parse_item, ItemInput};
use super::revision::{relabel_code, Register};
use super::study::{exam_conflict, parse_report, ReportInput};
use super::Caller;

/// The register of responsibility-list lines, for the kit.
pub struct Items;

impl Register for Items {
    type Record = ResponsibilityItemRow;
    type Input = ItemInput;
    type Valid = NewResponsibilityItem;

    const AREA: Area = Area::Publicity;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "年度"),
        ("unit", "责任单位"),
        ("laws", "普法内容"),
        ("audiences", "普法对象"),
        ("measures", "普法措施"),
        ("responsible", "责任人"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &ResponsibilityItemRow) -> kit::Target {
        items::item_target(r)
    }
    fn version(r: &ResponsibilityItemRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &ResponsibilityItemRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(
        on: On<'_>,
        scope: &Scope,
        id: i64,
    ) -> Result<ResponsibilityItemRow, StorageError> {
        items::get_item(on, scope, id).await
    }

    async fn current_input(_app: &App, r: &ResponsibilityItemRow) -> AppResult<ItemInput> {
        Ok(ItemInput {
            org: None,
            year: i32::try_from(r.year).ok(),
            unit: r.unit.clone(),
            laws: r.laws.clone(),
            audiences: r.audiences.clone().unwrap_or_default(),
            measures: r.measures.clone().unwrap_or_default(),
            responsible: r.responsible.clone().unwrap_or_default(),
        })
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &ResponsibilityItemRow,
        input: ItemInput,
    ) -> AppResult<NewResponsibilityItem> {
        parse_item(input)
    }

    async fn write(
        tx: &mut Tx,
        before: &ResponsibilityItemRow,
        item: &NewResponsibilityItem,
    ) -> AppResult<()> {
        Ok(items::update_item(tx, before, item).await?)
    }
}

/// The register of 述职述法 reports, for the kit. A second report of the same leader and year
/// answers 409 on 述职领导, as at registration.
pub struct Reports;

impl Register for Reports {
    type Record = DutyReportRow;
    type Input = ReportInput;
    type Valid = NewDutyReport;

    const AREA: Area = Area::Study;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "年度"),
        ("leader", "述职领导"),
        ("post", "职务"),
        ("reported_on", "述职日期"),
        ("form", "述职形式"),
        ("evaluation", "评议结果"),
        ("notes", "备注"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &DutyReportRow) -> kit::Target {
        reports::report_target(r)
    }
    fn version(r: &DutyReportRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &DutyReportRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<DutyReportRow, StorageError> {
        reports::get_report(on, scope, id).await
    }

    async fn current_input(_app: &App, r: &DutyReportRow) -> AppResult<ReportInput> {
        Ok(ReportInput {
            org: None,
            year: i32::try_from(r.year).ok(),
            leader: r.leader.clone(),
            post: r.post.clone().unwrap_or_default(),
            reported_on: r.reported_on.to_string(),
            form: r.form.clone(),
            evaluation: r.evaluation.clone().unwrap_or_default(),
            notes: r.notes.clone().unwrap_or_default(),
        })
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &DutyReportRow,
        input: ReportInput,
    ) -> AppResult<NewDutyReport> {
        parse_report(input)
    }

    async fn write(tx: &mut Tx, before: &DutyReportRow, r: &NewDutyReport) -> AppResult<()> {
        reports::update_report(tx, before, r)
            .await
            .map_err(exam_conflict)
    }

    /// The form is stored as a code; people read 书面 / 口头 / 会议.
    fn relabel(c: &mut FieldChange) {
        relabel_code(c, "述职形式", |v| {
            DutyReportForm::parse(v).map(DutyReportForm::label)
        });
    }
}
