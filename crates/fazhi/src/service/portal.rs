//! The public portal's content per organisation: its profile (address, office hours, phones,
//! the leader responsible for 政务公开, the disclosure guide), its 公共法律服务 (the mediation
//! committees and whom to contact), 普法 news from the publicity register, its published annual
//! reports, and the profile's editing by staff.

use std::collections::BTreeMap;

use fazhi_domain::access::Area;
use fazhi_domain::mediation_org::Position;
use fazhi_domain::org::OrgKind;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::attachments::{contents, Attachment};
use crate::service::publicity::target_org;
use crate::service::report::{self, Snapshot};
use crate::service::Caller;
use crate::storage::orgs::{self, Org};
use crate::storage::{committees, mediators, portal as store};

pub use crate::storage::portal::{NewsRow, Profile};

/// Whom to contact at a mediation committee: its (deputy) directors.
pub struct Contact {
    pub name: String,
    pub position: &'static str,
}

/// A mediation committee as the portal lists it.
pub struct CommitteeCard {
    pub name: String,
    pub org_name: String,
    pub contacts: Vec<Contact>,
}

/// The body whose portal `code` names: an active town or county (a village committee is not an
/// administrative body, 政府信息公开条例 第二条); 404 otherwise.
pub async fn public_body(app: &App, code: &str) -> AppResult<Org> {
    orgs::by_code(&app.db, code.trim())
        .await?
        .filter(|o| o.active && o.kind() != OrgKind::Village)
        .ok_or_else(AppError::not_found)
}

/// Every body with a portal, with its profile: the county index.
pub async fn bodies(app: &App) -> AppResult<Vec<(Org, Profile)>> {
    let mut out = Vec::new();
    for o in orgs::public_bodies(&app.db).await? {
        let p = profile_of(app, &o).await?;
        out.push((o, p));
    }
    Ok(out)
}

/// The guide a body has not yet written: what 政府信息公开条例 第十二条 requires it to say,
/// in plain words, with the body's name.
pub fn default_guide(org_name: &str) -> String {
    format!(
        "一、主动公开：{org_name}对涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息主动公开，\
         自信息形成或者变更之日起20个工作日内通过本网站和政务公开栏发布（《政府信息公开条例》第十九条、第二十六条）。\n\
         二、依申请公开：公民、法人或者其他组织可以通过本网站、信函、传真或者当面向本机关提出申请，\
         写明申请人的姓名或者名称、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，\
         以及获取信息的方式（第二十七条、第二十九条）。\n\
         三、答复期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；\
         需要延长的，经政府信息公开工作机构负责人同意，延长不超过20个工作日（第三十三条）。\n\
         四、收费：依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以收取信息处理费（第四十二条）。\n\
         五、救济：认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，\
         也可以依法申请行政复议或者提起行政诉讼（第五十一条）。"
    )
}

/// `org`'s profile as stored, or an empty one with the default guide.
pub async fn profile_of(app: &App, org: &Org) -> AppResult<Profile> {
    Ok(match store::profile(&app.db, org.id).await? {
        Some(p) => p,
        None => Profile {
            guide: default_guide(&org.name),
            ..Profile::default()
        },
    })
}

/// The mediation committees of `org`'s subtree and their (deputy) directors: names and
/// positions only (a mediator's own phone is personal data; people call the town's phones).
pub async fn committees(app: &App, org: &Org) -> AppResult<Vec<CommitteeCard>> {
    let scope = org.scope();
    let list = committees::list(&app.db, &scope, false).await?;
    let people = mediators::list(&app.db, &scope, None, false, false).await?;
    let mut contacts: BTreeMap<i64, Vec<Contact>> = BTreeMap::new();
    for m in &people {
        let position = Position::parse(&m.position);
        if matches!(
            position,
            Some(Position::Director | Position::DeputyDirector)
        ) {
            if let Some(c) = m.committee_id {
                contacts.entry(c).or_default().push(Contact {
                    name: m.name.clone(),
                    position: m.position_label(),
                });
            }
        }
    }
    Ok(list
        .into_iter()
        .map(|c| CommitteeCard {
            contacts: contacts.remove(&c.id).unwrap_or_default(),
            name: c.name,
            org_name: c.org_name,
        })
        .collect())
}

/// The newest `limit` 普法 news items of `org`'s subtree.
pub async fn news(app: &App, org: &Org, limit: i64) -> AppResult<Vec<NewsRow>> {
    Ok(store::news(&app.db, &org.scope(), limit.clamp(1, 200)).await?)
}

/// A news photo of `org`'s subtree and its bytes; 404 for anything else.
pub async fn photo(app: &App, org: &Org, id: i64) -> AppResult<(Attachment, Vec<u8>)> {
    let a = store::news_photo(&app.db, &org.scope(), id).await?;
    let bytes = contents(app, &a).await?;
    Ok((a, bytes))
}

/// The published annual reports of `org`'s subtree (of `year`, if given), newest first.
pub async fn reports(app: &App, org: &Org, year: Option<i32>) -> AppResult<Vec<(Snapshot, Org)>> {
    Ok(report::published(app)
        .await?
        .into_iter()
        .filter(|(s, o)| {
            o.path.starts_with(&org.path) && year.is_none_or(|y| s.year == i64::from(y))
        })
        .collect())
}

/// The organisation a staff member edits the profile of (their own when `code` is blank) and
/// its profile, once their read right on 政务公开 and their scope are checked.
pub async fn profile_for(
    app: &App,
    caller: &Caller,
    code: Option<&str>,
) -> AppResult<(Org, Profile)> {
    caller.require_read(Area::Disclosure)?;
    let org = target_org(app, caller, code).await?;
    let p = profile_of(app, &org).await?;
    Ok((org, p))
}

/// Field limits of a profile, in characters.
const LIMITS: &[(&str, &str, usize)] = &[
    ("address", "办公地址", 200),
    ("office_hours", "办公时间", 200),
    ("phones", "联系电话", 500),
    ("disclosure_leader", "政务公开分管负责人", 100),
    ("guide", "政府信息公开指南", 20_000),
];

/// Saves the profile of `code` (the caller's own organisation when blank), logged with what it
/// replaced. Each field is bounded; the guide may not be blank.
pub async fn save_profile(
    app: &App,
    caller: &Caller,
    code: Option<&str>,
    p: Profile,
) -> AppResult<(Org, Profile)> {
    caller.require_write(Area::Disclosure)?;
    let org = target_org(app, caller, code).await?;
    let p = Profile {
        address: p.address.trim().to_owned(),
        office_hours: p.office_hours.trim().to_owned(),
        phones: p.phones.trim().to_owned(),
        disclosure_leader: p.disclosure_leader.trim().to_owned(),
        guide: p.guide.trim().to_owned(),
    };
    let mut errors = BTreeMap::new();
    let values = [
        &p.address,
        &p.office_hours,
        &p.phones,
        &p.disclosure_leader,
        &p.guide,
    ];
    for ((field, label, max), v) in LIMITS.iter().zip(values) {
        if v.chars().count() > *max {
            errors.insert((*field).to_owned(), format!("{label}最多{max}字，请删减"));
        }
    }
    if p.guide.is_empty() {
        errors.insert(
            "guide".to_owned(),
            "请填写政府信息公开指南（政府信息公开条例 第十二条），可从默认文本改起".to_owned(),
        );
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let before = store::profile(&app.db, org.id).await?;
    let mut tx = app.db.begin().await?;
    store::save_profile(&mut tx, &caller.actor(), org.id, before.as_ref(), &p).await?;
    tx.commit().await?;
    Ok((org, p))
}
