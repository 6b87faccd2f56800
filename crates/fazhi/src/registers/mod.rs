//! Registers written as one folder each, on the register kit (milestone 2 onwards): a register's
//! storage, service, API and pages side by side (`<register>/{store,service,api,pages}.rs`),
//! each layer using only the one below it (`web` never names `store`; `tests/it/layers.rs`).
//! A register is named once, in the list at the bottom: that mounts its API routes and pages and
//! documents its operations. Its figures, if the report counts it, are its own store's queries
//! (which leave withdrawn records out with `storage::records::listed`).
//!
//! The milestone-1 registers keep their files in the layer folders (`storage/`, `service/`,
//! `web/`); both kinds implement the same kit traits.

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::app::SharedApp;
use crate::web::api::kit::EachRegister;

/// What the rest of the system needs of a folder register.
pub trait FolderRegister: crate::web::api::kit::ApiRegister {
    /// Its own API routes (list, create, …), beside the kit's.
    fn api_routes() -> OpenApiRouter<SharedApp>;
    /// Its staff pages, the kit's edit, withdraw and restore pages included.
    fn page_routes() -> Router<SharedApp>;
}

/// The assessment (考核) is a county's table and its towns' sheets, not records on the revision
/// kit: its folder mounts its API and pages beside the registers'.
pub mod assessments;

macro_rules! registers {
    ($($module:ident :: $register:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Calls `each` with every folder register (the API's kit routes and documentation).
        pub fn each_register(each: &mut impl EachRegister) {
            $(each.register::<$module::$register>();)*
        }

        /// Every folder register's own API routes, for `/api/v1`.
        pub fn api_routes() -> OpenApiRouter<SharedApp> {
            OpenApiRouter::new()$(.merge(<$module::$register as FolderRegister>::api_routes()))*
                .merge(assessments::api::routes())
        }

        /// Every folder register's staff pages.
        pub fn page_routes() -> Router<SharedApp> {
            Router::new()$(.merge(<$module::$register as FolderRegister>::page_routes()))*
                .merge(assessments::pages::routes())
        }
    };
}

registers! {
    complaints::Complaints,
    contracts::Contracts,
    decisions::Decisions,
    disclosure::DisclosureRequests,
    penalties::Penalties,
    plan_tasks::PlanTasks,
    normative::NormativeDocuments,
    normative_cleanups::NormativeCleanups,
    disclosure_items::DisclosureItems,
    reviews::Reviews,
    leading_groups::LeadingGroups,
    leading_group_members::LeadingGroupMembers,
    meetings::Meetings,
    work_rules::WorkRules,
    budget_lines::BudgetLines,
    supervision_items::SupervisionItems,
}
