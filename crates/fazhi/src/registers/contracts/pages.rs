//! The contracts register's pages: the filtered list with its totals and export, the form to
//! register a contract, a contract's page, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.


use axum::routing::get;
use axum::Router;
use fazhi_domain::access::Area;
use fazhi_domain::contract::yuan_label;
use fazhi_domain::review::CONTRACT_SIGNED;

use super::service::{self, ContractInput, ContractRow, ContractTotals, Contracts};
use crate::app::SharedApp;
use crate::web::pages::fields::Field;
use crate::web::pages::kit;
use crate::web::pages::year_list::{input_list_pages, totalled_list_page};
use crate::web::pages::records::{gated_facts, FieldsRegister, Place};
use crate::service::revision::Revision;
use chrono::{DateTime, Utc};

const PAGE: &str = "/contracts";

/// The form's fields, filled with `c` (what is on file or was typed).
fn fields(c: &ContractInput) -> Vec<Field> {
    vec![
        Field::text("title", "合同名称", &c.title)
            .required()
            .wide()
            .placeholder("如 村级活动场所维修工程施工合同"),
        Field::text("counterparty", "合同相对方", &c.counterparty)
            .required()
            .placeholder("如 某某建筑工程有限公司"),
        Field::text("counterparty_code", "统一社会信用代码", &c.counterparty_code)
            .hint("18位；自然人不填"),
        Field::number("amount", "合同金额", &c.amount).hint("元，如 120000 或 12.5万"),
        Field::text("handled_by", "承办单位/经办人", &c.handled_by)
            .required()
            .placeholder("如 党政办 张三"),
        Field::date("signed_on", "签订日期", &c.signed_on).hint("未签订不填"),
        Field::date("starts_on", "履行期限自", &c.starts_on),
        Field::date("ends_on", "履行期限至", &c.ends_on),
        Field::text("review", "合法性审查编号", &c.review)
            .hint("签订前须经审查，如 合审〔2025〕3号"),
        Field::text("review_ref", "审查情况说明", &c.review_ref)
            .wide()
            .hint("原有的审查意见书编号或审查情况，可不填"),
        Field::area("performance", "履行情况", &c.performance),
    ]
}

impl ListPage {
    fn yuan(&self, fen: &Option<i64>) -> String {
        fen.map(yuan_label).unwrap_or_default()
    }

    fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "合同 {} 份，其中已签订 {} 份；合同金额合计 {} 元",
            t.contracts,
            t.signed,
            yuan_label(t.amount_fen)
        )
    }
}

totalled_list_page!(
    ListPage("contracts/list.html") { items: ContractRow, totals: ContractTotals },
    PAGE, "contracts", Area::LegalReview, ContractInput, service::list, contracts, fields
);

input_list_pages!(list, create, export, list_page, ContractInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/contracts/export", get(export))
        .route("/contracts/{id}", get(kit::show::<Contracts>))
        .merge(kit::routes::<Contracts>())
}

impl FieldsRegister for Contracts {
    const PAGE: &'static str = PAGE;

    fn place(c: &ContractRow) -> Place {
        let list = (PAGE, "对外协议合同");
        Place::reviewed(list, "contracts", "合同", &c.title, c.historical)
    }

    fn fields(input: &ContractInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(c: &ContractRow) -> Vec<(&'static str, String)> {
        gated_facts(&c.org_name, c.historical, CONTRACT_SIGNED)
    }

    fn state(c: &ContractRow) -> (&Revision, DateTime<Utc>) {
        (&c.revision, c.created_at)
    }
}
