//! The supervision-items register's staff pages: the list (soonest due first) with its export,
//! the form to register an item, an item's page with how its due date was counted, and (from
//! the kit) its 编辑 (where a reply or a rectification is recorded), 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::complaint::Satisfaction;
use fazhi_domain::supervision_item::Kind;

use super::service::{self, ItemInput, SupervisionItemRow, SupervisionItems, AREA};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::pages::record_files::{self, FilesPage};
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit;
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, YearListQuery};
use crate::web::pages::{render, Ctx};
use crate::web::session::Session;

const PAGE: &str = "/supervision-items";

/// The form's fields, filled with `i` (what is on file or was typed).
fn fields(i: &ItemInput) -> Vec<Field> {
    let mut satisfaction = vec![("", "（未评价）")];
    satisfaction.extend(Satisfaction::options());
    vec![
        Field::choice("kind", "类别", &i.kind, Kind::options()).required(),
        Field::text("source", "来源（提出人）", &i.source)
            .required()
            .placeholder("代表、委员姓名，或审计机关、法院、检察院、媒体名称"),
        Field::text("ref_no", "编号或文号", &i.ref_no).placeholder("如 建议第12号、某检行建〔2025〕3号"),
        Field::date("received_on", "收到日期", &i.received_on)
            .required()
            .hint("答复期限自收到之日起计算"),
        Field::area("content", "内容", &i.content).required(),
        Field::text("handling_unit", "承办单位", &i.handling_unit),
        Field::date("letter_due_on", "建议书载明的回复期限", &i.letter_due_on)
            .hint("司法建议、检察建议载明回复期限的填写，以其为准"),
        Field::date("replied_on", "答复（回复）日期", &i.replied_on)
            .hint("媒体反映问题填写回应发布日期；填写后不再提醒"),
        Field::area("reply", "答复（回复）内容", &i.reply),
        Field::choice("satisfaction", "代表（委员）满意度", &i.satisfaction, satisfaction)
            .hint("仅人大代表建议、政协提案"),
        Field::area("measures", "整改措施", &i.measures).hint("仅审计、监察发现的问题"),
        Field::date("rectify_by", "整改期限", &i.rectify_by).hint("整改通知载明的期限"),
        Field::text("evidence", "整改佐证材料", &i.evidence).hint("材料名称及存放位置"),
        Field::date("rectified_on", "整改完成日期", &i.rectified_on),
        Field::date("media_on", "报道日期", &i.media_on).hint("仅媒体反映问题"),
        Field::area("investigation", "调查核实情况", &i.investigation),
        Field::text("reply_link", "回应发布链接", &i.reply_link).hint("仅媒体反映问题，以 https:// 开头"),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "supervision_items/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    items: Vec<SupervisionItemRow>,
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
        let open = self.items.iter().filter(|i| i.done_on().is_none()).count();
        format!("监督事项 {} 件，本页未办结 {} 件", self.total, open)
    }

    fn overdue(&self, i: &SupervisionItemRow) -> bool {
        i.done_on().is_none() && i.due_on.is_some_and(|d| d < self.today)
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
        ctx: Ctx::new(session, "supervision_items"),
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
        can_write: caller.role.can_write(AREA),
        today: crate::clock::today(),
    })
}

input_list_pages!(list, create, export, list_page, ItemInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/supervision-items/export", get(export))
        .route("/supervision-items/{id}", get(kit::show::<SupervisionItems>))
        .merge(kit::routes::<SupervisionItems>())
        .merge(record_files::routes::<SupervisionItems>())
}

impl FilesPage for SupervisionItems {}

impl FieldsRegister for SupervisionItems {
    const PAGE: &'static str = PAGE;
    /// The rectification's evidence (a finding's) or the reply's material.
    const FILES: Option<&'static str> = Some("整改佐证材料");

    fn place(i: &SupervisionItemRow) -> Place {
        Place {
            area: "接受监督",
            list: (PAGE, "监督事项"),
            nav: "supervision_items",
            noun: "监督事项",
            name: format!("{}：{}", i.kind_label(), i.content.chars().take(20).collect::<String>()),
        }
    }

    /// The kind and the rating show as their names on the item's page.
    fn fields(input: &ItemInput) -> Vec<Field> {
        let mut shown = input.clone();
        if let Some(k) = Kind::parse(&input.kind) {
            shown.kind = k.label().to_owned();
        }
        if let Some(s) = Satisfaction::parse(&input.satisfaction) {
            shown.satisfaction = s.label().to_owned();
        }
        fields(&shown)
    }

    fn more_facts(i: &SupervisionItemRow) -> Vec<(&'static str, String)> {
        let mut facts = vec![("所属组织", i.org_name.clone())];
        if let Some(d) = i.due_on {
            let state = match i.done_on() {
                Some(done) if done <= d => "已按期办结",
                Some(_) => "已办结（逾期）",
                None if d < crate::clock::today() => "已超期",
                None => "办理中",
            };
            facts.push(("答复（整改）期限", format!("{d} 前（{state}）")));
        }
        if let Some(how) = &i.due_explained {
            facts.push(("期限计算", how.replace('\n', "；")));
        }
        facts
    }

    fn state(i: &SupervisionItemRow) -> (&Revision, DateTime<Utc>) {
        (&i.revision, i.created_at)
    }
}
