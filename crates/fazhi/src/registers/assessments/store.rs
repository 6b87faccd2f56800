//! The assessment tables: a county's indicators of a year, and each town's entry per indicator
//! (its self-assessment and the county's score).

use chrono::{DateTime, Utc};
use fazhi_domain::assessment::Indicator;
use serde::Serialize;

use crate::storage::audit::Actor;
use crate::storage::records;
use crate::storage::{Db, Query, StorageError, Tx};

/// One indicator as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct IndicatorRow {
    pub id: i64,
    /// 指标编号, `1.2`: the parent is the prefix.
    pub code: String,
    pub name: String,
    /// 分值 in tenths of a point.
    pub points_tenths: i64,
    /// 评分方法
    pub method: String,
    /// 佐证材料要求
    pub evidence: String,
}

impl IndicatorRow {
    pub fn indicator(&self) -> Indicator {
        Indicator {
            code: self.code.clone(),
            name: self.name.clone(),
            points_tenths: self.points_tenths,
            method: self.method.clone(),
            evidence: self.evidence.clone(),
        }
    }
}

/// `county_id`'s indicators of `year`, in the county's order.
pub async fn indicators(
    db: &Db,
    county_id: i64,
    year: i32,
) -> Result<Vec<IndicatorRow>, StorageError> {
    let mut q = Query::new(
        "SELECT id, code, name, points_tenths, method, evidence FROM assessment_indicators \
         WHERE county_id = ",
    );
    q.push_bind(county_id)
        .push(" AND year = ")
        .push_bind(i64::from(year))
        .push(" ORDER BY position, id");
    q.fetch_all(db).await
}

/// How many entries (self-assessments or scores) the indicators `ids` have.
pub async fn entries_of(tx: &mut Tx, ids: &[i64]) -> Result<i64, StorageError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut q = Query::new("SELECT COUNT(*) FROM assessment_entries WHERE indicator_id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(*id);
    }
    q.push(")");
    q.fetch_scalar(&mut *tx).await
}

/// Writes `tree` as `county_id`'s indicators of `year`: a code on file is updated in place (its
/// towns' entries stay), a new code is added, and the codes of `gone` are deleted.
pub async fn replace_indicators(
    tx: &mut Tx,
    county_id: i64,
    year: i32,
    tree: &[Indicator],
    existing: &[IndicatorRow],
    gone: &[i64],
) -> Result<(), StorageError> {
    for id in gone {
        let mut q = Query::new("DELETE FROM assessment_indicators WHERE id = ");
        q.push_bind(*id);
        q.execute(&mut *tx).await?;
    }
    for (position, i) in tree.iter().enumerate() {
        let columns: records::Columns = vec![
            ("name", i.name.as_str().into()),
            ("points_tenths", i.points_tenths.into()),
            ("method", i.method.as_str().into()),
            ("evidence", i.evidence.as_str().into()),
            ("position", (position as i64).into()),
        ];
        match existing.iter().find(|e| e.code == i.code) {
            Some(e) => records::update(tx, "assessment_indicators", e.id, columns).await?,
            None => {
                let mut all = vec![
                    ("county_id", county_id.into()),
                    ("year", i64::from(year).into()),
                    ("code", i.code.as_str().into()),
                ];
                all.extend(columns);
                records::insert(tx, "assessment_indicators", all).await?;
            }
        }
    }
    Ok(())
}

/// One town's entry for one indicator.
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct EntryRow {
    pub indicator_id: i64,
    pub town_id: i64,
    /// 自评分 in tenths.
    pub self_tenths: Option<i64>,
    /// 自评说明
    pub self_note: Option<String>,
    /// 佐证链接, one a line.
    pub evidence_links: Option<String>,
    /// 县级评分 in tenths.
    pub score_tenths: Option<i64>,
    /// 评分意见
    pub score_comment: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The entries of `county_id`'s indicators of `year`, of one town or (`None`) of all.
pub async fn entries(
    db: &Db,
    county_id: i64,
    year: i32,
    town_id: Option<i64>,
) -> Result<Vec<EntryRow>, StorageError> {
    let mut q = Query::new(
        "SELECT e.indicator_id, e.town_id, e.self_tenths, e.self_note, e.evidence_links, \
         e.score_tenths, e.score_comment, e.updated_at FROM assessment_entries e \
         JOIN assessment_indicators i ON i.id = e.indicator_id WHERE i.county_id = ",
    );
    q.push_bind(county_id)
        .push(" AND i.year = ")
        .push_bind(i64::from(year));
    if let Some(t) = town_id {
        q.push(" AND e.town_id = ").push_bind(t);
    }
    q.fetch_all(db).await
}

/// What one write sets in a town's entry: the self-assessment's columns or the score's.
pub enum EntryWrite {
    SelfAssessment {
        tenths: Option<i64>,
        note: Option<String>,
        links: Option<String>,
    },
    Score {
        tenths: Option<i64>,
        comment: Option<String>,
    },
}

/// Sets `write` in town `town_id`'s entry of indicator `indicator_id`, making the entry if
/// there is none (the other half of it untouched).
pub async fn set_entry(
    tx: &mut Tx,
    actor: &Actor,
    indicator_id: i64,
    town_id: i64,
    write: &EntryWrite,
) -> Result<(), StorageError> {
    let columns: records::Columns = match write {
        EntryWrite::SelfAssessment {
            tenths,
            note,
            links,
        } => vec![
            ("self_tenths", (*tenths).into()),
            ("self_note", note.clone().into()),
            ("evidence_links", links.clone().into()),
        ],
        EntryWrite::Score { tenths, comment } => vec![
            ("score_tenths", (*tenths).into()),
            ("score_comment", comment.clone().into()),
        ],
    };
    let mut find = Query::new("SELECT id FROM assessment_entries WHERE indicator_id = ");
    find.push_bind(indicator_id)
        .push(" AND town_id = ")
        .push_bind(town_id);
    let id: Option<i64> = find.fetch_scalars(&mut *tx).await?.into_iter().next();
    let mut all = columns;
    all.push(("updated_at", crate::clock::now().into()));
    all.push(("updated_by", actor.user_id.into()));
    match id {
        Some(id) => records::update(tx, "assessment_entries", id, all).await,
        None => {
            let mut new = vec![
                ("indicator_id", indicator_id.into()),
                ("town_id", town_id.into()),
            ];
            new.extend(all);
            records::insert(tx, "assessment_entries", new)
                .await
                .map(|_| ())
        }
    }
}
