//! The “谁执法谁普法” responsibility list: the list by year, a new line, a line's page and its
//! correction (the register kit).

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use fazhi_domain::access::Area;
use serde::Deserialize;

use super::{non_empty, study_place, this_year, year_of, YearListQuery};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::duty_revisions::Items;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::publicity::ResponsibilityItemRow;
use crate::service::publicity::{self as service, ItemInput};
use crate::web::error::PageError;
use crate::web::pages::kit::PageRegister;
use crate::web::pages::records::{self, or_dash, Place};
use crate::web::pages::year_list::{fields_edit_page, list_and_create};
use crate::web::pages::{render, Ctx};
use crate::web::session::Session;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ItemForm {
    org: String,
    year: String,
    unit: String,
    laws: String,
    audiences: String,
    measures: String,
    responsible: String,
}

impl ItemForm {
    fn input(&self) -> Result<ItemInput, AppError> {
        Ok(ItemInput {
            org: non_empty(&self.org),
            year: year_of(&self.year)?,
            unit: self.unit.clone(),
            laws: self.laws.clone(),
            audiences: self.audiences.clone(),
            measures: self.measures.clone(),
            responsible: self.responsible.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "publicity/responsibility.html")]
struct ItemsPage {
    ctx: Ctx,
    year: String,
    /// Listing the withdrawn lines.
    withdrawn: bool,
    items: Vec<ResponsibilityItemRow>,
    total: i64,
    orgs: Vec<Org>,
    form: ItemForm,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

async fn items_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: ItemForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let (items, total) = service::ITEMS.page(app, caller, &q.query()?, None).await?;
    render(&ItemsPage {
        ctx: Ctx::new(session, "responsibility"),
        withdrawn: q.withdrawn(),
        year: q.year,
        items,
        total,
        orgs: orgs_service::visible(app, caller).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Publicity),
    })
}

list_and_create!(
    items,
    create_item,
    items_page,
    ItemForm { year: this_year() },
    service::create_item,
    "/publicity/responsibility"
);

#[derive(Template)]
#[template(path = "publicity/_item_fields.html")]
struct ItemFields<'a> {
    form: &'a ItemForm,
    errors: &'a BTreeMap<String, String>,
}

fn item_place(r: &ResponsibilityItemRow) -> Place {
    let list = ("/publicity/responsibility", "普法责任清单");
    study_place(list, "responsibility", format!("{}年 {}", r.year, r.unit))
}

impl PageRegister for Items {
    const PAGE: &'static str = "/publicity/responsibility";
    type Form = ItemForm;

    fn read_form(pairs: &[(String, String)]) -> (ItemForm, Result<ItemInput, AppError>) {
        records::read_plain(pairs, ItemForm::input)
    }

    fn form_of(i: ItemInput, _r: &ResponsibilityItemRow) -> ItemForm {
        ItemForm {
            org: String::new(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            unit: i.unit,
            laws: i.laws,
            audiences: i.audiences,
            measures: i.measures,
            responsible: i.responsible,
        }
    }

    fields_edit_page!(ItemFields, item_place, ResponsibilityItemRow);

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let r = service::ITEMS.get(app, &session.caller, id).await?;
        let facts = vec![
            ("年度", r.year.to_string()),
            ("责任单位", r.unit.clone()),
            ("普法内容", r.laws.clone()),
            ("普法对象", or_dash(&r.audiences)),
            ("普法措施", or_dash(&r.measures)),
            ("责任人", or_dash(&r.responsible)),
            ("已开展活动", format!("{} 场", r.events)),
            ("所属组织", r.org_name.clone()),
        ];
        let state = (&r.revision, r.created_at);
        records::record_page::<Self>(app, session, id, item_place(&r), facts, errors, state).await
    }
}
