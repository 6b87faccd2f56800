//! The work rules register's pages: the list, form and record page of
//! `web::pages::simple_list` around the rule's fields.

use chrono::{DateTime, Utc};
use fazhi_domain::leadership::RuleStatus;

use super::service::{status_label, WorkRuleInput, WorkRuleRow, WorkRules};
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::simple_list::SimpleListPage;

const PAGE: &str = "/work-rules";

fn fields(w: &WorkRuleInput) -> Vec<Field> {
    vec![
        Field::text("title", "制度名称", &w.title)
            .required()
            .wide()
            .placeholder("如 法治政府建设工作领导小组议事规则"),
        Field::date("adopted_on", "制定日期", &w.adopted_on).required(),
        Field::text("adopted_by", "制定机关或会议", &w.adopted_by)
            .required()
            .placeholder("如 镇党委会"),
        Field::text("document", "文件文号", &w.document),
        Field::choice("status", "制度状态", &w.status, RuleStatus::options())
            .hint("修订或废止时改为相应状态，记录保留"),
        Field::date("review_on", "评估日期", &w.review_on).hint("下次评估、清理的日期"),
    ]
}

impl FieldsRegister for WorkRules {
    const PAGE: &'static str = PAGE;

    fn place(w: &WorkRuleRow) -> Place {
        Place {
            area: "法治建设",
            list: (PAGE, "工作制度"),
            nav: "work_rules",
            noun: "工作制度",
            name: w.title.clone(),
        }
    }

    /// The status shows as its name on the rule's page (the form's choice accepts either).
    fn fields(input: &WorkRuleInput) -> Vec<Field> {
        let mut shown = input.clone();
        if !input.status.is_empty() {
            shown.status = status_label(&input.status);
        }
        fields(&shown)
    }

    fn more_facts(w: &WorkRuleRow) -> Vec<(&'static str, String)> {
        vec![("所属组织", w.org_name.clone())]
    }

    fn state(w: &WorkRuleRow) -> (&Revision, DateTime<Utc>) {
        (&w.revision, w.created_at)
    }
}

impl SimpleListPage for WorkRules {
    const HEADING: &'static str = "工作制度";
    const AREA_NAME: &'static str = "法治建设";
    const NAV: &'static str = "work_rules";
    const INTRO: &'static str = "法治建设各项工作制度的制定、修订和废止；年度报告按制定日期统计「制定完善工作制度」项数。";
    const NEW: &'static str = "登记工作制度";
    const HEADERS: &'static [&'static str] = &["制度名称", "制定日期", "制定机关或会议", "状态", "组织"];

    fn cells(w: &WorkRuleRow) -> (i64, Vec<String>) {
        (
            w.id,
            vec![
                w.title.clone(),
                w.adopted_on.to_string(),
                w.adopted_by.clone(),
                status_label(&w.status),
                w.org_name.clone(),
            ],
        )
    }

    fn summary(total: i64) -> String {
        format!("工作制度 {total} 项")
    }
}
