//! Code lists as data (PRODUCT §8.3): the lists a record's values are checked against, their
//! national defaults, local additions and aliases, and how a typed value resolves to the
//! canonical name that records and figures keep.
//!
//! The lists themselves live in the database; this module holds the rules: which lists exist,
//! what ships by default, which lists may grow locally, and `resolve`, which every entry point
//! (form, API, ledger row, search filter) calls.

use serde::{Deserialize, Serialize};

use crate::dispute::{code_enum, Source, DEFAULT_TYPES};
use crate::publicity::{StudyForm, VenueType, DEFAULT_CAMPAIGNS, DEFAULT_FORMS, DEFAULT_THEMES};

code_enum! {
    /// The code lists, by the names the CLI and the API use (`fazhi codes list dispute-types`).
    ListName {
        DisputeTypes = "dispute-types", "纠纷类型";
        DisputeSources = "dispute-sources", "纠纷来源";
        ConsultationCategories = "consultation-categories", "法律咨询类别";
        ConsultationHandling = "consultation-handling", "法律咨询处理方式";
        PublicityThemes = "publicity-themes", "普法主题";
        PublicityForms = "publicity-forms", "普法活动形式";
        VenueTypes = "venue-types", "普法地点类型";
        Campaigns = "campaigns", "宣传节点";
        StudyForms = "study-forms", "学法形式";
    }
}

/// National default consultation categories: the subject areas 司法所 count consultations by.
pub const DEFAULT_CONSULTATION_CATEGORIES: &[&str] = &[
    "婚姻家庭",
    "继承",
    "土地承包",
    "房屋宅基地",
    "劳动争议",
    "合同债务",
    "损害赔偿",
    "道路交通",
    "社会保障",
    "行政事务",
    "刑事",
    "其他",
];

impl ListName {
    /// Whether an organisation may add its own codes. Lists backed by an enum whose code drives
    /// logic (sources, venue types, study forms) take aliases only: a new code there would be a
    /// value the figures and the lifecycle do not know.
    pub fn allows_local_codes(self) -> bool {
        !matches!(
            self,
            ListName::DisputeSources | ListName::VenueTypes | ListName::StudyForms
        )
    }

    /// Whether a value outside the list is refused. Open lists (categories, handling, forms)
    /// were free text before they were lists: a value in the list or an alias is stored by its
    /// canonical name, anything else is kept as typed.
    pub fn is_closed(self) -> bool {
        !matches!(
            self,
            ListName::ConsultationCategories
                | ListName::ConsultationHandling
                | ListName::PublicityForms
        )
    }

    /// The national defaults: `(name, stored code)`; the code is `Some` for enum-backed lists.
    pub fn defaults(self) -> Vec<(&'static str, Option<&'static str>)> {
        let names = |l: &[&'static str]| l.iter().map(|n| (*n, None)).collect();
        match self {
            ListName::DisputeTypes => names(DEFAULT_TYPES),
            ListName::DisputeSources => Source::ALL
                .iter()
                .map(|s| (s.label(), Some(s.code())))
                .collect(),
            ListName::ConsultationCategories => names(DEFAULT_CONSULTATION_CATEGORIES),
            ListName::ConsultationHandling => names(crate::dispute::CONSULTATION_FOLLOW_UPS),
            ListName::PublicityThemes => names(DEFAULT_THEMES),
            ListName::PublicityForms => names(DEFAULT_FORMS),
            ListName::VenueTypes => VenueType::ALL
                .iter()
                .map(|v| (v.label(), Some(v.code())))
                .collect(),
            ListName::Campaigns => names(DEFAULT_CAMPAIGNS),
            ListName::StudyForms => StudyForm::ALL
                .iter()
                .map(|f| (f.label(), Some(f.code())))
                .collect(),
        }
    }

    /// National aliases shipped with the defaults: the spellings the enums' parsers have always
    /// accepted, now visible (and extendable) as data.
    pub fn default_aliases(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ListName::VenueTypes => &[
                ("村", "村居"),
                ("社区", "村居"),
                ("乡村", "村居"),
                ("村（社区）", "村居"),
                ("单位", "机关"),
                ("机关单位", "机关"),
            ],
            ListName::StudyForms => &[
                ("中心组", "理论学习中心组"),
                ("中心组学法", "理论学习中心组"),
                ("理论学习中心组学法", "理论学习中心组"),
                ("讲座", "专题讲座"),
                ("法治讲座", "专题讲座"),
                ("在线学法", "在线"),
                ("线上", "在线"),
            ],
            _ => &[],
        }
    }

    /// Other spellings of `s` tried when it is not itself a name or an alias: a dispute type
    /// without its 纠纷 suffix (草场 → 草场纠纷), a venue in the "进…" phrasing (进企业 → 企业).
    fn variants(self, s: &str) -> Vec<String> {
        match self {
            ListName::DisputeTypes if !s.ends_with("纠纷") => vec![format!("{s}纠纷")],
            ListName::VenueTypes => s
                .strip_prefix('进')
                .map(|t| vec![t.to_owned()])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// The longest code name or alias, in characters.
pub const MAX_NAME: usize = 32;

/// Checks a new code name or alias as typed; the trimmed text or what to fix.
pub fn check_name(label: &str, s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(format!("请填写{label}"));
    }
    if t.chars().count() > MAX_NAME {
        return Err(format!("{label}最多 {MAX_NAME} 个字，请精简"));
    }
    if t.contains(['、', ',', '，', ';', '；']) || t.chars().any(char::is_control) {
        return Err(format!(
            "{label}不能含顿号、逗号或分号（多值单元格用它们分隔）"
        ));
    }
    Ok(t.to_owned())
}

/// One code of a list as an organisation sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// The canonical name: what records store and figures count by (for enum-backed lists, the
    /// Chinese label of `code`).
    pub name: String,
    /// The stored code of an enum-backed list (`court` for 法院委派); `None` for named lists.
    pub code: Option<String>,
    /// `None` for a national code; otherwise the organisation that added it.
    pub org_id: Option<i64>,
    pub active: bool,
}

/// Another spelling that means `name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub alias: String,
    pub name: String,
    pub org_id: Option<i64>,
}

/// Why a value did not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Not a name, a code or an alias; the closest names, best first.
    Unknown { value: String, closest: Vec<String> },
    /// A code that was deactivated: kept on old records, refused on new ones.
    Inactive { name: String },
}

/// A list as one organisation sees it: the national codes and those of the organisations above
/// it and its own, with their aliases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeList {
    pub list: ListName,
    pub codes: Vec<Code>,
    pub aliases: Vec<Alias>,
}

impl CodeList {
    /// The national defaults alone (what a database seeded at start-up holds).
    pub fn national(list: ListName) -> CodeList {
        CodeList {
            list,
            codes: list
                .defaults()
                .into_iter()
                .map(|(name, code)| Code {
                    name: name.to_owned(),
                    code: code.map(str::to_owned),
                    org_id: None,
                    active: true,
                })
                .collect(),
            aliases: list
                .default_aliases()
                .iter()
                .map(|(a, n)| Alias {
                    alias: (*a).to_owned(),
                    name: (*n).to_owned(),
                    org_id: None,
                })
                .collect(),
        }
    }

    /// The active names, in list order: what forms offer.
    pub fn names(&self) -> Vec<String> {
        self.codes
            .iter()
            .filter(|c| c.active)
            .map(|c| c.name.clone())
            .collect()
    }

    /// The code whose name, stored code or alias is `value` (trimmed), active or not.
    pub fn find(&self, value: &str) -> Option<&Code> {
        let s = value.trim();
        if s.is_empty() {
            return None;
        }
        let exact = |s: &str| {
            self.codes
                .iter()
                .find(|c| c.name == s || c.code.as_deref() == Some(s))
                .or_else(|| {
                    let a = self.aliases.iter().find(|a| a.alias == s)?;
                    self.codes.iter().find(|c| c.name == a.name)
                })
        };
        exact(s).or_else(|| self.list.variants(s).iter().find_map(|v| exact(v)))
    }

    /// The active code `value` names: its name, stored code or an alias.
    pub fn resolve(&self, value: &str) -> Result<&Code, Unresolved> {
        match self.find(value) {
            Some(c) if c.active => Ok(c),
            Some(c) => Err(Unresolved::Inactive {
                name: c.name.clone(),
            }),
            None => Err(Unresolved::Unknown {
                value: value.trim().to_owned(),
                closest: self.closest(value, 3),
            }),
        }
    }

    /// Like [`CodeList::resolve`], but a deactivated code is still accepted when it is what
    /// the record already has (`kept`): an edit of an old record need not change its type.
    pub fn resolve_keeping(&self, value: &str, kept: Option<&str>) -> Result<&Code, Unresolved> {
        match self.resolve(value) {
            Err(Unresolved::Inactive { name }) if kept == Some(name.as_str()) => {
                Ok(self.find(value).expect("found as inactive"))
            }
            r => r,
        }
    }

    /// For an open list: the canonical name when `value` is a name or alias, else `value` as
    /// typed (trimmed).
    pub fn canonical(&self, value: &str) -> String {
        match self.find(value) {
            Some(c) => c.name.clone(),
            None => value.trim().to_owned(),
        }
    }

    /// Up to `n` active names closest to `value`: fewest edits first, then most characters in
    /// common; names sharing no character with it are not offered.
    pub fn closest(&self, value: &str, n: usize) -> Vec<String> {
        let v: Vec<char> = value.trim().chars().collect();
        let mut scored: Vec<(usize, usize, String)> = Vec::new();
        let mut consider = |candidate: &str, name: &str| {
            let c: Vec<char> = candidate.chars().collect();
            let shared = shared_chars(&v, &c);
            if shared == 0 {
                return;
            }
            let d = edit_distance(&v, &c);
            match scored.iter_mut().find(|(_, _, x)| *x == name) {
                Some(e) if (d, usize::MAX - shared) < (e.0, usize::MAX - e.1) => {
                    (e.0, e.1) = (d, shared);
                }
                Some(_) => {}
                None => scored.push((d, shared, name.to_owned())),
            }
        };
        for c in self.codes.iter().filter(|c| c.active) {
            consider(&c.name, &c.name);
        }
        for a in &self.aliases {
            if self.codes.iter().any(|c| c.active && c.name == a.name) {
                consider(&a.alias, &a.name);
            }
        }
        scored.sort_by_key(|(d, shared, _)| (*d, usize::MAX - shared));
        scored
            .into_iter()
            .take(n)
            .map(|(_, _, name)| name)
            .collect()
    }
}

impl Unresolved {
    /// What to tell the person who typed the value, in Chinese: the closest codes, and how an
    /// administrator adds an alias (the command line and the admin page). `org` is the code of
    /// the organisation the value was entered for, when known.
    pub fn message(&self, list: ListName, org: Option<&str>) -> String {
        let label = list.label();
        match self {
            Unresolved::Inactive { name } => format!(
                "{label}「{name}」已停用，新记录不能再用；请改选其他{label}，或请管理员在「代码表」页面重新启用"
            ),
            Unresolved::Unknown { value, closest } => {
                let org_flag = org.map(|o| format!(" --org {o}")).unwrap_or_default();
                let page = format!("/admin/code-lists/{}", list.code());
                match closest.first() {
                    Some(best) => format!(
                        "「{value}」不在{label}代码表中，最接近的是：{}。如果它是其中某项的另一种叫法，\
                         请管理员添加别名（命令行 fazhi codes alias {} {value} {best}{org_flag}，\
                         或在代码表页面 {page} 添加），然后重新提交",
                        closest.join("、"),
                        list.code(),
                    ),
                    None => format!(
                        "「{value}」不在{label}代码表中。请从代码表中选择，或请管理员添加\
                         （命令行 fazhi codes add {} {value}{org_flag}，或代码表页面 {page}）",
                        list.code(),
                    ),
                }
            }
        }
    }
}

/// Levenshtein distance over characters (Chinese names are a few characters: quadratic is fine).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How many characters of `a` also occur in `b` (each of `b`'s characters used once).
fn shared_chars(a: &[char], b: &[char]) -> usize {
    let mut left: Vec<char> = b.to_vec();
    a.iter()
        .filter(|c| match left.iter().position(|x| x == *c) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> CodeList {
        CodeList::national(ListName::DisputeTypes)
    }

    #[test]
    fn names_suffixless_names_and_aliases_resolve_to_the_canonical_name() {
        let mut l = types();
        assert_eq!(l.resolve("草场纠纷").unwrap().name, "草场纠纷");
        assert_eq!(l.resolve(" 草场 ").unwrap().name, "草场纠纷");
        assert!(l.resolve("婚姻纠纷").is_err());
        l.aliases.push(Alias {
            alias: "婚姻纠纷".into(),
            name: "婚姻家庭纠纷".into(),
            org_id: Some(3),
        });
        assert_eq!(l.resolve("婚姻纠纷").unwrap().name, "婚姻家庭纠纷");
        assert_eq!(l.resolve("婚姻").unwrap().name, "婚姻家庭纠纷");
    }

    #[test]
    fn enum_lists_resolve_codes_labels_and_shipped_aliases() {
        let v = CodeList::national(ListName::VenueTypes);
        assert_eq!(v.resolve("enterprise").unwrap().name, "企业");
        assert_eq!(
            v.resolve("进企业").unwrap().code.as_deref(),
            Some("enterprise")
        );
        assert_eq!(v.resolve("社区").unwrap().name, "村居");
        let s = CodeList::national(ListName::StudyForms);
        assert_eq!(s.resolve("中心组").unwrap().name, "理论学习中心组");
    }

    #[test]
    fn an_unknown_value_names_the_closest_codes_and_the_alias_command() {
        let err = types().resolve("婚姻纠纷").unwrap_err();
        let Unresolved::Unknown { closest, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(closest[0], "婚姻家庭纠纷", "{closest:?}");
        let msg = err.message(ListName::DisputeTypes, Some("T1"));
        assert!(msg.contains("最接近的是：婚姻家庭纠纷"), "{msg}");
        assert!(
            msg.contains("fazhi codes alias dispute-types 婚姻纠纷 婚姻家庭纠纷 --org T1"),
            "{msg}"
        );
        assert!(msg.contains("/admin/code-lists/dispute-types"), "{msg}");
        let none = types().resolve("xyz").unwrap_err();
        assert!(none
            .message(ListName::DisputeTypes, None)
            .contains("fazhi codes add"));
    }

    #[test]
    fn a_deactivated_code_is_refused_unless_the_record_already_has_it() {
        let mut l = types();
        l.codes[0].active = false;
        let name = l.codes[0].name.clone();
        assert_eq!(
            l.resolve(&name),
            Err(Unresolved::Inactive { name: name.clone() })
        );
        assert!(l.resolve_keeping(&name, Some(&name)).is_ok());
        assert!(!l.names().contains(&name));
        assert!(!l.closest(&name, 3).contains(&name));
    }

    #[test]
    fn open_lists_keep_unknown_values_and_canonicalise_known_ones() {
        let mut c = CodeList::national(ListName::ConsultationCategories);
        assert!(!ListName::ConsultationCategories.is_closed());
        c.aliases.push(Alias {
            alias: "离婚".into(),
            name: "婚姻家庭".into(),
            org_id: None,
        });
        assert_eq!(c.canonical("离婚"), "婚姻家庭");
        assert_eq!(c.canonical(" 拆迁补偿 "), "拆迁补偿");
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("名称", "  ").is_err());
        assert!(check_name("名称", "甲、乙").is_err());
        assert!(check_name("名称", &"长".repeat(33)).is_err());
        assert_eq!(check_name("名称", " 牧区纠纷 ").unwrap(), "牧区纠纷");
    }

    #[test]
    fn every_list_has_defaults_and_aliases_point_at_them() {
        for l in ListName::ALL {
            let n = CodeList::national(*l);
            assert!(!n.codes.is_empty(), "{l:?}");
            for a in &n.aliases {
                assert!(n.codes.iter().any(|c| c.name == a.name), "{a:?}");
            }
        }
        assert_eq!(edit_distance(&['a', 'b'], &['a', 'c', 'b']), 1);
    }
}
