//! The disclosure-requests register's staff pages: the queue (unanswered first, soonest due
//! first) with its totals and export, the form to register a letter, visit or fax, a request's
//! page with how its due date was counted, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure::{ApplicantKind, Channel, ReplyType};

use super::service::{
    self, applicant_label, channel_label, reply_label, DisclosureRequests, RequestInput,
    RequestRow, RequestTotals,
};
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

const PAGE: &str = "/disclosure-requests";

/// The form's fields, filled with `r` (what is on file or was typed).
fn fields(r: &RequestInput) -> Vec<Field> {
    vec![
        Field::choice("channel", "申请方式", &r.channel, Channel::options()).required(),
        Field::choice(
            "applicant_kind",
            "申请人类型",
            &r.applicant_kind,
            ApplicantKind::options(),
        )
        .required(),
        Field::text("applicant_name", "申请人姓名或名称", &r.applicant_name).required(),
        Field::text("applicant_phone", "联系电话", &r.applicant_phone).required(),
        Field::area("information", "申请公开的政府信息", &r.information)
            .required()
            .placeholder("名称、文号或便于查询的特征描述"),
        Field::text("form_wanted", "获取方式", &r.form_wanted).hint("纸质、电子邮件、自行领取等"),
        Field::date("submitted_on", "提交日期", &r.submitted_on).hint("当面提交的填写"),
        Field::date("signed_for_on", "签收日期", &r.signed_for_on).hint("挂号信、快递填写"),
        Field::date("confirmed_on", "确认日期", &r.confirmed_on)
            .hint("平常信函、互联网、传真：与申请人确认之日"),
        Field::date("correction_noticed_on", "告知补正日期", &r.correction_noticed_on)
            .hint("收到申请后7个工作日内一次性告知"),
        Field::date("corrected_on", "收到补正日期", &r.corrected_on)
            .hint("答复期限自此重新计算"),
        Field::date("consulted_from", "征求意见开始", &r.consulted_from)
            .hint("征求第三方或其他机关意见，不计入期限"),
        Field::date("consulted_to", "征求意见结束", &r.consulted_to),
        Field::text("consulted_whom", "征求意见对象", &r.consulted_whom).hint("如 第三方、县自然资源局"),
        Field::number("extension_days", "延长工作日", &r.extension_days).hint("最多20个工作日"),
        Field::text(
            "extension_approved_by",
            "延期批准人",
            &r.extension_approved_by,
        )
        .hint("政府信息公开工作机构负责人"),
        Field::date("replied_on", "答复日期", &r.replied_on),
        Field::choice("reply_type", "答复类型", &r.reply_type, ReplyType::options()).wide(),
        Field::area("reply_text", "答复内容", &r.reply_text),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "disclosure/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    items: Vec<RequestRow>,
    totals: RequestTotals,
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
        let t = &self.totals;
        format!(
            "收到申请 {} 件，已答复 {} 件，办理中 {} 件",
            t.requests,
            t.answered,
            t.requests - t.answered
        )
    }

    fn overdue(&self, r: &RequestRow) -> bool {
        r.replied_on.is_none() && r.due_on.is_some_and(|d| d < self.today)
    }

    fn channel(&self, code: &str) -> String {
        channel_label(code).to_owned()
    }

    fn applicant(&self, code: &str) -> String {
        applicant_label(code).to_owned()
    }

    fn reply(&self, code: &str) -> String {
        reply_label(code).to_owned()
    }
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: RequestInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let list = service::list(app, caller, &q.query()?, page).await?;
    let pager = q.pager(PAGE, list.totals.requests);
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "disclosure_requests"),
        pager,
        items: list.items,
        totals: list.totals,
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

input_list_pages!(list, create, export, list_page, RequestInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/disclosure-requests/export", get(export))
        .route(
            "/disclosure-requests/{id}",
            get(kit::show::<DisclosureRequests>),
        )
        .merge(kit::routes::<DisclosureRequests>())
}

impl FieldsRegister for DisclosureRequests {
    const PAGE: &'static str = PAGE;

    fn place(r: &RequestRow) -> Place {
        Place {
            area: "政务公开",
            list: (PAGE, "依申请公开"),
            nav: "disclosure_requests",
            noun: "申请",
            name: format!("{}：{}", r.applicant_name, r.information.chars().take(30).collect::<String>()),
        }
    }

    fn fields(input: &RequestInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(r: &RequestRow) -> Vec<(&'static str, String)> {
        let mut facts = vec![
            ("受理机关", r.org_name.clone()),
            ("收到申请日期", r.received_on.to_string()),
        ];
        facts.push((
            "答复期限",
            match r.due_on {
                Some(d) => d.to_string(),
                None => "待申请人补正，补正后重新计算".to_owned(),
            },
        ));
        if let Some(how) = &r.due_explained {
            facts.push(("期限计算", how.replace('\n', "；")));
        }
        if let Some(code) = &r.tracking_code {
            facts.push(("查询码", code.clone()));
        }
        facts
    }

    fn state(r: &RequestRow) -> (&Revision, DateTime<Utc>) {
        (&r.revision, r.created_at)
    }
}
