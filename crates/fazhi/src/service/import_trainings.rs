//! The trainings ledger (调解培训台账: 日期, 主题, 授课人, 参训人数, 学时, 备注): its rows checked
//! by the same rule as the registration form (`NewTraining::parse`), imported all or nothing
//! with one audit entry for the import, and exported in the same columns.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::FieldErrors;
use fazhi_domain::training::{hours_label, NewTraining, TrainingDraft};
use fazhi_ledger::specs::REMARKS;
use fazhi_ledger::{parse_count, RowError, Sheet};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::ledger_imports::set_remarks;
use crate::storage::orgs::Org;
use crate::storage::trainings as store;
use crate::storage::year_lists::YearFilter;

use super::publicity::date_field;
use super::Caller;

/// The ledger column of a field of [`NewTraining`].
fn column(field: &str) -> &'static str {
    match field {
        "held_on" => "日期",
        "topic" => "主题",
        "trainer" => "授课人",
        "attendees" => "参训人数",
        "hours" => "学时",
        _ => "",
    }
}

fn hours_cell(s: &str, own: &mut FieldErrors) -> Option<f64> {
    let s = s.trim().trim_end_matches(['时', '小']).trim();
    if s.is_empty() {
        return None;
    }
    s.parse::<f64>().ok().or_else(|| {
        own.insert(
            "hours".to_owned(),
            format!("「{s}」不是小时数，请填写如 1.5"),
        );
        None
    })
}

/// Every row's training, or every row's problems. A blank 授课人 is the importing organisation
/// (it held the training).
pub fn parse_rows(sheet: &Sheet, org: &Org) -> Result<Vec<NewTraining>, Vec<RowError>> {
    let mut out = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    for row in &sheet.rows {
        let mut own = FieldErrors::new();
        let attendees = match row.get("参训人数") {
            "" => None,
            s => parse_count(s)
                .map(i64::from)
                .map_err(|m| own.insert("attendees".to_owned(), m))
                .ok(),
        };
        let draft = TrainingDraft {
            held_on: date_field("held_on", row.get("日期"), &mut own),
            topic: row.get("主题").to_owned(),
            trainer: row.opt("授课人").unwrap_or(&org.name).to_owned(),
            attendees,
            attendee_names: String::new(),
            hours: hours_cell(row.get("学时"), &mut own),
        };
        let mut all = match NewTraining::parse(draft) {
            Ok(t) if own.is_empty() => {
                out.push(t);
                continue;
            }
            Ok(_) => FieldErrors::new(),
            Err(domain) => domain,
        };
        // The cell reader's message wins over the domain's for the same cell.
        all.extend(own);
        errors.extend(
            all.into_iter()
                .map(|(f, m)| RowError::new(row.number, column(&f), m)),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// All-or-nothing import of a trainings ledger into `org` (the caller's right and scope are
/// checked by `ledger::may_import`): each training registered (and audited) as the form does,
/// its 备注 kept, and the import audited once.
pub async fn import_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    sheet: &Sheet,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    caller.require_write(Area::Trainings)?;
    let trainings = match parse_rows(sheet, org) {
        Ok(t) => t,
        Err(rows) => return Ok(Err(rows)),
    };
    if dry_run {
        return Ok(Ok(trainings.len()));
    }
    let actor = caller.actor();
    let mut tx = app.db.begin().await?;
    for (t, row) in trainings.iter().zip(&sheet.rows) {
        let id = store::create(&mut tx, &actor, org.id, t).await?;
        if let Some(remarks) = row.opt(REMARKS) {
            set_remarks(&mut tx, "trainings", id, remarks).await?;
        }
    }
    super::ledger::audit_import(
        &mut tx,
        &actor,
        "training",
        "trainings",
        org,
        trainings.len(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(trainings.len()))
}

/// The valid trainings of `org`'s subtree (of `year`, if given) as ledger rows, oldest first.
pub async fn export_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: Option<i32>,
) -> AppResult<Vec<Vec<String>>> {
    caller.require_read(Area::Trainings)?;
    let f = YearFilter {
        year,
        withdrawn: false,
        only: None,
    };
    let (items, _) = store::list(&app.db, &org.scope(), f, None).await?;
    Ok(items
        .into_iter()
        .rev()
        .map(|t| {
            vec![
                t.held_on.format("%Y-%m-%d").to_string(),
                t.topic,
                t.trainer,
                t.attendees.to_string(),
                hours_label(t.minutes),
            ]
        })
        .collect())
}
