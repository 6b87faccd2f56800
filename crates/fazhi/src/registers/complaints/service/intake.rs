//! A case as typed (registration, the edit form, a `PATCH`) and its check: bounds, codes,
//! dates and the group-visit rule of 信访工作条例 (at most 5 representatives).

use super::*;

/// A case as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintInput {
    /// Code of the organisation handling it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 来源渠道: portal, phone, visit, letter, media, hotline_12345, petition_referral,
    /// enforcement_supervision (or 电话, 来访 …).
    pub channel: String,
    /// 类别: suggestion, accusation, claim (建议意见类, 检举控告类, 申诉求决类).
    pub class: String,
    /// 事项类型, e.g. 土地征收, 环境污染, 劳资纠纷.
    pub matter_type: String,
    /// 法定途径 of a 申诉求决 matter: litigation, reconsideration, arbitration, other (诉讼,
    /// 行政复议, 仲裁, 其他法定途径); blank when none.
    pub statutory_route: String,
    /// 信访人姓名 (匿名 for an anonymous report)
    pub petitioner_name: String,
    /// 身份证号
    pub id_number: String,
    /// 联系电话
    pub phone: String,
    /// 住址
    pub address: String,
    /// A group visit's representatives, separated by 、 or commas (at most 5).
    pub representatives: String,
    /// 事项标题
    pub subject: String,
    /// 主要诉求和事实
    pub content: String,
    /// The case number in the national 信访信息系统 or the 12345 platform.
    pub external_number: String,
    /// 收到日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub received_on: String,
    /// Passed down by a 信访部门 or a higher body (an objection is possible within 5 working
    /// days).
    pub referred: bool,
}

/// A case's intake as checked.
#[derive(Clone, Debug)]
pub struct Intake {
    pub(super) channel: Channel,
    pub(super) class: Class,
    pub(super) route: Option<StatutoryRoute>,
    pub(super) matter_type: String,
    pub(super) petitioner_name: String,
    pub(super) id_number: String,
    pub(super) phone: String,
    pub(super) address: String,
    pub(super) representatives: Vec<String>,
    pub(super) subject: String,
    pub(super) content: String,
    pub(super) external_number: String,
    pub(super) received_on: NaiveDate,
    pub(super) referred: bool,
}

pub(super) fn blank_none(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl Intake {
    pub(super) fn columns(&self) -> Columns {
        vec![
            ("year", i64::from(self.received_on.year()).into()),
            ("channel", self.channel.code().into()),
            ("class", self.class.code().into()),
            ("matter_type", self.matter_type.as_str().into()),
            ("statutory_route", self.route.map(|r| r.code()).into()),
            ("petitioner_name", self.petitioner_name.as_str().into()),
            ("id_number", blank_none(&self.id_number).into()),
            ("phone", blank_none(&self.phone).into()),
            ("address", blank_none(&self.address).into()),
            (
                "representatives",
                blank_none(&self.representatives.join("、")).into(),
            ),
            ("subject", self.subject.as_str().into()),
            ("content", self.content.as_str().into()),
            ("external_number", blank_none(&self.external_number).into()),
            ("received_on", self.received_on.into()),
            ("referred", self.referred.into()),
        ]
    }
}

/// A trimmed text of at most `max` characters; a field error when too long or (`required`)
/// blank.
pub(super) fn text(field: &str, value: &str, max: usize, required: bool, errors: &mut FieldErrors) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.insert(field.to_owned(), "此项必填".to_owned());
    } else if v.chars().count() > max {
        errors.insert(
            field.to_owned(),
            format!("不能超过 {max} 个字，请精简后再提交"),
        );
    }
    v.to_owned()
}

pub(super) fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> String {
    all.iter().map(|v| label(*v)).collect::<Vec<_>>().join("、")
}

/// A date, required or today when blank; never in the future.
pub(super) fn day(field: &str, value: &str, default_today: bool, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let today = crate::clock::today();
    let d = match date_field(field, value, errors) {
        None if value.trim().is_empty() && default_today => Some(today),
        None => {
            errors
                .entry(field.to_owned())
                .or_insert_with(|| "请填写日期，如 2025-03-05".to_owned());
            None
        }
        d => d,
    }?;
    if d > today {
        errors.insert(field.to_owned(), format!("日期不能晚于今天（{today}）"));
        return None;
    }
    Some(d)
}

/// Checks a case as entered (registration and edit alike).
pub fn parse(input: ComplaintInput) -> AppResult<Intake> {
    let mut e = FieldErrors::new();
    let channel = Channel::parse(&input.channel);
    if channel.is_none() {
        e.insert(
            "channel".to_owned(),
            format!("请选择来源渠道：{}", labels(Channel::ALL, Channel::label)),
        );
    }
    let class = Class::parse(&input.class);
    if class.is_none() {
        e.insert(
            "class".to_owned(),
            format!("请选择信访事项类别：{}", labels(Class::ALL, Class::label)),
        );
    }
    let route = match input.statutory_route.trim() {
        "" => None,
        t => {
            let r = StatutoryRoute::parse(t);
            if r.is_none() {
                e.insert(
                    "statutory_route".to_owned(),
                    format!(
                        "法定途径应为：{}；没有的请留空",
                        labels(StatutoryRoute::ALL, StatutoryRoute::label)
                    ),
                );
            }
            r
        }
    };
    if let (Some(c), Some(_)) = (class, route) {
        if let Err(m) = rules::check_route(c, route) {
            e.insert("statutory_route".to_owned(), m);
        }
    }
    let matter_type = text("matter_type", &input.matter_type, 30, true, &mut e);
    let petitioner_name = text("petitioner_name", &input.petitioner_name, MAX_NAME, true, &mut e);
    let id_number = input.id_number.trim().to_uppercase();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let id_ok = id_number.is_empty()
        || (id_number.is_ascii()
            && ((id_number.len() == 18
                && digits(&id_number[..17])
                && (digits(&id_number[17..]) || &id_number[17..] == "X"))
                || (id_number.len() == 15 && digits(&id_number))));
    if !id_ok {
        e.insert(
            "id_number".to_owned(),
            "身份证号应为18位（末位可为X）或15位数字".to_owned(),
        );
    }
    let phone: String = input
        .phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if phone.chars().count() > 20 || !phone.chars().all(|c| c.is_ascii_digit() || c == '+') {
        e.insert(
            "phone".to_owned(),
            "联系电话只能填写数字，如 13812345678 或 0571-12345678".to_owned(),
        );
    }
    let address = text("address", &input.address, MAX_ADDRESS, false, &mut e);
    let representatives: Vec<String> = input
        .representatives
        .split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(MAX_NAME).collect())
        .collect();
    if let Some(c) = channel {
        if let Err(m) = rules::check_representatives(c, &representatives) {
            e.insert("representatives".to_owned(), m);
        }
    }
    let subject = text("subject", &input.subject, MAX_SHORT, true, &mut e);
    let content = text("content", &input.content, MAX_TEXT, true, &mut e);
    let external_number = text("external_number", &input.external_number, 50, false, &mut e);
    let received_on = day("received_on", &input.received_on, false, &mut e);
    match (channel, class, received_on) {
        (Some(channel), Some(class), Some(received_on)) if e.is_empty() => Ok(Intake {
            referred: input.referred || channel == Channel::PetitionReferral,
            channel,
            class,
            route,
            matter_type,
            petitioner_name,
            id_number,
            phone,
            address,
            representatives,
            subject,
            content,
            external_number,
            received_on,
        }),
        _ => Err(AppError::invalid(e)),
    }
}
