//! Disputes and people's mediation (人民调解法; 人民调解工作若干规定): the case lifecycle, who may
//! take each step and what each step requires, the code lists, and case numbers.
//!
//! The lifecycle is 登记 → 受理 / 不予受理 → 调解中 → 调解成功 / 调解不成 / 终止, with 移交 possible
//! before a case concludes. Escalation from village to town level is not a status: the case keeps
//! its status and number and moves up a level, so its history at both levels stays in one record.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::access::{Area, Role};

pub mod correction;
pub mod history;

/// A code list: an enum whose values each have a stored code and a Chinese label, declared as
/// one table (`Variant = "code", "label";`).
macro_rules! code_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $label:literal;)+ }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database and used in the API.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The Chinese label shown to people and written in ledgers.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// From a code or a Chinese label (ledgers and forms use either).
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }

            /// `code, label` pairs for select boxes.
            pub fn options() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.code(), v.label())).collect()
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// Where a case stands.
    Status {
        Registered = "registered", "已登记";
        Accepted = "accepted", "已受理";
        Rejected = "rejected", "不予受理";
        Mediating = "mediating", "调解中";
        Succeeded = "succeeded", "调解成功";
        Failed = "failed", "调解不成";
        Terminated = "terminated", "已终止";
        Transferred = "transferred", "已移交";
    }
}

impl Status {
    /// A concluded case takes no more lifecycle steps (return visits and judicial confirmation
    /// still follow a success).
    pub fn is_concluded(self) -> bool {
        matches!(
            self,
            Status::Rejected
                | Status::Succeeded
                | Status::Failed
                | Status::Terminated
                | Status::Transferred
        )
    }

    /// The one-month norm runs from acceptance until the case concludes.
    pub fn mediation_clock_runs(self) -> bool {
        matches!(self, Status::Accepted | Status::Mediating)
    }

    /// Ledger spelling (PRODUCT §8.4 uses 已受理/调解中/调解成功/调解不成/已终止); also accepts
    /// the short forms people type (终止, 移交, 登记).
    pub fn parse_ledger(s: &str) -> Option<Status> {
        match s.trim() {
            "终止" => Some(Status::Terminated),
            "移交" => Some(Status::Transferred),
            "登记" => Some(Status::Registered),
            "受理" => Some(Status::Accepted),
            other => Status::parse(other),
        }
    }

    /// CSS class of the status label.
    pub fn tone(self) -> &'static str {
        match self {
            Status::Succeeded => "ok",
            Status::Rejected | Status::Failed | Status::Terminated | Status::Transferred => "",
            Status::Registered | Status::Accepted | Status::Mediating => "soon",
        }
    }
}

code_enum! {
    /// The level that mediates the case.
    Level {
        Village = "village", "村级";
        Town = "town", "镇级";
    }
}

code_enum! {
    /// How the case came in (人民调解法 Arts. 17–18 and screening practice).
    Source {
        Screening = "screening", "排查";
        Visit = "visit", "来访";
        Phone = "phone", "电话";
        Online = "online", "网络";
        Referred = "referred", "转办";
        Court = "court", "法院委派";
        Police = "police", "公安移送";
        Other = "other", "其他";
    }
}

code_enum! {
    /// Risk of escalation, which decides how closely a case is watched.
    Risk {
        Low = "low", "低";
        Medium = "medium", "中";
        High = "high", "高";
    }
}

code_enum! {
    /// Form of the mediation agreement (人民调解法 Art. 28).
    AgreementForm {
        Written = "written", "书面";
        Oral = "oral", "口头";
        NoAgreement = "none", "无";
    }
}

code_enum! {
    /// Performance of an agreement, recorded at return visits (Art. 31).
    Performance {
        Pending = "pending", "待履行";
        Partial = "partial", "部分履行";
        Performed = "performed", "已履行";
        Refused = "refused", "拒不履行";
    }
}

code_enum! {
    /// The court's ruling on an application for judicial confirmation (Art. 33).
    Ruling {
        Pending = "pending", "审查中";
        Valid = "valid", "确认有效";
        Invalid = "invalid", "确认无效";
    }
}

code_enum! {
    /// Sex of a natural-person party.
    Sex {
        Male = "male", "男";
        Female = "female", "女";
    }
}

code_enum! {
    /// Whether a party is a person or an organisation.
    PartyKind {
        Person = "person", "自然人";
        Organisation = "organisation", "法人或其他组织";
    }
}

code_enum! {
    /// How a legal consultation came in (法律援助法 Art. 23 and township practice).
    Channel {
        Counter = "counter", "窗口";
        Phone = "phone", "电话";
        Online = "online", "网络";
        Visit = "visit", "下村";
    }
}

code_enum! {
    /// The county legal-aid centre's decision on a referred application (法律援助法 Art. 43).
    AidDecision {
        Pending = "pending", "待决定";
        Granted = "granted", "给予援助";
        Refused = "refused", "不予援助";
    }
}

/// What usually follows a consultation; free text is allowed, these are offered.
pub const CONSULTATION_FOLLOW_UPS: &[&str] = &["当场解答", "转调解", "转法律援助", "引导诉讼"];

/// The default dispute types: the judicial-statistics categories (statutes §1.6) plus the local
/// categories the seed counts by (土地纠纷、草场纠纷、家庭纠纷). A deployment may change the list;
/// stored records keep the name they were given.
pub const DEFAULT_TYPES: &[&str] = &[
    "土地纠纷",
    "草场纠纷",
    "家庭纠纷",
    "婚姻家庭纠纷",
    "邻里纠纷",
    "房屋宅基地纠纷",
    "合同纠纷",
    "生产经营纠纷",
    "损害赔偿纠纷",
    "山林土地纠纷",
    "征地拆迁纠纷",
    "环境污染纠纷",
    "劳动争议纠纷",
    "村务管理纠纷",
    "道路交通事故纠纷",
    "医疗纠纷",
    "物业纠纷",
    "消费纠纷",
    "旅游纠纷",
    "其他纠纷",
];

/// The catch-all type, left out of "the most frequent types" in the annual report.
pub const OTHER_TYPE: &str = "其他纠纷";

/// The most parties one case may list: a dispute among more people is a group dispute (群体性
/// 纠纷), recorded with its representatives and the number of people involved. 10,000 parties
/// made a 500 (issue #12, Low).
pub const MAX_PARTIES: usize = 50;

/// The longest free text of a case (简要情况、当事人诉求, and their ledger cells), in characters:
/// generous for any real account, and a bound on what one request may store (issue #12, Low).
pub const MAX_TEXT: usize = 5_000;

/// The longest party name (a person's or an organisation's), in characters.
pub const MAX_NAME: usize = 100;

/// What to write when a case lists more than [`MAX_PARTIES`] parties.
pub fn too_many_parties(n: usize) -> String {
    format!(
        "当事人有 {n} 位，超过 {MAX_PARTIES} 位上限：人数众多的纠纷请只填写代表人，并在「涉及人数」中填写总人数"
    )
}

/// Finds a dispute type in `list`, also accepting the name without its 纠纷 suffix (草场 → 草场纠纷).
pub fn parse_type<'a>(list: &[&'a str], input: &str) -> Option<&'a str> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    list.iter()
        .copied()
        .find(|t| *t == s || t.strip_suffix("纠纷") == Some(s))
}

code_enum! {
    /// A step in the lifecycle.
    Action {
        Accept = "accept", "受理";
        Reject = "reject", "不予受理";
        Start = "start", "开始调解";
        /// Conclude with an outcome: 调解成功, 调解不成 or 终止.
        Close = "close", "结案";
        Transfer = "transfer", "移交";
        Escalate = "escalate", "上报镇级调解";
        /// Record a mediation session (not a transition, but only while mediating).
        RecordSession = "session", "记录调解";
        ReturnVisit = "return_visit", "回访";
        JudicialConfirmation = "judicial_confirmation", "司法确认";
    }
}

/// Why a step was refused; `Display` says what to do, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("您的角色不能办理纠纷案件")]
    Role,
    #[error("案件当前为「{status}」，不能{action}")]
    State {
        status: &'static str,
        action: &'static str,
    },
    #[error("案件已在镇级调解，无需再上报")]
    AlreadyTown,
    #[error("{field}：{message}")]
    Missing {
        field: &'static str,
        message: &'static str,
    },
    #[error("申请司法确认须在调解协议生效之日起30日内（协议{effective}生效，最迟{last}申请）")]
    ConfirmationLate {
        effective: NaiveDate,
        last: NaiveDate,
    },
}

impl Refusal {
    /// The input field a refusal is about, for form errors.
    pub fn field(&self) -> &'static str {
        match self {
            Refusal::Missing { field, .. } => field,
            Refusal::ConfirmationLate { .. } => "applied_on",
            _ => "_",
        }
    }
}

/// The facts a step is checked against.
#[derive(Clone, Copy, Debug)]
pub struct CaseState {
    pub status: Status,
    pub level: Level,
    /// For a success: whether the agreement has taken effect (written: every signature and the
    /// seal present; oral: when reached).
    pub agreement_effective_on: Option<NaiveDate>,
}

/// Which steps `role` may take on a case in `state`, in the order they are offered.
pub fn allowed_actions(role: Role, state: &CaseState) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| check(role, state, *a).is_ok())
        .collect()
}

/// Whether `role` may take `action` now. Content requirements are checked by the `*Input` types.
pub fn check(role: Role, state: &CaseState, action: Action) -> Result<(), Refusal> {
    if !role.can_write(Area::Disputes) {
        return Err(Refusal::Role);
    }
    use Status::*;
    let ok = match action {
        Action::Accept | Action::Reject => state.status == Registered,
        Action::Start => state.status == Accepted,
        Action::Close => matches!(state.status, Accepted | Mediating),
        Action::Transfer => matches!(state.status, Registered | Accepted | Mediating),
        Action::Escalate => {
            if !matches!(state.status, Registered | Accepted | Mediating) {
                false
            } else if state.level == Level::Town {
                return Err(Refusal::AlreadyTown);
            } else {
                true
            }
        }
        Action::RecordSession => state.status == Mediating,
        Action::ReturnVisit => state.status == Succeeded,
        Action::JudicialConfirmation => {
            state.status == Succeeded && state.agreement_effective_on.is_some()
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::State {
            status: state.status.label(),
            action: action.label(),
        })
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What closing a case records.
#[derive(Clone, Debug, Default)]
pub struct CloseInput {
    pub outcome: Option<Status>,
    pub closed_on: Option<NaiveDate>,
    pub agreement_form: Option<AgreementForm>,
    /// Agreed rights and obligations (for an oral agreement, the content the mediator records).
    pub agreement_terms: String,
    /// Manner, place and time limit of performance (人民调解工作若干规定 Art. 35).
    pub performance_terms: String,
    /// Each party's responsibility.
    pub responsibility: String,
    pub signatures_complete: bool,
    pub agreement_effective_on: Option<NaiveDate>,
    /// Why the case ended without agreement (required for 终止).
    pub reason: String,
    /// Whether the one-month norm has been exceeded; then a reason is required.
    pub overdue: bool,
    pub overdue_reason: String,
}

/// A checked close: what the case will record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closing {
    pub outcome: Status,
    pub closed_on: NaiveDate,
    pub agreement_form: AgreementForm,
    /// When the agreement took effect; `None` for a written agreement still missing signatures
    /// or the seal.
    pub agreement_effective_on: Option<NaiveDate>,
}

impl CloseInput {
    /// Checks what each outcome requires; every problem is returned, keyed by field.
    pub fn check(&self) -> Result<Closing, Vec<Refusal>> {
        let mut errs = Vec::new();
        let missing = |field, message| Refusal::Missing { field, message };
        let outcome = match self.outcome {
            Some(o @ (Status::Succeeded | Status::Failed | Status::Terminated)) => Some(o),
            _ => {
                errs.push(missing(
                    "outcome",
                    "请选择结案结果：调解成功、调解不成或已终止",
                ));
                None
            }
        };
        if self.closed_on.is_none() {
            errs.push(missing("closed_on", "请填写结案日期，例如 2024-03-05"));
        }
        let form = self.agreement_form.unwrap_or(AgreementForm::NoAgreement);
        let mut effective = None;
        match outcome {
            Some(Status::Succeeded) => {
                if form == AgreementForm::NoAgreement {
                    errs.push(missing(
                        "agreement_form",
                        "调解成功须选择协议形式：书面或口头",
                    ));
                }
                if blank(&self.agreement_terms) {
                    errs.push(missing(
                        "agreement_terms",
                        "请填写达成协议的内容（双方的权利义务）",
                    ));
                }
                if form == AgreementForm::Written {
                    if blank(&self.performance_terms) {
                        errs.push(missing(
                            "performance_terms",
                            "书面协议须写明履行方式、地点和期限",
                        ));
                    }
                    // Art. 29: in effect only once every party, the mediator and the seal are on it.
                    if self.signatures_complete {
                        effective = self.agreement_effective_on.or(self.closed_on);
                    }
                } else if form == AgreementForm::Oral {
                    // Art. 30: an oral agreement takes effect when it is reached.
                    effective = self.agreement_effective_on.or(self.closed_on);
                }
            }
            Some(o @ (Status::Failed | Status::Terminated)) => {
                if o == Status::Terminated && blank(&self.reason) {
                    errs.push(missing("reason", "请填写终止调解的原因"));
                }
                if form != AgreementForm::NoAgreement {
                    errs.push(missing(
                        "agreement_form",
                        "未达成协议的案件，协议形式应为「无」",
                    ));
                }
            }
            _ => {}
        }
        if self.overdue && blank(&self.overdue_reason) {
            errs.push(missing(
                "overdue_reason",
                "已超过一个月的调解期限，请填写超期原因",
            ));
        }
        match (outcome, self.closed_on, errs.is_empty()) {
            (Some(outcome), Some(closed_on), true) => Ok(Closing {
                outcome,
                closed_on,
                agreement_form: if outcome == Status::Succeeded {
                    form
                } else {
                    AgreementForm::NoAgreement
                },
                agreement_effective_on: effective,
            }),
            _ => Err(errs),
        }
    }
}

/// Reason required to refuse a case (人民调解工作若干规定 Art. 22).
pub fn check_reject(reason: &str) -> Result<(), Refusal> {
    if blank(reason) {
        Err(Refusal::Missing {
            field: "reason",
            message: "请填写不予受理的理由，例如「已由人民法院受理」",
        })
    } else {
        Ok(())
    }
}

/// The body a case is transferred to is required.
pub fn check_transfer(target: &str) -> Result<(), Refusal> {
    if blank(target) {
        Err(Refusal::Missing {
            field: "target",
            message: "请填写移交的单位，例如「乌苏市人民法院」",
        })
    } else {
        Ok(())
    }
}

/// Judicial confirmation must be applied for within 30 days of the agreement taking effect
/// (人民调解法 Art. 33); the start day is not counted (民法典 Art. 201). `last_day` is the due date
/// from the deadline engine (which rolls a rest day forward); without one, 30 calendar days.
pub fn check_confirmation(
    effective_on: NaiveDate,
    last_day: Option<NaiveDate>,
    applied_on: NaiveDate,
) -> Result<(), Refusal> {
    let last = last_day.unwrap_or(effective_on + Duration::days(30));
    if applied_on < effective_on {
        Err(Refusal::Missing {
            field: "applied_on",
            message: "申请日期不能早于协议生效日期",
        })
    } else if applied_on > last {
        Err(Refusal::ConfirmationLate {
            effective: effective_on,
            last,
        })
    } else {
        Ok(())
    }
}

/// Case-number pattern: `{town}` (the town's short name), `{year}` and `{n}`.
pub const DEFAULT_CASE_NO_PATTERN: &str = "{town}调〔{year}〕{n}号";

/// A town's short name for case numbers: 西大沟镇 → 西大沟, 城关街道 → 城关.
pub fn town_short_name(name: &str) -> &str {
    let name = name.trim();
    for suffix in ["街道办事处", "街道", "镇", "乡"] {
        if let Some(short) = name.strip_suffix(suffix) {
            if !short.is_empty() {
                return short;
            }
        }
    }
    name
}

/// Formats case number `n` of `year` in `town` with `pattern`.
pub fn format_case_no(pattern: &str, town_name: &str, year: i32, n: i64) -> String {
    pattern
        .replace("{town}", town_short_name(town_name))
        .replace("{year}", &year.to_string())
        .replace("{n}", &n.to_string())
}

/// The sequence number of a case number made with `pattern` for `town_name` and `year`, so the
/// next number continues after imported ones.
pub fn case_no_seq(pattern: &str, town_name: &str, year: i32, case_no: &str) -> Option<i64> {
    let template = pattern
        .replace("{town}", town_short_name(town_name))
        .replace("{year}", &year.to_string());
    let (before, after) = template.split_once("{n}")?;
    let digits = case_no.strip_prefix(before)?.strip_suffix(after)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: Status, level: Level) -> CaseState {
        CaseState {
            status,
            level,
            agreement_effective_on: None,
        }
    }

    /// Every (status, action) pair for a village-level case, as allowed (true) or refused.
    #[test]
    fn transition_matrix() {
        use Action as A;
        use Status as S;
        let allowed: &[(Status, &[Action])] = &[
            (
                S::Registered,
                &[A::Accept, A::Reject, A::Transfer, A::Escalate],
            ),
            (S::Accepted, &[A::Start, A::Close, A::Transfer, A::Escalate]),
            (
                S::Mediating,
                &[A::Close, A::Transfer, A::Escalate, A::RecordSession],
            ),
            (S::Rejected, &[]),
            (S::Succeeded, &[A::ReturnVisit]),
            (S::Failed, &[]),
            (S::Terminated, &[]),
            (S::Transferred, &[]),
        ];
        assert_eq!(allowed.len(), Status::ALL.len());
        for (status, actions) in allowed {
            for &action in Action::ALL {
                let result = check(Role::Mediator, &state(*status, Level::Village), action);
                assert_eq!(
                    result.is_ok(),
                    actions.contains(&action),
                    "{status:?} / {action:?}: {result:?}"
                );
                if let Err(e) = result {
                    assert!(matches!(e, Refusal::State { .. }), "{e}");
                }
            }
        }
    }

    #[test]
    fn escalation_only_from_village_level() {
        for s in [Status::Registered, Status::Accepted, Status::Mediating] {
            assert_eq!(
                check(Role::Staff, &state(s, Level::Town), Action::Escalate),
                Err(Refusal::AlreadyTown)
            );
            assert!(check(Role::Staff, &state(s, Level::Village), Action::Escalate).is_ok());
        }
    }

    #[test]
    fn only_writing_roles_take_steps() {
        let s = state(Status::Registered, Level::Village);
        for role in Role::ALL {
            let ok = check(role, &s, Action::Accept).is_ok();
            assert_eq!(
                ok,
                matches!(role, Role::Admin | Role::Staff | Role::Mediator),
                "{role:?}"
            );
        }
        assert!(allowed_actions(Role::Viewer, &s).is_empty());
        assert_eq!(
            allowed_actions(Role::Staff, &s),
            vec![
                Action::Accept,
                Action::Reject,
                Action::Transfer,
                Action::Escalate
            ]
        );
    }

    #[test]
    fn judicial_confirmation_needs_an_effective_agreement() {
        let mut s = state(Status::Succeeded, Level::Village);
        assert!(check(Role::Mediator, &s, Action::JudicialConfirmation).is_err());
        s.agreement_effective_on = NaiveDate::from_ymd_opt(2024, 3, 1);
        assert!(check(Role::Mediator, &s, Action::JudicialConfirmation).is_ok());
        let eff = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert!(
            check_confirmation(eff, None, NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()).is_ok()
        );
        assert!(matches!(
            check_confirmation(eff, None, NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()),
            Err(Refusal::ConfirmationLate { .. })
        ));
        assert!(
            check_confirmation(eff, None, NaiveDate::from_ymd_opt(2024, 2, 28).unwrap()).is_err()
        );
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn fields(errs: Vec<Refusal>) -> Vec<&'static str> {
        errs.iter().map(Refusal::field).collect()
    }

    #[test]
    fn a_written_agreement_needs_terms_and_takes_effect_only_when_signed_and_sealed() {
        let mut input = CloseInput {
            outcome: Some(Status::Succeeded),
            closed_on: d("2024-03-05"),
            agreement_form: Some(AgreementForm::Written),
            ..CloseInput::default()
        };
        assert_eq!(
            fields(input.check().unwrap_err()),
            vec!["agreement_terms", "performance_terms"]
        );
        input.agreement_terms = "甲方赔偿乙方2000元".into();
        input.performance_terms = "2024年3月31日前在村委会当面现金支付".into();
        let c = input.check().unwrap();
        assert_eq!(c.agreement_effective_on, None);
        input.signatures_complete = true;
        assert_eq!(
            input.check().unwrap().agreement_effective_on,
            d("2024-03-05")
        );
    }

    #[test]
    fn an_oral_agreement_takes_effect_when_reached() {
        let input = CloseInput {
            outcome: Some(Status::Succeeded),
            closed_on: d("2024-03-05"),
            agreement_form: Some(AgreementForm::Oral),
            agreement_terms: "双方同意各退一米".into(),
            ..CloseInput::default()
        };
        let c = input.check().unwrap();
        assert_eq!(c.agreement_form, AgreementForm::Oral);
        assert_eq!(c.agreement_effective_on, d("2024-03-05"));
    }

    #[test]
    fn success_needs_an_agreement_form() {
        let input = CloseInput {
            outcome: Some(Status::Succeeded),
            closed_on: d("2024-03-05"),
            agreement_terms: "x".into(),
            ..CloseInput::default()
        };
        assert_eq!(fields(input.check().unwrap_err()), vec!["agreement_form"]);
    }

    #[test]
    fn termination_needs_a_reason_and_failure_has_no_agreement() {
        let mut input = CloseInput {
            outcome: Some(Status::Terminated),
            closed_on: d("2024-03-05"),
            ..CloseInput::default()
        };
        assert_eq!(fields(input.check().unwrap_err()), vec!["reason"]);
        input.reason = "一方当事人明确拒绝继续调解".into();
        assert!(input.check().is_ok());
        let mut failed = CloseInput {
            outcome: Some(Status::Failed),
            closed_on: d("2024-03-05"),
            agreement_form: Some(AgreementForm::Written),
            ..CloseInput::default()
        };
        assert_eq!(fields(failed.check().unwrap_err()), vec!["agreement_form"]);
        failed.agreement_form = None;
        assert_eq!(
            failed.check().unwrap().agreement_form,
            AgreementForm::NoAgreement
        );
    }

    #[test]
    fn close_needs_outcome_date_and_an_overdue_reason() {
        let input = CloseInput {
            outcome: Some(Status::Mediating),
            overdue: true,
            ..CloseInput::default()
        };
        assert_eq!(
            fields(input.check().unwrap_err()),
            vec!["outcome", "closed_on", "overdue_reason"]
        );
    }

    #[test]
    fn reject_and_transfer_need_their_text() {
        assert_eq!(check_reject(" ").unwrap_err().field(), "reason");
        assert!(check_reject("已由人民法院受理").is_ok());
        assert_eq!(check_transfer("").unwrap_err().field(), "target");
        assert!(check_transfer("乌苏市信访局").is_ok());
    }

    #[test]
    fn case_numbers() {
        let p = DEFAULT_CASE_NO_PATTERN;
        assert_eq!(
            format_case_no(p, "西大沟镇", 2024, 17),
            "西大沟调〔2024〕17号"
        );
        assert_eq!(format_case_no(p, "城关街道", 2023, 1), "城关调〔2023〕1号");
        assert_eq!(town_short_name("镇"), "镇");
        assert_eq!(
            case_no_seq(p, "西大沟镇", 2024, "西大沟调〔2024〕17号"),
            Some(17)
        );
        assert_eq!(
            case_no_seq(p, "西大沟镇", 2023, "西大沟调〔2024〕17号"),
            None
        );
        assert_eq!(
            case_no_seq(p, "西大沟镇", 2024, "西大沟调〔2024〕x号"),
            None
        );
    }

    #[test]
    fn code_lists_parse_codes_and_labels() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(*s));
            assert_eq!(Status::parse(s.label()), Some(*s));
        }
        assert_eq!(Status::parse_ledger("终止"), Some(Status::Terminated));
        assert_eq!(Level::parse("镇级"), Some(Level::Town));
        assert_eq!(Source::parse("公安移送"), Some(Source::Police));
        assert_eq!(parse_type(DEFAULT_TYPES, "草场"), Some("草场纠纷"));
        assert_eq!(parse_type(DEFAULT_TYPES, "土地纠纷"), Some("土地纠纷"));
        assert_eq!(parse_type(DEFAULT_TYPES, "打架"), None);
        assert!(DEFAULT_TYPES.contains(&OTHER_TYPE));
    }
}
