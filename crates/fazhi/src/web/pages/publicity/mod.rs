//! Staff pages for legal publicity and cadre law study, one file a page family: events
//! (`events`), the year summary (`summary`), the responsibility list (`responsibility`), study
//! sessions (`study`), law exams (`exams`) and 述职述法 (`duty_reports`). What they share —
//! a count typed in a form, where a record sits — is here; their lists are on the list kit
//! of registers filed by year (`web::pages::year_list`).

mod duty_reports;
mod events;
mod exams;
mod responsibility;
mod study;
mod summary;

/// The registers whose record pages the router serves with `kit::show`.
pub use crate::service::duty_revisions::{Items, Reports};
pub use crate::service::publicity_revisions::Events;
pub use crate::service::study_revisions::{Exams, Sessions};
pub use duty_reports::{create_report, reports};
pub use events::{create, export, list, new_form, upload_photo};
pub use exams::{create_exam, exams};
pub use responsibility::{create_item, items};
pub use study::{create_session, sessions};
pub use summary::summary;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::revision::Revision;
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::pages::kit::{self, PageRegister, Revisions};
use crate::web::pages::records::Place;
use crate::web::pages::year_list::{year_of, YearListQuery, PER_PAGE};

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn this_year() -> i32 {
    crate::clock::today().year()
}

/// Form pairs, where a repeated key (checkbox groups) collects every value.
#[derive(Default)]
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A count typed in a form: blank is 0; otherwise what the ledger accepts (「200人次」 too).
fn count_field(
    pairs: &Pairs,
    field: &str,
    label: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<i64> {
    let s = pairs.get(field);
    if s.is_empty() {
        return None;
    }
    match s.parse::<i64>() {
        // Negative numbers reach the domain, which says what is wrong with them.
        Ok(n) => Some(n),
        Err(_) => match fazhi_ledger::parse_count(&s) {
            Ok(n) => Some(i64::from(n)),
            Err(m) => {
                errors.insert(field.to_owned(), format!("「{label}」{m}"));
                None
            }
        },
    }
}

/// A posted form as read: what to show again, the input, and what the page itself could not
/// read.
type Read<F, I> = (F, I, BTreeMap<String, String>);

/// A form read from its posted pairs by `read`: the form, and the input unless something could
/// not be read.
fn read_pairs<F, I>(
    pairs: &[(String, String)],
    read: fn(&Pairs) -> Read<F, I>,
) -> (F, Result<I, AppError>) {
    let (form, input, own) = read(&Pairs(pairs.to_vec()));
    (form, own_first(own).map(|()| input))
}

/// The 修改记录 and state of record `id` (`revision`, registered `created_at`) on its own page.
async fn revisions_of<R: PageRegister>(
    app: &SharedApp,
    caller: &Caller,
    id: i64,
    (revision, created_at): (&Revision, DateTime<Utc>),
) -> Result<Revisions, PageError> {
    let reason = revision.withdrawn_reason.as_deref();
    kit::revisions::<R>(app, caller, id, reason, revision.is_withdrawn(), created_at).await
}

/// Input the page itself could not read (a count that is not a number) is reported before the
/// service is asked, so a half-understood form never creates a record.
fn own_first(own: BTreeMap<String, String>) -> Result<(), AppError> {
    if own.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(own))
    }
}

/// Where a record of the study registers sits, for the kit's shared record and 编辑 pages.
fn study_place(list: (&'static str, &'static str), nav: &'static str, name: String) -> Place {
    Place {
        area: "普法与学法",
        list,
        nav,
        noun: list.1,
        name,
    }
}
