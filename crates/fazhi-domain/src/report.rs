//! The annual report's figures and the seed's own sentences they fill.
//!
//! Figures are always computed from records (the storage layer counts them); this module only
//! names them, adds them up for a roll-up, and writes them into the sentences an official
//! pastes into the 法治政府建设年度报告.

use std::collections::BTreeMap;

use serde::Serialize;

/// The dispute type that never counts among the "main types" of a year.
pub const OTHER_DISPUTE_TYPE: &str = "其他纠纷";

/// Every figure of one organisation (and its subtree) for one year.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Counts and sums by key, e.g. `disputes`, `village_level`, `posters`.
    pub values: BTreeMap<String, i64>,
    /// Breakdowns by key, e.g. `dispute_type` → [(土地纠纷, 120), …], largest first.
    pub breakdowns: BTreeMap<String, Vec<(String, i64)>>,
}

impl Figures {
    pub fn get(&self, key: &str) -> i64 {
        self.values.get(key).copied().unwrap_or(0)
    }

    pub fn set(&mut self, key: &str, value: i64) {
        self.values.insert(key.to_owned(), value);
    }

    /// Sets a breakdown, sorted largest first (ties by label, so output is stable).
    pub fn set_breakdown(&mut self, key: &str, mut rows: Vec<(String, i64)>) {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.breakdowns.insert(key.to_owned(), rows);
    }

    pub fn breakdown(&self, key: &str) -> &[(String, i64)] {
        self.breakdowns.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The most frequent dispute types, 其他纠纷 excluded.
    pub fn main_dispute_types(&self, n: usize) -> Vec<&str> {
        self.breakdown("dispute_type")
            .iter()
            .filter(|(t, c)| t != OTHER_DISPUTE_TYPE && *c > 0)
            .take(n)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    /// Adds another organisation's figures (a county sums its towns).
    pub fn add(&mut self, other: &Figures) {
        for (k, v) in &other.values {
            *self.values.entry(k.clone()).or_default() += v;
        }
        for (k, rows) in &other.breakdowns {
            let mut merged: BTreeMap<String, i64> = self.breakdown(k).iter().cloned().collect();
            for (label, v) in rows {
                *merged.entry(label.clone()).or_default() += v;
            }
            self.set_breakdown(k, merged.into_iter().collect());
        }
    }

    /// Mediation success rate in percent with one decimal, over concluded cases.
    pub fn success_rate_text(&self) -> String {
        let concluded = self.get("succeeded") + self.get("failed") + self.get("terminated");
        rate_text(self.get("succeeded"), concluded)
    }
}

/// `part / whole` in tenths of a percent, rounded half up (94.55% → 94.6%); `None` when
/// `whole` is 0, where a rate means nothing. Integer arithmetic: no binary-fraction surprises.
pub fn rate_permille(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 2000 + whole).div_euclid(2 * whole))
}

/// A rate as printed: `94.6`, or `—` when nobody was counted (never `0`).
pub fn rate_text(part: i64, whole: i64) -> String {
    match rate_permille(part, whole) {
        Some(p) => format!("{}.{}", p / 10, p % 10),
        None => "—".to_owned(),
    }
}

/// What the report is called. Both names are in use for the report 法治政府建设与责任落实督察
/// 工作规定 asks for; the seed town calls it a 工作总结.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ReportTitle {
    /// 法治政府建设年度报告
    AnnualReport,
    /// 法治政府建设工作总结
    #[default]
    WorkSummary,
}

impl ReportTitle {
    pub const ALL: [ReportTitle; 2] = [ReportTitle::AnnualReport, ReportTitle::WorkSummary];

    pub fn code(self) -> &'static str {
        match self {
            ReportTitle::AnnualReport => "annual_report",
            ReportTitle::WorkSummary => "work_summary",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportTitle::AnnualReport => "法治政府建设年度报告",
            ReportTitle::WorkSummary => "法治政府建设工作总结",
        }
    }

    pub fn parse(s: &str) -> Option<ReportTitle> {
        ReportTitle::ALL
            .into_iter()
            .find(|t| t.code() == s || t.label() == s)
    }
}

/// Who signs the report: the government alone, or the Party committee and the government
/// together (the 督察工作规定 makes both responsible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Signatories {
    /// 镇人民政府
    #[default]
    Government,
    /// 镇党委、镇人民政府
    PartyAndGovernment,
}

impl Signatories {
    pub const ALL: [Signatories; 2] = [Signatories::Government, Signatories::PartyAndGovernment];

    pub fn code(self) -> &'static str {
        match self {
            Signatories::Government => "government",
            Signatories::PartyAndGovernment => "party_and_government",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Signatories::Government => "人民政府",
            Signatories::PartyAndGovernment => "党委、人民政府",
        }
    }

    pub fn parse(s: &str) -> Option<Signatories> {
        Signatories::ALL
            .into_iter()
            .find(|t| t.code() == s || t.label() == s)
    }

    /// The names signed under the report, e.g. 中共西大沟镇委员会、西大沟镇人民政府.
    pub fn names(self, place: &str) -> String {
        let government = format!("{place}人民政府");
        match self {
            Signatories::Government => government,
            Signatories::PartyAndGovernment => format!("中共{place}委员会　{government}"),
        }
    }
}

/// Where in the report a sentence belongs (the seed's numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Part {
    /// （一）强化组织领导，落实工作责任: the leading group, meetings, rules and budget
    /// (`leadership::report_sentences`).
    Leadership,
    /// 三、党政主要负责人履行推进法治建设第一责任人职责情况 (`leadership::leaders_sentence`).
    LeadersDuties,
    /// （二）推进政务公开，完善科学民主决策机制: legality review, major decisions and (with the
    /// normative-documents register) normative documents.
    Decisions,
    /// （五）队伍建设、学法与普法
    StudyAndPublicity,
    /// （六）依法有效化解社会矛盾纠纷
    Disputes,
    /// （四）加强行政执法监督: complaints and petitions (信访工作条例 2022).
    Supervision,
}

/// One computed sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub part: Part,
    pub text: String,
}

fn fill(template: &str, f: &Figures, extra: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        match extra.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&f.get(key).to_string()),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The seed's sentences (PRODUCT §6), word for word, then the further figures.
pub fn sentences(f: &Figures) -> Vec<Sentence> {
    let types = f.main_dispute_types(3);
    let types_text = if types.is_empty() {
        "各类纠纷".to_owned()
    } else {
        types.join("、")
    };
    let extra = [
        ("types", types_text),
        ("success_rate", f.success_rate_text()),
        ("study_hours", format_hours(f.get("study_minutes"))),
    ];
    let get = |key: &str| f.get(key);
    let leaders = f.breakdown(crate::leadership::keys::GROUP_LEADERS);
    let mut out: Vec<Sentence> = crate::leadership::report_sentences(get, leaders)
        .into_iter()
        .map(|text| Sentence {
            part: Part::Leadership,
            text,
        })
        .collect();
    let duties = crate::leadership::leaders_sentence(get, leaders);
    if !duties.is_empty() {
        out.push(Sentence {
            part: Part::LeadersDuties,
            text: duties,
        });
    }
    out.extend(
        legality_sentences(f, NormativeDocumentFigures::of(f))
            .into_iter()
            .map(|text| Sentence {
                part: Part::Decisions,
                text,
            }),
    );
    let mut push = |part, template: &str| {
        out.push(Sentence {
            part,
            text: fill(template, f, &extra),
        })
    };
    if f.get("trainings") > 0 || f.get("disputes") > 0 {
        push(Part::Disputes, "组织开展人民调解业务培训{trainings}次。");
    }
    push(
        Part::Disputes,
        "今年累积收集各类矛盾纠纷{disputes}起，提供法律咨询{consultations}次，申请法律援助{legal_aid}次，其中，村级调处化解纠纷{village_level}起，镇级调解{town_level}起，主要涉及{types}等。",
    );
    if f.get("succeeded") + f.get("failed") + f.get("terminated") > 0 {
        push(
            Part::Disputes,
            "已办结纠纷中，调解成功{succeeded}起，调解成功率{success_rate}%；达成书面协议{written_agreements}份、口头协议{oral_agreements}份，申请司法确认{judicial_confirmations}件。",
        );
    }
    if f.get("screening_rounds") > 0 {
        push(Part::Disputes, "开展矛盾纠纷集中排查{screening_rounds}轮。");
    }
    push(
        Part::StudyAndPublicity,
        "开展法治宣传车走街进村宣传{vehicle_trips}台次。",
    );
    push(
        Part::StudyAndPublicity,
        "张贴大、小型宣传海报{posters}张，悬挂横幅{banners}条，发放宣传物品、单张共{materials}份。",
    );
    push(
        Part::StudyAndPublicity,
        "共开展法治宣传进企业{enterprise_events}场次、进村居{village_events}场次、进学校{school_events}场次，受益群众{beneficiaries}人次。",
    );
    if f.get("study_sessions") > 0 {
        push(
            Part::StudyAndPublicity,
            "组织机关干部学法{study_sessions}次，累计{study_hours}学时。",
        );
    }
    if f.get("exam_takers") > 0 {
        push(
            Part::StudyAndPublicity,
            "{exam_takers}名干部参加年度学法考试，合格{exam_passed}人。",
        );
    }
    if f.get("duty_reports") > 0 {
        push(
            Part::StudyAndPublicity,
            "{duty_reports}名党政主要负责人及班子成员开展年终述职述法。",
        );
    }
    let complaints = ComplaintFigures::of(f);
    if complaints.cases > 0 {
        out.push(Sentence {
            part: Part::Supervision,
            text: complaints.sentence(),
        });
    }
    // Deputies' suggestions, proposals, 司法/检察建议, findings and media issues
    // (registers/supervision_items/), after the complaints.
    out.extend(
        crate::supervision_item::SupervisionFigures::of(f)
            .sentence()
            .map(|text| Sentence {
                part: Part::Supervision,
                text,
            }),
    );
    out
}

/// The figure keys of legality review and major decisions (`storage::figures::legality`).
pub mod legality_keys {
    /// Review requests sent in the year, by kind (fazhi_domain::review::ReviewKind codes).
    pub const REVIEWS_MAJOR_DECISION: &str = "reviews_major_decision";
    pub const REVIEWS_CONTRACT: &str = "reviews_contract";
    pub const REVIEWS_PENALTY: &str = "reviews_penalty";
    pub const REVIEWS_MEDIATION_PLAN: &str = "reviews_mediation_plan";
    pub const REVIEWS_NORMATIVE_DOCUMENT: &str = "reviews_normative_document";
    /// Every review request sent in the year.
    pub const REVIEWS: &str = "reviews";
    /// Those the adviser answered (提出意见).
    pub const REVIEW_OPINIONS: &str = "review_opinions";
    /// Answered with 合法 / 修改后合法 / 不合法 / 明示法律风险.
    pub const REVIEWS_LAWFUL: &str = "reviews_lawful";
    pub const REVIEWS_LAWFUL_AFTER_CHANGES: &str = "reviews_lawful_after_changes";
    pub const REVIEWS_UNLAWFUL: &str = "reviews_unlawful";
    pub const REVIEWS_RISK_NOTED: &str = "reviews_risk_noted";
    /// Opinions the requesters reported on, and of those the adopted ones (采纳率).
    pub const REVIEWS_REPORTED: &str = "reviews_reported";
    pub const REVIEWS_ADOPTED: &str = "reviews_adopted";
    /// Major decisions made in the year, and those made through every statutory procedure.
    pub const DECISIONS_MADE: &str = "decisions_made";
    pub const DECISIONS_FOLLOWED: &str = "decisions_followed";
    /// Contracts signed in the year that went through a linked legality review.
    pub const CONTRACTS_REVIEWED: &str = "contracts_reviewed";
}

/// The figure keys of complaints and petitions (`storage::figures::complaints`), cases counted
/// in their year of receipt, withdrawn ones nowhere.
pub mod complaint_keys {
    pub const CASES: &str = "complaints";
    /// Cases with an acceptance decision, and those told by the acceptance due date
    /// (信访工作条例 第二十三条).
    pub const DECIDED: &str = "complaints_decided";
    pub const DECIDED_ON_TIME: &str = "complaints_decided_on_time";
    /// Concluded cases, and those concluded by the due date, approved extension included
    /// (第三十二条).
    pub const CONCLUDED: &str = "complaints_concluded";
    pub const CONCLUDED_ON_TIME: &str = "complaints_concluded_on_time";
    /// Satisfaction callbacks made, and of them 满意 or 基本满意.
    pub const CALLBACKS: &str = "complaints_callbacks";
    pub const SATISFIED: &str = "complaints_satisfied";
    /// Cases flagged as repeats of an earlier one.
    pub const REPEATS: &str = "complaints_repeats";
    /// Breakdowns of the cases by channel and by class (labels as people read them).
    pub const BY_CHANNEL: &str = "complaint_channel";
    pub const BY_CLASS: &str = "complaint_class";
}

/// The complaints figures the 一(四) sentence is written from; the complaints register's own
/// `Figures::report_sentence` writes the same sentence through [`ComplaintFigures::sentence`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComplaintFigures {
    pub cases: i64,
    pub decided: i64,
    pub decided_on_time: i64,
    pub concluded: i64,
    pub concluded_on_time: i64,
    pub callbacks: i64,
    pub satisfied: i64,
    pub repeats: i64,
}

impl ComplaintFigures {
    pub fn of(f: &Figures) -> ComplaintFigures {
        use complaint_keys as k;
        ComplaintFigures {
            cases: f.get(k::CASES),
            decided: f.get(k::DECIDED),
            decided_on_time: f.get(k::DECIDED_ON_TIME),
            concluded: f.get(k::CONCLUDED),
            concluded_on_time: f.get(k::CONCLUDED_ON_TIME),
            callbacks: f.get(k::CALLBACKS),
            satisfied: f.get(k::SATISFIED),
            repeats: f.get(k::REPEATS),
        }
    }

    /// The sentence of the annual report's 一(四) (接受监督) on complaints and petitions; a
    /// rate with no base reads "—".
    pub fn sentence(&self) -> String {
        if self.cases == 0 {
            return "本年度未受理群众举报投诉和信访事项。".to_owned();
        }
        let pct = rate_pct;
        format!(
            "本年度收到群众举报投诉和信访事项{}件，按期告知受理率{}，办结{}件、按期办结率{}，回访满意率{}，重复信访{}件。",
            self.cases,
            pct(self.decided_on_time, self.decided),
            self.concluded,
            pct(self.concluded_on_time, self.concluded),
            pct(self.satisfied, self.callbacks),
            self.repeats
        )
    }
}

/// A rate as the 一(四) sentences write it, one decimal and a percent sign (`83.3%`); "—" with
/// no base.
pub fn rate_pct(part: i64, whole: i64) -> String {
    if whole > 0 {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    } else {
        "—".to_owned()
    }
}

/// A percentage with at most one decimal, as the seed writes it (`95`, `87.5`); none when the
/// base is zero.
pub fn percent(part: i64, whole: i64) -> Option<String> {
    if whole <= 0 {
        return None;
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    Some(if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    })
}

/// The normative documents' figures of a year (the normative-documents register adds them:
/// issue #16 item 5); the report writes their sentence after the legality-review ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NormativeDocumentFigures {
    pub issued: i64,
    pub repealed: i64,
    /// In force at the end of the year.
    pub valid: i64,
    /// Filed with the county (备案), and of those within the time limit.
    pub filed: i64,
    pub filed_on_time: i64,
}

impl NormativeDocumentFigures {
    /// The keys the normative-documents register sets in [`Figures`].
    pub const ISSUED: &'static str = "normative_issued";
    pub const REPEALED: &'static str = "normative_repealed";
    pub const VALID: &'static str = "normative_valid";
    pub const FILED: &'static str = "normative_filed";
    pub const FILED_ON_TIME: &'static str = "normative_filed_on_time";

    /// The figures, when the register has set them (a report without that register has none)
    /// and any is above zero: a town without documents gets no sentence of zeros.
    pub fn of(f: &Figures) -> Option<NormativeDocumentFigures> {
        f.values
            .contains_key(Self::ISSUED)
            .then(|| NormativeDocumentFigures {
                issued: f.get(Self::ISSUED),
                repealed: f.get(Self::REPEALED),
                valid: f.get(Self::VALID),
                filed: f.get(Self::FILED),
                filed_on_time: f.get(Self::FILED_ON_TIME),
            })
            .filter(|d| *d != NormativeDocumentFigures::default())
    }

    /// 「全年制发行政规范性文件{n}件，均在规定时限内报送备案…」
    pub fn sentence(&self) -> String {
        let filing = if self.filed == 0 {
            String::new()
        } else if self.filed_on_time == self.filed {
            format!("，{}件均按时报送备案", self.filed)
        } else {
            format!(
                "，报送备案{}件，其中按时报送{}件",
                self.filed, self.filed_on_time
            )
        };
        format!(
            "全年制发行政规范性文件{}件{filing}；废止{}件，现行有效{}件。",
            self.issued, self.repealed, self.valid
        )
    }
}

/// The sentences of part （二） computed from the legality-review and decision figures, in the
/// seed's register: 「全年对{n}件重大行政决策、{m}份合同协议进行合法性审查，提出意见{k}条，
/// 采纳率{r}%」, then the decisions made and how many followed every statutory procedure
/// (重大行政决策程序暂行条例), then the normative documents when their register has counted
/// them. A year with nothing reviewed or decided says nothing (no sentence of zeros).
pub fn legality_sentences(f: &Figures, documents: Option<NormativeDocumentFigures>) -> Vec<String> {
    use legality_keys as k;
    let mut out = Vec::new();
    if f.get(k::REVIEWS) > 0 {
        let mut matters = vec![
            format!("{}件重大行政决策", f.get(k::REVIEWS_MAJOR_DECISION)),
            format!("{}份合同协议", f.get(k::REVIEWS_CONTRACT)),
        ];
        for (key, noun) in [
            (k::REVIEWS_PENALTY, "件行政处罚决定"),
            (k::REVIEWS_MEDIATION_PLAN, "件重大矛盾纠纷调处方案"),
            (k::REVIEWS_NORMATIVE_DOCUMENT, "件行政规范性文件"),
        ] {
            if f.get(key) > 0 {
                matters.push(format!("{}{noun}", f.get(key)));
            }
        }
        let rate = percent(f.get(k::REVIEWS_ADOPTED), f.get(k::REVIEWS_REPORTED))
            .map(|r| format!("，采纳率{r}%"))
            .unwrap_or_default();
        out.push(format!(
            "全年对{}进行合法性审查，提出意见{}条{rate}。",
            matters.join("、"),
            f.get(k::REVIEW_OPINIONS)
        ));
    }
    let made = f.get(k::DECISIONS_MADE);
    if made > 0 {
        let followed = f.get(k::DECISIONS_FOLLOWED);
        let procedures = "公众参与、专家论证、风险评估、合法性审查、集体讨论决定法定程序";
        out.push(if followed == made {
            format!("全年作出重大行政决策{made}件，均严格履行{procedures}，法定程序履行率100%。")
        } else {
            format!(
                "全年作出重大行政决策{made}件，其中{followed}件完整履行{procedures}，法定程序履行率{}%。",
                percent(followed, made).unwrap_or_default()
            )
        });
    }
    if let Some(d) = documents {
        out.push(d.sentence());
    }
    if let Some(c) = crate::normative::cleanup::CleanupFigures::of(f) {
        out.push(c.sentence());
    }
    out
}

fn format_hours(minutes: i64) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_figures() -> Figures {
        let mut f = Figures::default();
        for (k, v) in [
            ("trainings", 7),
            ("disputes", 332),
            ("consultations", 158),
            ("legal_aid", 3),
            ("village_level", 303),
            ("town_level", 29),
            ("vehicle_trips", 50),
            ("posters", 157),
            ("banners", 60),
            ("materials", 5000),
            ("enterprise_events", 8),
            ("village_events", 53),
            ("school_events", 4),
            ("beneficiaries", 4000),
        ] {
            f.set(k, v);
        }
        f.set_breakdown(
            "dispute_type",
            vec![
                ("其他纠纷".into(), 200),
                ("家庭纠纷".into(), 30),
                ("土地纠纷".into(), 60),
                ("草场纠纷".into(), 42),
            ],
        );
        f
    }

    #[test]
    fn the_seed_sentences_come_out_word_for_word() {
        let text: String = sentences(&seed_figures())
            .into_iter()
            .map(|s| s.text)
            .collect();
        for expected in [
            "组织开展人民调解业务培训7次",
            "今年累积收集各类矛盾纠纷332起，提供法律咨询158次，申请法律援助3次，其中，村级调处化解纠纷303起，镇级调解29起，主要涉及土地纠纷、草场纠纷、家庭纠纷等。",
            "开展法治宣传车走街进村宣传50台次",
            "张贴大、小型宣传海报157张，悬挂横幅60条，发放宣传物品、单张共5000份",
            "共开展法治宣传进企业8场次、进村居53场次、进学校4场次，受益群众4000人次",
        ] {
            assert!(text.contains(expected), "missing: {expected}\nin: {text}");
        }
    }

    #[test]
    fn a_year_without_records_still_reads() {
        let s = sentences(&Figures::default());
        assert!(s[0].text.contains("矛盾纠纷0起"));
        assert!(s[0].text.contains("主要涉及各类纠纷等"));
    }

    #[test]
    fn roll_up_adds_values_and_breakdowns() {
        let mut county = seed_figures();
        county.add(&seed_figures());
        assert_eq!(county.get("disputes"), 664);
        assert_eq!(
            county.breakdown("dispute_type")[0],
            ("其他纠纷".to_owned(), 400)
        );
        assert_eq!(
            county.main_dispute_types(3),
            vec!["土地纠纷", "草场纠纷", "家庭纠纷"]
        );
    }

    /// 2 of 3 is 66.67%: rounded half up, not truncated.
    #[test]
    fn success_rate_over_concluded_cases() {
        let mut f = Figures::default();
        f.set("succeeded", 2);
        f.set("failed", 1);
        assert_eq!(f.success_rate_text(), "66.7");
        assert_eq!(Figures::default().success_rate_text(), "—");
    }

    #[test]
    fn rates_round_half_up() {
        // The demo's 2023: 314 of 332 = 94.578…% → 94.6 (truncation printed 94.5).
        assert_eq!(rate_text(314, 332), "94.6");
        assert_eq!(rate_text(1, 16), "6.3", "6.25 rounds up");
        assert_eq!(rate_text(2, 3), "66.7");
        assert_eq!(rate_text(5, 5), "100.0");
        assert_eq!(rate_text(0, 0), "—");
        assert_eq!(rate_permille(0, 0), None);
        assert_eq!(format_hours(90), "1.5");
        assert_eq!(format_hours(120), "2");
    }

    #[test]
    fn the_complaints_sentence_is_written_into_part_four_from_hand_counted_figures() {
        use complaint_keys as k;
        assert!(sentences(&Figures::default())
            .iter()
            .all(|s| s.part != Part::Supervision));
        let mut f = Figures::default();
        // 8 cases; 6 told of acceptance, 5 of them on time; 4 concluded, 3 on time;
        // 3 callbacks, 2 satisfied; 1 repeat.
        for (key, n) in [
            (k::CASES, 8),
            (k::DECIDED, 6),
            (k::DECIDED_ON_TIME, 5),
            (k::CONCLUDED, 4),
            (k::CONCLUDED_ON_TIME, 3),
            (k::CALLBACKS, 3),
            (k::SATISFIED, 2),
            (k::REPEATS, 1),
        ] {
            f.set(key, n);
        }
        let part: Vec<String> = sentences(&f)
            .into_iter()
            .filter(|s| s.part == Part::Supervision)
            .map(|s| s.text)
            .collect();
        assert_eq!(
            part,
            ["本年度收到群众举报投诉和信访事项8件，按期告知受理率83.3%，办结4件、按期办结率75.0%，回访满意率66.7%，重复信访1件。"]
        );
        f.set(k::CALLBACKS, 0);
        assert!(ComplaintFigures::of(&f).sentence().contains("回访满意率—"));
    }

    #[test]
    fn legality_sentences_follow_the_seed_and_say_nothing_of_an_empty_year() {
        assert!(legality_sentences(&Figures::default(), None).is_empty());
        let mut f = Figures::default();
        for (k, v) in [
            (legality_keys::REVIEWS, 9),
            (legality_keys::REVIEWS_MAJOR_DECISION, 3),
            (legality_keys::REVIEWS_CONTRACT, 5),
            (legality_keys::REVIEWS_PENALTY, 1),
            (legality_keys::REVIEW_OPINIONS, 8),
            (legality_keys::REVIEWS_REPORTED, 8),
            (legality_keys::REVIEWS_ADOPTED, 7),
            (legality_keys::DECISIONS_MADE, 2),
            (legality_keys::DECISIONS_FOLLOWED, 2),
        ] {
            f.set(k, v);
        }
        let docs = NormativeDocumentFigures {
            issued: 2,
            repealed: 1,
            valid: 6,
            filed: 2,
            filed_on_time: 2,
        };
        assert_eq!(
            legality_sentences(&f, Some(docs)),
            vec![
                "全年对3件重大行政决策、5份合同协议、1件行政处罚决定进行合法性审查，提出意见8条，采纳率87.5%。",
                "全年作出重大行政决策2件，均严格履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定法定程序，法定程序履行率100%。",
                "全年制发行政规范性文件2件，2件均按时报送备案；废止1件，现行有效6件。",
            ]
        );
        f.set(legality_keys::DECISIONS_FOLLOWED, 1);
        assert!(legality_sentences(&f, None)[1].contains("其中1件完整履行"));
        assert_eq!(percent(2, 3).as_deref(), Some("66.7"));
        assert_eq!(percent(1, 0), None);
    }
}
