//! What the register list pages share: filters that may be wrong, and the pager.

use std::collections::BTreeMap;

use crate::error::{AppResult, ErrorKind};
use crate::web::error::PageError;

/// A list's result, or — when a filter is wrong — none and the errors to show beside the
/// filters, so the page still renders with the user's input.
pub fn or_filter_errors<T>(
    result: AppResult<T>,
) -> Result<(Option<T>, BTreeMap<String, String>), PageError> {
    match result {
        Ok(r) => Ok((Some(r), BTreeMap::new())),
        Err(e) if e.kind == ErrorKind::BadRequest => Ok((None, e.fields)),
        Err(e) => Err(e.into()),
    }
}

/// Where a list page stands among its pages, with links to the pages either side
/// (`templates/pager.html`).
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub prev_link: Option<String>,
    pub next_link: Option<String>,
}

impl Pager {
    /// `link` gives the address of page N with the list's filters kept.
    pub fn new(page: u32, per_page: u32, total: i64, link: impl Fn(u32) -> String) -> Pager {
        let pages = u32::try_from(total.max(0))
            .unwrap_or(u32::MAX)
            .div_ceil(per_page.max(1))
            .max(1);
        Pager {
            page,
            pages,
            prev_link: (page > 1).then(|| link(page - 1)),
            next_link: (page < pages).then(|| link(page + 1)),
        }
    }
}

/// An export's query: the format and the list's filters.
#[derive(serde::Deserialize)]
pub struct ExportParams<P> {
    #[serde(default)]
    pub format: String,
    #[serde(flatten)]
    pub filters: P,
}

/// The filtered set as a ledger file (exactly what the list shows, all pages).
pub async fn export_download<Fut>(
    format: &str,
    export: impl FnOnce(fazhi_ledger::Format) -> Fut,
) -> Result<axum::response::Response, crate::web::error::PageError>
where
    Fut: std::future::Future<Output = crate::error::AppResult<(String, Vec<u8>)>>,
{
    let format = super::export_format(format);
    let (name, bytes) = export(format).await?;
    Ok(super::download(&name, format.content_type(), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lead_only_to_pages_that_exist() {
        let link = |p: u32| format!("?page={p}");
        let first = Pager::new(1, 25, 51, link);
        assert_eq!(
            (first.pages, first.prev_link, first.next_link.as_deref()),
            (3, None, Some("?page=2"))
        );
        let last = Pager::new(3, 25, 51, link);
        assert_eq!(
            (last.prev_link.as_deref(), last.next_link),
            (Some("?page=2"), None)
        );
        let empty = Pager::new(1, 25, 0, link);
        assert_eq!((empty.pages, empty.next_link), (1, None));
    }
}
