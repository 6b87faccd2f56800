//! The list pages of the case registers (disputes, consultations, legal aid) as one kit: the
//! filters read from the query string, one list query, one pager whose links keep those
//! filters, and the export of exactly the filtered set. `templates/kit/case_list.html` frames
//! each register's page (title, filter form, totals, export links, table, pager); the register
//! gives its own filters, totals sentence and table.

use std::collections::BTreeMap;
use std::future::Future;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use fazhi_ledger::Format;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::disputes::org_options;
use super::kit::PageRegister;
use super::list_page::{export_download, or_filter_errors, ExportParams, Pager};
use super::{render, Ctx};
use crate::app::{App, SharedApp};
use crate::error::AppResult;
use crate::service::consultation_revisions::Consultations;
use crate::service::dispute_revisions::Disputes;
use crate::service::legal_aid_revisions::LegalAid;
use crate::service::orgs::Org;
use crate::service::register_kit::ListResult;
use crate::service::{consultations, disputes, ledger, legal_aid, Caller};
use crate::web::error::PageError;
use crate::web::session::PageUser;

/// A case register as its list page and export read it.
pub trait CaseList: PageRegister {
    /// The list's heading, also its title and last crumb (法律咨询台账).
    const TITLE: &'static str;
    /// The register button's text (登记咨询).
    const NEW: &'static str;
    /// The navigation entry (`Ctx::active`).
    const NAV: &'static str;
    /// The filters as the query string gives them.
    type Params: Filters;
    type Item: Send;
    /// The counts of the whole filtered set.
    type Totals: Default + Send + Counted;

    /// The asked-for page of the filtered set with its totals.
    fn search(
        app: &App,
        caller: &Caller,
        p: &Self::Params,
    ) -> impl Future<Output = AppResult<ListResult<Self::Item, Self::Totals>>> + Send;

    /// The whole filtered set as a ledger file: its name and bytes.
    fn export(
        app: &App,
        caller: &Caller,
        p: &Self::Params,
        format: Format,
    ) -> impl Future<Output = AppResult<(String, Vec<u8>)>> + Send;

    /// Choices of a filter that come from the register itself (consultations' 类别).
    fn choices(
        _app: &App,
        _caller: &Caller,
    ) -> impl Future<Output = AppResult<Vec<String>>> + Send {
        async { Ok(Vec::new()) }
    }
}

/// A register's list page template around [`Listed`] (`list_page!`).
pub trait CaseListPage: CaseList {
    type Page: Template;

    fn page(ctx: Ctx, list: Listed<Self>) -> Self::Page;
}

/// List filters as typed: shown again in the filter form, kept in every link.
pub trait Filters: DeserializeOwned + Serialize + Send + Sync + 'static {
    /// The filters as a query string, on page `page` (`None`: without a page).
    fn query_string(&self, page: Option<u32>) -> String;
}

/// Totals of a filtered set that count its records.
pub trait Counted {
    fn total(&self) -> i64;
}

/// The three case registers' filters and totals (each service defines `query_string`, `total`).
macro_rules! filters_and_totals {
    ($($service:ident),*) => {$(
        impl Filters for $service::ListParams {
            fn query_string(&self, page: Option<u32>) -> String {
                $service::ListParams::query_string(self, page)
            }
        }

        impl Counted for $service::Totals {
            fn total(&self) -> i64 {
                self.total
            }
        }
    )*};
}
filters_and_totals!(disputes, consultations, legal_aid);

/// `CaseList` of a register whose service module defines `ListParams` and `Totals`: its list
/// read by `search(app, caller, params)`, its ledger file by `export(…, format)`, and the
/// register's own filter choices by `choices(app, caller)`.
macro_rules! case_list {
    ($register:ty, $service:ident, $item:ty, $title:literal, $new:literal, $nav:literal,
        search: $search:expr, export: $export:expr $(, choices: $choices:expr)?) => {
        impl CaseList for $register {
            const TITLE: &'static str = $title;
            const NEW: &'static str = $new;
            const NAV: &'static str = $nav;
            type Params = $service::ListParams;
            type Item = $item;
            type Totals = $service::Totals;

            async fn search(
                app: &App,
                caller: &Caller,
                p: &Self::Params,
            ) -> AppResult<ListResult<$item, $service::Totals>> {
                ($search)(app, caller, p).await
            }

            async fn export(
                app: &App,
                caller: &Caller,
                p: &Self::Params,
                format: Format,
            ) -> AppResult<(String, Vec<u8>)> {
                ($export)(app, caller, p, format).await
            }

            $(async fn choices(app: &App, caller: &Caller) -> AppResult<Vec<String>> {
                ($choices)(app, caller).await
            })?
        }
    };
}
case_list!(
    Consultations,
    consultations,
    consultations::Consultation,
    "法律咨询台账",
    "登记咨询",
    "consultations",
    search: consultations::search,
    export: consultations::export_filtered,
    choices: consultations::categories
);
case_list!(
    LegalAid,
    legal_aid,
    legal_aid::ReferralItem,
    "法律援助台账",
    "登记援助申请",
    "legal_aid",
    search: legal_aid::search,
    export: legal_aid::export_filtered
);
// Disputes are exported by the ledger module, whose disputes ledger is also the import's.
case_list!(
    Disputes,
    disputes,
    disputes::DisputeItem,
    "纠纷台账",
    "登记纠纷",
    "disputes",
    search: dispute_page,
    export: |app, caller, p, format| {
        ledger::export_filtered(app, caller, ledger::Ledger::Disputes, p, format)
    }
);

/// A page of disputes from their own list service (cached totals, the search index).
async fn dispute_page(
    app: &App,
    caller: &Caller,
    p: &disputes::ListParams,
) -> AppResult<ListResult<disputes::DisputeItem, disputes::Totals>> {
    let r = disputes::list(app, caller, p).await?;
    Ok(ListResult {
        items: r.items,
        totals: r.totals,
        page: r.page,
        per_page: r.per_page,
    })
}

/// What the kit's part of a list page shows (named `list` in the templates).
pub struct Listed<R: CaseList + ?Sized> {
    pub title: &'static str,
    pub new_label: &'static str,
    /// The list's address (`/consultations`).
    pub page: &'static str,
    pub items: Vec<R::Item>,
    pub totals: R::Totals,
    pub pager: Pager,
    /// Villages and towns to filter by.
    pub orgs: Vec<Org>,
    pub choices: Vec<String>,
    /// Filters that were wrong, by field; the list is then empty.
    pub errors: BTreeMap<String, String>,
    pub can_write: bool,
    /// The filters as a query string (export links).
    pub query: String,
    /// The filters as typed, by their query names.
    filters: BTreeMap<String, String>,
}

impl<R: CaseList + ?Sized> Listed<R> {
    /// Filter `key` as typed ("" when not given), for the filter form.
    pub fn f(&self, key: &str) -> &str {
        self.filters.get(key).map_or("", String::as_str)
    }
}

/// The filters by their query names (a filter's serde name is its name in the query).
fn typed<P: Serialize>(params: &P) -> BTreeMap<String, String> {
    match serde_json::to_value(params) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// `GET <page>`: the register's filtered list, a page of it, and its totals; wrong filters
/// are shown beside the form over an empty list.
pub async fn list<R: CaseListPage>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(params): Query<R::Params>,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    caller.require_read(R::AREA)?;
    let (result, errors) = or_filter_errors(R::search(&app, caller, &params).await)?;
    let r = result.unwrap_or(ListResult {
        items: Vec::new(),
        totals: R::Totals::default(),
        page: 1,
        per_page: 25,
    });
    let pager = Pager::new(r.page, r.per_page, r.totals.total(), |p| {
        format!("{}?{}", R::PAGE, params.query_string(Some(p)))
    });
    let list = Listed::<R> {
        title: R::TITLE,
        new_label: R::NEW,
        page: R::PAGE,
        items: r.items,
        totals: r.totals,
        pager,
        orgs: org_options(&app, &session).await?,
        choices: R::choices(&app, caller).await?,
        errors,
        can_write: caller.role.can_write(R::AREA),
        query: params.query_string(None),
        filters: typed(&params),
    };
    Ok(render(&R::page(Ctx::new(&session, R::NAV), list))?.into_response())
}

/// `GET <page>/export`: the filtered set as a ledger file (exactly what the list shows, all
/// pages).
pub async fn export<R: CaseList>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportParams<R::Params>>,
) -> Result<Response, PageError> {
    export_download(&p.format, |format| {
        R::export(&app, &session.caller, &p.filters, format)
    })
    .await
}

/// A register's list page: `templates/<$path>`, which extends `kit/case_list.html`, around
/// [`Listed`] (`list`).
macro_rules! list_page {
    ($register:ty, $path:literal) => {
        #[derive(askama::Template)]
        #[template(path = $path)]
        pub struct ListPage {
            ctx: $crate::web::pages::Ctx,
            list: $crate::web::pages::case_list::Listed<$register>,
        }

        impl $crate::web::pages::case_list::CaseListPage for $register {
            type Page = ListPage;

            fn page(
                ctx: $crate::web::pages::Ctx,
                list: $crate::web::pages::case_list::Listed<$register>,
            ) -> ListPage {
                ListPage { ctx, list }
            }
        }
    };
}
pub(super) use list_page;
