//! The JSON side of the list kit of registers filed by year (`service::year_lists`): the one
//! query of such a list and one handler shape for its page and its registration (each keeps
//! its own path and OpenAPI text).

use serde::Deserialize;

use crate::service::year_lists::YearQuery;
use crate::web::extract::Paging;

/// Filters shared by the registers filed by year.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct YearParams {
    pub year: Option<i32>,
    /// Organisation code; its whole subtree.
    pub org: Option<String>,
    /// `true` lists the withdrawn records (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    /// Only the records one dashboard figure counts (e.g. `reviews_contract`,
    /// `decisions_followed`), on the registers whose lists know their figures (review requests,
    /// decisions); the dashboard's bars link so.
    pub figure: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl YearParams {
    /// The list's query and its page.
    pub fn split(self) -> (YearQuery, Option<(u32, u32)>) {
        let (mut q, page) = year_query(
            self.year,
            self.org,
            self.withdrawn,
            self.page,
            self.per_page,
        );
        q.figure = self.figure;
        (q, page)
    }
}

/// A list's query and page from the parameters every list filed by year takes (a list with
/// filters of its own reads these with them).
pub fn year_query(
    year: Option<i32>,
    org: Option<String>,
    withdrawn: Option<bool>,
    page: Option<u32>,
    per_page: Option<u32>,
) -> (YearQuery, Option<(u32, u32)>) {
    let paging = Paging::new(page, per_page);
    let q = YearQuery {
        year,
        org,
        withdrawn: withdrawn.unwrap_or(false),
        figure: None,
    };
    (q, Some((paging.page, paging.per_page)))
}

/// `GET <path>` with [`YearParams`]: a page of `$register`'s `$row`s with the total of the
/// filtered set, as `Page<$row>` (`$register`: a `service::year_lists::YearRegister`).
macro_rules! year_page {
    ($name:ident, $path:literal, $tag:literal, $row:ident, $register:expr) => {
        #[utoipa::path(get, path = $path, tag = $tag,
                                    params($crate::web::api::year_lists::YearParams),
                                    responses((status = 200, body = $crate::web::api::Page<$row>)),
                                    security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiQuery(p): $crate::web::extract::ApiQuery<
                $crate::web::api::year_lists::YearParams,
            >,
        ) -> $crate::error::AppResult<axum::Json<$crate::web::api::Page<$row>>> {
            let (q, page) = p.split();
            let (items, total) = $register.page(&app, &session.caller, &q, page).await?;
            Ok(axum::Json($crate::web::api::Page { items, total }))
        }
    };
}
pub(crate) use year_page;

/// `POST <path>` with a JSON `$input`: `$service(app, caller, input)` registers a `$row`,
/// answered 201 with it; `responses` lists the refusals.
macro_rules! create {
    ($name:ident, $path:literal, $tag:literal, $input:ident, $service:path => $row:ident,
        responses($($responses:tt)*)) => {
        #[utoipa::path(post, path = $path, tag = $tag, request_body = $input,
            responses((status = 201, body = $row), $($responses)*),
            security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiJson(input): $crate::web::extract::ApiJson<$input>,
        ) -> $crate::error::AppResult<(axum::http::StatusCode, axum::Json<$row>)> {
            let row = $service(&app, &session.caller, input).await?;
            Ok((axum::http::StatusCode::CREATED, axum::Json(row)))
        }
    };
}
pub(crate) use create;

/// The API of a simple register (`service::simple_register`): `GET $path` (a page with the
/// total of the filtered set, `$list`), `POST $path` (registration, `$create`), its
/// `ApiRegister` (the kit's `GET`/`PATCH $path/{id}`, withdraw, restore and history) and its
/// `routes()`. `$noun` is what one record is called.
macro_rules! simple_api {
    ($register:ident, $input:ident, $row:ident, $path:literal, $tag:literal, $noun:literal,
        $list:ident, $create:ident) => {
        #[utoipa::path(get, path = $path, tag = $tag,
            params($crate::web::api::year_lists::YearParams),
            responses((status = 200, body = $crate::web::api::Page<$row>),
                (status = 400, body = $crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $list(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiQuery(p): $crate::web::extract::ApiQuery<
                $crate::web::api::year_lists::YearParams,
            >,
        ) -> $crate::error::AppResult<axum::Json<$crate::web::api::Page<$row>>> {
            let (q, page) = p.split();
            let (items, total) =
                $crate::service::simple_register::list::<$register>(&app, &session.caller, &q, page)
                    .await?;
            Ok(axum::Json($crate::web::api::Page { items, total }))
        }

        $crate::web::api::year_lists::create!($create, $path, $tag, $input,
            $crate::service::simple_register::create::<$register> => $row,
            responses((status = 400, body = $crate::web::error::ErrorBody),
                (status = 404, description = "an organisation or a linked record outside the caller's scope",
                    body = $crate::web::error::ErrorBody)));

        impl $crate::web::api::kit::ApiRegister for $register {
            const PATH: &'static str = $path;
            const TAG: &'static str = $tag;
            const NOUN: &'static str = $noun;
        }

        pub fn routes() -> utoipa_axum::router::OpenApiRouter<$crate::app::SharedApp> {
            utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!($list, $create))
        }
    };
}
pub(crate) use simple_api;

/// `GET <path>` of a year register with totals: a page of `$list` (the register's
/// `service::list`, see `service::year_lists::totalled_list!`) as `$page`, whose `total` is
/// the filtered set's count (`totals.$count`); the doc comment given is `$page`'s.
macro_rules! totalled_page {
    ($(#[$doc:meta])* $page:ident { items: $row:ident, totals: $totals:ident, total: $count:ident },
        $name:ident, $path:literal, $tag:literal, $list:path) => {
        $(#[$doc])*
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub struct $page {
            pub items: Vec<$row>,
            pub total: i64,
            pub totals: $totals,
        }

        #[utoipa::path(get, path = $path, tag = $tag,
            params($crate::web::api::year_lists::YearParams),
            responses((status = 200, body = $page),
                (status = 400, body = $crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiQuery(p): $crate::web::extract::ApiQuery<
                $crate::web::api::year_lists::YearParams,
            >,
        ) -> $crate::error::AppResult<axum::Json<$page>> {
            let (q, page) = p.split();
            let list = $list(&app, &session.caller, &q, page).await?;
            Ok(axum::Json($page {
                items: list.items,
                total: list.totals.$count,
                totals: list.totals,
            }))
        }
    };
}
pub(crate) use totalled_page;
