//! Values an import does not recognise in a code-list column (a town's 婚姻纠纷 for the national
//! 婚姻家庭纠纷), as the preview lists them, and the clerk's answer in one step: each value mapped
//! to an existing code (saved as the organisation's alias) or added as the organisation's own
//! code, after which the file is checked again. Records and figures keep the canonical name.

use fazhi_domain::code_list::ListName;
use fazhi_domain::publicity::split_list;
use serde::Serialize;

use super::code_lists;
use super::import_preview::Preview;
use super::ledger::Ledger;
use super::Caller;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::orgs;

/// The most values one preview asks about (and one answer may carry).
pub const MAX_VALUES: usize = 50;

/// What the answer's choice says to add the value as the organisation's own code.
pub const AS_OWN_CODE: &str = "__own__";

/// The ledger columns whose cells must come from a closed code list.
const COLUMNS: &[(Ledger, &str, ListName)] = &[
    (Ledger::Disputes, "纠纷类型", ListName::DisputeTypes),
    (Ledger::Disputes, "来源", ListName::DisputeSources),
    (Ledger::Publicity, "地点类型", ListName::VenueTypes),
    (Ledger::Publicity, "主题", ListName::PublicityThemes),
    (Ledger::StudySessions, "形式", ListName::StudyForms),
];

/// One value the lists do not know, with what it could be.
#[derive(Clone, Debug, Serialize)]
pub struct UnknownValue {
    pub list: ListName,
    pub column: &'static str,
    pub value: String,
    /// The closest codes, best first: the choice offered first.
    pub closest: Vec<String>,
    /// Every code of the list the organisation sees.
    pub choices: Vec<String>,
    /// Whether the organisation may add it as a code of its own.
    pub may_add: bool,
}

/// The preview's code-list cells as they will be stored (an alias as its canonical name), and
/// the distinct values no list knows (bounded by [`MAX_VALUES`]).
pub async fn unknown_values(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    p: &mut Preview,
) -> AppResult<Vec<UnknownValue>> {
    let columns: Vec<(usize, &'static str, ListName)> = COLUMNS
        .iter()
        .filter(|(l, ..)| *l == ledger)
        .filter_map(|(_, c, list)| Some((p.columns.iter().position(|x| x == c)?, *c, *list)))
        .collect();
    if columns.is_empty() {
        return Ok(Vec::new());
    }
    let Some(org) = orgs::by_code_in(&app.db, &caller.scope, &p.org_code).await? else {
        return Ok(Vec::new());
    };
    let lists = code_lists::for_org(app, &org).await?;
    for row in &mut p.shown {
        for &(i, _, list) in &columns {
            if let Some(cell) = row.cells.get_mut(i) {
                let canonical: Vec<String> = split_list(&cell.text)
                    .iter()
                    .map(|v| lists.get(list).canonical(v))
                    .collect();
                cell.text = canonical.join("、");
            }
        }
    }
    if p.errors.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<UnknownValue> = Vec::new();
    for row in &p.shown {
        for &(i, column, list) in &columns {
            let Some(cell) = row.cells.get(i).filter(|c| !c.error.is_empty()) else {
                continue;
            };
            let codes = lists.get(list);
            for value in split_list(&cell.text) {
                let known = codes.resolve(&value).is_ok();
                let seen = found.iter().any(|u| u.list == list && u.value == value);
                if known || seen || found.len() >= MAX_VALUES {
                    continue;
                }
                found.push(UnknownValue {
                    list,
                    column,
                    closest: codes.closest(&value, 3),
                    choices: codes.names(),
                    may_add: list.allows_local_codes(),
                    value,
                });
            }
        }
    }
    Ok(found)
}

/// One answer: `code` is an existing code's name, [`AS_OWN_CODE`], or blank (left alone).
#[derive(Clone, Debug)]
pub struct Answer {
    pub list: ListName,
    pub value: String,
    pub code: String,
}

/// Saves the clerk's answers for `org_code` (within their subtree): aliases and the
/// organisation's own codes, each audited like an administrator's. The clerk needs the write
/// right on the ledger's register, not on administration: teaching their own organisation a
/// spelling changes no other organisation's lists.
pub async fn answer(
    app: &App,
    caller: &Caller,
    ledger: Ledger,
    org_code: &str,
    answers: &[Answer],
) -> AppResult<usize> {
    let right = ledger.area();
    caller.require_write(right)?;
    if answers.len() > MAX_VALUES {
        return Err(AppError::field(
            "values",
            format!("一次最多对应 {MAX_VALUES} 个值，请分批处理"),
        ));
    }
    let allowed = |a: &&Answer| {
        COLUMNS
            .iter()
            .any(|(l, _, list)| *l == ledger && *list == a.list)
    };
    let mut saved = 0;
    for a in answers.iter().filter(allowed) {
        let code = a.code.trim();
        let org = Some(org_code);
        match code {
            "" => continue,
            AS_OWN_CODE => {
                code_lists::add_code_with(app, caller, right, a.list, &a.value, org).await?;
            }
            name => {
                code_lists::add_alias_with(app, caller, right, a.list, &a.value, name, org).await?;
            }
        }
        saved += 1;
    }
    Ok(saved)
}
