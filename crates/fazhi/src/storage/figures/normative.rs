//! Figures of normative documents (issue #16 items 5 and 7): issued and repealed in the year,
//! in force at its end, filed with the county and filed on time; and the clean-up campaigns
//! finished in the year with the documents they reviewed, by result. The registers count them
//! (`registers::normative::service::year_figures`, the same numbers its figures page shows, and
//! `registers::normative_cleanups::service::year_figures`); the report's 一(二) writes them as
//! sentences (`NormativeDocumentFigures::sentence`, `CleanupFigures::sentence`).

use fazhi_domain::report::{Figures, NormativeDocumentFigures as Keys};

use super::Contributed;
use crate::registers::normative::service::year_figures;
use crate::registers::normative_cleanups::service::year_figures as cleanup_figures;
use crate::storage::{Db, Scope};

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    let n = year_figures(db, scope, year, crate::clock::today()).await?;
    f.set(Keys::ISSUED, n.issued);
    f.set(Keys::REPEALED, n.repealed);
    f.set(Keys::VALID, n.valid_at_year_end);
    f.set(Keys::FILED, n.filed);
    f.set(Keys::FILED_ON_TIME, n.filed_on_time);
    cleanup_figures(db, scope, year).await?.set(f);
    Ok(())
}
