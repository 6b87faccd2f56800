//! The leading group members' pages: the list, form and record page of
//! `web::pages::simple_list` around a membership's fields.

use chrono::{DateTime, Utc};
use fazhi_domain::leadership::MemberRole;

use super::service::{role_label, LeadingGroupMembers, MemberInput, MemberRow};
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::simple_list::SimpleListPage;

const PAGE: &str = "/leading-group-members";

fn fields(m: &MemberInput) -> Vec<Field> {
    vec![
        Field::text("group", "领导小组编号", &m.group)
            .required()
            .hint("见「法治建设领导小组」列表"),
        Field::text("person", "姓名", &m.person).required(),
        Field::text("post", "职务", &m.post)
            .required()
            .placeholder("如 镇党委书记"),
        Field::choice("role", "小组职务", &m.role, MemberRole::options()).required(),
        Field::date("from_on", "任职日期", &m.from_on).required(),
        Field::date("to_on", "离任日期", &m.to_on).hint("离任时填写，记录保留"),
        Field::text("document", "任免文件", &m.document)
            .required()
            .placeholder("如 西党发〔2023〕5号"),
    ]
}

impl FieldsRegister for LeadingGroupMembers {
    const PAGE: &'static str = PAGE;

    fn place(m: &MemberRow) -> Place {
        Place {
            area: "法治建设",
            list: (PAGE, "领导小组成员"),
            nav: "leading_group_members",
            noun: "小组成员",
            name: format!("{} {}", m.group_name, m.person),
        }
    }

    /// The role shows as its name on the record's page (the form's choice accepts either).
    fn fields(input: &MemberInput) -> Vec<Field> {
        let mut shown = input.clone();
        if !input.role.is_empty() {
            shown.role = role_label(&input.role);
        }
        fields(&shown)
    }

    fn more_facts(m: &MemberRow) -> Vec<(&'static str, String)> {
        vec![
            ("领导小组", m.group_name.clone()),
            ("所属组织", m.org_name.clone()),
        ]
    }

    fn state(m: &MemberRow) -> (&Revision, DateTime<Utc>) {
        (&m.revision, m.created_at)
    }
}

impl SimpleListPage for LeadingGroupMembers {
    const HEADING: &'static str = "领导小组成员";
    const AREA_NAME: &'static str = "法治建设";
    const NAV: &'static str = "leading_group_members";
    const INTRO: &'static str = "领导小组成员的任免：成员离任时填写离任日期和任免文件，不删除记录，可查任一日期的小组组成。";
    const NEW: &'static str = "登记小组成员";
    const HEADERS: &'static [&'static str] =
        &["姓名", "职务", "小组职务", "任职日期", "离任日期", "领导小组"];

    fn cells(m: &MemberRow) -> (i64, Vec<String>) {
        (
            m.id,
            vec![
                m.person.clone(),
                m.post.clone(),
                role_label(&m.role),
                m.from_on.to_string(),
                m.to_on.map(|d| d.to_string()).unwrap_or_else(|| "在任".to_owned()),
                m.group_name.clone(),
            ],
        )
    }
}
