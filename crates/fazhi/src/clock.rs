//! The one clock (issue #15 item 1). Stored instants are UTC; everything a person reads or a
//! form pre-fills is Beijing time (Asia/Shanghai, UTC+8 all year, no daylight saving), and
//! "today" — the day statutory periods count in — is the Beijing date. Every caller asks here.
//!
//! One clock per process: [`App::open`](crate::app::App::open) installs the configured
//! [`Clock`]. Tests install [`Clock::test`], which reads 23:30 UTC when it starts — already
//! tomorrow in Beijing — so any use of a UTC date where a Beijing one belongs shows up.

use std::borrow::Borrow;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, SubsecRound, Timelike,
    Utc,
};
use serde::{Serialize, Serializer};

/// UTC+8.
pub fn beijing_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Which time the process runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// Reads `at` when installed and moves on with the system clock from there (so records
    /// written one after another keep their order).
    StartingAt(DateTime<Utc>),
}

impl Clock {
    /// The tests' clock: the latest 23:30 UTC not after now (07:30 the next day in Beijing).
    pub fn test() -> Clock {
        let now = Utc::now();
        let at = now
            .date_naive()
            .and_time(NaiveTime::from_hms_opt(23, 30, 0).expect("23:30"));
        let at = at.and_utc();
        Clock::StartingAt(if at > now { at - Duration::days(1) } else { at })
    }
}

/// Microseconds added to the system clock.
static SHIFT_MICROS: AtomicI64 = AtomicI64::new(0);

/// Makes `clock` the process's clock.
pub fn install(clock: Clock) {
    let shift = match clock {
        Clock::System => 0,
        Clock::StartingAt(at) => (at - Utc::now()).num_microseconds().unwrap_or(0),
    };
    SHIFT_MICROS.store(shift, Ordering::Relaxed);
}

/// Now, as stored: UTC, truncated to microseconds (what both databases keep).
pub fn now() -> DateTime<Utc> {
    (Utc::now() + Duration::microseconds(SHIFT_MICROS.load(Ordering::Relaxed))).trunc_subsecs(6)
}

/// Today's date in Beijing.
pub fn today() -> NaiveDate {
    beijing_date(now())
}

/// The Beijing date of an instant (templates pass references, hence `Borrow`).
pub fn beijing_date(at: impl Borrow<DateTime<Utc>>) -> NaiveDate {
    at.borrow().with_timezone(&beijing_offset()).date_naive()
}

/// An instant as people in China read it: `2024-03-05 14:30`.
pub fn beijing(at: impl Borrow<DateTime<Utc>>) -> String {
    at.borrow()
        .with_timezone(&beijing_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// With seconds, for the audit log: `2024-03-05 14:30:05`.
pub fn beijing_seconds(at: impl Borrow<DateTime<Utc>>) -> String {
    at.borrow()
        .with_timezone(&beijing_offset())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The instant a Beijing date starts (its 00:00 in UTC+8), for date filters over instants.
pub fn beijing_midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN)
        .and_local_timezone(beijing_offset())
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc)
}

/// An instant shown in Beijing time that an API serialises with its offset
/// (`2024-03-05T14:30:05+08:00`) and a page displays as `2024-03-05 14:30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeijingTime(pub DateTime<Utc>);

impl std::fmt::Display for BeijingTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&beijing(self.0))
    }
}

impl Serialize for BeijingTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0.with_timezone(&beijing_offset());
        let t = t.with_nanosecond(0).unwrap_or(t);
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, false))
    }
}

impl utoipa::PartialSchema for BeijingTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                utoipa::openapi::schema::KnownFormat::DateTime,
            )))
            .description(Some("北京时间，带时区偏移，如 2024-03-05T14:30:05+08:00"))
            .into()
    }
}

impl utoipa::ToSchema for BeijingTime {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_eight_hours_ahead() {
        let at = "2026-11-30T23:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(beijing(at), "2026-12-01 07:30");
        assert_eq!(beijing_date(at).to_string(), "2026-12-01");
        assert_eq!(
            serde_json::to_string(&BeijingTime(at)).unwrap(),
            "\"2026-12-01T07:30:00+08:00\""
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            beijing_midnight(d).to_rfc3339(),
            "2026-11-30T16:00:00+00:00"
        );
    }

    #[test]
    fn the_test_clock_reads_2330_utc() {
        let Clock::StartingAt(at) = Clock::test() else {
            panic!("a starting instant");
        };
        assert_eq!((at.hour(), at.minute()), (23, 30));
        assert!(at <= Utc::now() && Utc::now() - at < Duration::days(1));
    }
}
