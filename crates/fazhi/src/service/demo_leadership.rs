//! The demo town's leadership of rule-of-law work in 2023 (issue #19): its leading group
//! (set up with the Party secretary as 组长, one deputy replaced mid-year so the composition
//! changes), the year's meetings, its work rules and its budget lines. Called from
//! `demo::load`; the figures the report writes from them follow from these records.

use crate::app::App;
use crate::error::AppResult;
use crate::registers::budget_lines::BudgetLines;
use crate::registers::leading_group_members::service::MemberInput;
use crate::registers::leading_groups::{service as groups, LeadingGroupInput, LeadingGroups};
use crate::registers::meetings::{MeetingInput, Meetings};
use crate::registers::work_rules::{WorkRuleInput, WorkRules};
use crate::service::revision;
use crate::service::simple_register::create;
use crate::service::Caller;

/// The document that set the group up and appointed its first members.
const SET_UP: &str = "西党发〔2023〕5号";

pub async fn load(app: &App, town: &str) -> AppResult<()> {
    let op = Caller::operator();
    let org = Some(town.to_owned());
    let group = create::<LeadingGroups>(
        app,
        &op,
        LeadingGroupInput {
            org: org.clone(),
            name: "西大沟镇法治政府建设工作领导小组".to_owned(),
            set_up_on: "2023-01-06".to_owned(),
            document: SET_UP.to_owned(),
            office: "领导小组办公室设在镇司法所，司法所所长任办公室主任".to_owned(),
        },
    )
    .await?;
    let members = [
        ("马建国", "镇党委书记", "组长"),
        ("李文华", "镇长", "副组长"),
        ("王志强", "镇党委副书记", "副组长"),
        ("张丽", "镇司法所所长", "成员"),
        ("陈刚", "综合行政执法队队长", "成员"),
        ("刘芳", "党政办主任", "成员"),
    ];
    let mut leaving = None;
    for (person, post, role) in members {
        let input = MemberInput {
            person: person.to_owned(),
            post: post.to_owned(),
            role: role.to_owned(),
            from_on: "2023-01-06".to_owned(),
            document: SET_UP.to_owned(),
            ..MemberInput::default()
        };
        let m = groups::add_member(app, &op, group.id, input).await?;
        if person == "王志强" {
            leaving = Some(m);
        }
    }
    // A deputy transferred in July: his membership ends (kept on record), his successor joins.
    if let Some(m) = leaving {
        revision::update::<crate::registers::leading_group_members::LeadingGroupMembers>(
            app,
            &op,
            m.id,
            m.revision.version,
            None,
            |mut input| {
                input.to_on = "2023-07-14".to_owned();
                input.document = "西党发〔2023〕21号".to_owned();
                Ok(input)
            },
        )
        .await?;
        let successor = MemberInput {
            person: "赵永明".to_owned(),
            post: "镇党委副书记".to_owned(),
            role: "副组长".to_owned(),
            from_on: "2023-07-15".to_owned(),
            document: "西党发〔2023〕21号".to_owned(),
            ..MemberInput::default()
        };
        groups::add_member(app, &op, group.id, successor).await?;
    }
    let meetings = [
        (
            "2023-01-16",
            "党委会",
            "传达学习中央全面依法治国工作会议精神，研究部署2023年法治政府建设工作",
        ),
        (
            "2023-02-20",
            "领导小组会议",
            "审议2023年法治政府建设工作要点和普法依法治理工作计划",
        ),
        (
            "2023-03-27",
            "政府常务会",
            "研究镇政府法律顾问聘用和重大行政决策合法性审查工作",
        ),
        (
            "2023-05-22",
            "党委会",
            "听取上半年矛盾纠纷排查化解工作汇报，研究草场纠纷化解措施",
        ),
        (
            "2023-07-10",
            "政府常务会",
            "研究综合行政执法改革和行政执法“三项制度”落实工作",
        ),
        ("2023-09-18", "专题会", "部署“八五”普法中期评估迎检工作"),
        (
            "2023-11-27",
            "党委会",
            "研究年度法治政府建设报告和党政主要负责人述法工作",
        ),
        (
            "2023-12-04",
            "政府常务会",
            "部署“12·4”国家宪法日暨宪法宣传周活动",
        ),
    ];
    for (held_on, kind, topics) in meetings {
        let input = MeetingInput {
            org: org.clone(),
            held_on: held_on.to_owned(),
            kind: kind.to_owned(),
            topics: topics.to_owned(),
            attendees: "马建国、李文华、张丽、刘芳".to_owned(),
            decisions: "会议同意有关安排，由镇司法所牵头落实".to_owned(),
            study_session_id: String::new(),
        };
        create::<Meetings>(app, &op, input).await?;
    }
    let rules = [
        (
            "西大沟镇法治政府建设工作领导小组议事规则",
            "2023-02-20",
            "领导小组会议",
            "在用",
        ),
        (
            "西大沟镇重大行政决策程序规定",
            "2023-03-27",
            "镇政府常务会",
            "在用",
        ),
        (
            "西大沟镇行政规范性文件合法性审核办法",
            "2023-03-27",
            "镇政府常务会",
            "在用",
        ),
        ("西大沟镇领导干部学法制度", "2023-05-22", "镇党委会", "在用"),
        (
            "西大沟镇法律顾问工作制度",
            "2021-04-12",
            "镇政府常务会",
            "已修订",
        ),
    ];
    for (i, (title, adopted_on, adopted_by, status)) in rules.into_iter().enumerate() {
        let input = WorkRuleInput {
            org: org.clone(),
            title: title.to_owned(),
            adopted_on: adopted_on.to_owned(),
            adopted_by: adopted_by.to_owned(),
            document: format!("西政发〔{}〕{}号", &adopted_on[..4], 10 + i),
            status: status.to_owned(),
            review_on: "2025-12-31".to_owned(),
        };
        create::<WorkRules>(app, &op, input).await?;
    }
    let budget = [
        ("普法", "3万", "2.86万"),
        ("人民调解", "2.4万", "2.4万"),
        ("法律顾问", "3万", "3万"),
        ("法律援助", "0.5万", "0.32万"),
    ];
    for (line, budgeted, spent) in budget {
        let input = crate::registers::budget_lines::BudgetLineInput {
            org: org.clone(),
            year: "2023".to_owned(),
            line: line.to_owned(),
            budgeted: budgeted.to_owned(),
            spent: spent.to_owned(),
            note: String::new(),
        };
        create::<BudgetLines>(app, &op, input).await?;
    }
    Ok(())
}
