//! Browsing the audit log. The stored entries keep every value (the hash chain covers them);
//! what a user sees has ID numbers and phones masked as the registers mask them, unless the user
//! may see personal data and asks to (`reveal`), which is itself logged.

use fazhi_domain::access::{Area, Role};
use fazhi_domain::audit_labels::{self as labels, FieldLine};
use fazhi_domain::mask;
use fazhi_domain::revision::FieldChange;
use serde::Serialize;
use serde_json::Value;

use super::revision::Register;
use super::Caller;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::audit::{self, Change};
pub use crate::storage::audit::{AuditEntry, AuditFilter};

/// Who may read the audit log: the one rule the service, the API and the menu all ask.
pub fn may_read(role: Role) -> bool {
    role.can_read(Area::Audit)
}

/// What a reader asks of the log: the API's query string, and what the audit page reads its
/// form into.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The record kind: its code (`dispute`), its label (纠纷案件) or a word for it (纠纷).
    pub entity: Option<String>,
    /// The action: its code (`update`), its label (修改) or a word for it (编辑).
    pub action: Option<String>,
    /// Part of the actor's name.
    pub actor: Option<String>,
    /// YYYY-MM-DD
    pub from: Option<chrono::NaiveDate>,
    /// YYYY-MM-DD
    pub to: Option<chrono::NaiveDate>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Full ID numbers and phones in `before_json`/`after_json` (roles that may see personal
    /// data only; logged). Otherwise they are masked.
    pub reveal: Option<bool>,
}

/// One entry as people read it: the stored entry (its codes and JSON values, for programs and
/// for `fazhi audit verify`), and the same in Chinese.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ReadableEntry {
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// 修改, 登记, 停用账户 …; the code itself when this version does not know it.
    pub action_label: String,
    /// 纠纷案件, 用户 …; the code itself when unknown.
    pub entity_label: String,
    /// Beijing time, `2024-03-05 14:30:00`.
    pub at_beijing: String,
    /// What was recorded, field by field (字段：旧值 → 新值), personal data masked as the
    /// entry's values are.
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<FieldLine>,
}

/// A page of the log as the caller may see it.
pub struct AuditView {
    pub entries: Vec<ReadableEntry>,
    pub total: i64,
    /// The page shown (from 1) and its size (1–200, 25 unless asked).
    pub page: u32,
    pub per_page: u32,
    /// Whether ID numbers and phones are shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see them in full.
    pub may_reveal: bool,
}

/// Masks an entry's before/after values for a caller who may not see personal data.
pub fn mask_entry(e: &mut AuditEntry) -> bool {
    let mut masked = false;
    for json in [&mut e.before_json, &mut e.after_json]
        .into_iter()
        .flatten()
    {
        let (text, changed) = mask::mask_personal_json_text(json);
        if changed {
            *json = text;
            masked = true;
        }
    }
    masked
}

pub async fn list(app: &App, caller: &Caller, q: &AuditQuery) -> AppResult<AuditView> {
    if !may_read(caller.role) {
        return Err(AppError::forbidden());
    }
    let filter = &AuditFilter {
        entities: typed(&q.entity).map(labels::entity_codes),
        actions: typed(&q.action).map(labels::action_codes),
        actor: typed(&q.actor).map(str::to_owned),
        from: q.from,
        to: q.to,
    };
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(25).clamp(1, 200);
    let reveal = q.reveal.unwrap_or(false);
    let (mut entries, total) = audit::list(&app.db, &caller.scope, filter, page, per_page).await?;
    let may_reveal = caller.role.may_see_personal_data();
    let mut masked_any = false;
    let full = entries.clone();
    for e in &mut entries {
        masked_any |= mask_entry(e);
    }
    let shown = reveal && may_reveal && masked_any;
    if shown {
        // As a register's reveal: who saw which page of the log in full.
        let mut tx = app.db.begin().await?;
        audit::record(
            &mut tx,
            &caller.actor(),
            Change {
                action: "view_personal_data",
                entity: "audit_log",
                entity_id: None,
                org_id: Some(caller.org_id).filter(|&id| id != 0),
                before: None,
                after: Some(serde_json::json!({
                    "entries": full.iter().map(|e| e.id).collect::<Vec<_>>(),
                    "entity": q.entity, "action": q.action, "actor": filter.actor,
                    "from": filter.from, "to": filter.to, "page": page,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        entries = full;
    }
    Ok(AuditView {
        entries: entries.into_iter().map(readable).collect(),
        total,
        page,
        per_page,
        personal_data_shown: shown,
        may_reveal,
    })
}

/// A filter as typed, if anything was.
fn typed(t: &Option<String>) -> Option<&str> {
    t.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// An entry (already masked as the caller may see it) in Chinese.
pub fn readable(entry: AuditEntry) -> ReadableEntry {
    let parse = |t: &Option<String>| {
        t.as_deref()
            .map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned())))
            .unwrap_or(Value::Null)
    };
    let (before, after) = (parse(&entry.before_json), parse(&entry.after_json));
    let kind = register_kind(&entry.entity);
    let mut changes = labels::field_lines(&before, &after, |path| {
        kind.and_then(|k| k.labels.iter().find(|(f, _)| *f == path))
            .map(|(_, l)| (*l).to_owned())
    });
    if let Some(k) = kind {
        for line in &mut changes {
            relabel(k, line);
        }
    }
    ReadableEntry {
        action_label: labels::action_label(&entry.entity, &entry.action).to_owned(),
        entity_label: labels::entity_label(&entry.entity).to_owned(),
        at_beijing: crate::clock::beijing_seconds(entry.at),
        changes,
        entry,
    }
}

/// What the audit log reads of a register on the kit: its fields' labels (its ledger's column
/// names) and how a stored code reads (a source code as 来源's label).
#[derive(Clone, Copy)]
struct RegisterKind {
    labels: &'static [(&'static str, &'static str)],
    relabel: fn(&mut FieldChange),
}

fn kind_of<R: Register>() -> RegisterKind {
    RegisterKind {
        labels: R::LABELS,
        relabel: R::relabel,
    }
}

/// The register whose records the log calls `entity`, if it is on the kit.
fn register_kind(entity: &str) -> Option<RegisterKind> {
    use super::{
        committee_revisions as committees, consultation_revisions as consultations,
        dispute_revisions as disputes, duty_revisions as duty, legal_aid_revisions as legal_aid,
        publicity_revisions as publicity, screening_revisions as screening,
        study_revisions as study, training_revisions as trainings,
    };
    Some(match entity {
        "dispute" => kind_of::<disputes::Disputes>(),
        "consultation" => kind_of::<consultations::Consultations>(),
        "legal_aid" => kind_of::<legal_aid::LegalAid>(),
        "screening_round" => kind_of::<screening::Rounds>(),
        "screening_report" => kind_of::<screening::Reports>(),
        "committee" => kind_of::<committees::Committees>(),
        "mediator" => kind_of::<committees::Mediators>(),
        "training" => kind_of::<trainings::Trainings>(),
        "publicity_event" => kind_of::<publicity::Events>(),
        "responsibility_item" => kind_of::<duty::Items>(),
        "study_session" => kind_of::<study::Sessions>(),
        "law_exam" => kind_of::<study::Exams>(),
        "duty_report" => kind_of::<duty::Reports>(),
        "contract" => kind_of::<crate::registers::contracts::Contracts>(),
        "penalty" => kind_of::<crate::registers::penalties::Penalties>(),
        "leading_group" => kind_of::<crate::registers::leading_groups::LeadingGroups>(),
        "leading_group_member" => {
            kind_of::<crate::registers::leading_group_members::LeadingGroupMembers>()
        }
        "meeting" => kind_of::<crate::registers::meetings::Meetings>(),
        "work_rule" => kind_of::<crate::registers::work_rules::WorkRules>(),
        "budget_line" => kind_of::<crate::registers::budget_lines::BudgetLines>(),
        "plan_task" => kind_of::<crate::registers::plan_tasks::PlanTasks>(),
        "decision" => kind_of::<crate::registers::decisions::Decisions>(),
        "normative_document" => kind_of::<crate::registers::normative::NormativeDocuments>(),
        "normative_cleanup" => kind_of::<crate::registers::normative_cleanups::NormativeCleanups>(),
        "complaint" => kind_of::<crate::registers::complaints::Complaints>(),
        "supervision_item" => kind_of::<crate::registers::supervision_items::SupervisionItems>(),
        "disclosure_request" => kind_of::<crate::registers::disclosure::DisclosureRequests>(),
        "review_request" => kind_of::<crate::registers::reviews::Reviews>(),
        _ => return None,
    })
}

/// A line's stored codes as the register shows them.
fn relabel(kind: RegisterKind, line: &mut FieldLine) {
    let mut c = FieldChange {
        label: line.label.clone(),
        before: line.before.clone().unwrap_or_default(),
        after: line.after.clone().unwrap_or_default(),
    };
    (kind.relabel)(&mut c);
    if line.before.is_some() {
        line.before = Some(c.before);
    }
    if line.after.is_some() {
        line.after = Some(c.after);
    }
}
