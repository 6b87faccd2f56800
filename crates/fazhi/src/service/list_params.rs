//! Query-string filters shared by the registers' list pages: blank means "any", and a value
//! that cannot match becomes a field error in Chinese rather than an empty list.

use std::collections::BTreeMap;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::{orgs, Scope};

use super::Caller;

/// The trimmed value, or `None` when absent or blank.
pub fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Page number (from 1) and page size (1–200, default 25).
pub fn paging(page: &Option<String>, per_page: &Option<String>) -> (u32, u32) {
    let page = some(page)
        .and_then(|p| p.parse().ok())
        .unwrap_or(1u32)
        .max(1);
    let per_page = some(per_page)
        .and_then(|p| p.parse().ok())
        .unwrap_or(25u32)
        .clamp(1, 200);
    (page, per_page)
}

/// A list's address query: the filters that are set, the page size when one was asked for,
/// and `page` (for the pager's links; `None` for the export link).
pub fn query_string(
    filters: &[(&str, &Option<String>)],
    per_page: &Option<String>,
    page: Option<u32>,
) -> String {
    let page = page.map(|p| p.to_string());
    let pairs: Vec<(&str, &str)> = filters
        .iter()
        .filter_map(|(k, v)| some(v).map(|v| (*k, v)))
        .chain(some(per_page).map(|n| ("per_page", n)))
        .chain(page.as_deref().map(|p| ("page", p)))
        .collect();
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

/// A four-digit year, or a field error under `year`.
pub fn year(errors: &mut BTreeMap<String, String>, s: &Option<String>) -> Option<i32> {
    let y = some(s)?;
    match y.parse::<i32>() {
        Ok(y) if fazhi_domain::RECORD_YEARS.contains(&y) => Some(y),
        _ => {
            errors.insert("year".into(), "年份请填写四位数字，例如 2024".into());
            None
        }
    }
}

/// The subtree of the organisation with this code, if the caller may see it; otherwise a field
/// error under `org`.
pub async fn under(
    app: &App,
    caller: &Caller,
    errors: &mut BTreeMap<String, String>,
    s: &Option<String>,
) -> AppResult<Option<Scope>> {
    let Some(code) = some(s) else {
        return Ok(None);
    };
    Ok(
        match orgs::by_code_in(&app.db, &caller.scope, code).await? {
            Some(o) => Some(o.scope()),
            None => {
                errors.insert("org".into(), format!("找不到组织「{code}」"));
                None
            }
        },
    )
}
