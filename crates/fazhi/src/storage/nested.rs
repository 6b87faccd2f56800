//! A record's child lists read in the statement that reads the record, each as one JSON array
//! column: a case's page reads its parties, sessions, history, return visits, deadlines and
//! attachments with the case, in one round trip and one plan instead of seven (on PostgreSQL a
//! page cost seven times a list line; docs/scaling.md "Case page"). The same SQL shape on both
//! backends: PostgreSQL's `json_agg(json_build_object(…) ORDER BY …)` is SQLite's
//! `json_group_array(json_object(…) ORDER BY …)` (SQLite 3.44 and later).

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;

use super::{Backend, StorageError};

/// One child list: its columns (comma-separated: `column`, `alias.column` or `expression AS
/// key`), the tables it is read from, the column naming its parent, further conditions (empty,
/// or starting with ` AND `) and its order.
pub struct Children<'a> {
    pub columns: &'a str,
    pub from: &'a str,
    pub parent: &'a str,
    pub filter: &'a str,
    pub order_by: &'a str,
}

impl Children<'_> {
    /// The list of one parent, bound as `$1`, as rows.
    pub fn select(&self) -> String {
        format!(
            "SELECT {} FROM {} WHERE {} = $1{} ORDER BY {}",
            self.columns, self.from, self.parent, self.filter, self.order_by
        )
    }

    /// The list of the outer row's `parent_id` (a column of the outer query) as a scalar
    /// subquery yielding TEXT: a JSON array, `[]` when there are none.
    pub fn json_array(&self, backend: Backend, parent_id: &str) -> String {
        let (aggregate, object) = match backend {
            Backend::Postgres => ("json_agg", "json_build_object"),
            Backend::Sqlite => ("json_group_array", "json_object"),
        };
        let pairs = self
            .columns
            .split(',')
            .map(|c| {
                let c = c.trim();
                let (expression, key) = match c.split_once(" AS ") {
                    Some((e, k)) => (e, k),
                    None => (c, c.rsplit('.').next().unwrap_or(c)),
                };
                format!("'{key}', {expression}")
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "(SELECT CAST(COALESCE({aggregate}({object}({pairs}) ORDER BY {order}), '[]') AS TEXT) \
             FROM {from} WHERE {parent} = {parent_id}{filter})",
            order = self.order_by,
            from = self.from,
            parent = self.parent,
            filter = self.filter,
        )
    }
}

/// The rows of a list read by [`Children::json_array`].
pub fn parse<T: DeserializeOwned>(json: &str, what: &str) -> Result<Vec<T>, StorageError> {
    serde_json::from_str(json).map_err(|e| StorageError::Corrupt(format!("{what}：{e}")))
}

/// A boolean column: JSON `true`/`false` from PostgreSQL, `1`/`0` from SQLite (which keeps
/// booleans as integers). For `#[serde(deserialize_with = "…")]`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Int(i) => i != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISITS: Children<'static> = Children {
        columns: "r.id, r.visited_on, o.name AS visitor",
        from: "return_visits r JOIN orgs o ON o.id = r.org_id",
        parent: "r.dispute_id",
        filter: " AND r.note <> ''",
        order_by: "r.visited_on, r.id",
    };

    #[test]
    fn the_same_list_is_written_for_each_backend() {
        assert_eq!(
            VISITS.select(),
            "SELECT r.id, r.visited_on, o.name AS visitor FROM return_visits r JOIN orgs o ON \
             o.id = r.org_id WHERE r.dispute_id = $1 AND r.note <> '' ORDER BY r.visited_on, r.id"
        );
        assert_eq!(
            VISITS.json_array(Backend::Postgres, "d.id"),
            "(SELECT CAST(COALESCE(json_agg(json_build_object('id', r.id, 'visited_on', \
             r.visited_on, 'visitor', o.name) ORDER BY r.visited_on, r.id), '[]') AS TEXT) \
             FROM return_visits r JOIN orgs o ON o.id = r.org_id WHERE r.dispute_id = d.id \
             AND r.note <> '')"
        );
        assert_eq!(
            VISITS.json_array(Backend::Sqlite, "d.id"),
            VISITS
                .json_array(Backend::Postgres, "d.id")
                .replace("json_agg", "json_group_array")
                .replace("json_build_object", "json_object")
        );
    }

    #[test]
    fn flags_read_from_either_backend() {
        #[derive(Deserialize)]
        struct Row {
            #[serde(deserialize_with = "flag")]
            provisional: bool,
        }
        let rows: Vec<Row> = parse(
            r#"[{"provisional":true},{"provisional":0},{"provisional":1}]"#,
            "期限",
        )
        .unwrap();
        let flags: Vec<bool> = rows.iter().map(|r| r.provisional).collect();
        assert_eq!(flags, [true, false, true]);
        assert!(matches!(
            parse::<Row>("[{", "期限"),
            Err(StorageError::Corrupt(m)) if m.starts_with("期限")
        ));
    }
}
