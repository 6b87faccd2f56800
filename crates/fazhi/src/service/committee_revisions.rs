//! People's mediation committees and mediators on the register kit
//! (`service::revision::Register`): edit on the version seen, withdraw (作废) with a reason,
//! restore, and the history. A committee stays with its organisation and a mediator with their
//! committee; a withdrawn committee leaves the list, a withdrawn person its members and
//! composition warnings (人民调解法 第八、九条).

use fazhi_domain::access::Area;
use fazhi_domain::dispute::Sex;
use fazhi_domain::mask;
use fazhi_domain::mediation_org::{
    CommitteeDraft, CommitteeKind, MediatorDraft, NewCommittee, NewMediator, Position,
};
use fazhi_domain::revision::FieldChange;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::committees;
use crate::storage::db::On;
use crate::storage::mediators::{self, MediatorRow};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::committees::{parse_committee, summary, CommitteeInput, CommitteeSummary};
use super::mediators::{parse_mediator, MediatorInput};
use super::revision::{relabel_code, Register};
use super::Caller;

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    Some(d.map(|d| d.to_string()).unwrap_or_default())
}

/// The register of mediation committees, for the kit. Its record is the committee with its
/// size and warnings, so an edit answers with what the change did to them.
pub struct Committees;

impl Register for Committees {
    type Record = CommitteeSummary;
    type Input = CommitteeInput;
    type Valid = NewCommittee;

    const AREA: Area = Area::Mediation;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("name", "委员会名称"),
        ("kind", "类型"),
        ("term_start", "本届任期开始"),
        ("term_end", "本届任期结束"),
        ("multi_ethnic", "多民族居住地区"),
        ("smaller_ethnic_groups", "本地人数较少的民族"),
    ];
    /// A committee serves its organisation; another one's is a new committee.
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &CommitteeSummary) -> kit::Target {
        committees::target(&r.committee)
    }
    fn version(r: &CommitteeSummary) -> i64 {
        r.committee.revision.version
    }
    fn is_withdrawn(r: &CommitteeSummary) -> bool {
        r.committee.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<CommitteeSummary, StorageError> {
        summary(on, scope, id).await
    }

    async fn current_input(_app: &App, s: &CommitteeSummary) -> AppResult<CommitteeInput> {
        let c = &s.committee;
        Ok(CommitteeInput {
            org: None,
            name: Some(c.name.clone()),
            kind: Some(c.kind.clone()),
            term_start: date(c.term_start),
            term_end: date(c.term_end),
            multi_ethnic: Some(c.multi_ethnic),
            smaller_ethnic_groups: Some(c.smaller_ethnic_groups.clone()),
        })
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        before: &CommitteeSummary,
        input: CommitteeInput,
    ) -> AppResult<NewCommittee> {
        let base = CommitteeDraft {
            kind: before.committee.kind.clone(),
            ..CommitteeDraft::default()
        };
        parse_committee(&input, base)
    }

    async fn write(tx: &mut Tx, before: &CommitteeSummary, c: &NewCommittee) -> AppResult<()> {
        Ok(committees::update(tx, &before.committee, c).await?)
    }

    fn relabel(change: &mut FieldChange) {
        relabel_code(change, "类型", |v| {
            CommitteeKind::parse(v).map(CommitteeKind::label)
        });
    }
}

/// The register of mediators, for the kit. Phones are masked in what it answers and in the
/// history, as in the lists.
pub struct Mediators;

impl Register for Mediators {
    type Record = MediatorRow;
    type Input = MediatorInput;
    /// The person as entered, and whether they still serve.
    type Valid = (NewMediator, bool);

    const AREA: Area = Area::Mediation;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("name", "姓名"),
        ("sex", "性别"),
        ("ethnicity", "民族"),
        ("phone", "手机号码"),
        ("position", "职务"),
        ("full_time", "专职"),
        ("education", "文化程度"),
        ("term_start", "任期开始"),
        ("term_end", "任期结束"),
        ("active", "在任"),
    ];

    fn target(r: &MediatorRow) -> kit::Target {
        mediators::target(r)
    }
    fn version(r: &MediatorRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &MediatorRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<MediatorRow, StorageError> {
        mediators::get(on, scope, id).await
    }

    async fn current_input(_app: &App, m: &MediatorRow) -> AppResult<MediatorInput> {
        Ok(MediatorInput {
            committee_id: m.committee_id,
            name: Some(m.name.clone()),
            sex: Some(m.sex.clone().unwrap_or_default()),
            ethnicity: Some(m.ethnicity.clone().unwrap_or_default()),
            phone: Some(m.phone.clone().unwrap_or_default()),
            position: Some(m.position.clone()),
            full_time: Some(m.full_time),
            education: Some(m.education.clone().unwrap_or_default()),
            term_start: date(m.term_start),
            term_end: date(m.term_end),
            active: Some(m.active),
        })
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        before: &MediatorRow,
        input: MediatorInput,
    ) -> AppResult<(NewMediator, bool)> {
        if input.committee_id != before.committee_id {
            return Err(AppError::field(
                "committee_id",
                "调解员不能调到其他委员会；请在原委员会停用，再到新委员会添加",
            ));
        }
        let active = input.active.unwrap_or(before.active);
        Ok((parse_mediator(&input, MediatorDraft::default())?, active))
    }

    async fn write(
        tx: &mut Tx,
        before: &MediatorRow,
        valid: &(NewMediator, bool),
    ) -> AppResult<()> {
        Ok(mediators::update(tx, before, &valid.0, valid.1).await?)
    }

    /// Someone who leaves is deactivated, someone who comes back reactivated: the audit log
    /// names the step.
    fn action(before: &MediatorRow, valid: &(NewMediator, bool)) -> &'static str {
        match (before.active, valid.1) {
            (true, false) => "deactivate",
            (false, true) => "reactivate",
            _ => "update",
        }
    }

    fn present(mut m: MediatorRow) -> MediatorRow {
        m.phone = m.phone.map(|p| mask::mask_phone(&p));
        m
    }

    fn relabel(change: &mut FieldChange) {
        relabel_code(change, "职务", |v| {
            Position::parse(v).map(Position::label)
        });
        relabel_code(change, "性别", |v| Sex::parse(v).map(Sex::label));
    }
}
