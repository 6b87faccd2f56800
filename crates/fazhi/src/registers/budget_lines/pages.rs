//! The budget lines register's pages: the list, form and record page of
//! `web::pages::simple_list` around the line's fields.

use chrono::{DateTime, Utc};
use fazhi_domain::leadership::BudgetLineKind;

use super::service::{line_label, BudgetLineInput, BudgetLineRow, BudgetLines};
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::simple_list::SimpleListPage;

const PAGE: &str = "/budget-lines";

fn fields(b: &BudgetLineInput) -> Vec<Field> {
    vec![
        Field::number("year", "年度", &b.year).required().placeholder("如 2023"),
        Field::choice("line", "经费项目", &b.line, BudgetLineKind::options()).required(),
        Field::number("budgeted", "预算金额", &b.budgeted)
            .required()
            .hint("元，精确到分，如 20000 或 2万"),
        Field::number("spent", "实际支出", &b.spent)
            .required()
            .hint("元，精确到分；尚未支出填 0"),
        Field::area("note", "说明", &b.note),
    ]
}

impl FieldsRegister for BudgetLines {
    const PAGE: &'static str = PAGE;

    fn place(b: &BudgetLineRow) -> Place {
        Place {
            area: "法治建设",
            list: (PAGE, "法治建设经费"),
            nav: "budget_lines",
            noun: "经费项目",
            name: format!("{}年 {}", b.year, line_label(&b.line)),
        }
    }

    /// The line shows as its name on the record's page (the form's choice accepts either).
    fn fields(input: &BudgetLineInput) -> Vec<Field> {
        let mut shown = input.clone();
        if !input.line.is_empty() {
            shown.line = line_label(&input.line);
        }
        fields(&shown)
    }

    fn more_facts(b: &BudgetLineRow) -> Vec<(&'static str, String)> {
        vec![("所属组织", b.org_name.clone())]
    }

    fn state(b: &BudgetLineRow) -> (&Revision, DateTime<Utc>) {
        (&b.revision, b.created_at)
    }
}

impl SimpleListPage for BudgetLines {
    const HEADING: &'static str = "法治建设经费";
    const AREA_NAME: &'static str = "法治建设";
    const NAV: &'static str = "budget_lines";
    const INTRO: &'static str = "法治建设经费纳入财政预算的各项目及实际支出（金额以元计，精确到分）；年度报告按实际支出写「落实法治建设经费」。";
    const NEW: &'static str = "登记经费项目";
    const HEADERS: &'static [&'static str] = &["经费项目", "年度", "预算金额（元）", "实际支出（元）", "组织"];

    fn cells(b: &BudgetLineRow) -> (i64, Vec<String>) {
        let (budgeted, spent) = b.yuan();
        (
            b.id,
            vec![
                line_label(&b.line),
                b.year.to_string(),
                budgeted,
                spent,
                b.org_name.clone(),
            ],
        )
    }

    fn summary(total: i64) -> String {
        format!("经费项目 {total} 项")
    }
}
