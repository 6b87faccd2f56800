//! Legal publicity (普法) and cadre law study (学法用法): the code lists, the validated records,
//! and the totals the annual report's sentences are built from.
//!
//! Totals are always computed from event records (statutes §10: the seed's figures are
//! overlapping campaigns, so hand-typed totals cannot be trusted).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::code_list::{CodeList, ListName};

/// Field name → what to fix, in Chinese.
pub type FieldErrors = BTreeMap<String, String>;

/// Where an event was held: the "六进" venues plus the seed's 网格 and 宗教场所.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VenueType {
    Enterprise,
    Village,
    School,
    Agency,
    Grid,
    Religious,
    Other,
}

impl VenueType {
    pub const ALL: [VenueType; 7] = [
        VenueType::Enterprise,
        VenueType::Village,
        VenueType::School,
        VenueType::Agency,
        VenueType::Grid,
        VenueType::Religious,
        VenueType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VenueType::Enterprise => "enterprise",
            VenueType::Village => "village",
            VenueType::School => "school",
            VenueType::Agency => "agency",
            VenueType::Grid => "grid",
            VenueType::Religious => "religious",
            VenueType::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VenueType::Enterprise => "企业",
            VenueType::Village => "村居",
            VenueType::School => "学校",
            VenueType::Agency => "机关",
            VenueType::Grid => "网格",
            VenueType::Religious => "宗教场所",
            VenueType::Other => "其他",
        }
    }

    /// The code, the label, or the "进…" phrasing ledgers use (进企业, 进村居); 村/社区/乡村 mean
    /// 村居 and 单位 means 机关, as in the "六进" wording.
    pub fn parse(s: &str) -> Option<VenueType> {
        let s = s.trim();
        let s = s.strip_prefix('进').unwrap_or(s);
        if let Some(v) = VenueType::ALL
            .into_iter()
            .find(|v| v.code() == s || v.label() == s)
        {
            return Some(v);
        }
        match s {
            "村" | "社区" | "乡村" | "村（社区）" => Some(VenueType::Village),
            "单位" | "机关单位" => Some(VenueType::Agency),
            _ => None,
        }
    }

    pub fn choices() -> String {
        VenueType::ALL.map(VenueType::label).join("、")
    }
}

/// Default themes (configurable per region later); the seed's and statutes §10's.
pub const DEFAULT_THEMES: &[&str] = &[
    "宪法",
    "民法典",
    "禁毒",
    "反邪教",
    "消防安全",
    "爱路护路",
    "森林防火",
    "安全生产",
    "平安守护",
    "无盗抢",
    "安全出行",
    "扫黑除恶",
    "反诈",
    "未成年人保护",
    "妇女儿童权益",
    "国家安全",
    "乡村振兴",
    "草原法",
    "土地管理",
    "以案释法",
    "其他",
];

/// Common forms of an event; the form is free text, these are offered as suggestions.
pub const DEFAULT_FORMS: &[&str] = &[
    "讲座",
    "宣传车",
    "大喇叭/广播",
    "集市宣传",
    "以案释法",
    "展板",
    "入户宣传",
    "法治文艺",
    "网络",
    "座谈会",
];

/// Campaign tags, so that a campaign's totals can be reported on their own.
pub const DEFAULT_CAMPAIGNS: &[&str] = &[
    "国家宪法日/宪法宣传周",
    "民法典宣传月",
    "国际禁毒日",
    "全国法治宣传日",
    "安全生产月",
    "全国消防日",
    "全民国家安全教育日",
    "两会期间",
    "春节",
];

/// The code lists an event is checked against: the national defaults (`Default`), or an
/// organisation's lists as the database holds them (its own codes and aliases included).
#[derive(Clone, Debug)]
pub struct Vocabulary {
    pub themes: CodeList,
    pub campaigns: CodeList,
    pub venue_types: CodeList,
    /// The code of the organisation the event is entered for, quoted in error messages.
    pub org: Option<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            themes: CodeList::national(ListName::PublicityThemes),
            campaigns: CodeList::national(ListName::Campaigns),
            venue_types: CodeList::national(ListName::VenueTypes),
            org: None,
        }
    }
}

/// Separator for multi-valued text columns (themes, campaigns, attendees).
pub const SEPARATOR: &str = "、";

/// Splits a stored or typed list on 、 , ， ; ；, trimming and dropping blanks.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn join_list(items: &[String]) -> String {
    items.join(SEPARATOR)
}

/// The countable output of an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub large_posters: u32,
    pub small_posters: u32,
    pub banners: u32,
    pub materials: u32,
    pub vehicle_trips: u32,
    pub beneficiaries: u32,
}

/// The count fields with their form names, labels and units, in display order.
pub const COUNT_FIELDS: [(&str, &str, &str); 6] = [
    ("large_posters", "大型海报", "张"),
    ("small_posters", "小型海报", "张"),
    ("banners", "横幅", "条"),
    ("materials", "宣传品份数", "份"),
    ("vehicle_trips", "宣传车台次", "台次"),
    ("beneficiaries", "受益人次", "人次"),
];

/// A single event will not plausibly hand out more than this; larger numbers are typos.
pub const MAX_COUNT: i64 = 10_000_000;

/// No study session or training has more people than this; a larger number is a typo.
pub const MAX_ATTENDEES: i64 = 100_000;

/// Checks a count as given (possibly absent or negative); `None` is 0.
pub fn check_count(field: &str, label: &str, v: Option<i64>, errors: &mut FieldErrors) -> u32 {
    match v {
        None => 0,
        Some(n) if (0..=MAX_COUNT).contains(&n) => n as u32,
        Some(n) if n < 0 => {
            errors.insert(
                field.to_owned(),
                format!("「{label}」不能为负数，请填写 0 或正整数"),
            );
            0
        }
        Some(_) => {
            errors.insert(
                field.to_owned(),
                format!("「{label}」数字过大（超过一千万），请核对"),
            );
            0
        }
    }
}

/// An event as entered, before checking. Dates arrive parsed (or `None` if blank); the caller
/// reports an unparseable date under `held_on` itself, with the parser's message.
#[derive(Clone, Debug, Default)]
pub struct PublicityDraft {
    pub held_on: Option<NaiveDate>,
    pub name: String,
    pub organiser: String,
    pub venue_type: String,
    pub themes: Vec<String>,
    pub campaigns: Vec<String>,
    pub form: String,
    pub large_posters: Option<i64>,
    pub small_posters: Option<i64>,
    pub banners: Option<i64>,
    pub materials: Option<i64>,
    pub vehicle_trips: Option<i64>,
    pub beneficiaries: Option<i64>,
    pub notes: String,
}

/// A checked publicity event, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewPublicityEvent {
    pub held_on: NaiveDate,
    pub name: String,
    pub organiser: Option<String>,
    pub venue_type: VenueType,
    pub themes: Vec<String>,
    pub campaigns: Vec<String>,
    pub form: Option<String>,
    pub counts: Counts,
    pub notes: Option<String>,
}

fn opt_text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn check_len(field: &str, label: &str, s: &str, max: usize, errors: &mut FieldErrors) {
    if s.trim().chars().count() > max {
        errors.insert(
            field.to_owned(),
            format!("「{label}」最多 {max} 个字，请精简"),
        );
    }
}

/// Keeps the listed values by their canonical names (an alias counts as its code), reporting
/// ones not in `allowed` with the closest codes (deduplicated, order kept).
fn check_tags(
    field: &str,
    given: &[String],
    allowed: &CodeList,
    org: Option<&str>,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for t in given.iter().flat_map(|t| split_list(t)) {
        match allowed.resolve(&t) {
            Ok(c) if !out.contains(&c.name) => out.push(c.name.clone()),
            Ok(_) => {}
            Err(e) => unknown.push(e.message(allowed.list, org)),
        }
    }
    if !unknown.is_empty() {
        errors.insert(field.to_owned(), unknown.join("；"));
    }
    out
}

impl NewPublicityEvent {
    /// Checks a draft, collecting every problem rather than stopping at the first.
    pub fn parse(d: PublicityDraft, vocab: &Vocabulary) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        if d.held_on.is_none() {
            errors.insert(
                "held_on".to_owned(),
                "请填写活动日期，例如 2024-03-05".to_owned(),
            );
        }
        if d.name.trim().is_empty() {
            errors.insert(
                "name".to_owned(),
                "请填写活动名称，例如 民法典宣传进村居".to_owned(),
            );
        }
        check_len("name", "活动名称", &d.name, 100, &mut errors);
        check_len("organiser", "组织单位", &d.organiser, 64, &mut errors);
        check_len("form", "形式", &d.form, 32, &mut errors);
        check_len("notes", "备注", &d.notes, 2000, &mut errors);
        // The list's names and aliases first, then the enum's own spellings (its codes).
        let venue = vocab
            .venue_types
            .resolve(&d.venue_type)
            .ok()
            .and_then(|c| VenueType::parse(c.code.as_deref().unwrap_or(&c.name)))
            .or_else(|| VenueType::parse(&d.venue_type));
        if venue.is_none() {
            let msg = if d.venue_type.trim().is_empty() {
                format!("请选择地点类型：{}", VenueType::choices())
            } else {
                format!(
                    "地点类型「{}」无法识别，请选择：{}",
                    d.venue_type.trim(),
                    VenueType::choices()
                )
            };
            errors.insert("venue_type".to_owned(), msg);
        }
        let org = vocab.org.as_deref();
        let themes = check_tags("themes", &d.themes, &vocab.themes, org, &mut errors);
        let campaigns = check_tags(
            "campaigns",
            &d.campaigns,
            &vocab.campaigns,
            org,
            &mut errors,
        );
        let values = [
            d.large_posters,
            d.small_posters,
            d.banners,
            d.materials,
            d.vehicle_trips,
            d.beneficiaries,
        ];
        let mut c = [0u32; 6];
        for (i, ((field, label, _), v)) in COUNT_FIELDS.iter().zip(values).enumerate() {
            c[i] = check_count(field, label, v, &mut errors);
        }
        match (d.held_on, venue) {
            (Some(held_on), Some(venue_type)) if errors.is_empty() => Ok(NewPublicityEvent {
                held_on,
                name: d.name.trim().to_owned(),
                organiser: opt_text(&d.organiser),
                venue_type,
                themes,
                campaigns,
                form: opt_text(&d.form),
                counts: Counts {
                    large_posters: c[0],
                    small_posters: c[1],
                    banners: c[2],
                    materials: c[3],
                    vehicle_trips: c[4],
                    beneficiaries: c[5],
                },
                notes: opt_text(&d.notes),
            }),
            _ => Err(errors),
        }
    }
}

/// One group of events to add into totals: a single event, or a group the database has summed
/// (same venue type, themes and campaigns).
#[derive(Clone, Debug)]
pub struct Tally<'a> {
    pub venue_type: VenueType,
    pub themes: &'a [String],
    pub campaigns: &'a [String],
    pub events: u64,
    pub large_posters: u64,
    pub small_posters: u64,
    pub banners: u64,
    pub materials: u64,
    pub vehicle_trips: u64,
    pub beneficiaries: u64,
}

/// Sums for one theme or campaign.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TagTotals {
    pub name: String,
    pub events: u64,
    pub posters: u64,
    pub banners: u64,
    pub materials: u64,
    pub vehicle_trips: u64,
    pub beneficiaries: u64,
}

/// Events per venue type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VenueTotals {
    pub venue_type: VenueType,
    pub label: &'static str,
    pub events: u64,
    pub beneficiaries: u64,
}

/// What a set of events adds up to: the figures of the annual report's publicity sentences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublicityTotals {
    pub events: u64,
    /// Every venue type, in [`VenueType::ALL`] order, zeros included.
    pub by_venue: Vec<VenueTotals>,
    pub large_posters: u64,
    pub small_posters: u64,
    /// Large plus small posters (张贴大、小型宣传海报…张).
    pub posters: u64,
    pub banners: u64,
    pub materials: u64,
    pub vehicle_trips: u64,
    pub beneficiaries: u64,
    /// Per theme, most events first. An event with two themes counts under each.
    pub by_theme: Vec<TagTotals>,
    /// Per campaign tag, most events first.
    pub by_campaign: Vec<TagTotals>,
}

impl Default for PublicityTotals {
    fn default() -> Self {
        PublicityTotals {
            events: 0,
            by_venue: VenueType::ALL
                .into_iter()
                .map(|v| VenueTotals {
                    venue_type: v,
                    label: v.label(),
                    events: 0,
                    beneficiaries: 0,
                })
                .collect(),
            large_posters: 0,
            small_posters: 0,
            posters: 0,
            banners: 0,
            materials: 0,
            vehicle_trips: 0,
            beneficiaries: 0,
            by_theme: Vec::new(),
            by_campaign: Vec::new(),
        }
    }
}

fn add_tag(list: &mut Vec<TagTotals>, name: &str, t: &Tally<'_>) {
    let i = match list.iter().position(|x| x.name == name) {
        Some(i) => i,
        None => {
            list.push(TagTotals {
                name: name.to_owned(),
                ..TagTotals::default()
            });
            list.len() - 1
        }
    };
    let e = &mut list[i];
    e.events += t.events;
    e.posters += t.large_posters + t.small_posters;
    e.banners += t.banners;
    e.materials += t.materials;
    e.vehicle_trips += t.vehicle_trips;
    e.beneficiaries += t.beneficiaries;
}

fn sort_tags(list: &mut [TagTotals]) {
    list.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
}

impl PublicityTotals {
    /// Adds groups of events. Tags are deduplicated per group so a repeated tag counts once.
    pub fn from_tallies<'a>(tallies: impl IntoIterator<Item = Tally<'a>>) -> PublicityTotals {
        let mut t = PublicityTotals::default();
        for g in tallies {
            t.events += g.events;
            t.large_posters += g.large_posters;
            t.small_posters += g.small_posters;
            t.banners += g.banners;
            t.materials += g.materials;
            t.vehicle_trips += g.vehicle_trips;
            t.beneficiaries += g.beneficiaries;
            if let Some(v) = t.by_venue.iter_mut().find(|v| v.venue_type == g.venue_type) {
                v.events += g.events;
                v.beneficiaries += g.beneficiaries;
            }
            let mut seen: Vec<&str> = Vec::new();
            for theme in g.themes {
                if !seen.contains(&theme.as_str()) {
                    seen.push(theme);
                    add_tag(&mut t.by_theme, theme, &g);
                }
            }
            seen.clear();
            for c in g.campaigns {
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                    add_tag(&mut t.by_campaign, c, &g);
                }
            }
        }
        t.posters = t.large_posters + t.small_posters;
        sort_tags(&mut t.by_theme);
        sort_tags(&mut t.by_campaign);
        t
    }

    /// Totals of individual events.
    pub fn from_events(events: &[NewPublicityEvent]) -> PublicityTotals {
        PublicityTotals::from_tallies(events.iter().map(|e| Tally {
            venue_type: e.venue_type,
            themes: &e.themes,
            campaigns: &e.campaigns,
            events: 1,
            large_posters: e.counts.large_posters.into(),
            small_posters: e.counts.small_posters.into(),
            banners: e.counts.banners.into(),
            materials: e.counts.materials.into(),
            vehicle_trips: e.counts.vehicle_trips.into(),
            beneficiaries: e.counts.beneficiaries.into(),
        }))
    }

    pub fn events_at(&self, venue: VenueType) -> u64 {
        self.by_venue
            .iter()
            .find(|v| v.venue_type == venue)
            .map_or(0, |v| v.events)
    }

    pub fn theme(&self, name: &str) -> Option<&TagTotals> {
        self.by_theme.iter().find(|t| t.name == name)
    }

    pub fn campaign(&self, name: &str) -> Option<&TagTotals> {
        self.by_campaign.iter().find(|t| t.name == name)
    }

    /// The annual report's publicity sentences (PRODUCT §6), in the seed's own words.
    pub fn report_sentences(&self) -> [String; 3] {
        [
            format!("开展法治宣传车走街进村宣传{}台次", self.vehicle_trips),
            format!(
                "张贴大、小型宣传海报{}张，悬挂横幅{}条，发放宣传物品、单张共{}份",
                self.posters, self.banners, self.materials
            ),
            format!(
                "共开展法治宣传进企业{}场次、进村居{}场次、进学校{}场次，受益群众{}人次",
                self.events_at(VenueType::Enterprise),
                self.events_at(VenueType::Village),
                self.events_at(VenueType::School),
                self.beneficiaries
            ),
        ]
    }

    /// The one-line summary a list page shows above its table.
    pub fn summary_line(&self) -> String {
        format!(
            "活动 {} 场，海报 {} 张，横幅 {} 条，宣传品 {} 份，宣传车 {} 台次，受益 {} 人次",
            self.events,
            self.posters,
            self.banners,
            self.materials,
            self.vehicle_trips,
            self.beneficiaries
        )
    }
}

/// Events per calendar month (index 0 = January) of the given dates.
pub fn events_by_month(dates: impl IntoIterator<Item = NaiveDate>) -> [u64; 12] {
    let mut out = [0u64; 12];
    for d in dates {
        out[d.month0() as usize] += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cadre law study (学法用法)

/// How a study session was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyForm {
    CentralGroup,
    PreMeeting,
    AgencyCollective,
    Lecture,
    TrainingCourse,
    Online,
}

impl StudyForm {
    pub const ALL: [StudyForm; 6] = [
        StudyForm::CentralGroup,
        StudyForm::PreMeeting,
        StudyForm::AgencyCollective,
        StudyForm::Lecture,
        StudyForm::TrainingCourse,
        StudyForm::Online,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StudyForm::CentralGroup => "central_group",
            StudyForm::PreMeeting => "pre_meeting",
            StudyForm::AgencyCollective => "agency_collective",
            StudyForm::Lecture => "lecture",
            StudyForm::TrainingCourse => "training_course",
            StudyForm::Online => "online",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StudyForm::CentralGroup => "理论学习中心组",
            StudyForm::PreMeeting => "会前学法",
            StudyForm::AgencyCollective => "机关集中学法",
            StudyForm::Lecture => "专题讲座",
            StudyForm::TrainingCourse => "培训班",
            StudyForm::Online => "在线",
        }
    }

    pub fn parse(s: &str) -> Option<StudyForm> {
        let s = s.trim();
        StudyForm::ALL
            .into_iter()
            .find(|f| f.code() == s || f.label() == s)
            .or(match s {
                "中心组" | "中心组学法" | "理论学习中心组学法" => {
                    Some(StudyForm::CentralGroup)
                }
                "讲座" | "法治讲座" => Some(StudyForm::Lecture),
                "在线学法" | "网络" | "线上" => Some(StudyForm::Online),
                _ => None,
            })
    }

    pub fn choices() -> String {
        StudyForm::ALL.map(StudyForm::label).join("、")
    }
}

/// How a leader gave the year-end 述职述法.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyReportForm {
    Written,
    Oral,
    Meeting,
}

impl DutyReportForm {
    pub const ALL: [DutyReportForm; 3] = [
        DutyReportForm::Written,
        DutyReportForm::Oral,
        DutyReportForm::Meeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DutyReportForm::Written => "written",
            DutyReportForm::Oral => "oral",
            DutyReportForm::Meeting => "meeting",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DutyReportForm::Written => "书面",
            DutyReportForm::Oral => "口头",
            DutyReportForm::Meeting => "会议",
        }
    }

    pub fn parse(s: &str) -> Option<DutyReportForm> {
        let s = s.trim();
        DutyReportForm::ALL
            .into_iter()
            .find(|f| f.code() == s || f.label() == s)
    }
}

pub fn check_year(field: &str, year: Option<i32>, errors: &mut FieldErrors) -> i32 {
    match year.map(crate::record_year) {
        Some(Ok(y)) => y,
        Some(Err(message)) => {
            errors.insert(field.to_owned(), message);
            0
        }
        None => {
            errors.insert(field.to_owned(), "请填写年度，例如 2024".to_owned());
            0
        }
    }
}

/// Requires non-blank text of at most `max` characters.
pub fn required_text(
    field: &str,
    label: &str,
    example: &str,
    s: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> String {
    let t = s.trim();
    if t.is_empty() {
        errors.insert(field.to_owned(), format!("请填写{label}，例如 {example}"));
    } else {
        check_len(field, label, t, max, errors);
    }
    t.to_owned()
}

/// Optional text of at most `max` characters.
pub fn optional_text(
    field: &str,
    label: &str,
    s: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> Option<String> {
    check_len(field, label, s, max, errors);
    opt_text(s)
}

/// A study session as entered.
#[derive(Clone, Debug, Default)]
pub struct StudyDraft {
    pub held_on: Option<NaiveDate>,
    pub form: String,
    pub laws: String,
    pub speaker: String,
    pub attendees: Vec<String>,
    pub attendee_count: Option<i64>,
    pub hours: Option<f64>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewStudySession {
    pub held_on: NaiveDate,
    pub form: StudyForm,
    pub laws: String,
    pub speaker: Option<String>,
    pub attendees: Vec<String>,
    /// At least the number of named attendees; more when only some are named.
    pub attendee_count: u32,
    pub hours: f64,
    pub notes: Option<String>,
}

impl NewStudySession {
    pub fn parse(d: StudyDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        if d.held_on.is_none() {
            errors.insert(
                "held_on".to_owned(),
                "请填写学法日期，例如 2024-03-05".to_owned(),
            );
        }
        let form = StudyForm::parse(&d.form);
        if form.is_none() {
            errors.insert(
                "form".to_owned(),
                format!("请选择学法形式：{}", StudyForm::choices()),
            );
        }
        let laws = required_text(
            "laws",
            "学习内容（法律法规）",
            "《中华人民共和国宪法》",
            &d.laws,
            500,
            &mut errors,
        );
        let speaker = optional_text("speaker", "主讲人", &d.speaker, 64, &mut errors);
        let notes = optional_text("notes", "备注", &d.notes, 2000, &mut errors);
        let mut attendees: Vec<String> = Vec::new();
        for a in d.attendees.iter().flat_map(|a| split_list(a)) {
            if !attendees.contains(&a) {
                attendees.push(a);
            }
        }
        let named = attendees.len() as i64;
        let attendee_count = match d.attendee_count {
            None => named,
            Some(n) if n < 0 => {
                errors.insert(
                    "attendee_count".to_owned(),
                    "「参加人数」不能为负数".to_owned(),
                );
                0
            }
            // A typo, not a session: such a number would also overflow the year's totals.
            Some(n) if n > MAX_ATTENDEES => {
                errors.insert(
                    "attendee_count".to_owned(),
                    format!("「参加人数」{n} 过大（超过 {MAX_ATTENDEES}），请核对"),
                );
                0
            }
            Some(n) if n < named => {
                errors.insert(
                    "attendee_count".to_owned(),
                    format!("「参加人数」{n} 少于列出的参加人员 {named} 人，请核对"),
                );
                0
            }
            Some(n) if n > 100_000 => {
                errors.insert(
                    "attendee_count".to_owned(),
                    "「参加人数」过大，请核对".to_owned(),
                );
                0
            }
            Some(n) => n,
        };
        let hours = match d.hours {
            Some(h) if h.is_finite() && h > 0.0 && h <= 24.0 => h,
            Some(_) => {
                errors.insert(
                    "hours".to_owned(),
                    "「学时」应大于 0、不超过 24，例如 1.5".to_owned(),
                );
                0.0
            }
            None => {
                errors.insert("hours".to_owned(), "请填写学时，例如 1.5".to_owned());
                0.0
            }
        };
        match (d.held_on, form) {
            (Some(held_on), Some(form)) if errors.is_empty() => Ok(NewStudySession {
                held_on,
                form,
                laws,
                speaker,
                attendees,
                attendee_count: attendee_count as u32,
                hours,
                notes,
            }),
            _ => Err(errors),
        }
    }
}

/// Yearly study hours per named cadre (学时统计), most hours first.
pub fn hours_per_cadre<'a>(
    sessions: impl IntoIterator<Item = (&'a [String], f64)>,
) -> Vec<(String, f64)> {
    let mut map: BTreeMap<&str, f64> = BTreeMap::new();
    for (attendees, hours) in sessions {
        for a in attendees {
            *map.entry(a.as_str()).or_default() += hours;
        }
    }
    let mut out: Vec<(String, f64)> = map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The pass mark when an exam record gives a score but not the result.
pub const PASS_SCORE: f64 = 60.0;
/// The paper's full marks: the annual 法治理论考试 is marked out of 100 (百分制), the scale
/// `PASS_SCORE` is set on.
pub const PAPER_MAX_SCORE: f64 = 100.0;

#[derive(Clone, Debug, Default)]
pub struct ExamDraft {
    pub year: Option<i32>,
    pub cadre: String,
    pub post: String,
    pub score: Option<f64>,
    pub passed: Option<bool>,
    pub taken_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewLawExam {
    pub year: i32,
    pub cadre: String,
    pub post: Option<String>,
    pub score: Option<f64>,
    pub passed: bool,
    pub taken_on: Option<NaiveDate>,
}

impl NewLawExam {
    pub fn parse(d: ExamDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = check_year("year", d.year, &mut errors);
        let cadre = required_text("cadre", "干部姓名", "张三", &d.cadre, 32, &mut errors);
        let post = optional_text("post", "职务", &d.post, 64, &mut errors);
        let score = match d.score {
            Some(s) if s.is_finite() && (0.0..=PAPER_MAX_SCORE).contains(&s) => Some(s),
            Some(s) if s > PAPER_MAX_SCORE => {
                errors.insert(
                    "score".to_owned(),
                    format!("「成绩」{s}分高于试卷满分{PAPER_MAX_SCORE}分，请核对"),
                );
                None
            }
            Some(_) => {
                errors.insert(
                    "score".to_owned(),
                    format!("「成绩」应在 0–{PAPER_MAX_SCORE} 分之间，请核对"),
                );
                None
            }
            None => None,
        };
        let passed = match (d.passed, score) {
            (Some(p), _) => p,
            (None, Some(s)) => s >= PASS_SCORE,
            (None, None) => {
                errors.insert(
                    "passed".to_owned(),
                    "请填写成绩或是否合格（合格/不合格）".to_owned(),
                );
                false
            }
        };
        if let (Some(d), true) = (d.taken_on, year != 0) {
            if d.year() != year {
                errors.insert(
                    "taken_on".to_owned(),
                    format!("考试日期 {d} 不在 {year} 年度内，请核对"),
                );
            }
        }
        if errors.is_empty() {
            Ok(NewLawExam {
                year,
                cadre,
                post,
                score,
                passed,
                taken_on: d.taken_on,
            })
        } else {
            Err(errors)
        }
    }
}

/// Participation and pass rate of a year's exam.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExamStats {
    pub taken: u64,
    pub passed: u64,
    /// Percentage, one decimal, rounded half up; `None` (shown 「—」) when nobody took the exam.
    pub pass_rate: Option<f64>,
}

impl ExamStats {
    pub fn new(taken: u64, passed: u64) -> ExamStats {
        let (t, p) = (
            i64::try_from(taken).unwrap_or(i64::MAX / 4000),
            i64::try_from(passed).unwrap_or(0),
        );
        ExamStats {
            taken,
            passed,
            pass_rate: crate::report::rate_permille(p, t).map(|r| r as f64 / 10.0),
        }
    }

    /// 「94.6%」, or 「—」 when nobody took the exam.
    pub fn pass_rate_text(&self) -> String {
        match self.pass_rate {
            Some(_) => format!(
                "{}%",
                crate::report::rate_text(self.passed as i64, self.taken as i64)
            ),
            None => "—".to_owned(),
        }
    }
}

/// Accepts 合格/通过/是/yes/true and 不合格/未通过/否/no/false.
pub fn parse_passed(s: &str) -> Option<bool> {
    match s.trim() {
        "合格" | "通过" | "是" | "及格" | "yes" | "true" | "1" => Some(true),
        "不合格" | "未通过" | "否" | "不及格" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

#[derive(Clone, Debug, Default)]
pub struct DutyReportDraft {
    pub year: Option<i32>,
    pub leader: String,
    pub post: String,
    pub reported_on: Option<NaiveDate>,
    pub form: String,
    pub evaluation: String,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewDutyReport {
    pub year: i32,
    pub leader: String,
    pub post: Option<String>,
    pub reported_on: NaiveDate,
    pub form: DutyReportForm,
    pub evaluation: Option<String>,
    pub notes: Option<String>,
}

impl NewDutyReport {
    pub fn parse(d: DutyReportDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = check_year("year", d.year, &mut errors);
        let leader = required_text("leader", "述法人姓名", "李四", &d.leader, 32, &mut errors);
        let post = optional_text("post", "职务", &d.post, 64, &mut errors);
        let evaluation = optional_text("evaluation", "评议结果", &d.evaluation, 200, &mut errors);
        let notes = optional_text("notes", "备注", &d.notes, 2000, &mut errors);
        if d.reported_on.is_none() {
            errors.insert(
                "reported_on".to_owned(),
                "请填写述法日期，例如 2024-01-15".to_owned(),
            );
        }
        let form = DutyReportForm::parse(&d.form);
        if form.is_none() {
            errors.insert(
                "form".to_owned(),
                "请选择述法形式：书面、口头 或 会议".to_owned(),
            );
        }
        // The year-end report on year Y is usually given early in Y+1.
        if let (Some(on), true) = (d.reported_on, year != 0) {
            if on.year() < year || on.year() > year + 1 {
                errors.insert(
                    "reported_on".to_owned(),
                    format!("述法日期 {on} 应在 {year} 年或次年，请核对"),
                );
            }
        }
        match (d.reported_on, form) {
            (Some(reported_on), Some(form)) if errors.is_empty() => Ok(NewDutyReport {
                year,
                leader,
                post,
                reported_on,
                form,
                evaluation,
                notes,
            }),
            _ => Err(errors),
        }
    }
}

/// A line of the 谁执法谁普法 responsibility list, as entered.
#[derive(Clone, Debug, Default)]
pub struct ResponsibilityDraft {
    pub year: Option<i32>,
    pub unit: String,
    pub laws: String,
    pub audiences: String,
    pub measures: String,
    pub responsible: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewResponsibilityItem {
    pub year: i32,
    pub unit: String,
    pub laws: String,
    pub audiences: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
}

impl NewResponsibilityItem {
    pub fn parse(d: ResponsibilityDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = check_year("year", d.year, &mut errors);
        let unit = required_text("unit", "责任单位", "司法所", &d.unit, 64, &mut errors);
        let laws = required_text(
            "laws",
            "普法内容（法律法规）",
            "《中华人民共和国民法典》",
            &d.laws,
            500,
            &mut errors,
        );
        let audiences = optional_text("audiences", "普法对象", &d.audiences, 200, &mut errors);
        let measures = optional_text("measures", "普法措施", &d.measures, 1000, &mut errors);
        let responsible = optional_text("responsible", "责任人", &d.responsible, 32, &mut errors);
        if errors.is_empty() {
            Ok(NewResponsibilityItem {
                year,
                unit,
                laws,
                audiences,
                measures,
                responsible,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn draft(venue: &str, themes: &[&str]) -> PublicityDraft {
        PublicityDraft {
            held_on: date(2023, 12, 4),
            name: "宪法宣传进村居".to_owned(),
            venue_type: venue.to_owned(),
            themes: themes.iter().map(|s| (*s).to_owned()).collect(),
            ..PublicityDraft::default()
        }
    }

    #[test]
    fn venue_types_parse_by_code_label_and_six_entries_wording() {
        for v in VenueType::ALL {
            assert_eq!(VenueType::parse(v.code()), Some(v));
            assert_eq!(VenueType::parse(v.label()), Some(v));
        }
        assert_eq!(VenueType::parse("进企业"), Some(VenueType::Enterprise));
        assert_eq!(VenueType::parse("社区"), Some(VenueType::Village));
        assert_eq!(VenueType::parse("广场"), None);
    }

    #[test]
    fn an_event_without_counts_is_valid_and_counts_zero() {
        let e = NewPublicityEvent::parse(draft("村居", &[]), &Vocabulary::default()).unwrap();
        assert_eq!(e.counts, Counts::default());
        assert_eq!(e.venue_type, VenueType::Village);
    }

    #[test]
    fn negative_counts_unknown_venue_and_missing_date_are_all_reported() {
        let mut d = draft("广场", &["宪法", "火星法"]);
        d.held_on = None;
        d.banners = Some(-1);
        let errors = NewPublicityEvent::parse(d, &Vocabulary::default()).unwrap_err();
        assert!(errors["venue_type"].contains("广场"), "{errors:?}");
        assert!(errors["banners"].contains("负数"));
        assert!(errors["held_on"].contains("日期"));
        assert!(errors["themes"].contains("火星法"));
        assert!(!errors["themes"].contains("「宪法」"));
    }

    #[test]
    fn themes_split_on_separators_and_deduplicate() {
        let e = NewPublicityEvent::parse(
            draft("学校", &["宪法、民法典", "宪法"]),
            &Vocabulary::default(),
        )
        .unwrap();
        assert_eq!(e.themes, vec!["宪法", "民法典"]);
    }

    fn event(
        venue: VenueType,
        themes: &[&str],
        campaigns: &[&str],
        c: Counts,
    ) -> NewPublicityEvent {
        NewPublicityEvent {
            held_on: date(2023, 6, 26).unwrap(),
            name: "活动".to_owned(),
            organiser: None,
            venue_type: venue,
            themes: themes.iter().map(|s| (*s).to_owned()).collect(),
            campaigns: campaigns.iter().map(|s| (*s).to_owned()).collect(),
            form: None,
            counts: c,
            notes: None,
        }
    }

    #[test]
    fn totals_add_up_per_venue_theme_and_campaign() {
        let c = |posters: u32, vehicle: u32, people: u32| Counts {
            large_posters: posters,
            small_posters: 1,
            banners: 2,
            materials: 100,
            vehicle_trips: vehicle,
            beneficiaries: people,
        };
        let events = vec![
            event(
                VenueType::Village,
                &["禁毒", "反邪教"],
                &["国际禁毒日"],
                c(3, 1, 50),
            ),
            event(VenueType::Village, &["禁毒"], &[], c(0, 0, 20)),
            event(VenueType::Enterprise, &["安全生产"], &[], c(5, 2, 30)),
            event(
                VenueType::School,
                &["宪法"],
                &["国家宪法日/宪法宣传周"],
                Counts::default(),
            ),
        ];
        let t = PublicityTotals::from_events(&events);
        assert_eq!(t.events, 4);
        assert_eq!(t.events_at(VenueType::Village), 2);
        assert_eq!(t.events_at(VenueType::Enterprise), 1);
        assert_eq!(t.events_at(VenueType::School), 1);
        assert_eq!(t.events_at(VenueType::Grid), 0);
        assert_eq!(t.posters, 3 + 1 + 1 + 5 + 1);
        assert_eq!(t.banners, 6);
        assert_eq!(t.materials, 300);
        assert_eq!(t.vehicle_trips, 3);
        assert_eq!(t.beneficiaries, 100);
        let drugs = t.theme("禁毒").unwrap();
        assert_eq!((drugs.events, drugs.beneficiaries), (2, 70));
        assert_eq!(t.by_theme[0].name, "禁毒");
        assert_eq!(t.campaign("国际禁毒日").unwrap().events, 1);
        assert_eq!(t.campaign("国家宪法日/宪法宣传周").unwrap().posters, 0);
        assert_eq!(
            t.report_sentences()[2],
            "共开展法治宣传进企业1场次、进村居2场次、进学校1场次，受益群众100人次"
        );
    }

    #[test]
    fn grouped_tallies_give_the_same_totals_as_single_events() {
        let themes = vec!["宪法".to_owned()];
        let one = |n: u64| Tally {
            venue_type: VenueType::Grid,
            themes: &themes,
            campaigns: &[],
            events: n,
            large_posters: n,
            small_posters: 0,
            banners: 0,
            materials: 0,
            vehicle_trips: 0,
            beneficiaries: 10 * n,
        };
        let grouped = PublicityTotals::from_tallies([one(3)]);
        let single = PublicityTotals::from_tallies([one(1), one(1), one(1)]);
        assert_eq!(grouped, single);
    }

    #[test]
    fn study_sessions_count_named_attendees_and_check_hours() {
        let s = NewStudySession::parse(StudyDraft {
            held_on: date(2023, 3, 1),
            form: "会前学法".to_owned(),
            laws: "民法典".to_owned(),
            attendees: vec!["张三、李四".to_owned()],
            hours: Some(1.5),
            ..StudyDraft::default()
        })
        .unwrap();
        assert_eq!(s.attendee_count, 2);
        let e = NewStudySession::parse(StudyDraft {
            attendee_count: Some(1),
            attendees: vec!["张三、李四".to_owned()],
            hours: Some(0.0),
            ..StudyDraft::default()
        })
        .unwrap_err();
        for f in ["held_on", "form", "laws", "attendee_count", "hours"] {
            assert!(e.contains_key(f), "{f}: {e:?}");
        }
        let per = hours_per_cadre([
            (&["张三".to_owned(), "李四".to_owned()][..], 1.5),
            (&["张三".to_owned()][..], 2.0),
        ]);
        assert_eq!(per[0], ("张三".to_owned(), 3.5));
        let e = NewStudySession::parse(StudyDraft {
            held_on: date(2023, 3, 1),
            form: "会前学法".to_owned(),
            laws: "民法典".to_owned(),
            attendee_count: Some(1 << 62),
            hours: Some(1.0),
            ..StudyDraft::default()
        })
        .unwrap_err();
        assert!(e["attendee_count"].contains("过大"), "{e:?}");
    }

    #[test]
    fn exams_derive_pass_from_score_and_stats_round() {
        let e = NewLawExam::parse(ExamDraft {
            year: Some(2023),
            cadre: "王五".to_owned(),
            score: Some(59.5),
            ..ExamDraft::default()
        })
        .unwrap();
        assert!(!e.passed);
        assert!(NewLawExam::parse(ExamDraft {
            year: Some(2023),
            cadre: "王五".to_owned(),
            ..ExamDraft::default()
        })
        .unwrap_err()
        .contains_key("passed"));
        assert_eq!(ExamStats::new(3, 2).pass_rate, Some(66.7));
        assert_eq!(ExamStats::new(0, 0).pass_rate, None);
        assert_eq!(ExamStats::new(0, 0).pass_rate_text(), "—");
        assert_eq!(ExamStats::new(332, 314).pass_rate_text(), "94.6%");
    }

    #[test]
    fn exam_score_above_the_papers_maximum_is_refused() {
        let draft = |score| ExamDraft {
            year: Some(2023),
            cadre: "王五".to_owned(),
            score: Some(score),
            ..ExamDraft::default()
        };
        let e = NewLawExam::parse(draft(120.0)).unwrap_err();
        assert_eq!(e["score"], "「成绩」120分高于试卷满分100分，请核对");
        assert!(NewLawExam::parse(draft(100.0)).unwrap().passed);
        assert!(NewLawExam::parse(draft(-1.0))
            .unwrap_err()
            .contains_key("score"));
    }

    #[test]
    fn duty_reports_need_a_form_and_a_date_near_the_year() {
        let ok = NewDutyReport::parse(DutyReportDraft {
            year: Some(2023),
            leader: "赵六".to_owned(),
            reported_on: date(2024, 1, 10),
            form: "口头".to_owned(),
            ..DutyReportDraft::default()
        });
        assert_eq!(ok.unwrap().form, DutyReportForm::Oral);
        let bad = NewDutyReport::parse(DutyReportDraft {
            year: Some(2023),
            leader: "赵六".to_owned(),
            reported_on: date(2021, 1, 10),
            form: "唱歌".to_owned(),
            ..DutyReportDraft::default()
        })
        .unwrap_err();
        assert!(bad.contains_key("reported_on") && bad.contains_key("form"));
    }

    #[test]
    fn months_bucket_dates() {
        let m = events_by_month([date(2023, 1, 5).unwrap(), date(2023, 12, 4).unwrap()]);
        assert_eq!((m[0], m[11], m[5]), (1, 1, 0));
    }
}
