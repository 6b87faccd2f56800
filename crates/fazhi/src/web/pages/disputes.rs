//! Staff pages of the disputes register: the filtered list with totals and exports, the
//! registration form (usable on a phone), and a case's page with its timeline and next steps.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::{
    self as rules, AgreementForm, Level, Performance, Risk, Ruling, Source, Status,
};
use fazhi_domain::mask;
use fazhi_domain::org::OrgKind;
use fazhi_ledger::Format;

use super::case_list::list_page;
use super::case_page::{detail_page_is_case_page, Case, CasePage, Shown};
use super::kit::{self, PageRegister};
use super::mediator_choice::{self, MediatorChoice};
use super::register_pages::{
    form_register, read_input, revisions, village_code, At, FormView, NewForm, RegForm,
};
use super::{render, Ctx};
use crate::app::{App, SharedApp};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::dispute_plans::{self, PlanInput};
use crate::service::dispute_revisions::{keep_masked, DisputeRecord, Disputes};
use crate::service::disputes::{
    self as service, DisputeView, NewDisputeInput, PartyInput, StepInput,
};
use crate::service::ledger;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision;
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

/// Raw form values, kept so that nothing typed is lost when the form comes back with errors.
#[derive(Default)]
pub struct FormState(pub BTreeMap<String, String>);

impl FormState {
    pub fn v(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn checked(&self, key: &str) -> bool {
        matches!(self.v(key), "on" | "1" | "true")
    }
}

pub(super) fn not_found() -> PageError {
    PageError(AppError::not_found())
}

/// Villages (and the town itself) in the caller's subtree, for select boxes.
pub(super) async fn org_options(app: &SharedApp, session: &Session) -> Result<Vec<Org>, PageError> {
    Ok(orgs_service::visible(app, &session.caller)
        .await?
        .into_iter()
        .filter(|o| matches!(o.kind(), OrgKind::Village | OrgKind::Town))
        .collect())
}

list_page!(Disputes, "disputes/list.html");

/// The choices of the list's own filters.
impl ListPage {
    fn types(&self) -> &'static [&'static str] {
        rules::DEFAULT_TYPES
    }

    fn levels(&self) -> Vec<(&'static str, &'static str)> {
        Level::options()
    }

    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        Status::options()
    }

    fn risks(&self) -> Vec<(&'static str, &'static str)> {
        Risk::options()
    }
}

/// A file download named for people (`纠纷台账-2024-03-05.xlsx`).
pub fn download(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, attachment_disposition(name)),
        ],
        bytes,
    )
        .into_response()
}

/// `Content-Disposition` of a download named `name` (RFC 5987, so Chinese names survive).
pub fn attachment_disposition(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename*=UTF-8''{encoded}")
}

#[derive(Template)]
#[template(path = "disputes/form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    errors: BTreeMap<String, String>,
    orgs: Vec<Org>,
    types: Vec<String>,
    sources: Vec<(&'static str, &'static str)>,
    risks: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    party_slots: Vec<usize>,
    /// The 调解员, ticked from the register or typed from outside it.
    mediators: MediatorChoice,
    /// The case being corrected (the 编辑 form), or `None` for a new one.
    editing: Option<Editing>,
}

/// What the 编辑 form knows of the case it corrects.
pub struct Editing {
    pub id: i64,
    pub version: i64,
    pub case_no: String,
    /// Parties on file: their rows get a 删除 box.
    pub parties_on_file: usize,
    /// The case is concluded: a change of its content is a 更正 and needs a reason.
    pub is_final: bool,
    /// The closing texts the case has (调解成功: the agreement's; 不予受理/调解不成/终止: a reason).
    pub has_agreement: bool,
    pub has_outcome_reason: bool,
}

impl FormPage {
    /// Where the form posts, and where 「添加当事人」 posts it back with one more row.
    fn action(&self) -> String {
        match &self.editing {
            Some(e) => format!("/disputes/{}/edit", e.id),
            None => "/disputes".to_owned(),
        }
    }

    fn add_party_action(&self) -> String {
        match &self.editing {
            Some(e) => format!("/disputes/{}/edit/add-party", e.id),
            None => "/disputes/new/add-party".to_owned(),
        }
    }

    fn on_file(&self, n: &usize) -> bool {
        self.editing
            .as_ref()
            .is_some_and(|e| *n <= e.parties_on_file)
    }
}

/// The party rows a posted form holds (`party3_name` … makes three), bounded one past the most a
/// case may list so that too many are refused by name.
fn party_rows(form: &FormState) -> usize {
    form.0
        .keys()
        .filter_map(|k| {
            k.strip_prefix("party")?
                .split_once('_')?
                .0
                .parse::<usize>()
                .ok()
        })
        .filter(|n| *n <= rules::MAX_PARTIES + 1)
        .max()
        .unwrap_or(0)
}

/// The registration form, or (`editing`) the 编辑 form of a case.
async fn form_page(
    app: &SharedApp,
    session: &Session,
    form: FormState,
    errors: BTreeMap<String, String>,
    editing: Option<Editing>,
) -> Result<FormPage, PageError> {
    session.caller.require_write(Area::Disputes)?;
    // A new case offers two rows (the first party and another); a posted form keeps its rows.
    let rows = party_rows(&form).max(if editing.is_some() { 1 } else { 2 });
    let mediators = mediator_choice::choice(app, &session.caller, form.v("mediators")).await;
    // The caller's list (national, its county's, town's and own codes); an edited case keeps
    // its type even when that code has since been deactivated.
    let mut types = crate::service::code_lists::for_caller(app, &session.caller)
        .await?
        .get(fazhi_domain::code_list::ListName::DisputeTypes)
        .names();
    let current = form.v("dispute_type").trim();
    if !current.is_empty() && !types.iter().any(|t| t == current) {
        types.push(current.to_owned());
    }
    Ok(FormPage {
        mediators,
        editing,
        ctx: Ctx::new(session, "disputes"),
        form,
        errors,
        orgs: org_options(app, session)
            .await?
            .into_iter()
            .filter(|o| o.kind() == OrgKind::Village)
            .collect(),
        types,
        sources: Source::options(),
        risks: Risk::options(),
        levels: Level::options(),
        party_slots: (1..=rows).collect(),
    })
}

/// The parties of a posted form; a row ticked 删除 is a blank row, which is no party.
fn parties_from_form(f: &FormState) -> Vec<PartyInput> {
    (1..=party_rows(f))
        .map(|n| {
            if f.checked(&format!("party{n}_remove")) {
                return PartyInput::default();
            }
            PartyInput {
                kind: f.v(&format!("party{n}_kind")).to_owned(),
                name: f.v(&format!("party{n}_name")).to_owned(),
                sex: f.v(&format!("party{n}_sex")).to_owned(),
                ethnicity: f.v(&format!("party{n}_ethnicity")).to_owned(),
                id_no: f.v(&format!("party{n}_id_no")).to_owned(),
                phone: f.v(&format!("party{n}_phone")).to_owned(),
                address: f.v(&format!("party{n}_address")).to_owned(),
            }
        })
        .collect()
}

/// The posted form with one more party row (「添加当事人」, no script needed): nothing is saved.
fn with_another_party(mut form: BTreeMap<String, String>) -> FormState {
    form.remove("_csrf");
    let mut form = FormState(form);
    let next = party_rows(&form).max(1) + 1;
    form.0.insert(format!("party{next}_name"), String::new());
    form
}

/// `POST /disputes/new/add-party`: the registration form again, with another party row.
pub async fn new_add_party(
    State(app): State<SharedApp>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    mediator_choice::fold(&mut form);
    let page = form_page(
        &app,
        &session,
        with_another_party(form),
        BTreeMap::new(),
        None,
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// `POST /disputes/{id}/edit/add-party`: the 编辑 form again (on the version it carried), with
/// another party row.
pub async fn edit_add_party(
    State(app): State<SharedApp>,
    Path(id): Path<String>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    mediator_choice::fold(&mut form);
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let version = form
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let record = revision::load_for_edit::<Disputes>(&app, &session.caller, id).await?;
    let mut form = with_another_party(form);
    form.0.remove("version");
    let editing = editing_of(&record, version);
    let page = form_page(&app, &session, form, BTreeMap::new(), Some(editing)).await?;
    Ok(render(&page)?.into_response())
}

fn editing_of(r: &DisputeRecord, version: i64) -> Editing {
    let status = Status::parse(&r.dispute.status);
    Editing {
        id: r.dispute.id,
        version,
        case_no: r.dispute.case_no.clone(),
        parties_on_file: r.parties.len(),
        is_final: status.is_some_and(rules::correction::is_final),
        has_agreement: status == Some(Status::Succeeded),
        has_outcome_reason: matches!(
            status,
            Some(Status::Rejected | Status::Failed | Status::Terminated)
        ),
    }
}

/// A count that is not a number is the form's own error (the input holds a number).
fn people_involved_error(form: &FormState) -> Result<(), AppError> {
    let n = form.v("people_involved").trim();
    if !n.is_empty() && n.parse::<i64>().is_err() {
        return Err(AppError::field(
            "people_involved",
            "涉及人数请填写整数，例如 2",
        ));
    }
    Ok(())
}

/// One entry of a case's timeline.
pub struct TimelineItem {
    pub date: String,
    pub title: String,
    pub detail: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "disputes/detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: DisputeView,
    timeline: Vec<TimelineItem>,
    errors: BTreeMap<String, String>,
    /// The step whose form is open (after an error).
    open_step: String,
    form: FormState,
    amount: String,
    today: String,
    outcomes: Vec<(&'static str, &'static str)>,
    forms: Vec<(&'static str, &'static str)>,
    performances: Vec<(&'static str, &'static str)>,
    rulings: Vec<(&'static str, &'static str)>,
    /// Consultations and legal-aid referrals linked to the case.
    consultations: Vec<crate::service::consultations::Consultation>,
    referrals: Vec<crate::service::legal_aid::ReferralItem>,
    /// Complaints (信访事项) mediated through this case (linked from the complaint's page).
    complaints: Vec<crate::registers::complaints::service::LinkedComplaint>,
    can_consult: bool,
    can_refer: bool,
    /// The 调解员 the start and session forms offer.
    mediators: MediatorChoice,
    rv: kit::Revisions,
    /// The caller may record the case's mediation plan (`service::dispute_plans`).
    can_plan: bool,
}

impl DetailPage {
    fn may(&self, step: &str) -> bool {
        self.v.allowed.iter().any(|s| s.code == step)
    }

    /// A field of the plan's form: as typed after a refusal, else as on file.
    fn plan(&self, key: &str) -> String {
        if self.open_step == "plan" {
            return self.form.v(key).to_owned();
        }
        let d = &self.v.dispute;
        let day = |x: Option<chrono::NaiveDate>| x.map(|x| x.to_string()).unwrap_or_default();
        match key {
            "text" => d.plan_text.clone().unwrap_or_default(),
            "drawn_on" => day(d.plan_drawn_on),
            "review" => d.plan_review_number.clone().unwrap_or_default(),
            "carried_out_on" => day(d.plan_carried_out_on),
            _ => String::new(),
        }
    }

    /// A plan field's error, shown in the plan's form only.
    fn plan_error(&self, key: &str) -> Option<&String> {
        (self.open_step == "plan")
            .then(|| self.errors.get(key))
            .flatten()
    }
}

/// Where a step falls among the steps of one date. The state machine only lets a session be
/// recorded while mediating and a return visit or 司法确认 after the conclusion, so within a date
/// the order is: everything up to and during mediation (by when it was recorded), then 结案, then
/// what follows it. The phase keeps that order even for imported cases recorded all at once.
fn phase(action: &str) -> u8 {
    match action {
        "close" => 1,
        "judicial_confirmation" => 2,
        _ => 0,
    }
}

/// The 办理经过: every step, session and return visit in the order they happened.
fn timeline(v: &DisputeView) -> Vec<TimelineItem> {
    type Key = (chrono::NaiveDate, u8, chrono::DateTime<chrono::Utc>);
    let mut items: Vec<(Key, TimelineItem)> = Vec::new();
    for e in &v.events {
        let mut detail = format!(
            "{}（{}，{}）",
            e.to_status_label, e.level_label, e.event.org_name
        );
        if !e.event.note.is_empty() {
            detail.push('：');
            detail.push_str(&e.event.note);
        }
        items.push((
            (e.event.on_date, phase(&e.event.action), e.event.at),
            TimelineItem {
                date: e.event.on_date.to_string(),
                title: e.action_label.to_owned(),
                detail,
                by: e.event.actor.clone(),
            },
        ));
    }
    for s in &v.sessions {
        items.push((
            (s.held_on, phase("session"), s.created_at),
            TimelineItem {
                date: s.held_on.to_string(),
                title: format!("调解（{}）", s.place),
                detail: s.record.clone(),
                by: s.mediators.clone(),
            },
        ));
    }
    for r in &v.return_visits {
        items.push((
            (r.visited_on, phase("judicial_confirmation"), r.created_at),
            TimelineItem {
                date: r.visited_on.to_string(),
                title: format!(
                    "回访：{}",
                    Performance::parse(&r.performance).map_or("", Performance::label)
                ),
                detail: r.note.clone(),
                by: r.visitor.clone(),
            },
        ));
    }
    // A stable sort: steps recorded in the same instant keep the order they were read in (by id).
    items.sort_by_key(|a| a.0);
    items.into_iter().map(|(_, t)| t).collect()
}

async fn detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    shown: Shown,
) -> Result<DetailPage, PageError> {
    let v = service::get(app, &session.caller, id, shown.reveal).await?;
    let d = &v.dispute;
    let can_plan = session.caller.role.can_write(Area::Disputes) && d.withdrawn_at.is_none();
    let rv = revisions::<Disputes>(app, &session.caller, id, d, true).await?;
    let current = if matches!(shown.step.as_str(), "start" | "session") {
        shown.form.v("mediators").to_owned()
    } else {
        d.mediators.clone()
    };
    let mediators = mediator_choice::choice(app, &session.caller, &current).await;
    Ok(DetailPage {
        mediators,
        rv,
        ctx: Ctx::new(session, "disputes"),
        timeline: timeline(&v),
        amount: v.dispute.amount_fen.map(service::yuan).unwrap_or_default(),
        v,
        errors: shown.errors,
        open_step: shown.step,
        form: shown.form,
        today: crate::service::deadlines::today().to_string(),
        outcomes: vec![
            (Status::Succeeded.code(), Status::Succeeded.label()),
            (Status::Failed.code(), Status::Failed.label()),
            (Status::Terminated.code(), Status::Terminated.label()),
        ],
        forms: AgreementForm::options(),
        performances: Performance::options(),
        rulings: Ruling::options(),
        consultations: crate::service::consultations::for_dispute(app, &session.caller, id).await?,
        referrals: crate::service::legal_aid::for_dispute(app, &session.caller, id).await?,
        complaints: crate::registers::complaints::service::linked_to_dispute(
            app,
            &session.caller,
            id,
        )
        .await?,
        can_consult: session.caller.role.can_write(Area::Consultations),
        can_refer: session.caller.role.can_write(Area::LegalAid),
        can_plan,
    })
}

/// The 人民调解协议书 of a case, to print and sign.
pub async fn agreement(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let (name, bytes) = service::agreement_docx(&app, &session.caller, id).await?;
    Ok(download(&name, service::DOCX_TYPE, bytes))
}

/// Uploads a file to a case: a multipart form whose `_csrf` field comes before the file.
pub async fn upload(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let bad = |m: &str| PageError(AppError::bad_request("invalid_upload", m.to_owned()));
    let mut csrf_ok = false;
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad("上传未完成或文件过大（最大 20 MB），请重试"))?
    {
        match field.name() {
            Some("_csrf") => {
                let v = field.text().await.unwrap_or_default();
                csrf_ok = crate::web::session::csrf_matches(&session.user.csrf_token, &v);
            }
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or("").to_owned();
                let ct = field.content_type().unwrap_or("").to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| bad("上传未完成或文件过大（最大 20 MB），请重试"))?;
                file = Some((name, ct, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(crate::web::session::csrf_error());
    }
    let (name, ct, bytes) = file.unwrap_or_default();
    match service::attach(&app, &session.caller, id, &name, &ct, bytes).await {
        Ok(_) => Ok(Redirect::to(&format!("/disputes/{id}")).into_response()),
        Err(e) if e.kind == ErrorKind::BadRequest => {
            let shown = Shown {
                step: "attach".to_owned(),
                errors: e.fields,
                ..Shown::default()
            };
            let case = Case {
                app: &app,
                session: &session,
                id,
            };
            let page = Disputes::case_page(case, shown).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// An attachment, named as uploaded. Photos, recordings, videos and PDFs are shown inline (they
/// open on the phone); anything a browser would run as a page of this site — SVG, HTML, XML,
/// scripts — is only ever downloaded (issue #12).
pub async fn attachment(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let (a, bytes) = crate::service::attachments::open(&app, &session.caller, id).await?;
    let mut resp = download(&a.file_name, &a.content_type, bytes);
    if !shown_inline(&a.content_type) {
        return Ok(resp);
    }
    if let Ok(v) = header::HeaderValue::from_str(
        &resp.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap_or("")
            .replacen("attachment", "inline", 1),
    ) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// Passive media a browser only displays.
pub fn shown_inline(content_type: &str) -> bool {
    let ct = content_type.trim().to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    matches!(
        essence,
        "image/png"
            | "image/jpeg"
            | "image/gif"
            | "image/webp"
            | "image/bmp"
            | "image/heic"
            | "application/pdf"
    ) || ((essence.starts_with("audio/") || essence.starts_with("video/"))
        && !essence.contains("xml"))
}

/// The blank disputes ledger with its notes sheet, and drop-downs of the types and sources the
/// caller's organisation sees (its own codes included).
pub async fn template(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    use fazhi_domain::code_list::ListName;
    let lists = crate::service::code_lists::for_caller(&app, &session.caller).await?;
    let choices = [
        ("纠纷类型", lists.get(ListName::DisputeTypes).names()),
        ("来源", lists.get(ListName::DisputeSources).names()),
    ];
    let bytes = fazhi_ledger::template_with_choices(
        ledger::Ledger::Disputes.spec(),
        Format::Xlsx,
        &choices,
    )
    .map_err(AppError::internal)?;
    Ok(download(
        "纠纷台账-模板.xlsx",
        Format::Xlsx.content_type(),
        bytes,
    ))
}

impl RegForm for Disputes {
    const HEADINGS: [&'static str; 2] = ["登记纠纷", "编辑"];
    const DATED: &'static [&'static str] = &["registered_on"];

    /// The consultation registered as a dispute (转为纠纷登记): who asked, about what, from
    /// where; the rest is for the user.
    async fn new_form(new: &mut NewForm<'_>) -> Result<(), PageError> {
        let At { app, session } = new.at;
        let Some(cid) = new.from.consultation() else {
            return Ok(());
        };
        let c = crate::service::consultations::for_follow_up(app, &session.caller, cid).await?;
        if c.dispute_id.is_some() {
            new.errors.insert(
                "consultation_id".into(),
                "该法律咨询已关联纠纷案件，不能再次转为纠纷登记".into(),
            );
            return Ok(());
        }
        let source = crate::service::consultations::dispute_source(&c.channel);
        new.set("consultation_id", cid.to_string());
        new.set("source", source.code().into());
        new.set("summary", c.topic);
        new.set("party1_name", c.person);
        // Only a full number is worth carrying over (a masked one would not validate).
        if let Some(phone) = c.phone.filter(|p| !p.contains('*')) {
            new.set("party1_phone", phone);
        }
        if let Some(code) = village_code(app, session, c.village_id).await? {
            new.set("village", code);
        }
        Ok(())
    }

    fn tidy(fields: &mut BTreeMap<String, String>) {
        mediator_choice::fold(fields);
    }

    fn input(f: &FormState) -> AppResult<NewDisputeInput> {
        people_involved_error(f)?;
        Ok(read_input!(f => NewDisputeInput {
            text: [case_no, registered_on, village, source, dispute_type, summary, claims, risk,
                level, mediators, amount, police_reported_on, police_recipient, agreement_terms,
                performance_terms, responsibility, outcome_reason],
            checked: [group_dispute, police_reported, accept_now],
            numbers: [people_involved, consultation_id],
            parties: parties_from_form(f),
        }))
    }

    async fn create(app: &App, caller: &Caller, input: NewDisputeInput) -> AppResult<i64> {
        Ok(service::create(app, caller, input).await?.id)
    }

    async fn form_page(v: FormView<'_, Self>) -> Result<Html<String>, PageError> {
        let editing = v.editing.map(|e| editing_of(e.record, e.version));
        render(&form_page(v.at.app, v.at.session, v.form, v.errors, editing).await?)
    }
}

impl CasePage for Disputes {
    async fn case_page(case: Case<'_>, shown: Shown) -> Result<Html<String>, PageError> {
        let Case { app, session, id } = case;
        render(&detail_page(app, session, id, shown).await?)
    }

    /// A lifecycle step; after it the case's page, or the list when the step (an escalation)
    /// took the case out of a village user's sight.
    async fn step(case: Case<'_>, posted: &mut Shown) -> Result<AppResult<String>, PageError> {
        let Case { app, session, id } = case;
        if posted.step == "plan" {
            // The plan has fields of its own (`dispute_plans::PlanInput`), not a step's.
            let pairs: Vec<(String, String)> = posted.form.0.clone().into_iter().collect();
            let input: PlanInput = super::records::form_from(&pairs);
            let done = dispute_plans::record(app, &session.caller, id, input).await;
            return Ok(done.map(|_| format!("/disputes/{id}")));
        }
        mediator_choice::fold(&mut posted.form.0);
        let input: StepInput =
            serde_json::from_value(serde_json::to_value(&posted.form.0).unwrap_or_default())
                .map_err(|e| {
                    PageError(AppError::bad_request(
                        "invalid_form",
                        format!("表单内容不正确：{e}"),
                    ))
                })?;
        let caller = &session.caller;
        let result = match posted.step.as_str() {
            "accept" => service::accept(app, caller, id, input).await.map(|_| ()),
            "reject" => service::reject(app, caller, id, input).await.map(|_| ()),
            "start" => service::start(app, caller, id, input).await.map(|_| ()),
            "session" => service::record_session(app, caller, id, input)
                .await
                .map(|_| ()),
            "close" => service::close(app, caller, id, input).await.map(|_| ()),
            "escalate" => service::escalate(app, caller, id, input).await.map(|_| ()),
            "transfer" => service::transfer(app, caller, id, input).await.map(|_| ()),
            "return_visit" => service::return_visit(app, caller, id, input)
                .await
                .map(|_| ()),
            "judicial_confirmation" => service::judicial_confirmation(app, caller, id, input)
                .await
                .map(|_| ()),
            _ => return Err(not_found()),
        };
        if let Err(e) = result {
            return Ok(Err(e));
        }
        // After escalation a village user may no longer see the case; take them to the list.
        let seen = service::get(app, caller, id, false).await.is_ok();
        Ok(Ok(if seen {
            format!("/disputes/{id}")
        } else {
            "/disputes".to_owned()
        }))
    }
}

impl PageRegister for Disputes {
    const PAGE: &'static str = "/disputes";
    form_register!();

    /// ID numbers and phones are shown masked (the form never reveals them); one empty party row
    /// follows the parties on file.
    fn form_of(i: NewDisputeInput, _r: &DisputeRecord) -> FormState {
        let mut form = FormState::default();
        let mut set = |k: &str, v: &str| {
            form.0.insert(k.to_owned(), v.to_owned());
        };
        for (k, v) in [
            ("case_no", &i.case_no),
            ("registered_on", &i.registered_on),
            ("village", &i.village),
            ("source", &i.source),
            ("dispute_type", &i.dispute_type),
            ("summary", &i.summary),
            ("claims", &i.claims),
            ("risk", &i.risk),
            ("level", &i.level),
            ("mediators", &i.mediators),
            ("amount", &i.amount),
            ("police_reported_on", &i.police_reported_on),
            ("police_recipient", &i.police_recipient),
            ("agreement_terms", &i.agreement_terms),
            ("performance_terms", &i.performance_terms),
            ("responsibility", &i.responsibility),
            ("outcome_reason", &i.outcome_reason),
        ] {
            set(k, v);
        }
        set(
            "people_involved",
            &i.people_involved.map(|n| n.to_string()).unwrap_or_default(),
        );
        for (k, on) in [
            ("group_dispute", i.group_dispute),
            ("police_reported", i.police_reported),
        ] {
            if on {
                set(k, "on");
            }
        }
        for (n, p) in i.parties.iter().enumerate().map(|(i, p)| (i + 1, p)) {
            set(&format!("party{n}_kind"), &p.kind);
            set(&format!("party{n}_name"), &p.name);
            set(&format!("party{n}_sex"), &p.sex);
            set(&format!("party{n}_ethnicity"), &p.ethnicity);
            set(&format!("party{n}_id_no"), &mask::mask_id_card(&p.id_no));
            set(&format!("party{n}_phone"), &mask::mask_phone(&p.phone));
            set(&format!("party{n}_address"), &p.address);
        }
        set(&format!("party{}_name", i.parties.len() + 1), "");
        form
    }

    /// A number left as shown (masked) keeps the one on file.
    fn entered(current: NewDisputeInput, mut entered: NewDisputeInput) -> NewDisputeInput {
        keep_masked(&current, &mut entered);
        entered
    }

    detail_page_is_case_page!();
}
