//! Figures of legal publicity: the register's own totals (storage::publicity::totals, the same
//! numbers its list page shows) plus events by month.

use fazhi_domain::publicity::{PublicityTotals, VenueType};
use fazhi_domain::report::Figures;

use super::{by_month, Contributed};
use crate::storage::publicity::{totals, PublicityFilter};
use crate::storage::{Db, Scope};

fn n(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    let filter = PublicityFilter {
        year: Some(year),
        ..PublicityFilter::default()
    };
    let t: PublicityTotals = totals(db, scope, &filter).await?;
    f.set("publicity_events", n(t.events));
    f.set("vehicle_trips", n(t.vehicle_trips));
    f.set("posters", n(t.posters));
    f.set("banners", n(t.banners));
    f.set("materials", n(t.materials));
    f.set("beneficiaries", n(t.beneficiaries));
    let venue = |v: VenueType| {
        t.by_venue
            .iter()
            .find(|x| x.venue_type == v)
            .map(|x| n(x.events))
            .unwrap_or(0)
    };
    f.set("enterprise_events", venue(VenueType::Enterprise));
    f.set("village_events", venue(VenueType::Village));
    f.set("school_events", venue(VenueType::School));
    f.set_breakdown(
        "publicity_venue",
        t.by_venue
            .iter()
            .filter(|v| v.events > 0)
            .map(|v| (v.label.to_owned(), n(v.events)))
            .collect(),
    );
    f.set_breakdown(
        "publicity_theme",
        t.by_theme
            .iter()
            .map(|x| (x.name.clone(), n(x.events)))
            .collect(),
    );
    f.set_breakdown(
        "publicity_campaign",
        t.by_campaign
            .iter()
            .map(|x| (x.name.clone(), n(x.events)))
            .collect(),
    );
    f.breakdowns.insert(
        "publicity_month".to_owned(),
        by_month(db, scope, "publicity_events", "held_on", year).await?,
    );
    Ok(())
}
