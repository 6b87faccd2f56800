//! Budget lines over JSON: the list and registration (`simple_api!`); the kit adds `GET`/`PATCH
//! /budget-lines/{id}`, withdraw, restore and history.

use super::service::{BudgetLineInput, BudgetLineRow, BudgetLines};
use crate::web::api::year_lists::simple_api;

simple_api!(BudgetLines, BudgetLineInput, BudgetLineRow, "/budget-lines", "budget-lines",
    "经费项目", list_budget_lines, create_budget_line);
