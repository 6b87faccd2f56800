//! Law exam results (学法考试): the list with its pass figures, a new result, a result's page
//! and its correction (the register kit).

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use fazhi_domain::access::Area;
use fazhi_domain::publicity::ExamStats;
use serde::Deserialize;

use super::{non_empty, own_first, study_place, this_year, year_of, YearListQuery};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision;
use crate::service::study::LawExamRow;
use crate::service::study::{self, ExamInput};
use crate::service::study_revisions::Exams;
use crate::web::error::PageError;
use crate::web::pages::kit::PageRegister;
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{self, or_dash, Place};
use crate::web::pages::year_list::{fields_edit_page, list_and_create};
use crate::web::pages::{render, Ctx};
use crate::web::session::Session;

// ---------------------------------------------------------------------------------------------
// Law exams

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExamForm {
    org: String,
    year: String,
    cadre: String,
    post: String,
    score: String,
    passed: String,
    taken_on: String,
}

impl ExamForm {
    fn input(&self) -> Result<ExamInput, AppError> {
        let mut own = BTreeMap::new();
        let year = year_of(&self.year).unwrap_or_else(|e| {
            own.extend(e.fields);
            None
        });
        let score = match self.score.trim() {
            "" => None,
            s => match s.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    own.insert("score".to_owned(), "「成绩」请填写数字，例如 86".to_owned());
                    None
                }
            },
        };
        own_first(own)?;
        Ok(ExamInput {
            org: non_empty(&self.org),
            year,
            cadre: self.cadre.clone(),
            post: self.post.clone(),
            score,
            passed: fazhi_domain::publicity::parse_passed(&self.passed),
            taken_on: self.taken_on.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/exams.html")]
struct ExamsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn results.
    withdrawn: bool,
    items: Vec<LawExamRow>,
    total: i64,
    stats: ExamStats,
    orgs: Vec<Org>,
    form: ExamForm,
    errors: BTreeMap<String, String>,
    pager: Pager,
    can_write: bool,
}

async fn exams_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: ExamForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let page = Some((q.paging().page, q.paging().per_page));
    let list = study::list_exams(app, caller, &q.query()?, page).await?;
    render(&ExamsPage {
        withdrawn: q.withdrawn(),
        ctx: Ctx::new(session, "exams"),
        pager: q.pager("/study/exams", list.total),
        year: q.year,
        items: list.items,
        total: list.total,
        stats: list.stats,
        orgs: orgs_service::visible(app, caller).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

list_and_create!(
    exams,
    create_exam,
    exams_page,
    ExamForm { year: this_year() },
    study::create_exam,
    "/study/exams"
);

#[derive(Template)]
#[template(path = "publicity/_exam_fields.html")]
struct ExamFields<'a> {
    form: &'a ExamForm,
    errors: &'a BTreeMap<String, String>,
}

fn exam_place(x: &LawExamRow) -> Place {
    let list = ("/study/exams", "学法考试成绩");
    study_place(list, "exams", format!("{}年 {}", x.year, x.cadre))
}

impl PageRegister for Exams {
    const PAGE: &'static str = "/study/exams";
    type Form = ExamForm;

    fn read_form(pairs: &[(String, String)]) -> (ExamForm, Result<ExamInput, AppError>) {
        records::read_plain(pairs, ExamForm::input)
    }

    fn form_of(i: ExamInput, _x: &LawExamRow) -> ExamForm {
        ExamForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            cadre: i.cadre,
            post: i.post,
            score: i.score.map(|s| s.to_string()).unwrap_or_default(),
            passed: match i.passed {
                Some(true) => "合格".to_owned(),
                Some(false) => "不合格".to_owned(),
                None => String::new(),
            },
            taken_on: i.taken_on,
        }
    }

    fields_edit_page!(ExamFields, exam_place, LawExamRow);

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let x = revision::get::<Exams>(app, &session.caller, id).await?;
        let facts = vec![
            ("年度", x.year.to_string()),
            ("姓名", x.cadre.clone()),
            ("职务", or_dash(&x.post)),
            ("成绩", x.score.map(|s| s.to_string()).unwrap_or_default()),
            (
                "是否合格",
                if x.passed { "合格" } else { "不合格" }.to_owned(),
            ),
            (
                "考试日期",
                x.taken_on.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("所属组织", x.org_name.clone()),
        ];
        let state = (&x.revision, x.created_at);
        records::record_page::<Self>(app, session, id, exam_place(&x), facts, errors, state).await
    }
}
