//! Legal consultations (法律咨询台账): recording, listing and the ledger.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::dispute::{Channel, Source};
use fazhi_domain::ident::MobileNo;
use fazhi_domain::mask;
use fazhi_ledger::{parse_date, SheetRow};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::consultations::{
    self as store, Consultations, Filter, Filters, NewConsultation,
};
use crate::storage::{Scope, StorageError, Tx};

use super::code_lists::ListName;
use super::disputes::checkbox;
use super::ledger::Ledger;
use super::list_params::some;
use super::list_totals;
use super::register_kit::{self as kit, ListResult};
use super::totals_cache::TotalsCache;
use super::Caller;
pub use crate::storage::consultations::{Consultation, Totals};
use crate::storage::linked::Linked;

/// The audit log's name for a consultation.
pub const REGISTER: &str = "consultation";

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsultationInput {
    /// 2024-03-05 (also 2024/3/5, 2024年3月5日)
    pub consulted_on: String,
    /// 窗口 / 电话 / 网络 / 下村
    pub channel: String,
    /// Code of the person's village (optional).
    #[serde(default)]
    pub village: String,
    pub person: String,
    #[serde(default)]
    pub phone: String,
    pub topic: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub answer: String,
    /// Whether the right to apply for legal aid was explained (法律援助法 Art. 23).
    #[serde(default, deserialize_with = "checkbox")]
    pub aid_explained: bool,
    #[serde(default)]
    pub handler: String,
    /// 当场解答 / 转调解 / 转法律援助 / 引导诉讼 …
    #[serde(default)]
    pub follow_up: String,
    /// The dispute this consultation led to or came from.
    #[serde(default)]
    pub dispute_id: Option<i64>,
}

pub async fn create(
    app: &App,
    caller: &Caller,
    input: NewConsultationInput,
) -> AppResult<Consultation> {
    caller.require_write(Area::Consultations)?;
    super::require_linked(app, caller, Linked::Dispute, input.dispute_id).await?;
    let new = parse_input(app, caller, input, caller.org_id).await?;
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), &new).await?;
    let c = store::get(&mut tx, &Scope::everything(), id).await?;
    tx.commit().await?;
    Ok(masked(c))
}

/// Checks a consultation as entered (recording and correction alike). Without a village it
/// belongs to `default_org` (the caller's own unit when recording).
pub(crate) async fn parse_input(
    app: &App,
    caller: &Caller,
    input: NewConsultationInput,
    default_org: i64,
) -> AppResult<NewConsultation> {
    let mut errors = BTreeMap::new();
    let consulted_on = match parse_date(&input.consulted_on) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.insert("consulted_on".into(), format!("咨询日期：{m}"));
            None
        }
    };
    let channel = Channel::parse(&input.channel);
    if channel.is_none() {
        errors.insert(
            "channel".into(),
            "咨询方式应为 窗口、电话、网络 或 下村".into(),
        );
    }
    if input.person.trim().is_empty() {
        errors.insert("person".into(), "请填写咨询人姓名".into());
    }
    if input.topic.trim().is_empty() {
        errors.insert("topic".into(), "请填写咨询事项".into());
    }
    let phone = kit::optional_id(&mut errors, "phone", &input.phone, |p| {
        MobileNo::parse(p).map(|m| m.as_str().to_owned())
    });
    let village = kit::village_in(app, &caller.scope, &input.village, &mut errors).await?;
    let (Some(consulted_on), Some(channel), true) = (consulted_on, channel, errors.is_empty())
    else {
        return Err(AppError::invalid(errors));
    };
    let org_id = village.as_ref().map_or(default_org, |v| v.id);
    if org_id == 0 {
        return Err(AppError::field("village", "请选择所属村（社区）"));
    }
    // Category and handling are open lists: a code or an alias is stored by its canonical
    // name (so the category counts add up), any other text as typed.
    let home = crate::storage::orgs::get(&app.db, org_id).await?;
    let lists = super::code_lists::for_org(app, &home).await?;
    let open = |list, s: &str| lists.get(list).canonical(s);
    Ok(NewConsultation {
        org_id,
        village_id: village.map(|v| v.id),
        consulted_on,
        channel: channel.code().to_owned(),
        person: input.person.trim().to_owned(),
        phone,
        topic: input.topic.trim().to_owned(),
        category: open(ListName::ConsultationCategories, &input.category),
        answer: input.answer.trim().to_owned(),
        aid_explained: input.aid_explained,
        handler: match input.handler.trim() {
            "" => caller.name.clone(),
            h => h.to_owned(),
        },
        follow_up: match input.follow_up.trim() {
            "" => "当场解答".to_owned(),
            f => open(ListName::ConsultationHandling, f),
        },
        dispute_id: input.dispute_id,
        remarks: None,
    })
}

/// The consultation with its phone masked: how every page and response shows it unless the
/// caller explicitly asks to see it in full (see [`get`]).
pub(crate) fn masked(mut c: Consultation) -> Consultation {
    c.phone = c.phone.map(|p| mask::mask_phone(&p));
    c
}

/// A consultation as shown on its page and by the API.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ConsultationView {
    #[serde(flatten)]
    pub consultation: Consultation,
    /// Whether the phone is shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see it in full.
    pub may_reveal: bool,
}

pub async fn list(
    app: &App,
    caller: &Caller,
    year: Option<i32>,
    q: Option<String>,
    withdrawn: bool,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Consultation>, i64)> {
    let f = Filter {
        year,
        withdrawn,
        more: Filters {
            q,
            ..Filters::default()
        },
        ..Filter::default()
    };
    kit::list::<Consultations>(app, caller, f, limit, offset).await
}

/// The source of a dispute registered from a consultation (转为纠纷登记) that came in by
/// `channel`: by phone 电话, online 网络, otherwise 来访 — the person came to ask, at the
/// window or when staff were in the village (下村); it was not found by 排查 (issue #15).
pub fn dispute_source(channel: &str) -> Source {
    match Channel::parse(channel) {
        Some(Channel::Phone) => Source::Phone,
        Some(Channel::Online) => Source::Online,
        Some(Channel::Counter | Channel::Visit) | None => Source::Visit,
    }
}

/// One consultation as the caller may see it; `reveal` asks for the full phone, which only
/// roles that handle cases get, and which is logged.
pub async fn get(app: &App, caller: &Caller, id: i64, reveal: bool) -> AppResult<ConsultationView> {
    caller.require_read(Area::Consultations)?;
    let c = store::get(&app.db, &caller.scope, id).await?;
    let may_reveal = caller.role.may_see_personal_data();
    let shown = reveal && may_reveal && c.phone.is_some();
    if shown {
        super::accounts::log_personal_data_view(app, caller, REGISTER, id, c.org_id).await?;
    }
    Ok(ConsultationView {
        consultation: if shown { c } else { masked(c) },
        personal_data_shown: shown,
        may_reveal,
    })
}

/// The consultation carried over into a dispute or legal-aid form (转为纠纷登记, 转法律援助):
/// the phone in full only for roles that may see personal data, who are re-entering it.
pub async fn for_follow_up(app: &App, caller: &Caller, id: i64) -> AppResult<Consultation> {
    caller.require_read(Area::Consultations)?;
    let c = store::get(&app.db, &caller.scope, id).await?;
    Ok(if caller.role.may_see_personal_data() {
        c
    } else {
        masked(c)
    })
}

impl kit::ImportRows for NewConsultation {
    const REGISTER: &'static str = REGISTER;
    const LEDGER: Ledger = Ledger::Consultations;
    const DATE: &'static str = "日期";
    const REQUIRED: [(&'static str, &'static str); 2] = [
        ("咨询人", "请填写咨询人姓名"),
        ("咨询事项", "请填写咨询事项"),
    ];

    fn of_row(row: &SheetRow, date: NaiveDate, org_id: i64, village: Option<i64>) -> Self {
        NewConsultation {
            org_id,
            village_id: village,
            consulted_on: date,
            channel: Channel::Counter.code().to_owned(),
            person: row.get("咨询人").to_owned(),
            phone: None,
            topic: row.get("咨询事项").to_owned(),
            category: row.get("类别").to_owned(),
            answer: String::new(),
            aid_explained: false,
            handler: row.get("答复人").to_owned(),
            follow_up: row.opt("处理方式").unwrap_or("当场解答").to_owned(),
            dispute_id: None,
            remarks: row.opt(fazhi_ledger::specs::REMARKS).map(str::to_owned),
        }
    }

    async fn insert_all(tx: &mut Tx, rows: &[Self]) -> Result<(), StorageError> {
        store::create_many(tx, rows).await
    }
}

// ---------------------------------------------------------------------------------------------
// The staff list page: filters from the query string, totals, and the export of the filtered set

impl kit::CaseRegister for Consultations {
    const AREA: Area = Area::Consultations;
    const VERSION: &'static str = "consultations";
    const LEDGER: Ledger = Ledger::Consultations;
    type Item = Consultation;
    type Params = ListFilters;

    fn totals_cache(app: &App) -> &TotalsCache<Totals> {
        &app.consultation_totals
    }

    fn total(t: &Totals) -> i64 {
        t.total
    }

    fn masked(c: Consultation) -> Consultation {
        masked(c)
    }

    /// Lists always mask; the full number is on the record for roles that may see it.
    fn item(c: Consultation) -> Consultation {
        masked(c)
    }

    fn ledger_row(c: Consultation) -> Vec<String> {
        vec![
            c.consulted_on.to_string(),
            c.village_name.unwrap_or_default(),
            c.person,
            c.topic,
            c.category,
            c.handler,
            c.follow_up,
        ]
    }
}

/// List filters as they come from a query string (blank means "any").
pub type ListParams = kit::ListParams<ListFilters>;

/// The consultations' own list filters as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ListFilters {
    pub category: Option<String>,
    /// `1`: linked to a dispute; `0`: not linked.
    pub linked: Option<String>,
    /// Words in the person's name or the topic.
    pub q: Option<String>,
}

impl kit::OwnFilters for ListFilters {
    type Checked = Filters;

    fn pairs(&self) -> Vec<(&'static str, &Option<String>)> {
        vec![
            ("category", &self.category),
            ("linked", &self.linked),
            ("q", &self.q),
        ]
    }

    fn check(&self, errors: &mut BTreeMap<String, String>) -> Filters {
        let linked = match some(&self.linked) {
            None => None,
            Some("1") => Some(true),
            Some("0") => Some(false),
            Some(_) => {
                errors.insert("linked".into(), "请选择 已关联纠纷 或 未关联纠纷".into());
                None
            }
        };
        Filters {
            category: some(&self.category).map(str::to_owned),
            linked,
            q: some(&self.q).map(str::to_owned),
        }
    }
}

/// One page of the filtered list (phones masked, as in every list) and the totals of the set.
pub async fn search(
    app: &App,
    caller: &Caller,
    p: &ListParams,
) -> AppResult<ListResult<Consultation, Totals>> {
    kit::search::<Consultations>(app, caller, p).await
}

/// The categories in use, for the list's filter.
pub async fn categories(app: &App, caller: &Caller) -> AppResult<Vec<String>> {
    caller.require_read(Area::Consultations)?;
    list_totals::cached(
        &app.db,
        &app.consultation_categories,
        "consultations",
        &caller.scope,
        &"categories",
        || store::categories(&app.db, &caller.scope),
    )
    .await
}

/// The consultations linked to a dispute the caller may see.
pub async fn for_dispute(
    app: &App,
    caller: &Caller,
    dispute_id: i64,
) -> AppResult<Vec<Consultation>> {
    kit::for_dispute::<Consultations>(app, caller, dispute_id).await
}

/// The case number of the consultation's dispute, if the caller may see that dispute (after an
/// escalation a village user no longer does).
pub async fn linked_case_no(
    app: &App,
    caller: &Caller,
    c: &Consultation,
) -> AppResult<Option<String>> {
    let Some(id) = c.dispute_id else {
        return Ok(None);
    };
    if !caller.role.can_read(Area::Disputes) {
        return Ok(None);
    }
    match crate::storage::disputes::get(&app.db, &caller.scope, id).await {
        Ok(d) => Ok(Some(d.case_no)),
        Err(crate::storage::StorageError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The list's filtered set as a ledger file (`法律咨询台账-2024-03-05.xlsx`).
pub async fn export_filtered(
    app: &App,
    caller: &Caller,
    p: &ListParams,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    kit::export_filtered::<Consultations>(app, caller, p, format).await
}
