//! Visibility: a user sees their organisation and everything below it, nothing else.
//!
//! Every scoped query goes through [`Scope::restrict`], so a register cannot forget the rule: the
//! storage functions that read or write records on a user's behalf take a `&Scope`, and the only
//! way to get one is from an organisation's path.

use super::{Backend, Query};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    root_path: String,
    /// The town at or above the root, where one is known: every case in the subtree is that
    /// town's (`disputes.town_id`; storage/orgs.rs `disputes_outside_town` keeps a subtree from
    /// changing towns), so a list can walk the town's own date index.
    town_id: Option<i64>,
}

impl Scope {
    /// The subtree rooted at the organisation with this materialised path (`/1/5/`).
    pub fn subtree(root_path: &str) -> Scope {
        Scope {
            root_path: root_path.to_owned(),
            town_id: None,
        }
    }

    /// The same subtree, known to lie within town `town_id` (None: not known, or above a town).
    pub fn in_town(self, town_id: Option<i64>) -> Scope {
        Scope { town_id, ..self }
    }

    /// The town every record of this subtree belongs to, if known.
    pub fn town_id(&self) -> Option<i64> {
        self.town_id
    }

    /// Everything: for the command line run by the operator, who owns the whole database.
    pub fn everything() -> Scope {
        Scope {
            root_path: "/".to_owned(),
            town_id: None,
        }
    }

    pub fn root_path(&self) -> &str {
        &self.root_path
    }

    pub fn contains_path(&self, path: &str) -> bool {
        fazhi_domain::org::in_subtree(&self.root_path, path)
    }

    /// Appends ` AND <org_column> IN (orgs of this subtree)` to a query that already has a WHERE.
    pub fn restrict(&self, q: &mut Query, org_column: &str) {
        q.push(" AND ")
            .push(org_column)
            .push(" IN (SELECT id FROM orgs WHERE ");
        path_starts_with(q, "path", &self.root_path);
        q.push(")");
    }

    /// [`Scope::restrict`] on a table whose rows carry their town in `town_column` (disputes).
    /// On PostgreSQL the town is said as well, so a list walks that town's own date index
    /// (migration 0059) instead of the province's; and a scope that is a whole town is said by
    /// its town alone. Said both ways, the planner multiplies the two as if independent (a
    /// town's 3,000 cases × the 1% of the province's organisations in its subtree ≈ 30) and then
    /// reads every case of the town rather than walking its newest (a town's search in a
    /// province: 25 → 1 ms, docs/scaling.md). The town alone is exact: a case carries the town
    /// of its organisation and an edit cannot move it to another (service/disputes.rs
    /// `check_input`), and a subtree with cases cannot change towns (storage/orgs.rs
    /// `disputes_outside_town`). SQLite databases hold a town or a county; their plans stay as
    /// guarded (tests/it/search_plans.rs).
    pub fn restrict_in_town(
        &self,
        backend: Backend,
        q: &mut Query,
        org_column: &str,
        town_column: &str,
    ) {
        let Some(town) = self.town_id.filter(|_| backend == Backend::Postgres) else {
            return self.restrict(q, org_column);
        };
        if !self.root_path.ends_with(&format!("/{town}/")) {
            self.restrict(q, org_column);
        }
        q.push(" AND ")
            .push(town_column)
            .push(" = ")
            .push_bind(town);
    }
}

/// Appends "`path_column` begins with `prefix`". The pattern is built in SQL
/// (`LIKE ($1 || '%')`), not bound whole (`LIKE $1`): SQLite reads a bound LIKE pattern while
/// planning and then prepares the statement again on every run (a tenth of the CPU of a case's
/// page). PostgreSQL still sees the prefix and estimates it from the statistics of `orgs`.
/// Paths hold only digits and `/`, so nothing needs escaping.
pub fn path_starts_with(q: &mut Query, path_column: &str, prefix: &str) {
    q.push(path_column)
        .push(" LIKE (")
        .push_bind(prefix)
        .push(" || '%')");
}
