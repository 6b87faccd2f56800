//! The citizen's side: a submission with its receipt (HMAC over the receipt's text), the
//! status query by tracking code and password, and staff's check of a receipt.

use super::*;

/// What a citizen fills in on the portal: no dates (the day it is filed is the day it is
/// received) and no clock.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PublicComplaintInput {
    /// The organisation addressed (its code, as the portal lists it).
    pub org: String,
    /// suggestion | accusation | claim
    pub class: String,
    pub matter_type: String,
    pub petitioner_name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub subject: String,
    pub content: String,
    /// Left empty by people; a robot that fills every field is refused.
    pub website: String,
}

/// What the citizen keeps: the tracking code and the query password (shown once), and the
/// receipt's verification string over its text.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicReceipt {
    pub code: String,
    pub password: String,
    /// The verification string: HMAC-SHA256 over `receipt_text`, 20 hexadecimal digits.
    pub receipt: String,
    /// The receipt's text, line by line, as printed.
    pub receipt_text: String,
    pub org_name: String,
    pub received_on: NaiveDate,
    pub acceptance_due: Option<NaiveDate>,
}

/// What the status query answers: nothing about the petitioner, only the case's progress.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicComplaintStatus {
    pub org_name: String,
    pub subject: String,
    pub received_on: NaiveDate,
    /// 待受理, 办理中, 不予受理, 已转送或提出异议, 已办结 …
    pub state: String,
    pub acceptance_due: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub conclusion_due: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub opinion: Option<String>,
    pub remedies: Option<String>,
}

/// The throttle's keys: submissions, and wrong code–password pairs.
pub(super) const SUBMIT: &str = "portal:complaint-submit";
pub(super) const STATUS: &str = "portal:complaint-status";

/// The receipt's verification key (settings `complaint_receipt_key`, made on first use).
pub(super) async fn receipt_key(app: &App) -> AppResult<Vec<u8>> {
    let fresh = format!("{}{}", auth::generate_password(), auth::generate_password());
    Ok(store::receipt_key(&app.db, &fresh).await?.into_bytes())
}

/// A receipt's text with its lines trimmed and blank lines dropped: what is signed and what is
/// checked (a receipt copied from the page or typed from paper reads the same).
pub(super) fn normalised(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The verification string of `text`: the first 20 hexadecimal digits of HMAC-SHA256, in
/// groups of four for reading out.
pub(super) fn verification(key: &[u8], text: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(normalised(text).as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .take(10)
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

pub(super) fn receipt_text(org: &str, code: &str, r: &ComplaintRow) -> String {
    let mut lines = vec![
        "信访事项网上提交回执".to_owned(),
        format!("受理机关：{org}"),
        format!("查询码：{code}"),
        format!("提交日期：{}", r.received_on),
        format!("信访人：{}", mask::mask_name(&r.petitioner_name)),
        format!("事项：{}", r.subject),
    ];
    if let Some(d) = r.acceptance_due {
        lines.push(format!("告知是否受理期限：{d}"));
    }
    lines.join("\n")
}

/// Files a citizen's complaint from the portal: received today, with a tracking code, a query
/// password whose hash is kept, and a receipt whose verification string staff can check.
pub async fn submit(app: &App, addr: &str, input: PublicComplaintInput) -> AppResult<PublicReceipt> {
    // Every submission counts against its address, a refused one too (as the disclosure
    // portal's): a flood waits longer and longer, other addresses are not slowed.
    public_intake::count_submission(app, SUBMIT, addr)?;
    if !input.website.trim().is_empty() {
        return Err(AppError::bad_request(
            "rejected",
            "提交未被接受：请不要填写隐藏的「网址」一栏",
        ));
    }
    let org = orgs::by_code(&app.db, input.org.trim())
        .await?
        .filter(|o| o.active && !matches!(o.kind(), fazhi_domain::org::OrgKind::Village))
        .ok_or_else(|| AppError::field("org", "请从列表中选择受理机关"))?;
    if input.phone.trim().is_empty() {
        return Err(AppError::field("phone", "请填写联系电话，以便告知受理情况和回访"));
    }
    let intake = parse(ComplaintInput {
        org: None,
        channel: Channel::Portal.code().to_owned(),
        class: input.class,
        matter_type: input.matter_type,
        statutory_route: String::new(),
        petitioner_name: input.petitioner_name,
        id_number: input.id_number,
        phone: input.phone,
        address: input.address,
        representatives: String::new(),
        subject: input.subject,
        content: input.content,
        external_number: String::new(),
        received_on: crate::clock::today().to_string(),
        referred: false,
    })?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let password = auth::generate_password();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&p)).await??
    };
    let key = receipt_key(app).await?;
    let actor = Actor {
        user_id: None,
        name: "信访人（网上提交）".to_owned(),
    };
    // A clash of two random codes is all but impossible; one retry covers it.
    for _ in 0..2 {
        let code = public_intake::tracking_code_with("XF");
        let extra = vec![
            ("tracking_code", code.as_str().into()),
            ("password_hash", hash.as_str().into()),
        ];
        let mut tx = app.db.begin().await?;
        match register(&mut tx, &actor, &org, &intake, extra, &cal).await {
            Ok(row) => {
                let text = receipt_text(&org.name, &code, &row);
                store::set(&mut tx, row.id, vec![("receipt_text", text.as_str().into())]).await?;
                tx.commit().await?;
                return Ok(PublicReceipt {
                    receipt: verification(&key, &text),
                    receipt_text: text,
                    code,
                    password,
                    org_name: org.name,
                    received_on: row.received_on,
                    acceptance_due: row.acceptance_due,
                });
            }
            Err(e) if e.kind == ErrorKind::Conflict => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::internal("no free tracking code"))
}

/// A portal case's progress, for the right code and password only: any wrong pair is the same
/// 404, after the same password check.
pub async fn status(app: &App, addr: &str, code: &str, password: &str) -> AppResult<PublicComplaintStatus> {
    public_intake::throttled_status(app, STATUS, addr, status_of(app, code, password)).await
}

pub(super) async fn status_of(app: &App, code: &str, password: &str) -> AppResult<PublicComplaintStatus> {
    let id = public_intake::opened_id(app, "complaints", code, password).await?;
    let r = store::get(&app.db, &Scope::everything(), id).await?;
    if r.revision.is_withdrawn() {
        return Err(AppError::not_found());
    }
    Ok(PublicComplaintStatus {
        state: state(&r).to_owned(),
        org_name: r.org_name,
        subject: r.subject,
        received_on: r.received_on,
        acceptance_due: r.acceptance_due,
        decided_on: r.decided_on,
        conclusion_due: r.conclusion_due,
        concluded_on: r.concluded_on,
        outcome: r
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map(|o| o.label().to_owned()),
        opinion: r.opinion,
        remedies: r.remedies,
    })
}

/// A receipt to check: its text as printed and its verification string.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VerifyInput {
    pub receipt_text: String,
    pub verification: String,
}

/// Whether a receipt is genuine, and the case it names if the caller may see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VerifyResult {
    pub valid: bool,
    pub message: String,
    pub case_id: Option<i64>,
}

/// Checks a receipt presented by a citizen (staff who read the register): one changed character
/// in the text or in the verification string fails.
pub async fn verify(app: &App, caller: &Caller, i: &VerifyInput) -> AppResult<VerifyResult> {
    caller.require_read(AREA)?;
    if i.receipt_text.chars().count() > 2_000 || i.verification.len() > 64 {
        return Err(AppError::field("receipt_text", "回执内容过长，请只粘贴回执正文"));
    }
    let key = receipt_key(app).await?;
    let expected: Vec<u8> = verification(&key, &i.receipt_text)
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    let given: Vec<u8> = i
        .verification
        .to_uppercase()
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    // Compared in full whatever differs first, so the time taken tells nothing.
    let valid = expected.len() == given.len()
        && expected.iter().zip(&given).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    let code = normalised(&i.receipt_text)
        .lines()
        .find_map(|l| l.strip_prefix("查询码：").map(str::to_owned));
    let case_id = match (valid, code) {
        (true, Some(code)) => store::by_code(&app.db, &caller.scope, &code).await?,
        _ => None,
    };
    let message = if valid {
        "回执真实：内容与本系统出具的一致".to_owned()
    } else {
        "回执无法验证：内容或验证码与本系统出具的不一致（可能抄错或被改动）".to_owned()
    };
    Ok(VerifyResult {
        valid,
        message,
        case_id,
    })
}
