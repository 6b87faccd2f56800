//! Year-end 述职述法 reports: the list, a new report, a report's page and its correction (the
//! register kit).

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use fazhi_domain::access::Area;
use fazhi_domain::publicity::DutyReportForm;
use serde::Deserialize;

use super::{non_empty, study_place, this_year, year_of, YearListQuery};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::duty_revisions::Reports;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::study::DutyReportRow;
use crate::service::study::{self, ReportInput};
use crate::web::error::PageError;
use crate::web::pages::kit::{Editing, PageRegister};
use crate::web::pages::records::{self, or_dash, Place};
use crate::web::pages::year_list::list_and_create;
use crate::web::pages::{render, Ctx};
use crate::web::session::Session;

// ---------------------------------------------------------------------------------------------
// 述职述法

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    org: String,
    year: String,
    leader: String,
    post: String,
    reported_on: String,
    form: String,
    evaluation: String,
    notes: String,
}

impl ReportForm {
    fn input(&self) -> Result<ReportInput, AppError> {
        Ok(ReportInput {
            org: non_empty(&self.org),
            year: year_of(&self.year)?,
            leader: self.leader.clone(),
            post: self.post.clone(),
            reported_on: self.reported_on.clone(),
            form: self.form.clone(),
            evaluation: self.evaluation.clone(),
            notes: self.notes.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/duty_reports.html")]
struct ReportsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn reports.
    withdrawn: bool,
    items: Vec<DutyReportRow>,
    total: i64,
    report_forms: Vec<(&'static str, &'static str)>,
    orgs: Vec<Org>,
    form: ReportForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

async fn reports_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: ReportForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let (items, total) = study::REPORTS.page(app, caller, &q.query()?, None).await?;
    render(&ReportsPage {
        ctx: Ctx::new(session, "duty_reports"),
        withdrawn: q.withdrawn(),
        year: q.year,
        items,
        total,
        report_forms: DutyReportForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        orgs: orgs_service::visible(app, caller).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

// The report of the year just ended is the one usually filed.
list_and_create!(
    reports,
    create_report,
    reports_page,
    ReportForm {
        year: this_year() - 1
    },
    study::create_report,
    "/study/duty-reports"
);

#[derive(Template)]
#[template(path = "publicity/_report_fields.html")]
struct ReportFields<'a> {
    form: &'a ReportForm,
    errors: &'a BTreeMap<String, String>,
    report_forms: Vec<(&'static str, &'static str)>,
}

fn report_place(r: &DutyReportRow) -> Place {
    let list = ("/study/duty-reports", "述职述法");
    study_place(list, "duty_reports", format!("{}年 {}", r.year, r.leader))
}

impl PageRegister for Reports {
    const PAGE: &'static str = "/study/duty-reports";
    type Form = ReportForm;

    fn read_form(pairs: &[(String, String)]) -> (ReportForm, Result<ReportInput, AppError>) {
        records::read_plain(pairs, ReportForm::input)
    }

    fn form_of(i: ReportInput, _r: &DutyReportRow) -> ReportForm {
        ReportForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            leader: i.leader,
            post: i.post,
            reported_on: i.reported_on,
            form: i.form,
            evaluation: i.evaluation,
            notes: i.notes,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: ReportForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, DutyReportRow>,
    ) -> Result<Html<String>, PageError> {
        let fields = ReportFields {
            form: &form,
            errors: &errors,
            report_forms: DutyReportForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        };
        let at = (editing.id, editing.version);
        let place = report_place(editing.record);
        records::edit_page::<Self>(session, place, at, &fields, errors.clone())
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let r = study::REPORTS.get(app, &session.caller, id).await?;
        let facts = vec![
            ("述法年度", r.year.to_string()),
            ("述法人", r.leader.clone()),
            ("职务", or_dash(&r.post)),
            ("述法日期", r.reported_on.to_string()),
            ("形式", r.form_label().to_owned()),
            ("评议结果", or_dash(&r.evaluation)),
            ("备注", or_dash(&r.notes)),
            ("所属组织", r.org_name.clone()),
        ];
        let state = (&r.revision, r.created_at);
        records::record_page::<Self>(app, session, id, report_place(&r), facts, errors, state).await
    }
}
