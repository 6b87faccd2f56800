//! The leading groups register's pages: the list, form and record page of
//! `web::pages::simple_list` around the group's fields; its members are listed on theirs.

use chrono::{DateTime, Utc};

use super::service::{LeadingGroupInput, LeadingGroupRow, LeadingGroups};
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::simple_list::SimpleListPage;

const PAGE: &str = "/leading-groups";

fn fields(g: &LeadingGroupInput) -> Vec<Field> {
    vec![
        Field::text("name", "领导小组名称", &g.name)
            .required()
            .wide()
            .placeholder("如 西大沟镇法治政府建设工作领导小组"),
        Field::date("set_up_on", "成立日期", &g.set_up_on).required(),
        Field::text("document", "成立文件", &g.document)
            .required()
            .placeholder("如 西党发〔2023〕5号"),
        Field::area("office", "领导小组办公室", &g.office)
            .hint("办公室设在何处、办公室主任"),
    ]
}

impl FieldsRegister for LeadingGroups {
    const PAGE: &'static str = PAGE;

    fn place(g: &LeadingGroupRow) -> Place {
        Place {
            area: "法治建设",
            list: (PAGE, "法治建设领导小组"),
            nav: "leading_groups",
            noun: "领导小组",
            name: g.name.clone(),
        }
    }

    fn fields(input: &LeadingGroupInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(g: &LeadingGroupRow) -> Vec<(&'static str, String)> {
        vec![
            ("所属组织", g.org_name.clone()),
            ("小组成员", "见「领导小组成员」（任免变动保留记录）".to_owned()),
        ]
    }

    fn state(g: &LeadingGroupRow) -> (&Revision, DateTime<Utc>) {
        (&g.revision, g.created_at)
    }
}

impl SimpleListPage for LeadingGroups {
    const HEADING: &'static str = "法治建设领导小组";
    const AREA_NAME: &'static str = "法治建设";
    const NAV: &'static str = "leading_groups";
    const INTRO: &'static str = "法治政府建设工作领导小组的成立文件和办公室；小组成员的任免变动在「领导小组成员」中登记，离任填写离任日期，记录保留（党政主要负责人履行推进法治建设第一责任人职责规定 第五条）。";
    const NEW: &'static str = "登记领导小组";
    const HEADERS: &'static [&'static str] = &["领导小组名称", "成立日期", "成立文件", "组织"];

    fn cells(g: &LeadingGroupRow) -> (i64, Vec<String>) {
        (
            g.id,
            vec![
                g.name.clone(),
                g.set_up_on.to_string(),
                g.document.clone(),
                g.org_name.clone(),
            ],
        )
    }
}
