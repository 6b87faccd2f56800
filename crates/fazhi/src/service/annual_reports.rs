//! The two annual reports a town or county publishes, as deadlines on its own to-do list
//! (issue #15 item 4): the 法治政府建设年度报告 by 4月1日 (法治政府建设与责任落实督察工作规定)
//! and the 政府信息公开工作年度报告 by 1月31日 (政府信息公开条例 第四十九条).
//!
//! They recur every year and belong to an organisation, not to a register record, so they are
//! worked out when the list is read rather than stored: the first is done when the year's
//! report is finalised in fazhi; fazhi cannot see the second published, so it is shown only
//! until its due date, never as overdue.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::Role;
use fazhi_domain::org::OrgKind;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::deadlines::DeadlineRow;
use crate::storage::{orgs, reports, Scope};

use super::calendar::Calendars;
use super::deadlines::{view, DeadlineView};

pub const RULE_OF_LAW: &str = "report.rule_of_law_annual";
pub const DISCLOSURE: &str = "report.disclosure_annual";

/// The annual-report deadlines of the towns and counties in `scope` for the reports on the
/// year before `today`'s, as the to-do list shows them.
pub async fn running(
    app: &App,
    role: Role,
    scope: &Scope,
    calendars: &Calendars,
    today: NaiveDate,
) -> AppResult<Vec<DeadlineView>> {
    if role
        .deadline_registers()
        .is_some_and(|r| !r.contains(&"report"))
    {
        return Ok(Vec::new());
    }
    let year = today.year() - 1;
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
    let mut out = Vec::new();
    for org in orgs::list(&app.db, scope).await? {
        if !matches!(org.kind(), OrgKind::Town | OrgKind::County) {
            continue;
        }
        let link = format!("/reports/annual?org={}&year={year}", org.code);
        let row = |rule: &str, label: String| DeadlineRow {
            id: 0,
            register: "report".to_owned(),
            record_id: org.id,
            org_id: org.id,
            rule_code: rule.to_owned(),
            label,
            link: link.clone(),
            region: org.region.clone(),
            start_date: start,
            due_date: start,
            provisional: false,
            suspensions_json: None,
            extensions_json: None,
        };
        if reports::snapshot(&app.db, org.id, year).await?.is_none() {
            let r = row(
                RULE_OF_LAW,
                format!("{}{year}年法治政府建设年度报告", org.name),
            );
            out.extend(view(&r, calendars, today));
        }
        let mut r = row(
            DISCLOSURE,
            format!("{}{year}年政府信息公开工作年度报告", org.name),
        );
        // Its own page (registers/disclosure/report.rs), where it is counted and written.
        r.link = format!("/disclosure-requests/report?org={}&year={year}", org.code);
        out.extend(view(&r, calendars, today).filter(|v| v.due_date >= today));
    }
    Ok(out)
}
