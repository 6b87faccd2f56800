//! The demo's year plan and assessment (issue #19 items 5 and 6): the seed's 「2024年主要目标
//! 任务」 as the town's 2024 tasks with how far each got, and the county's 2024 indicator list
//! with the town's self-assessment and the county's scores. Loaded through the services, as the
//! county's and the town's staff would enter them.

use fazhi_domain::access::Role;

use crate::app::App;
use crate::error::AppResult;
use crate::registers::assessments::service::{
    self as assessments, EntryInput, IndicatorInput, SheetInput,
};
use crate::registers::plan_tasks::service::{self as plan_tasks, PlanTaskInput};
use crate::storage::orgs::{self, Org};

use super::Caller;

/// The seed's four tasks for 2024 (三、2024年重点工作（一）), as the town recorded them by the
/// end of October: (task, owner, status, evidence note, evidence links).
const TASKS_2024: &[(&str, &str, &str, &str, &str)] = &[
    (
        "持续落实推进综合行政执法改革",
        "综合行政执法队",
        "推进中",
        "执法事项清单已梳理，执法案卷评查安排在第四季度",
        "/penalties?year=2024",
    ),
    (
        "持续严格履行规范性文件制定、清理程序",
        "党政办",
        "已完成",
        "制定的规范性文件均经合法性审核并报备案，年中完成清理",
        "/normative-documents?year=2024\n/review-requests",
    ),
    (
        "不断加强法治力量建设",
        "司法所",
        "已完成",
        "镇法律顾问全年参与审查，干部集中学法和培训按计划开展",
        "/study?year=2024\n/trainings?year=2024",
    ),
    ("继续强化考核各项工作落实", "党政办", "未开始", "", ""),
];

/// The county's 2024 indicators (statutes.md §12.2 themes): (code, name, points, method,
/// evidence required).
const INDICATORS_2024: &[(&str, &str, &str, &str, &str)] = &[
    ("1", "党政主要负责人履行第一责任人职责", "20", "", ""),
    (
        "1.1",
        "党委、政府专题研究法治建设",
        "10",
        "每年不少于2次，少1次扣5分",
        "会议纪要",
    ),
    ("1.2", "年终述职述法", "10", "未开展不得分", "述职述法材料"),
    ("2", "依法科学民主决策", "30", "", ""),
    (
        "2.1",
        "重大行政决策履行法定程序",
        "15",
        "每缺1项程序扣3分",
        "决策目录、决策卷宗",
    ),
    (
        "2.2",
        "合法性审查全覆盖",
        "15",
        "未经审查即作出决定的，每件扣5分",
        "合法性审查台账",
    ),
    ("3", "矛盾纠纷化解与普法", "30", "", ""),
    (
        "3.1",
        "矛盾纠纷调解成功率",
        "15",
        "成功率低于95%的每低1个百分点扣1分",
        "纠纷台账",
    ),
    (
        "3.2",
        "谁执法谁普法责任落实",
        "15",
        "普法活动少于每月1次的扣5分",
        "普法活动台账、照片",
    ),
    ("4", "法治政府建设年度报告", "20", "", ""),
    (
        "4.1",
        "年度报告按时报送并公开",
        "20",
        "4月1日前未公开的不得分",
        "门户网站公开页面",
    ),
];

/// One scored indicator's line: (code, self-score, note, evidence links, county's score,
/// comment).
type Line = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The town's self-assessment and the county's score of each scored indicator.
const SHEET_2024: &[Line] = &[
    (
        "1.1",
        "10",
        "党委会、政府常务会专题研究法治建设3次",
        "/reports/annual?year=2024",
        "10",
        "",
    ),
    (
        "1.2",
        "10",
        "党政主要负责人在年终述职中报告履职情况",
        "/study/duty-reports?year=2024",
        "10",
        "",
    ),
    (
        "2.1",
        "15",
        "重大行政决策均履行公众参与、合法性审查、集体讨论程序",
        "/decisions?year=2024",
        "13",
        "1项决策公众参与材料不全",
    ),
    (
        "2.2",
        "15",
        "对外协议合同、行政处罚均先经法律顾问审查",
        "/review-requests",
        "15",
        "",
    ),
    (
        "3.1",
        "14",
        "调解成功率98%",
        "/disputes?year=2024",
        "14",
        "",
    ),
    (
        "3.2",
        "15",
        "开展普法活动39场",
        "/publicity?year=2024",
        "13.5",
        "部分月份活动记录不完整",
    ),
    ("4.1", "20", "2023年度报告已于3月公开", "/portal", "20", ""),
];

/// A caller working at `org` as its staff would (`role`), for loading through the services.
fn at(org: &Org, role: Role) -> Caller {
    Caller {
        user_id: 0,
        name: "演示数据".to_owned(),
        role,
        org_id: org.id,
        scope: org.scope(),
    }
}

/// Loads the 2024 plan tasks of `town` and the county's 2024 assessment.
pub async fn load(app: &App, county_code: &str, town_code: &str) -> AppResult<()> {
    let county = orgs::by_code(&app.db, county_code)
        .await?
        .ok_or_else(crate::error::AppError::not_found)?;
    let town = orgs::by_code(&app.db, town_code)
        .await?
        .ok_or_else(crate::error::AppError::not_found)?;
    let staff = at(&town, Role::Staff);
    for (task, owner, status, note, links) in TASKS_2024 {
        let input = PlanTaskInput {
            year: "2024".to_owned(),
            task: (*task).to_owned(),
            owner: (*owner).to_owned(),
            due_on: "2024-12-31".to_owned(),
            status: (*status).to_owned(),
            evidence_note: (*note).to_owned(),
            evidence_links: (*links).to_owned(),
            ..PlanTaskInput::default()
        };
        plan_tasks::create(app, &staff, input).await?;
    }
    let county_staff = at(&county, Role::Staff);
    let tree = INDICATORS_2024
        .iter()
        .map(|(code, name, points, method, evidence)| IndicatorInput {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
            points: (*points).to_owned(),
            method: (*method).to_owned(),
            evidence: (*evidence).to_owned(),
        })
        .collect();
    assessments::set_indicators(app, &county_staff, 2024, tree).await?;
    let sheet = |pick: fn(&Line) -> EntryInput| SheetInput {
        year: 2024,
        town: Some(town.code.clone()),
        items: SHEET_2024.iter().map(pick).collect(),
    };
    let own = sheet(|(code, score, note, links, _, _)| EntryInput {
        code: (*code).to_owned(),
        score: (*score).to_owned(),
        note: (*note).to_owned(),
        evidence_links: (*links).to_owned(),
    });
    assessments::save_self(app, &staff, own).await?;
    let scores = sheet(|(code, _, _, _, score, comment)| EntryInput {
        code: (*code).to_owned(),
        score: (*score).to_owned(),
        note: (*comment).to_owned(),
        evidence_links: String::new(),
    });
    assessments::save_scores(app, &county_staff, scores).await?;
    Ok(())
}
