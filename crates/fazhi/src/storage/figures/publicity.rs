//! Figures of legal publicity: events by venue type and the material counts.

use fazhi_domain::report::Figures;

use super::{by_month, year_range};
use crate::storage::{Db, Query, Scope, StorageError};

#[derive(sqlx::FromRow)]
struct Sums {
    events: i64,
    vehicle_trips: i64,
    posters: i64,
    banners: i64,
    materials: i64,
    beneficiaries: i64,
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Result<(), StorageError> {
    let (from, to) = year_range(year);
    let mut q = Query::new(
        "SELECT COUNT(*) AS events, \
         CAST(COALESCE(SUM(vehicle_trips), 0) AS BIGINT) AS vehicle_trips, \
         CAST(COALESCE(SUM(large_posters + small_posters), 0) AS BIGINT) AS posters, \
         CAST(COALESCE(SUM(banners), 0) AS BIGINT) AS banners, \
         CAST(COALESCE(SUM(materials), 0) AS BIGINT) AS materials, \
         CAST(COALESCE(SUM(beneficiaries), 0) AS BIGINT) AS beneficiaries \
         FROM publicity_events WHERE held_on >= ",
    );
    q.push_bind(from).push(" AND held_on < ").push_bind(to);
    scope.restrict(&mut q, "org_id");
    let s: Sums = q.fetch_one(db).await?;
    f.set("publicity_events", s.events);
    f.set("vehicle_trips", s.vehicle_trips);
    f.set("posters", s.posters);
    f.set("banners", s.banners);
    f.set("materials", s.materials);
    f.set("beneficiaries", s.beneficiaries);
    let venues = super::grouped(db, scope, "publicity_events", "held_on", year, "venue_type").await?;
    let venue = |code: &str| venues.iter().find(|(v, _)| v == code).map(|(_, n)| *n).unwrap_or(0);
    f.set("enterprise_events", venue("enterprise"));
    f.set("village_events", venue("village"));
    f.set("school_events", venue("school"));
    f.set_breakdown(
        "publicity_venue",
        venues
            .iter()
            .map(|(v, n)| (venue_label(v).to_owned(), *n))
            .collect(),
    );
    f.breakdowns.insert(
        "publicity_month".to_owned(),
        by_month(db, scope, "publicity_events", "held_on", year).await?,
    );
    Ok(())
}

fn venue_label(code: &str) -> &str {
    fazhi_domain::publicity::VenueType::ALL
        .iter()
        .find(|v| v.code() == code)
        .map(|v| v.label())
        .unwrap_or(code)
}
