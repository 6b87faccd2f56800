//! People's mediation committees: registering and editing them, and each committee with its
//! people and the composition warnings (人民调解法 第八、九条) that apply to it today.

use std::collections::HashMap;

use fazhi_domain::access::Area;
use fazhi_domain::mediation_org::{
    committee_warnings, CommitteeDraft, CommitteeKind, Composition, NewCommittee, Person, Warning,
};
use fazhi_domain::org::OrgKind;
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::committees::{self as store, CommitteeRow};
use crate::storage::db::On;
use crate::storage::mediators::{self, MediatorRow};
use crate::storage::orgs::Org;
use crate::storage::{Scope, StorageError};

use super::deadlines::today;
use super::mediators::mask_all;
use super::publicity::{date_field, target_org};
use super::study::checked;
use super::Caller;

/// A committee as entered. On creation `name` is required; on an edit (`PATCH` with `version`)
/// every field left out keeps its value, and a blank date clears it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CommitteeInput {
    /// Code of the organisation the committee serves (a village, or the town's committee
    /// node); the caller's own when left out. Only on creation.
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// village / town / industry (or 村（居）调委会 …); by default from the organisation's kind.
    #[serde(default)]
    pub kind: Option<String>,
    /// Start of the current term, e.g. 2023-01-01.
    #[serde(default)]
    pub term_start: Option<String>,
    /// End of the current term; a term lasts three years (人民调解法 第九条).
    #[serde(default)]
    pub term_end: Option<String>,
    /// In a multi-ethnic area (多民族居住地区) the committee needs a minority member.
    #[serde(default)]
    pub multi_ethnic: Option<bool>,
    /// The ethnic groups that are 人数较少 here, e.g. 「锡伯族、柯尔克孜族」 (人民调解法 第八条);
    /// empty: any member not of 汉族 counts.
    #[serde(default)]
    pub smaller_ethnic_groups: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WarningView {
    /// too_few_members | too_many_members | no_director | several_directors | no_woman |
    /// no_minority | term_unknown | term_too_long | term_expired | mediator_term_expired
    pub code: String,
    pub message: String,
}

impl From<Warning> for WarningView {
    fn from(w: Warning) -> Self {
        WarningView {
            code: w.code.to_owned(),
            message: w.message,
        }
    }
}

/// A committee with its size and what it falls short of.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CommitteeSummary {
    #[serde(flatten)]
    pub committee: CommitteeRow,
    /// Active 主任, 副主任 and 委员 (the committee's size under 第八条).
    pub member_count: i64,
    /// Active people including hired 调解员.
    pub mediator_count: i64,
    pub warnings: Vec<WarningView>,
}

/// A committee's page: the summary and everyone who is or was on it (phones masked).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CommitteeView {
    #[serde(flatten)]
    pub summary: CommitteeSummary,
    pub mediators: Vec<MediatorRow>,
}

fn summarise(committee: CommitteeRow, people: &[&MediatorRow]) -> CommitteeSummary {
    let active: Vec<Person> = people
        .iter()
        .filter(|m| m.active)
        .map(|m| m.as_person())
        .collect();
    let warnings = committee_warnings(
        &Composition {
            multi_ethnic: committee.multi_ethnic,
            smaller_groups: &committee.smaller_ethnic_groups,
            term_start: committee.term_start,
            term_end: committee.term_end,
            people: &active,
        },
        today(),
    );
    CommitteeSummary {
        member_count: active.iter().filter(|p| p.position.is_member()).count() as i64,
        mediator_count: active.len() as i64,
        warnings: warnings.into_iter().map(WarningView::from).collect(),
        committee,
    }
}

/// Committee `id` with its size and warnings, if `scope` reaches it (the kit's record).
pub(crate) async fn summary(
    on: On<'_>,
    scope: &Scope,
    id: i64,
) -> Result<CommitteeSummary, StorageError> {
    let (committee, people) = match on {
        On::Db(db) | On::KeptPlans(db) => (
            store::get(db, scope, id).await?,
            mediators::list(db, scope, Some(id), false, false).await?,
        ),
        On::Tx(tx) => (
            store::get(&mut *tx, scope, id).await?,
            mediators::list(&mut *tx, scope, Some(id), false, false).await?,
        ),
    };
    Ok(summarise(committee, &people.iter().collect::<Vec<_>>()))
}

/// Every committee the caller can see (or, with `withdrawn`, every withdrawn one), with its
/// size and warnings.
pub async fn list(app: &App, caller: &Caller, withdrawn: bool) -> AppResult<Vec<CommitteeSummary>> {
    caller.require_read(Area::Mediation)?;
    let committees = store::list(&app.db, &caller.scope, withdrawn).await?;
    let people = mediators::list(&app.db, &caller.scope, None, false, false).await?;
    let mut by_committee: HashMap<i64, Vec<&MediatorRow>> = HashMap::new();
    for m in &people {
        if let Some(c) = m.committee_id {
            by_committee.entry(c).or_default().push(m);
        }
    }
    Ok(committees
        .into_iter()
        .map(|c| {
            let people = by_committee.remove(&c.id).unwrap_or_default();
            summarise(c, &people)
        })
        .collect())
}

pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<CommitteeView> {
    caller.require_read(Area::Mediation)?;
    let committee = store::get(&app.db, &caller.scope, id).await?;
    let people = mediators::list(&app.db, &caller.scope, Some(id), true, false).await?;
    let refs: Vec<&MediatorRow> = people.iter().collect();
    let summary = summarise(committee, &refs);
    Ok(CommitteeView {
        summary,
        mediators: mask_all(people),
    })
}

/// A village's committee is a village committee; any other organisation's, the town's.
fn default_kind(org: &Org) -> CommitteeKind {
    match org.kind() {
        OrgKind::Village => CommitteeKind::Village,
        _ => CommitteeKind::Town,
    }
}

/// The committee as entered over `base` (the defaults, or the committee on file), checked.
pub(crate) fn parse_committee(
    input: &CommitteeInput,
    base: CommitteeDraft,
) -> AppResult<NewCommittee> {
    let mut own = FieldErrors::new();
    let d = draft(input, base, &mut own);
    checked(NewCommittee::parse(d), own)
}

fn draft(input: &CommitteeInput, base: CommitteeDraft, own: &mut FieldErrors) -> CommitteeDraft {
    let date = |field: &str, given: &Option<String>, old, own: &mut FieldErrors| match given {
        Some(s) => date_field(field, s, own),
        None => old,
    };
    CommitteeDraft {
        name: input.name.clone().unwrap_or(base.name),
        kind: input
            .kind
            .clone()
            .filter(|k| !k.trim().is_empty())
            .unwrap_or(base.kind),
        term_start: date("term_start", &input.term_start, base.term_start, own),
        term_end: date("term_end", &input.term_end, base.term_end, own),
        multi_ethnic: input.multi_ethnic.unwrap_or(base.multi_ethnic),
        smaller_ethnic_groups: input
            .smaller_ethnic_groups
            .clone()
            .unwrap_or(base.smaller_ethnic_groups),
    }
}

pub async fn create(app: &App, caller: &Caller, input: CommitteeInput) -> AppResult<CommitteeView> {
    caller.require_write(Area::Mediation)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let base = CommitteeDraft {
        kind: default_kind(&org).code().to_owned(),
        ..CommitteeDraft::default()
    };
    let committee = parse_committee(&input, base)?;
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), org.id, &committee).await?;
    tx.commit().await?;
    get(app, caller, id).await
}
