//! The register's figures for a year, and the annual report's 一(四) sentence on them.

use fazhi_domain::report::ComplaintFigures;

use super::*;

/// Cases counted under one label.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub label: String,
    pub cases: i64,
}

/// The register's figures for a year (valid cases only).
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub cases: i64,
    pub by_channel: Vec<Count>,
    pub by_class: Vec<Count>,
    pub by_outcome: Vec<Count>,
    /// Cases with an acceptance decision, and of them those told by the acceptance due date.
    pub decided: i64,
    pub decided_on_time: i64,
    /// Concluded cases, and of them those concluded by the conclusion due date (extension
    /// included).
    pub concluded: i64,
    pub concluded_on_time: i64,
    /// Callbacks made, and of them 满意 or 基本满意.
    pub callbacks: i64,
    pub satisfied: i64,
    /// Cases flagged as repeats, and cases reopened after an unsatisfied callback.
    pub repeats: i64,
    pub reopened: i64,
}

pub(super) fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl Figures {
    pub fn acceptance_rate(&self) -> Option<f64> {
        rate(self.decided_on_time, self.decided)
    }
    pub fn conclusion_rate(&self) -> Option<f64> {
        rate(self.concluded_on_time, self.concluded)
    }
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.callbacks)
    }

    /// The sentence of the annual report's 一(四) (接受监督) on complaints and petitions, the
    /// one the report writes from `storage::figures::complaints` (fazhi_domain::report).
    pub fn report_sentence(&self) -> String {
        ComplaintFigures {
            cases: self.cases,
            decided: self.decided,
            decided_on_time: self.decided_on_time,
            concluded: self.concluded,
            concluded_on_time: self.concluded_on_time,
            callbacks: self.callbacks,
            satisfied: self.satisfied,
            repeats: self.repeats,
        }
        .sentence()
    }
}

pub(super) fn counted(labels: impl Iterator<Item = String>) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for l in labels {
        match out.iter_mut().find(|c| c.label == l) {
            Some(c) => c.cases += 1,
            None => out.push(Count { label: l, cases: 1 }),
        }
    }
    out
}

/// The figures of the cases `q` selects (readers of the register only).
pub async fn figures(app: &App, caller: &Caller, q: &YearQuery) -> AppResult<Figures> {
    let (scope, f) = q.valid().resolve(app, caller, AREA).await?;
    let rows = store::all(&app.db, &scope, f).await?;
    let n = |p: &dyn Fn(&ComplaintRow) -> bool| rows.iter().filter(|r| p(r)).count() as i64;
    let on_time = |done: Option<NaiveDate>, due: Option<NaiveDate>| matches!((done, due), (Some(d), Some(u)) if d <= u);
    Ok(Figures {
        cases: rows.len() as i64,
        by_channel: counted(rows.iter().map(|r| Channel::parse(&r.channel).map_or_else(|| r.channel.clone(), |c| c.label().to_owned()))),
        by_class: counted(rows.iter().map(|r| Class::parse(&r.class).map_or_else(|| r.class.clone(), |c| c.label().to_owned()))),
        by_outcome: counted(rows.iter().filter_map(|r| r.outcome.as_deref()).map(|o| Outcome::parse(o).map_or_else(|| o.to_owned(), |c| c.label().to_owned()))),
        decided: n(&|r| r.decided_on.is_some()),
        decided_on_time: n(&|r| on_time(r.decided_on, r.acceptance_due)),
        concluded: n(&|r| r.concluded_on.is_some()),
        concluded_on_time: n(&|r| on_time(r.concluded_on, r.conclusion_due)),
        callbacks: n(&|r| r.satisfaction.is_some()),
        satisfied: n(&|r| {
            r.satisfaction
                .as_deref()
                .and_then(Satisfaction::parse)
                .is_some_and(Satisfaction::counts_as_satisfied)
        }),
        repeats: n(&|r| r.repeat_of.is_some()),
        reopened: n(&|r| r.reopened_from.is_some()),
    })
}
