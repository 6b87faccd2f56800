//! The list kit of registers filed by year, page side (`service::year_lists`): the list's
//! query string (year, organisation, 作废 or valid, page), read once into the service's query,
//! and its pager; the export link carries the same filters (`list_page::ExportParams`,
//! `list_page::export_download`), so it writes exactly the filtered set. Templates: `kit/year_filter.html` (a
//! year-only filter form), `kit/year_org_filter.html` (year and organisation inside a page's
//! own filter form) and `kit/year_exports.html` (the export buttons).

use serde::Deserialize;

use super::list_page::Pager;
use crate::error::AppError;
use crate::service::year_lists::YearQuery;
use crate::web::extract::Paging;

/// Rows on a page of a staff list.
pub const PER_PAGE: u32 = 25;

/// A list's query string as typed.
#[derive(Deserialize, Default, Clone)]
pub struct YearListQuery {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub org: String,
    /// `1` lists the withdrawn records (作废记录) instead.
    #[serde(default)]
    pub withdrawn: String,
    /// Only one dashboard figure's records (`service::year_lists::YearQuery::figure`).
    #[serde(default)]
    pub figure: String,
    pub page: Option<u32>,
}

impl YearListQuery {
    pub fn withdrawn(&self) -> bool {
        self.withdrawn == "1"
    }

    /// The filters as a query string (no page), for the pager's and the export's links.
    pub fn filters(&self) -> String {
        let mut pairs = vec![("year", self.year.as_str()), ("org", self.org.as_str())];
        if self.withdrawn() {
            pairs.push(("withdrawn", "1"));
        }
        if !self.figure.trim().is_empty() {
            pairs.push(("figure", self.figure.as_str()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The service's query, or the filter that is wrong (a year that is not one).
    pub fn query(&self) -> Result<YearQuery, AppError> {
        Ok(YearQuery {
            year: year_of(&self.year)?,
            org: Some(self.org.trim().to_owned()).filter(|o| !o.is_empty()),
            withdrawn: self.withdrawn(),
            figure: Some(self.figure.trim().to_owned()).filter(|f| !f.is_empty()),
        })
    }

    /// The page asked for, of [`PER_PAGE`] rows.
    pub fn paging(&self) -> Paging {
        Paging::new(self.page, Some(PER_PAGE))
    }

    /// The pager of the list at `path` whose filtered set holds `total` records.
    pub fn pager(&self, path: &str, total: i64) -> Pager {
        let paging = self.paging();
        let filters = self.filters();
        Pager::new(paging.page, paging.per_page, total, |p| {
            format!("{path}?{filters}&page={p}")
        })
    }
}

/// A year typed in a filter: blank is "all years"; anything else must be a year.
pub fn year_of(s: &str) -> Result<Option<i32>, AppError> {
    match s.trim() {
        "" => Ok(None),
        y => y
            .trim_end_matches('年')
            .parse::<i32>()
            .ok()
            .filter(|y| fazhi_domain::RECORD_YEARS.contains(y))
            .map(Some)
            .ok_or_else(|| AppError::field("year", format!("年度「{y}」不对，请写成 2024"))),
    }
}

/// The two handlers of a register filed by year whose list page also holds its registration
/// form, both around `$page(app, session, query, form, errors)`: `$list` (GET, the form's year
/// preset to `$year`) and `$create` (POST: `$service(app, caller, input)`, then `$path`, or
/// the page again with the form's errors).
macro_rules! list_and_create {
    ($list:ident, $create:ident, $page:ident, $form:ident { year: $year:expr },
        $service:path, $path:literal) => {
        pub async fn $list(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::PageUser(session): $crate::web::session::PageUser,
            axum::extract::Query(q): axum::extract::Query<
                $crate::web::pages::year_list::YearListQuery,
            >,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let form = $form {
                year: ($year).to_string(),
                ..$form::default()
            };
            $page(&app, &session, q, form, std::collections::BTreeMap::new()).await
        }

        pub async fn $create(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::CsrfForm(session, form): $crate::web::session::CsrfForm<$form>,
        ) -> Result<axum::response::Response, $crate::web::error::PageError> {
            let result = async { $service(&app, &session.caller, form.input()?).await }.await;
            let again = |errors| $page(&app, &session, Default::default(), form, errors);
            $crate::web::pages::admin::form_result(result, again, $path).await
        }
    };
}
pub(crate) use list_and_create;

/// The list page's handlers of a folder register whose registration form is its `Input`:
/// `$list` (GET: `$page(app, session, query, empty form, no errors)`), `$create` (POST:
/// `$service(app, caller, input)`, then `$path`, or the page again with the errors) and
/// `$export` (the filtered set as Excel or CSV through `$exporter(app, caller, query, format)`).
macro_rules! input_list_pages {
    ($list:ident, $create:ident, $export:ident, $page:ident, $input:ty, $service:path,
        $exporter:path, $path:expr) => {
        async fn $list(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::PageUser(session): $crate::web::session::PageUser,
            axum::extract::Query(q): axum::extract::Query<
                $crate::web::pages::year_list::YearListQuery,
            >,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let form = <$input>::default();
            $page(&app, &session, q, form, std::collections::BTreeMap::new()).await
        }

        async fn $create(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::CsrfForm(session, pairs): $crate::web::session::CsrfForm<
                Vec<(String, String)>,
            >,
        ) -> Result<axum::response::Response, $crate::web::error::PageError> {
            let form: $input = $crate::web::pages::records::form_from(&pairs);
            let result = $service(&app, &session.caller, form.clone()).await;
            let again = |errors| $page(&app, &session, Default::default(), form, errors);
            $crate::web::pages::form_result(result, again, $path).await
        }

        async fn $export(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::PageUser(session): $crate::web::session::PageUser,
            axum::extract::Query(p): axum::extract::Query<
                $crate::web::pages::list_page::ExportParams<
                    $crate::web::pages::year_list::YearListQuery,
                >,
            >,
        ) -> Result<axum::response::Response, $crate::web::error::PageError> {
            let q = p.filters.query()?;
            $crate::web::pages::list_page::export_download(&p.format, |format| {
                $exporter(&app, &session.caller, &q, format)
            })
            .await
        }
    };
}
pub(crate) use input_list_pages;

/// `PageRegister::edit_page` of a register whose 编辑 page is the kit's
/// (`records::edit_page`) around its field partial `$fields { form, errors }`, placed by
/// `$place(record)`.
macro_rules! fields_edit_page {
    ($fields:ident, $place:path, $row:ty) => {
        async fn edit_page(
            _app: &$crate::app::SharedApp,
            session: &$crate::web::session::Session,
            form: Self::Form,
            errors: std::collections::BTreeMap<String, String>,
            editing: $crate::web::pages::kit::Editing<'_, $row>,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let fields = $fields {
                form: &form,
                errors: &errors,
            };
            let at = (editing.id, editing.version);
            let place = $place(editing.record);
            $crate::web::pages::records::edit_page::<Self>(
                session,
                place,
                at,
                &fields,
                errors.clone(),
            )
        }
    };
}
pub(crate) use fields_edit_page;

/// The organisation chosen on a registration form (`publicity/_org_field.html`).
pub struct OrgChoice {
    pub org: String,
}

/// What the list page of a register filed by year shows besides its rows and totals: the
/// filters, the pager, and the registration form (its organisation and fields, with the errors
/// of a failed try). A page made by `totalled_list_page!` derefs to it, so its template names
/// these directly.
pub struct ListFrame {
    pub ctx: super::Ctx,
    pub q: YearListQuery,
    /// Listing the withdrawn records.
    pub withdrawn: bool,
    pub orgs: Vec<crate::service::orgs::Org>,
    pub pager: Pager,
    pub form: OrgChoice,
    pub fields: String,
    pub errors: std::collections::BTreeMap<String, String>,
    pub can_write: bool,
}

/// The list page of a register filed by year that shows the totals of the filtered set and
/// holds the registration form: the template struct `$page` (`$template`, its rows `$item`
/// and totals, deref to [`ListFrame`]) and `list_page(app, session, query, form, errors)` for
/// `input_list_pages!`. `$list` is the register's `service::list`; the pager counts
/// `totals.$count`; `$fields(form)` are the form's fields; the page is menu entry `$nav` at
/// `$path`, its form for those who may write `$area`; `items`, if given, turns the listed rows
/// into the page's.
macro_rules! totalled_list_page {
    (
        $page:ident($template:tt) { items: $item:ty, totals: $totals:ty },
        $path:expr, $nav:literal, $area:expr, $input:ty, $list:path, $count:ident, $fields:path
        $(, items: $items:expr)? $(,)?
    ) => {
        #[derive(askama::Template)]
        #[template(path = $template)]
        struct $page {
            frame: $crate::web::pages::year_list::ListFrame,
            items: Vec<$item>,
            totals: $totals,
        }

        impl std::ops::Deref for $page {
            type Target = $crate::web::pages::year_list::ListFrame;

            fn deref(&self) -> &Self::Target {
                &self.frame
            }
        }

        async fn list_page(
            app: &$crate::app::SharedApp,
            session: &$crate::web::session::Session,
            q: $crate::web::pages::year_list::YearListQuery,
            form: $input,
            errors: std::collections::BTreeMap<String, String>,
        ) -> Result<axum::response::Html<String>, $crate::web::error::PageError> {
            let caller = &session.caller;
            let orgs = $crate::service::orgs::visible(app, caller).await?;
            let paging = q.paging();
            let page = Some((paging.page, paging.per_page));
            let list = $list(app, caller, &q.query()?, page).await?;
            let fields = $crate::web::pages::fields::Fields {
                fields: &$fields(&form),
                errors: &errors,
            };
            let frame = $crate::web::pages::year_list::ListFrame {
                ctx: $crate::web::pages::Ctx::new(session, $nav),
                pager: q.pager($path, list.totals.$count),
                withdrawn: q.withdrawn(),
                q,
                orgs,
                form: $crate::web::pages::year_list::OrgChoice {
                    org: form.org.unwrap_or_default(),
                },
                fields: askama::Template::render(&fields)?,
                errors,
                can_write: caller.role.can_write($area),
            };
            let items = list.items;
            $(let items = ($items)(items);)?
            $crate::web::pages::render(&$page {
                frame,
                items,
                totals: list.totals,
            })
        }
    };
}
pub(crate) use totalled_list_page;
