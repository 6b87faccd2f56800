//! Government information disclosure on request (依申请公开, 政府信息公开条例 2019 第二十七至
//! 四十五条): the applicant kinds and reply types of the national annual-report format
//! (国办公开办函〔2021〕30号, statutes.md §9.4), the receipt-date rule (第三十一条) and the reply
//! clock (第三十三条) with its correction restart (第三十条), consultation stops (第三十二、
//! 三十四条) and extension.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::deadline::{compute_due, shipped_rules, DateRange, DueDate, GrantedExtension};
use crate::dispute::code_enum;

code_enum! {
    /// Who applies: the columns of the annual report's request table.
    ApplicantKind {
        Person = "person", "自然人";
        Business = "business", "商业企业";
        Research = "research", "科研机构";
        PublicInterest = "public_interest", "社会公益组织";
        LegalService = "legal_service", "法律服务机构";
        OtherOrganisation = "other_organisation", "其他";
    }
}

impl ApplicantKind {
    /// 法人或其他组织: the sub-types of the second column group.
    pub fn is_organisation(self) -> bool {
        self != ApplicantKind::Person
    }
}

code_enum! {
    /// How a request arrived; it decides the day of receipt (第三十一条).
    Channel {
        InPerson = "in_person", "当面提交";
        RegisteredPost = "registered_post", "邮政挂号/快递";
        OrdinaryPost = "ordinary_post", "平常信函";
        Online = "online", "互联网";
        Fax = "fax", "传真";
    }
}

/// The dates a channel's receipt rule reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    /// The day the applicant handed it in or sent it.
    pub submitted_on: Option<NaiveDate>,
    /// The day the office signed for a registered letter.
    pub signed_for_on: Option<NaiveDate>,
    /// The day the office confirmed receipt with the applicant (ordinary post, internet, fax).
    pub confirmed_on: Option<NaiveDate>,
}

/// The day a request counts as received (第三十一条), or what is missing to know it.
pub fn receipt_date(channel: Channel, a: Arrival) -> Result<NaiveDate, String> {
    let (day, what) = match channel {
        Channel::InPerson => (
            a.submitted_on,
            "提交日期（当面提交的，以提交之日为收到申请之日）",
        ),
        Channel::RegisteredPost => (
            a.signed_for_on,
            "签收日期（以邮政挂号信函等需要签收的邮件提交的，以签收之日为收到申请之日）",
        ),
        Channel::OrdinaryPost => (
            a.confirmed_on,
            "确认日期（以平常信函提交的，以与申请人确认之日为收到申请之日）",
        ),
        Channel::Online | Channel::Fax => (
            a.confirmed_on,
            "双方确认日期（通过互联网、传真提交的，以双方确认之日为收到申请之日）",
        ),
    };
    day.ok_or_else(|| format!("请填写{what}"))
}

code_enum! {
    /// How a request was answered: the result rows of the annual report's table (statutes.md
    /// §9.4), one code each.
    ReplyType {
        AlreadyPublished = "already_published", "已主动公开，告知获取途径";
        Disclosed = "disclosed", "予以公开";
        PartlyDisclosed = "partly_disclosed", "部分公开";
        StateSecret = "state_secret", "不予公开：属于国家秘密";
        ForbiddenByLaw = "forbidden_by_law", "不予公开：其他法律行政法规禁止公开";
        Security = "security", "不予公开：危及“三安全一稳定”";
        ThirdParty = "third_party", "不予公开：保护第三方合法权益";
        InternalAffairs = "internal_affairs", "不予公开：属于三类内部事务信息";
        ProcessInformation = "process_information", "不予公开：属于四类过程性信息";
        EnforcementFile = "enforcement_file", "不予公开：属于行政执法案卷";
        AdministrativeQuery = "administrative_query", "不予公开：属于行政查询事项";
        NotHeld = "not_held", "无法提供：本机关不掌握相关政府信息";
        NotThisBody = "not_this_body", "无法提供：不属于本机关负责公开";
        NeedsCreation = "needs_creation", "无法提供：没有现成信息需要另行制作";
        StillUnclear = "still_unclear", "无法提供：补正后申请内容仍不明确";
        Petition = "petition", "不予处理：信访举报投诉类申请";
        Repeated = "repeated", "不予处理：重复申请";
        Publication = "publication", "不予处理：要求提供公开出版物";
        Excessive = "excessive", "不予处理：无正当理由大量反复申请";
        Confirmation = "confirmation", "不予处理：要求行政机关确认或重新出具已获取信息";
        NotCorrected = "not_corrected", "其他处理：申请人无正当理由逾期不补正";
        FeeUnpaid = "fee_unpaid", "其他处理：申请人逾期未按收费通知要求缴纳费用";
        Other = "other", "其他处理：其他";
    }
}

impl ReplyType {
    /// The row group of the annual report's table.
    pub fn group(self) -> &'static str {
        use ReplyType::*;
        match self {
            AlreadyPublished | Disclosed => "予以公开",
            PartlyDisclosed => "部分公开",
            StateSecret | ForbiddenByLaw | Security | ThirdParty | InternalAffairs
            | ProcessInformation | EnforcementFile | AdministrativeQuery => "不予公开",
            NotHeld | NotThisBody | NeedsCreation | StillUnclear => "无法提供",
            Petition | Repeated | Publication | Excessive | Confirmation => "不予处理",
            NotCorrected | FeeUnpaid | Other => "其他处理",
        }
    }

    /// The row of the annual report's table the reply is counted in (already published counts
    /// as disclosed; not this body's information as not held).
    pub fn report_row(self) -> &'static str {
        match self {
            ReplyType::AlreadyPublished => ReplyType::Disclosed.label(),
            ReplyType::NotThisBody => ReplyType::NotHeld.label(),
            other => other.label(),
        }
    }

    /// The article of 政府信息公开条例 the reply letter cites.
    pub fn basis(self) -> &'static str {
        use ReplyType::*;
        match self {
            AlreadyPublished => "第三十六条第（一）项",
            Disclosed => "第三十六条第（二）项",
            PartlyDisclosed => "第三十七条",
            StateSecret | ForbiddenByLaw | Security => "第十四条、第三十六条第（三）项",
            ThirdParty => "第十五条、第三十二条、第三十六条第（三）项",
            InternalAffairs | ProcessInformation | EnforcementFile | AdministrativeQuery => {
                "第十六条、第三十六条第（三）项"
            }
            NotHeld => "第三十六条第（四）项",
            NotThisBody => "第三十六条第（五）项",
            NeedsCreation => "第三十八条",
            StillUnclear => "第三十条",
            Petition | Publication => "第三十九条",
            Repeated => "第三十六条第（六）项",
            Excessive => "第三十五条",
            Confirmation => "第三十九条",
            NotCorrected => "第三十条",
            FeeUnpaid => "第四十二条",
            Other => "",
        }
    }
}

code_enum! {
    /// Whom a consultation asked: a third party whose interests the information touches
    /// (第三十二条) or another body that made the information jointly (第三十四条). Either has 15
    /// working days to answer, and the time is not counted (第三十三条第三款).
    ConsultedKind {
        ThirdParty = "third_party", "第三方";
        OtherBody = "other_body", "其他机关";
    }
}

impl ConsultedKind {
    /// The deadline rule of the consulted party's answer.
    pub fn rule(self) -> &'static str {
        match self {
            ConsultedKind::ThirdParty => "disclosure.third_party_reply",
            ConsultedKind::OtherBody => "disclosure.joint_reply",
        }
    }
}

/// The last day the consulted party may answer (15 working days from the request for its
/// opinion): the consultation's end while its answer is awaited.
pub fn consultation_end(kind: ConsultedKind, from: NaiveDate, cal: &Calendar) -> Option<NaiveDate> {
    let rule = shipped_rules().get(kind.rule())?;
    Some(compute_due(rule, from, &[], &[], cal).due)
}

/// A correction noticed and not made by the period the notice gave: 申请人无正当理由逾期不补正的，
/// 视为放弃申请 (第三十条). Counted in the annual report as 逾期不补正.
pub fn abandoned(
    noticed: Option<NaiveDate>,
    corrected: Option<NaiveDate>,
    correction_due: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    noticed.is_some() && corrected.is_none() && correction_due.is_some_and(|d| d < today)
}

/// Requests one applicant may make in a calendar month free of the 信息处理费 (按件计收:
/// 国办函〔2020〕109号《政府信息公开信息处理费管理办法》第五条).
pub const FREE_REQUESTS_PER_MONTH: i64 = 10;

code_enum! {
    /// A later remedy over a reply: the columns of the annual report's fourth table.
    RemedyKind {
        Review = "review", "行政复议";
        Lawsuit = "lawsuit", "行政诉讼（未经复议直接起诉）";
        LawsuitAfterReview = "lawsuit_after_review", "行政诉讼（复议后起诉）";
    }
}

code_enum! {
    /// How a remedy ended (尚未审结 while it runs).
    RemedyResult {
        Upheld = "upheld", "结果维持";
        Corrected = "corrected", "结果纠正";
        Other = "other", "其他结果";
        Pending = "pending", "尚未审结";
    }
}

/// What every reply letter tells the applicant of their remedies: 行政复议 within 60 days
/// (行政复议法 第二十条) and 行政诉讼 within 6 months (行政诉讼法 第四十六条) of knowing of it
/// (政府信息公开条例 第五十一条).
pub fn remedies_text(body: &str, reviewer: &str) -> String {
    format!(
        "如对本答复不服，可以自收到本告知书之日起60日内向{reviewer}申请行政复议，\
         或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼（《中华人民共和国政府信息公开条例》第五十一条，\
         《中华人民共和国行政复议法》第二十条，《中华人民共和国行政诉讼法》第四十六条）。作出答复的机关：{body}。"
    )
}

impl ReplyType {
    /// The reply letter's title (告知书), by the row group of the reply.
    pub fn letter_title(self) -> &'static str {
        use ReplyType::*;
        match self {
            AlreadyPublished => "政府信息已主动公开告知书",
            Disclosed => "政府信息予以公开告知书",
            PartlyDisclosed => "政府信息部分公开告知书",
            NotHeld | NotThisBody | NeedsCreation | StillUnclear => "政府信息无法提供告知书",
            Petition | Repeated | Publication | Excessive | Confirmation => {
                "政府信息公开申请不予处理告知书"
            }
            NotCorrected | FeeUnpaid | Other => "政府信息公开申请处理告知书",
            _ => "政府信息不予公开告知书",
        }
    }

    /// The letter's decision: what the body decided and why, in the words of the article cited.
    pub fn letter_decision(self) -> &'static str {
        use ReplyType::*;
        match self {
            AlreadyPublished => "经审查，您申请获取的政府信息已经主动公开，现告知您获取该政府信息的方式和途径。",
            Disclosed => "经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开，并按您要求的形式提供。",
            PartlyDisclosed => "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，本机关决定对可以公开的部分予以公开，对不予公开的部分说明理由。",
            StateSecret => "经审查，您申请获取的政府信息属于国家秘密，依法不予公开。",
            ForbiddenByLaw => "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，依法不予公开。",
            Security => "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
            ThirdParty => "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。",
            InternalAffairs => "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开。",
            ProcessInformation => "经审查，您申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，可以不予公开。",
            EnforcementFile => "经审查，您申请获取的信息属于行政执法案卷信息，可以不予公开。",
            AdministrativeQuery => "经审查，您申请获取的信息属于行政查询事项，请按有关法律、行政法规规定的查询途径办理。",
            NotHeld => "经检索查找，本机关未制作、获取您申请的政府信息，该政府信息不存在。",
            NotThisBody => "经审查，您申请获取的政府信息不属于本机关负责公开；能够确定负责公开的机关的，已在下文告知其名称和联系方式。",
            NeedsCreation => "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。",
            StillUnclear => "经审查，您补正后的申请内容仍不明确，本机关无法提供。",
            Petition => "经审查，您的申请以政府信息公开名义进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
            Repeated => "经审查，您已就同一政府信息重复申请，本机关已作出答复，不予重复处理。",
            Publication => "经审查，您要求提供的是政府公报、报刊、书籍等公开出版物，请通过获取公开出版物的途径获取。",
            Excessive => "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未说明理由或者理由不合理，本机关不予处理。",
            Confirmation => "经审查，您要求本机关确认或者重新出具已经获取的信息，本机关不作为政府信息公开申请处理。",
            NotCorrected => "本机关已告知您作出补正，您无正当理由逾期不补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
            FeeUnpaid => "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
            Other => "本机关对您的申请作如下处理。",
        }
    }
}

/// One request's clock events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestClock {
    pub received_on: Option<NaiveDate>,
    /// The one correction notice (第三十条), and when the corrected request arrived.
    pub correction_noticed_on: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    /// Third-party and other-body consultations: not counted (第三十三条第三款).
    pub consultations: Vec<DateRange>,
    pub extension: Option<GrantedExtension>,
}

/// Why a clock event is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockRefusal {
    #[error("补正应当一次性告知（第三十条）：本申请已于 {0} 告知补正")]
    SecondCorrection(NaiveDate),
    #[error("请在收到申请之日起7个工作日内一次性告知补正（第三十条），本申请应于 {due} 前告知")]
    CorrectionLate { due: NaiveDate },
    #[error("延长答复期限最长不超过20个工作日（第三十三条第二款）")]
    ExtensionTooLong,
    #[error("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人")]
    ExtensionUnapproved,
    #[error("征求意见期间的截止日 {to} 早于开始日 {from}，请核对")]
    ConsultationBackwards { from: NaiveDate, to: NaiveDate },
}

impl RequestClock {
    /// The day the reply clock starts: receipt, or the corrected request's arrival.
    pub fn start(&self) -> Option<NaiveDate> {
        self.corrected_on.or(self.received_on)
    }

    /// The last day to notify a correction (7 working days from receipt).
    pub fn correction_notice_due(&self, cal: &Calendar) -> Option<DueDate> {
        let rule = shipped_rules().get("disclosure.correction_notice")?;
        Some(compute_due(rule, self.received_on?, &[], &[], cal))
    }

    /// Records the correction notice: once only, within its 7 working days.
    pub fn notice_correction(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockRefusal> {
        if let Some(first) = self.correction_noticed_on {
            return Err(ClockRefusal::SecondCorrection(first));
        }
        if let Some(due) = self.correction_notice_due(cal) {
            if on > due.due {
                return Err(ClockRefusal::CorrectionLate { due: due.due });
            }
        }
        self.correction_noticed_on = Some(on);
        Ok(())
    }

    /// Adds a consultation stop.
    pub fn consult(&mut self, range: DateRange) -> Result<(), ClockRefusal> {
        if range.to < range.from {
            return Err(ClockRefusal::ConsultationBackwards {
                from: range.from,
                to: range.to,
            });
        }
        self.consultations.push(range);
        Ok(())
    }

    /// Grants the extension: at most 20 working days in all, approved by a named person.
    pub fn extend(&mut self, ext: GrantedExtension) -> Result<(), ClockRefusal> {
        if ext.approved_by.trim().is_empty() {
            return Err(ClockRefusal::ExtensionUnapproved);
        }
        let so_far = self.extension.as_ref().map_or(0, |e| e.length);
        let most = shipped_rules()
            .get("disclosure.request_reply")
            .and_then(|r| r.extension.as_ref())
            .map_or(20, |e| e.max_length);
        if ext.length == 0 || so_far + ext.length > most {
            return Err(ClockRefusal::ExtensionTooLong);
        }
        self.extension = Some(GrantedExtension {
            length: so_far + ext.length,
            ..ext
        });
        Ok(())
    }

    /// The reply's due date, explained: 20 working days from the start, consultations not
    /// counted, plus any extension. `None` until the request is received, and while a
    /// correction is awaited (the clock starts afresh when it arrives).
    pub fn reply_due(&self, cal: &Calendar) -> Option<DueDate> {
        if self.correction_noticed_on.is_some() && self.corrected_on.is_none() {
            return None;
        }
        let rule = shipped_rules().get("disclosure.request_reply")?;
        let extensions: Vec<GrantedExtension> = self.extension.iter().cloned().collect();
        Some(compute_due(
            rule,
            self.start()?,
            &self.consultations,
            &extensions,
            cal,
        ))
    }
}

/// The longest free text of a request (the information wanted, the reply), in characters.
pub const MAX_TEXT: usize = 5_000;

/// A request as staff or the applicant enter it; dates arrive parsed.
#[derive(Clone, Debug, Default)]
pub struct RequestDraft {
    pub channel: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    /// Phone or address to reach the applicant.
    pub contact: String,
    /// 所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述 (第二十九条).
    pub information: String,
    /// 获取信息的方式、途径 (paper, e-mail, collection in person …).
    pub form_wanted: String,
    pub arrival: Arrival,
    pub clock: ClockDraft,
    pub reply_type: String,
    pub reply_text: String,
    pub replied_on: Option<NaiveDate>,
}

/// The clock's events as entered on the edit form.
#[derive(Clone, Debug, Default)]
pub struct ClockDraft {
    pub correction_noticed_on: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub consulted_from: Option<NaiveDate>,
    pub consulted_to: Option<NaiveDate>,
    /// 第三方 or 其他机关.
    pub consulted_whom: String,
    pub extension_days: Option<u32>,
    pub extension_approved_by: String,
}

/// A checked request, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewRequest {
    pub channel: Channel,
    pub applicant_kind: ApplicantKind,
    pub applicant_name: String,
    pub contact: String,
    pub information: String,
    pub form_wanted: Option<String>,
    pub arrival: Arrival,
    pub clock: RequestClock,
    /// Whom the one consultation asked: 第三方 or another body.
    pub consulted_whom: Option<String>,
    pub reply_type: Option<ReplyType>,
    pub reply_text: Option<String>,
    pub replied_on: Option<NaiveDate>,
}

impl NewRequest {
    pub fn parse(d: RequestDraft, cal: &Calendar) -> Result<Self, crate::publicity::FieldErrors> {
        use crate::publicity::{optional_text, required_text, FieldErrors};
        let mut errors = FieldErrors::new();
        let channel = Channel::parse(&d.channel);
        if channel.is_none() {
            errors.insert(
                "channel".to_owned(),
                choose("申请方式", Channel::ALL.iter().map(|c| c.label())),
            );
        }
        let applicant_kind = ApplicantKind::parse(&d.applicant_kind);
        if applicant_kind.is_none() {
            errors.insert(
                "applicant_kind".to_owned(),
                choose("申请人类型", ApplicantKind::ALL.iter().map(|c| c.label())),
            );
        }
        let applicant_name = required_text(
            "applicant_name",
            "申请人姓名或名称",
            "张三",
            &d.applicant_name,
            100,
            &mut errors,
        );
        let contact = required_text(
            "contact",
            "联系方式",
            "13800000000",
            &d.contact,
            200,
            &mut errors,
        );
        let information = required_text(
            "information",
            "所需政府信息的内容描述",
            "2024年本镇农村低保资金发放名单",
            &d.information,
            MAX_TEXT,
            &mut errors,
        );
        let form_wanted =
            optional_text("form_wanted", "获取方式", &d.form_wanted, 100, &mut errors);
        let received_on = match channel.map(|c| receipt_date(c, d.arrival)) {
            Some(Ok(day)) => Some(day),
            Some(Err(m)) => {
                errors.insert("received_on".to_owned(), m);
                None
            }
            None => None,
        };
        let mut clock = RequestClock {
            received_on,
            ..RequestClock::default()
        };
        let c = d.clock;
        if let Some(on) = c.correction_noticed_on {
            if let Err(e) = clock.notice_correction(on, cal) {
                errors.insert("correction_noticed_on".to_owned(), e.to_string());
            }
        }
        match (c.correction_noticed_on, c.corrected_on) {
            (None, Some(_)) => {
                errors.insert(
                    "corrected_on".to_owned(),
                    "未告知补正的，不填补正日期".to_owned(),
                );
            }
            (Some(n), Some(done)) if done < n => {
                errors.insert(
                    "corrected_on".to_owned(),
                    format!("补正日期 {done} 早于告知补正日期 {n}，请核对"),
                );
            }
            _ => clock.corrected_on = c.corrected_on,
        }
        let consulted_whom = optional_text(
            "consulted_whom",
            "征求意见对象",
            &c.consulted_whom,
            100,
            &mut errors,
        );
        match (c.consulted_from, c.consulted_to) {
            (Some(from), Some(to)) => {
                let label = format!("征求{}意见", consulted_whom.as_deref().unwrap_or("第三方"));
                if let Err(e) = clock.consult(DateRange { from, to, label }) {
                    errors.insert("consulted_to".to_owned(), e.to_string());
                }
            }
            (None, None) => {}
            _ => {
                errors.insert(
                    "consulted_to".to_owned(),
                    "征求意见期间请同时填写开始和结束日期".to_owned(),
                );
            }
        }
        if let Some(days) = c.extension_days.filter(|d| *d > 0) {
            let ext = GrantedExtension {
                length: days,
                approved_by: c.extension_approved_by.trim().to_owned(),
                approved_on: None,
            };
            if let Err(e) = clock.extend(ext) {
                errors.insert("extension_days".to_owned(), e.to_string());
            }
        }
        let reply_type = match d.reply_type.trim() {
            "" => None,
            t => {
                let parsed = ReplyType::parse(t);
                if parsed.is_none() {
                    errors.insert("reply_type".to_owned(), "请从列表中选择答复类型".to_owned());
                }
                parsed
            }
        };
        let reply_text = optional_text(
            "reply_text",
            "答复内容",
            &d.reply_text,
            MAX_TEXT,
            &mut errors,
        );
        if reply_type.is_some() != d.replied_on.is_some() {
            errors.insert(
                "replied_on".to_owned(),
                "已答复的，请同时填写答复日期和答复类型".to_owned(),
            );
        }
        if let (Some(replied), Some(received)) = (d.replied_on, received_on) {
            if replied < received {
                errors.insert(
                    "replied_on".to_owned(),
                    format!("答复日期 {replied} 早于收到申请日期 {received}，请核对"),
                );
            }
        }
        match (channel, applicant_kind) {
            (Some(channel), Some(applicant_kind)) if errors.is_empty() => Ok(NewRequest {
                channel,
                applicant_kind,
                applicant_name,
                contact,
                information,
                form_wanted,
                arrival: d.arrival,
                clock,
                consulted_whom,
                reply_type,
                reply_text,
                replied_on: d.replied_on,
            }),
            _ => Err(errors),
        }
    }
}

fn choose<'a>(what: &str, options: impl Iterator<Item = &'a str>) -> String {
    format!("请选择{what}：{}", options.collect::<Vec<_>>().join("、"))
}

#[cfg(test)]
mod tests;
