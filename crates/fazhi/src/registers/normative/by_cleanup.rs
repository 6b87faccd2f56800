//! What a clean-up campaign (registers/normative_cleanups) reads of the documents and does to
//! them when it finishes: the documents of an organisation in force on a day (its scope), a
//! document repealed or declared invalid with the campaign as its reason and link, and a
//! document to be amended put on the to-do list (国办发〔2018〕37号 on 清理; statutes.md §5.1, §5.3).

use chrono::NaiveDate;
use fazhi_domain::normative::Standing;

use super::service::{link, standing, CLEANUP_AMEND, REGISTER};
use super::store::{self, NormativeRow};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::deadlines::{self, Tracked};
use crate::storage::audit::Actor;
use crate::storage::deadlines as store_deadlines;
use crate::storage::records::Columns;
use crate::storage::revision as kit;
use crate::storage::{db::On, Db, Scope, StorageError, Tx};

/// Whether document `d` is in force on `day` (published, effective, not expired or repealed).
pub fn in_force(d: &NormativeRow, day: NaiveDate) -> bool {
    !d.revision.is_withdrawn() && standing(d, day) == Standing::InForce
}

/// The documents of organisation `org_id` itself in force on `day`: a campaign's scope.
pub async fn in_force_on(db: &Db, org_id: i64, day: NaiveDate) -> Result<Vec<NormativeRow>, StorageError> {
    let all = store::of_org(db, org_id).await?;
    Ok(all.into_iter().filter(|d| in_force(d, day)).collect())
}

/// Document `id`, if `scope` reaches it.
pub async fn document<'a>(on: impl Into<On<'a>>, scope: &Scope, id: i64) -> Result<NormativeRow, StorageError> {
    store::get(on, scope, id).await
}

/// The document of `org_id` numbered `doc_number`, if `scope` reaches it.
pub async fn by_number(db: &Db, scope: &Scope, org_id: i64, doc_number: &str) -> Result<Option<NormativeRow>, StorageError> {
    store::by_number(db, scope, org_id, doc_number).await
}

/// Ends document `d` on `day` (废止 or 宣布失效: both stop it being in force) by campaign
/// `cleanup_id`, on the version read, settling its filing and evaluation deadlines; logged on
/// the document as `action`.
pub async fn end(
    tx: &mut Tx,
    actor: &Actor,
    d: &NormativeRow,
    day: NaiveDate,
    cleanup_id: i64,
    action: &str,
) -> AppResult<()> {
    if d.ended_how.is_some() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "document_ended",
            format!("《{}》已于{}修改或废止，请改选其他清理结果", d.title, d.ended_on.map(|x| x.to_string()).unwrap_or_default()),
        ));
    }
    let target = store::target(d);
    if !kit::claim(tx, target, d.revision.version).await? {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "stale_version",
            format!("《{}》刚被他人修改，请刷新后重试", d.title),
        ));
    }
    let columns: Columns = vec![
        ("ended_on", day.into()),
        ("ended_how", "repealed".into()),
        ("cleanup_id", cleanup_id.into()),
    ];
    store::update(tx, d.id, columns).await?;
    store_deadlines::settle_all(tx, REGISTER, d.id).await?;
    let after = store::get(&mut *tx, &Scope::everything(), d.id).await?;
    kit::log(tx, actor, action, target, d, &after, None).await?;
    Ok(())
}

/// Puts document `d` on the to-do list to be amended, from the day the campaign finished
/// (`normative.cleanup_amend`, settled once the document is amended or repealed).
pub async fn plan_amendment(tx: &mut Tx, app: &App, d: &NormativeRow, day: NaiveDate) -> Result<(), StorageError> {
    let short: String = d.title.chars().take(24).collect();
    let label = format!("清理后修改规范性文件：{short}");
    let link = link(d.id);
    let t = Tracked {
        register: REGISTER,
        record_id: d.id,
        org_id: d.org_id,
        rule_code: CLEANUP_AMEND,
        start: day,
        label: &label,
        link: &link,
    };
    deadlines::track(tx, app, t).await
}
