//! Organisations: the tree county → town → village/committee that every record belongs to.

use serde::{Deserialize, Serialize};

/// The kind of an organisation node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    County,
    Town,
    Village,
    Committee,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::County,
        OrgKind::Town,
        OrgKind::Village,
        OrgKind::Committee,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::County => "county",
            OrgKind::Town => "town",
            OrgKind::Village => "village",
            OrgKind::Committee => "committee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::County => "县（市）",
            OrgKind::Town => "乡镇（街道）",
            OrgKind::Village => "村（社区）",
            OrgKind::Committee => "委员会",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }

    /// Which kinds may sit directly below this one.
    pub fn may_contain(self, child: OrgKind) -> bool {
        matches!(
            (self, child),
            (OrgKind::County, OrgKind::Town)
                | (OrgKind::County, OrgKind::County)
                | (OrgKind::County, OrgKind::Committee)
                | (OrgKind::Town, OrgKind::Village)
                | (OrgKind::Town, OrgKind::Committee)
                | (OrgKind::Village, OrgKind::Committee)
        )
    }
}

/// The materialised path of a node: `/1/5/12/`. A subtree is every path with this prefix,
/// which makes "what may this user see" one indexed `LIKE 'prefix%'`.
pub fn child_path(parent_path: Option<&str>, id: i64) -> String {
    format!("{}{}/", parent_path.unwrap_or("/"), id)
}

/// Whether `path` lies within the subtree rooted at `root_path` (inclusive).
pub fn in_subtree(root_path: &str, path: &str) -> bool {
    path.starts_with(root_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest() {
        let county = child_path(None, 1);
        let town = child_path(Some(&county), 5);
        assert_eq!(town, "/1/5/");
        assert!(in_subtree(&county, &town));
        assert!(!in_subtree(&town, &county));
        // A sibling whose id shares a prefix must not match: /1/5/ vs /1/55/.
        assert!(!in_subtree("/1/5/", "/1/55/"));
    }

    #[test]
    fn kinds_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.code()), Some(k));
            assert_eq!(OrgKind::parse(k.label()), Some(k));
        }
        assert!(OrgKind::Town.may_contain(OrgKind::Village));
        assert!(!OrgKind::Village.may_contain(OrgKind::Town));
    }
}
