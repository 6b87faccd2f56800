//! People's mediation committees (人民调解委员会) and the people on them (人民调解法 第八、九、
//! 十三条): the code lists, what a committee or mediator record must contain, and the
//! composition and term rules.
//!
//! The composition rules — three to nine members, a woman member, members of the smaller ethnic
//! groups in multi-ethnic areas, three-year terms — come back as warnings, never as refusals: a
//! committee that falls short still exists and its cases must still be recorded; the warning
//! tells the town what to put right at the next election.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dispute::{code_enum, Sex};
use crate::ident::MobileNo;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// Which kind of committee (人民调解法 第八条、第三十四条).
    CommitteeKind {
        Village = "village", "村（居）调委会";
        Town = "town", "乡镇（街道）调委会";
        Industry = "industry", "行业性专业性调委会";
    }
}

code_enum! {
    /// A person's post on the committee.
    Position {
        Director = "director", "主任";
        DeputyDirector = "deputy_director", "副主任";
        Member = "member", "委员";
        Mediator = "mediator", "调解员";
    }
}

impl Position {
    /// 主任, 副主任 and 委员 make up the committee (第八条); a 调解员 hired by it (第十三条) does
    /// not count towards its size or composition.
    pub fn is_member(self) -> bool {
        !matches!(self, Position::Mediator)
    }
}

pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 9;
pub const TERM_MONTHS: u32 = 36;

/// A rule a committee or mediator does not meet, with a stable code and a Chinese message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

impl Warning {
    fn new(code: &'static str, message: impl Into<String>) -> Warning {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// An active person on a committee, as far as the rules need to know.
#[derive(Clone, Debug)]
pub struct Person<'a> {
    pub name: &'a str,
    pub position: Position,
    pub sex: Option<Sex>,
    pub ethnicity: Option<&'a str>,
    pub term_end: Option<NaiveDate>,
}

/// A committee and its active people.
#[derive(Clone, Debug)]
pub struct Composition<'a> {
    pub multi_ethnic: bool,
    /// The ethnic groups that are 人数较少 where the committee is (「锡伯族、柯尔克孜族」); empty
    /// when not set, and then any member not of 汉族 counts.
    pub smaller_groups: &'a str,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub people: &'a [Person<'a>],
}

/// 汉族 is the national majority; without a local list any other ethnicity counts.
pub fn is_minority(ethnicity: &str) -> bool {
    let e = ethnicity.trim();
    !e.is_empty() && !matches!(e, "汉" | "汉族")
}

/// An ethnic group's name as stored: trimmed, with 族 (「锡伯」 is 「锡伯族」).
fn group_name(s: &str) -> String {
    let s = s.trim();
    if s.ends_with('族') {
        s.to_owned()
    } else {
        format!("{s}族")
    }
}

/// The groups of a list as entered, separated by 、，, ; or spaces.
pub fn ethnic_groups(list: &str) -> Vec<String> {
    list.split(['、', '，', ',', '；', ';', ' ', '　'])
        .filter(|g| !g.trim().is_empty())
        .map(group_name)
        .collect()
}

/// Whether a member of `ethnicity` is of a smaller ethnic group where the local groups are
/// `smaller_groups` (人民调解法 第八条 「人数较少民族」 is local: in a place where 维吾尔族 is the
/// majority, a 维吾尔族 member does not count).
pub fn is_of_smaller_group(ethnicity: &str, smaller_groups: &str) -> bool {
    let groups = ethnic_groups(smaller_groups);
    if groups.is_empty() {
        return is_minority(ethnicity);
    }
    !ethnicity.trim().is_empty() && groups.contains(&group_name(ethnicity))
}

/// Every composition and term rule the committee does not meet, as of `today`.
pub fn committee_warnings(c: &Composition<'_>, today: NaiveDate) -> Vec<Warning> {
    let mut out = Vec::new();
    let members: Vec<&Person> = c.people.iter().filter(|p| p.position.is_member()).collect();
    let n = members.len();
    if n < MIN_MEMBERS {
        out.push(Warning::new(
            "too_few_members",
            format!("委员会成员 {n} 人，少于 3 人（人民调解法第八条：由委员三至九人组成）"),
        ));
    }
    if n > MAX_MEMBERS {
        out.push(Warning::new(
            "too_many_members",
            format!("委员会成员 {n} 人，多于 9 人（人民调解法第八条：由委员三至九人组成）"),
        ));
    }
    // With nobody on the committee yet, the size warning says all there is to say.
    if n > 0 {
        let directors = members
            .iter()
            .filter(|p| p.position == Position::Director)
            .count();
        if directors == 0 {
            out.push(Warning::new(
                "no_director",
                "委员会未设主任（人民调解法第八条：设主任一人）",
            ));
        } else if directors > 1 {
            out.push(Warning::new(
                "several_directors",
                format!("委员会设有主任 {directors} 人（人民调解法第八条：设主任一人）"),
            ));
        }
        if !members.iter().any(|p| p.sex == Some(Sex::Female)) {
            out.push(Warning::new(
                "no_woman",
                "委员会没有妇女成员（人民调解法第八条：应当有妇女成员）",
            ));
        }
        let of_smaller = |p: &&Person| {
            p.ethnicity
                .is_some_and(|e| is_of_smaller_group(e, c.smaller_groups))
        };
        if c.multi_ethnic && !members.iter().any(of_smaller) {
            let groups = ethnic_groups(c.smaller_groups);
            let message = if groups.is_empty() {
                "多民族居住地区的委员会没有少数民族成员（人民调解法第八条）；未填写民族的成员不计入"
                    .to_owned()
            } else {
                format!(
                    "多民族居住地区的委员会没有本地人数较少的民族（{}）的成员（人民调解法第八条）；未填写民族的成员不计入",
                    groups.join("、")
                )
            };
            out.push(Warning::new("no_minority", message));
        }
    }
    out.extend(term_warning(c.term_start, c.term_end, today));
    out.extend(c.people.iter().filter_map(|p| person_warning(p, today)));
    out
}

fn term_warning(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Warning> {
    let (Some(start), Some(end)) = (start, end) else {
        return Some(Warning::new(
            "term_unknown",
            "未登记本届任期的起止日期（人民调解法第九条：每届任期三年）",
        ));
    };
    if start
        .checked_add_months(Months::new(TERM_MONTHS))
        .is_some_and(|limit| end > limit)
    {
        return Some(Warning::new(
            "term_too_long",
            format!("本届任期 {start} 至 {end}，超过三年（人民调解法第九条：每届任期三年）"),
        ));
    }
    (end < today).then(|| {
        Warning::new(
            "term_expired",
            format!("本届任期已于 {end} 届满，请及时换届"),
        )
    })
}

/// A person whose term has ended but who is still listed as active.
pub fn person_warning(p: &Person<'_>, today: NaiveDate) -> Option<Warning> {
    let end = p.term_end.filter(|e| *e < today)?;
    Some(Warning::new(
        "mediator_term_expired",
        format!(
            "{}（{}）的任期已于 {end} 届满，请续聘或停用",
            p.name,
            p.position.label()
        ),
    ))
}

fn check_term(start: Option<NaiveDate>, end: Option<NaiveDate>, errors: &mut FieldErrors) {
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            errors.insert(
                "term_end".to_owned(),
                format!("任期结束日期 {e} 早于开始日期 {s}，请核对"),
            );
        }
    }
}

/// A committee as entered (dates already read; a date that does not parse is the caller's
/// error to report).
#[derive(Clone, Debug, Default)]
pub struct CommitteeDraft {
    pub name: String,
    pub kind: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub multi_ethnic: bool,
    pub smaller_ethnic_groups: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewCommittee {
    pub name: String,
    pub kind: CommitteeKind,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub multi_ethnic: bool,
    /// The local 人数较少民族, joined by 、 (empty: not set).
    pub smaller_ethnic_groups: String,
}

/// At most this many groups, each of a few characters (「鄂温克族」).
const MAX_GROUPS: usize = 12;
const MAX_GROUP_CHARS: usize = 8;

fn check_groups(list: &str, errors: &mut FieldErrors) -> String {
    let groups = ethnic_groups(list);
    if groups.len() > MAX_GROUPS || groups.iter().any(|g| g.chars().count() > MAX_GROUP_CHARS) {
        errors.insert(
            "smaller_ethnic_groups".to_owned(),
            format!(
                "本地人数较少的民族最多 {MAX_GROUPS} 个，每个不超过 {MAX_GROUP_CHARS} 字，用顿号分隔，如「锡伯族、柯尔克孜族」"
            ),
        );
    }
    groups.join("、")
}

impl NewCommittee {
    pub fn parse(d: CommitteeDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(
            "name",
            "委员会名称",
            "青杨村人民调解委员会",
            &d.name,
            64,
            &mut errors,
        );
        let kind = CommitteeKind::parse(&d.kind);
        if kind.is_none() {
            errors.insert(
                "kind".to_owned(),
                "请选择类型：村（居）调委会、乡镇（街道）调委会 或 行业性专业性调委会".to_owned(),
            );
        }
        check_term(d.term_start, d.term_end, &mut errors);
        let smaller_ethnic_groups = check_groups(&d.smaller_ethnic_groups, &mut errors);
        match kind {
            Some(kind) if errors.is_empty() => Ok(NewCommittee {
                name,
                kind,
                term_start: d.term_start,
                term_end: d.term_end,
                multi_ethnic: d.multi_ethnic,
                smaller_ethnic_groups,
            }),
            _ => Err(errors),
        }
    }
}

/// A mediator as entered.
#[derive(Clone, Debug, Default)]
pub struct MediatorDraft {
    pub name: String,
    pub sex: String,
    pub ethnicity: String,
    pub phone: String,
    pub position: String,
    pub full_time: bool,
    pub education: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewMediator {
    pub name: String,
    pub sex: Sex,
    pub ethnicity: Option<String>,
    /// A checked mobile number, normalised to 11 digits.
    pub phone: Option<String>,
    pub position: Position,
    pub full_time: bool,
    pub education: Option<String>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
}

impl NewMediator {
    pub fn parse(d: MediatorDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text("name", "姓名", "王玉兰", &d.name, 32, &mut errors);
        // Sex is required: the woman-member rule cannot be checked without it.
        let sex = Sex::parse(&d.sex);
        if sex.is_none() {
            errors.insert("sex".to_owned(), "请选择性别：男 或 女".to_owned());
        }
        let position = Position::parse(&d.position);
        if position.is_none() {
            errors.insert(
                "position".to_owned(),
                "请选择职务：主任、副主任、委员 或 调解员".to_owned(),
            );
        }
        let ethnicity = optional_text("ethnicity", "民族", &d.ethnicity, 16, &mut errors);
        let education = optional_text("education", "文化程度", &d.education, 16, &mut errors);
        let phone = match d.phone.trim() {
            "" => None,
            p => match MobileNo::parse(p) {
                Ok(m) => Some(m.as_str().to_owned()),
                Err(e) => {
                    errors.insert("phone".to_owned(), e.to_string());
                    None
                }
            },
        };
        check_term(d.term_start, d.term_end, &mut errors);
        match (sex, position) {
            (Some(sex), Some(position)) if errors.is_empty() => Ok(NewMediator {
                name,
                sex,
                ethnicity,
                phone,
                position,
                full_time: d.full_time,
                education,
                term_start: d.term_start,
                term_end: d.term_end,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn person(
        name: &'static str,
        position: Position,
        sex: Sex,
        ethnicity: &'static str,
    ) -> Person<'static> {
        Person {
            name,
            position,
            sex: Some(sex),
            ethnicity: Some(ethnicity),
            term_end: None,
        }
    }

    /// Three members: a Han director, a Uyghur woman deputy, a Kazakh member.
    fn compliant() -> Vec<Person<'static>> {
        vec![
            person("王建国", Position::Director, Sex::Male, "汉族"),
            person(
                "阿依古丽",
                Position::DeputyDirector,
                Sex::Female,
                "维吾尔族",
            ),
            person("叶尔江", Position::Member, Sex::Male, "哈萨克族"),
        ]
    }

    fn codes(people: &[Person<'_>], multi_ethnic: bool, end: &str) -> Vec<&'static str> {
        let c = Composition {
            multi_ethnic,
            smaller_groups: "",
            term_start: Some(day("2023-01-01")),
            term_end: Some(day(end)),
            people,
        };
        committee_warnings(&c, day("2024-06-01"))
            .into_iter()
            .map(|w| w.code)
            .collect()
    }

    #[test]
    fn a_compliant_committee_has_no_warnings() {
        assert!(codes(&compliant(), true, "2025-12-31").is_empty());
    }

    #[test]
    fn three_to_nine_members_and_hired_mediators_do_not_count() {
        let mut people = compliant();
        people.pop();
        people.push(person("李志强", Position::Mediator, Sex::Male, "汉族"));
        assert_eq!(codes(&people, false, "2025-12-31"), ["too_few_members"]);
        let mut people = compliant();
        for _ in 0..7 {
            people.push(person("张三", Position::Member, Sex::Male, "汉族"));
        }
        assert_eq!(codes(&people, false, "2025-12-31"), ["too_many_members"]);
        people.pop();
        assert!(codes(&people, false, "2025-12-31").is_empty(), "9 is fine");
    }

    #[test]
    fn an_empty_committee_gets_only_the_size_warning() {
        assert_eq!(codes(&[], true, "2025-12-31"), ["too_few_members"]);
    }

    #[test]
    fn a_woman_member_is_required_and_a_woman_mediator_does_not_count() {
        let mut people = compliant();
        people[1].sex = Some(Sex::Male);
        people.push(person("刘秀英", Position::Mediator, Sex::Female, "汉族"));
        let w = codes(&people, false, "2025-12-31");
        assert_eq!(w, ["no_woman"]);
        people[1].sex = None;
        assert_eq!(codes(&people, false, "2025-12-31"), ["no_woman"]);
    }

    #[test]
    fn a_minority_member_is_required_only_in_multi_ethnic_areas() {
        let mut people = compliant();
        people[1].ethnicity = Some("汉族");
        people[2].ethnicity = None;
        assert!(codes(&people, false, "2025-12-31").is_empty());
        assert_eq!(codes(&people, true, "2025-12-31"), ["no_minority"]);
        assert!(is_minority("回族") && !is_minority("汉") && !is_minority(" "));
    }

    #[test]
    fn the_smaller_groups_are_the_local_ones_when_set() {
        // Where 锡伯族 and 柯尔克孜族 are the smaller groups, a 维吾尔族 member is not one.
        let mut people = compliant();
        people[2].ethnicity = Some("汉族");
        let check = |people: &[Person<'_>]| {
            let c = Composition {
                multi_ethnic: true,
                smaller_groups: "锡伯族、柯尔克孜",
                term_start: Some(day("2023-01-01")),
                term_end: Some(day("2025-12-31")),
                people,
            };
            committee_warnings(&c, day("2024-06-01"))
        };
        let w = check(&people);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "no_minority");
        assert!(
            w[0].message.contains("锡伯族、柯尔克孜族"),
            "{}",
            w[0].message
        );
        people[2].ethnicity = Some("锡伯族");
        assert!(check(&people).is_empty());
        people[2].ethnicity = Some("柯尔克孜族");
        assert!(check(&people).is_empty());
    }

    #[test]
    fn the_local_list_is_read_and_bounded() {
        let d = |groups: &str| CommitteeDraft {
            name: "青杨村人民调解委员会".into(),
            kind: "village".into(),
            smaller_ethnic_groups: groups.into(),
            ..CommitteeDraft::default()
        };
        let c = NewCommittee::parse(d(" 锡伯，柯尔克孜族 ")).unwrap();
        assert_eq!(c.smaller_ethnic_groups, "锡伯族、柯尔克孜族");
        let too_many = vec!["回族"; MAX_GROUPS + 1].join("、");
        let e = NewCommittee::parse(d(&too_many)).unwrap_err();
        assert!(e.contains_key("smaller_ethnic_groups"));
    }

    #[test]
    fn one_director() {
        let mut people = compliant();
        people[0].position = Position::Member;
        assert_eq!(codes(&people, false, "2025-12-31"), ["no_director"]);
        people[1].position = Position::Director;
        people[2].position = Position::Director;
        assert_eq!(codes(&people, false, "2025-12-31"), ["several_directors"]);
    }

    #[test]
    fn terms_of_three_years_at_most_and_not_expired() {
        // 2023-01-01 plus three years is 2026-01-01: that day is still within the term.
        assert!(codes(&compliant(), false, "2026-01-01").is_empty());
        assert_eq!(codes(&compliant(), false, "2026-01-02"), ["term_too_long"]);
        assert_eq!(codes(&compliant(), false, "2024-05-31"), ["term_expired"]);
        assert!(codes(&compliant(), false, "2024-06-01").is_empty());
        let people = compliant();
        let c = Composition {
            multi_ethnic: false,
            smaller_groups: "",
            term_start: None,
            term_end: Some(day("2025-12-31")),
            people: &people,
        };
        let w = committee_warnings(&c, day("2024-06-01"));
        assert_eq!(w[0].code, "term_unknown");
    }

    #[test]
    fn a_mediator_whose_term_ended_is_named() {
        let mut people = compliant();
        people.push(Person {
            term_end: Some(day("2024-03-31")),
            ..person("马春花", Position::Mediator, Sex::Female, "回族")
        });
        let c = Composition {
            multi_ethnic: true,
            smaller_groups: "",
            term_start: Some(day("2023-01-01")),
            term_end: Some(day("2025-12-31")),
            people: &people,
        };
        let w = committee_warnings(&c, day("2024-06-01"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "mediator_term_expired");
        assert!(
            w[0].message.contains("马春花（调解员）"),
            "{}",
            w[0].message
        );
        assert!(w[0].message.contains("2024-03-31"));
        assert!(person_warning(&people[3], day("2024-03-31")).is_none());
    }

    #[test]
    fn committee_records_are_checked() {
        let ok = NewCommittee::parse(CommitteeDraft {
            name: " 青杨村人民调解委员会 ".into(),
            kind: "村（居）调委会".into(),
            term_start: Some(day("2023-01-01")),
            term_end: Some(day("2025-12-31")),
            multi_ethnic: true,
            ..CommitteeDraft::default()
        })
        .unwrap();
        assert_eq!(ok.name, "青杨村人民调解委员会");
        assert_eq!(ok.kind, CommitteeKind::Village);
        let errors = NewCommittee::parse(CommitteeDraft {
            kind: "居委会".into(),
            term_start: Some(day("2023-01-01")),
            term_end: Some(day("2022-12-31")),
            ..CommitteeDraft::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(fields, ["kind", "name", "term_end"]);
    }

    #[test]
    fn mediator_records_are_checked() {
        let ok = NewMediator::parse(MediatorDraft {
            name: "王玉兰".into(),
            sex: "女".into(),
            ethnicity: "汉族".into(),
            phone: "+86 138-1234-5678".into(),
            position: "副主任".into(),
            ..MediatorDraft::default()
        })
        .unwrap();
        assert_eq!(ok.phone.as_deref(), Some("13812345678"));
        assert_eq!(ok.position, Position::DeputyDirector);
        assert_eq!(ok.sex, Sex::Female);
        let errors = NewMediator::parse(MediatorDraft {
            name: "王玉兰".into(),
            phone: "1381234".into(),
            position: "书记".into(),
            ..MediatorDraft::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(fields, ["phone", "position", "sex"]);
    }
}
