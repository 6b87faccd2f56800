//! The meetings register's pages: the list, form and record page of `web::pages::simple_list`
//! around the meeting's fields.

use chrono::{DateTime, Utc};
use fazhi_domain::leadership::MeetingKind;

use super::service::{kind_label, MeetingInput, MeetingRow, Meetings};
use crate::service::revision::Revision;
use crate::web::pages::fields::Field;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::simple_list::SimpleListPage;

const PAGE: &str = "/meetings";

/// The form's fields, filled with `m` (what is on file or was typed).
fn fields(m: &MeetingInput) -> Vec<Field> {
    vec![
        Field::date("held_on", "会议日期", &m.held_on).required(),
        Field::choice("kind", "会议类型", &m.kind, MeetingKind::options()).required(),
        Field::area("topics", "研究议题", &m.topics)
            .required()
            .hint("如 传达学习习近平法治思想，研究部署年度法治政府建设工作"),
        Field::text("attendees", "参会人员", &m.attendees)
            .wide()
            .hint("用顿号分隔"),
        Field::area("decisions", "会议决定", &m.decisions),
        Field::text("study_session_id", "关联学法记录编号", &m.study_session_id)
            .hint("会前学法的，填写学法记录的编号；报告中只按会议计一次"),
    ]
}

impl FieldsRegister for Meetings {
    const PAGE: &'static str = PAGE;
    const FILES: Option<&'static str> = Some("会议纪要");

    fn place(m: &MeetingRow) -> Place {
        Place {
            area: "法治建设",
            list: (PAGE, "法治建设会议"),
            nav: "meetings",
            noun: "会议",
            name: format!("{} {}", m.held_on, kind_label(&m.kind)),
        }
    }

    /// The kind shows as its name on the meeting's page (the form's choice accepts either).
    fn fields(input: &MeetingInput) -> Vec<Field> {
        let mut shown = input.clone();
        if let Some(k) = MeetingKind::parse(&input.kind) {
            shown.kind = k.label().to_owned();
        }
        fields(&shown)
    }

    fn more_facts(m: &MeetingRow) -> Vec<(&'static str, String)> {
        vec![("所属组织", m.org_name.clone())]
    }

    fn state(m: &MeetingRow) -> (&Revision, DateTime<Utc>) {
        (&m.revision, m.created_at)
    }
}

impl crate::web::pages::record_files::FilesPage for Meetings {}

impl SimpleListPage for Meetings {
    const HEADING: &'static str = "法治建设会议";
    const AREA_NAME: &'static str = "法治建设";
    const NAV: &'static str = "meetings";
    const INTRO: &'static str = "党委会、政府常务会、法治建设领导小组会议和专题会研究法治建设工作的记录（党政主要负责人履行推进法治建设第一责任人职责规定 第五条）。会前学法的会议可关联学法记录，年度报告只按会议计一次。";
    const NEW: &'static str = "登记会议";
    const HEADERS: &'static [&'static str] = &["会议日期", "会议类型", "研究议题", "组织"];

    fn cells(m: &MeetingRow) -> (i64, Vec<String>) {
        let kind = match m.study_session_id {
            Some(_) => format!("{}（含会前学法）", kind_label(&m.kind)),
            None => kind_label(&m.kind),
        };
        (
            m.id,
            vec![m.held_on.to_string(), kind, m.topics.clone(), m.org_name.clone()],
        )
    }

    fn summary(total: i64) -> String {
        format!("会议 {total} 次")
    }
}

