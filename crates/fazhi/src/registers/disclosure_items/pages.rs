//! The disclosure-items register's staff pages: the list (unpublished first, soonest due first)
//! with its export, the form to register an item, an item's page with how its publication
//! deadline was counted, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure_item::CATEGORIES;

use super::service::{self, DisclosureItems, ItemInput, ItemRow};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit;
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, YearListQuery};
use crate::web::pages::{render, Ctx};
use crate::web::session::Session;

const PAGE: &str = "/disclosure-items";

/// The form's fields, filled with `i` (what is on file or was typed).
fn fields(i: &ItemInput) -> Vec<Field> {
    vec![
        Field::text("title", "名称", &i.title)
            .required()
            .wide()
            .placeholder("如 2025年度部门预算公开说明"),
        Field::choice("category", "类别", &i.category, CATEGORIES.to_vec()).required(),
        Field::date("formed_on", "生成日期", &i.formed_on)
            .required()
            .hint("信息形成或者变更之日，20个工作日内须公开"),
        Field::date("published_on", "发布日期", &i.published_on).hint("公开后填写；未公开不填"),
        Field::area("summary", "内容概述", &i.summary),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "disclosure_items/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    items: Vec<ItemRow>,
    total: i64,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
    today: chrono::NaiveDate,
}

impl ListPage {
    fn summary(&self) -> String {
        let unpublished = self.items.iter().filter(|i| i.published_on.is_none()).count();
        format!("信息 {} 条，本页待发布 {} 条", self.total, unpublished)
    }

    fn overdue(&self, i: &ItemRow) -> bool {
        i.published_on.is_none() && i.due_on.is_some_and(|d| d < self.today)
    }
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: ItemInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let (items, total) = service::list(app, caller, &q.query()?, page).await?;
    let pager = q.pager(PAGE, total);
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "disclosure_items"),
        pager,
        items,
        total,
        orgs,
        withdrawn: q.withdrawn(),
        q,
        form: OrgChoice {
            org: form.org.unwrap_or_default(),
        },
        fields,
        errors,
        can_write: caller.role.can_write(Area::Disclosure),
        today: crate::clock::today(),
    })
}

input_list_pages!(list, create, export, list_page, ItemInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/disclosure-items/export", get(export))
        .route("/disclosure-items/{id}", get(kit::show::<DisclosureItems>))
        .merge(kit::routes::<DisclosureItems>())
}

impl FieldsRegister for DisclosureItems {
    const PAGE: &'static str = PAGE;

    fn place(i: &ItemRow) -> Place {
        Place {
            area: "政务公开",
            list: (PAGE, "主动公开目录"),
            nav: "disclosure_items",
            noun: "信息",
            name: i.title.clone(),
        }
    }

    fn fields(input: &ItemInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(i: &ItemRow) -> Vec<(&'static str, String)> {
        let mut facts = vec![("索引号", i.index_no.clone()), ("所属组织", i.org_name.clone())];
        if let Some(d) = i.due_on {
            facts.push(("发布期限", format!("{d} 前（政府信息公开条例 第二十六条）")));
        }
        if let Some(how) = &i.due_explained {
            facts.push(("期限计算", how.replace('\n', "；")));
        }
        facts
    }

    fn state(i: &ItemRow) -> (&Revision, DateTime<Utc>) {
        (&i.revision, i.created_at)
    }
}
