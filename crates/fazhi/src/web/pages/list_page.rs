//! What the register list pages share: filters that may be wrong, and the pager.

use std::collections::BTreeMap;

use crate::error::{AppResult, ErrorKind};
use crate::service::register_kit::YearQuery;
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

/// The filters of a register filed by year, as a list page's query string carries them: year,
/// organisation, valid or withdrawn records, and the page (`templates/kit/list_year_org.html`
/// draws them).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct YearFilters {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub org: String,
    /// `1` lists the withdrawn records (作废) instead.
    #[serde(default)]
    pub withdrawn: String,
    pub page: Option<u32>,
}

impl YearFilters {
    /// The filters as a query string (no page), for the pager's links and the export.
    pub fn filters(&self) -> String {
        let mut pairs = vec![("year", self.year.as_str()), ("org", self.org.as_str())];
        if self.withdrawn() {
            pairs.push(("withdrawn", "1"));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    pub fn withdrawn(&self) -> bool {
        self.withdrawn == "1"
    }

    /// The year asked for (blank: every year), or the message under `year`.
    pub fn year(&self) -> Result<Option<i32>, crate::error::AppError> {
        match self.year.trim().trim_end_matches('年') {
            "" => Ok(None),
            y => y
                .parse::<i32>()
                .map_err(|_| format!("年度「{y}」不对，请写成 2024"))
                .and_then(fazhi_domain::record_year)
                .map(Some)
                .map_err(|m| crate::error::AppError::field("year", m)),
        }
    }

    /// The organisation code asked for, if any.
    pub fn org(&self) -> Option<&str> {
        Some(self.org.trim()).filter(|o| !o.is_empty())
    }

    /// The page asked for, of `per_page` records: `(page, per_page)`.
    pub fn paging(&self, per_page: u32) -> (u32, u32) {
        let p = crate::web::extract::Paging::new(self.page, Some(per_page));
        (p.page, p.per_page)
    }

    /// The pager of the list at `base` whose filtered set has `total` records.
    pub fn pager(&self, base: &str, per_page: u32, total: i64) -> Pager {
        let (page, per_page) = self.paging(per_page);
        let filters = self.filters();
        Pager::new(page, per_page, total, |p| {
            format!("{base}?{filters}&page={p}")
        })
    }

    /// The filters as a register's list query (a wrong year is the message under `year`).
    pub fn query(&self) -> Result<YearQuery<'_>, crate::error::AppError> {
        Ok(YearQuery {
            year: self.year()?,
            org: self.org(),
            withdrawn: self.withdrawn(),
        })
    }

    /// A filter's value as typed, for the filter form.
    pub fn f(&self, key: &str) -> &str {
        match key {
            "year" => &self.year,
            "org" => &self.org,
            "withdrawn" => &self.withdrawn,
            _ => "",
        }
    }
}

/// A year register's filter form: the filters as typed and the organisations to choose from
/// (`kit/list_year_org.html` and `kit/list_withdrawn.html` read `list.f(key)`, `list.orgs`).
pub struct FilterForm {
    pub q: YearFilters,
    pub orgs: Vec<crate::service::orgs::Org>,
}

impl FilterForm {
    pub fn f(&self, key: &str) -> &str {
        self.q.f(key)
    }
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
