//! The penalties register's pages: the filtered list with its totals and export, the form to
//! register a case, a case's page, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.


use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::contract::yuan_label;
use fazhi_domain::penalty::PenaltyKind;
use fazhi_domain::review::PENALTY_DECIDED;

use super::service::{self, PenaltyInput, PenaltyRow, PenaltyTotals, Penalties, AREA};
use crate::app::SharedApp;
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::kit;
use crate::web::pages::records::{gated_facts, FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, totalled_list_page};

const PAGE: &str = "/penalties";

/// The form's fields, filled with `p` (what is on file or was typed).
fn fields(p: &PenaltyInput) -> Vec<Field> {
    let hearing = if p.hearing_requested { "是" } else { "否" };
    vec![
        Field::text("case_no", "案号", &p.case_no)
            .required()
            .placeholder("如 某镇罚立〔2025〕3号"),
        Field::text("decision_no", "决定书文号", &p.decision_no)
            .hint("作出决定后填写，如 某镇罚决〔2025〕3号"),
        Field::text("party", "当事人", &p.party)
            .required()
            .placeholder("姓名或单位名称"),
        Field::text("party_id_no", "身份证号码/统一社会信用代码", &p.party_id_no)
            .hint("列表和打印中隐去部分数字"),
        Field::area("facts", "违法事实", &p.facts).required(),
        Field::area("basis", "法律依据", &p.basis)
            .required()
            .hint("违法行为所违反的条款和处罚依据的条款"),
        Field::choice("kind", "处罚种类", &p.kind, PenaltyKind::options())
            .required()
            .hint("行政处罚法 第九条"),
        Field::number("fine", "罚款金额", &p.fine).hint("元，如 2000 或 0.5万；罚款必填"),
        Field::text("handled_by", "承办机构及执法人员", &p.handled_by)
            .required()
            .hint("执法人员不得少于两人（行政处罚法 第四十二条）"),
        Field::date("filed_on", "立案日期", &p.filed_on).required(),
        Field::date("notified_on", "告知日期", &p.notified_on)
            .hint("拟作出处罚决定的告知（第四十四条），决定前必填"),
        Field::choice(
            "hearing_requested",
            "当事人要求听证",
            hearing,
            vec![("否", "否"), ("是", "是")],
        ),
        Field::date("hearing_on", "听证日期", &p.hearing_on),
        Field::date("decided_on", "决定日期", &p.decided_on)
            .hint("须先经合法性审查（第五十八条）；未决定不填"),
        Field::date("served_on", "送达日期", &p.served_on),
        Field::text("review", "合法性审查编号", &p.review)
            .hint("「行政处罚」类审查，如 合审〔2025〕3号"),
        Field::area("enforcement", "执行情况", &p.enforcement),
    ]
}

impl ListPage {
    fn kind(&self, code: &str) -> &'static str {
        PenaltyKind::parse(code).map_or("", PenaltyKind::label)
    }

    fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "行政处罚案件 {} 件，其中已作出决定 {} 件；决定罚款合计 {} 元",
            t.cases,
            t.decided,
            yuan_label(t.fines_fen)
        )
    }
}

totalled_list_page!(
    ListPage("penalties/list.html") { items: PenaltyRow, totals: PenaltyTotals },
    PAGE, "penalties", AREA, PenaltyInput, service::list, cases, fields
);

input_list_pages!(list, create, export, list_page, PenaltyInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/penalties/export", get(export))
        .route("/penalties/{id}", get(kit::show::<Penalties>))
        .merge(kit::routes::<Penalties>())
}

impl FieldsRegister for Penalties {
    const PAGE: &'static str = PAGE;

    fn place(p: &PenaltyRow) -> Place {
        let list = (PAGE, "行政处罚决定");
        Place::reviewed(list, "penalties", "处罚案件", &p.case_no, p.historical)
    }

    /// The kind shows as its name on the case's page (the form's choice accepts either).
    fn fields(input: &PenaltyInput) -> Vec<Field> {
        let mut shown = input.clone();
        if let Some(k) = PenaltyKind::parse(&input.kind) {
            shown.kind = k.label().to_owned();
        }
        fields(&shown)
    }

    fn more_facts(p: &PenaltyRow) -> Vec<(&'static str, String)> {
        gated_facts(&p.org_name, p.historical, PENALTY_DECIDED)
    }

    fn state(p: &PenaltyRow) -> (&Revision, DateTime<Utc>) {
        (&p.revision, p.created_at)
    }
}
