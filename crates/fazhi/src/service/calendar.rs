//! The working-day calendar as the running system sees it: national schedules plus regional
//! overlays, loaded from the database, kept in memory, and swapped when an admin loads a file.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use fazhi_domain::access::Area;
use fazhi_domain::calendar::{self, Calendar, CalendarFile};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::audit::Actor;
use crate::storage::calendar as calendar_files;
pub use crate::storage::calendar::CalendarFileRow;
use crate::storage::deadlines::ChangeRow;
use crate::storage::orgs;
use crate::storage::{Db, StorageError};

use super::{deadlines, Caller};

/// The national calendar and one per region that has an overlay.
pub struct Calendars {
    national: Arc<Calendar>,
    regional: BTreeMap<String, Arc<Calendar>>,
}

impl Calendars {
    fn build(files: &[(Option<String>, CalendarFile)]) -> Calendars {
        let national: Vec<CalendarFile> = files
            .iter()
            .filter(|(r, _)| r.is_none())
            .map(|(_, f)| f.clone())
            .collect();
        let mut overlays: BTreeMap<String, Vec<CalendarFile>> = BTreeMap::new();
        for (region, file) in files {
            if let Some(r) = region {
                overlays.entry(r.clone()).or_default().push(file.clone());
            }
        }
        Calendars {
            national: Arc::new(Calendar::build(&national, &[])),
            regional: overlays
                .into_iter()
                .map(|(r, o)| (r, Arc::new(Calendar::build(&national, &o))))
                .collect(),
        }
    }

    /// The calendar for an organisation's region; the national one where no overlay exists.
    pub fn for_region(&self, region: Option<&str>) -> Arc<Calendar> {
        region
            .and_then(|r| self.regional.get(r))
            .unwrap_or(&self.national)
            .clone()
    }

    /// The calendar a person chose on a form or in a query: absent means the caller's own
    /// region, 全国 (or empty) the national calendar alone.
    pub fn chosen(&self, choice: Option<&str>, own: Option<&str>) -> Arc<Calendar> {
        self.for_region(chosen_region(choice, own))
    }

    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regional.keys().map(String::as_str)
    }
}

/// See [`Calendars::chosen`].
pub fn chosen_region<'a>(choice: Option<&'a str>, own: Option<&'a str>) -> Option<&'a str> {
    match choice.map(str::trim) {
        None => own,
        Some("" | NATIONAL) => None,
        Some(r) => Some(r),
    }
}

/// What the region choice calls the national calendar.
pub const NATIONAL: &str = "全国";

pub struct CalendarCache {
    inner: RwLock<Arc<Calendars>>,
}

impl CalendarCache {
    /// Loads every calendar file. Each shipped file (`calendar::SHIPPED_FILES`: national
    /// 2004–2026, the 新疆 overlay, 新疆 2026 in part) is stored once, by title, so an upgrade
    /// adds the ones it brings; running deadlines are then recomputed in the same transaction,
    /// as when an administrator loads a file (the counting rules may have changed too).
    pub async fn load(db: &Db) -> Result<CalendarCache, StorageError> {
        let mut rows = calendar_files::all(db).await?;
        let stored = parse_rows(&rows)?;
        let missing: Vec<_> = calendar::SHIPPED_FILES
            .iter()
            .filter(|(_, title, _)| !rows.iter().any(|r| r.title == *title))
            .filter(|(region, _, text)| !superseded(&stored, *region, text))
            .collect();
        if !missing.is_empty() {
            let mut tx = db.begin().await?;
            let actor = Actor {
                user_id: None,
                name: "系统（随软件发布）".to_owned(),
            };
            let mut last = 0;
            for (region, title, text) in missing {
                last = calendar_files::insert(&mut tx, &actor, *region, title, text).await?;
            }
            let stored = calendar_files::all(&mut tx).await?;
            deadlines::recompute(&mut tx, &Calendars::build(&parse_rows(&stored)?), last).await?;
            tx.commit().await?;
            rows = calendar_files::all(db).await?;
        }
        let files = parse_rows(&rows)?;
        Ok(CalendarCache {
            inner: RwLock::new(Arc::new(Calendars::build(&files))),
        })
    }

    pub fn current(&self) -> Arc<Calendars> {
        self.inner.read().expect("calendar lock").clone()
    }

    fn replace(&self, calendars: Calendars) {
        *self.inner.write().expect("calendar lock") = Arc::new(calendars);
    }
}

/// Whether an administrator already loaded complete schedules for every year a shipped file
/// declares (an official notice that arrived before the upgrade): the shipped file, loaded
/// later, would otherwise override it.
fn superseded(stored: &[(Option<String>, CalendarFile)], region: Option<&str>, text: &str) -> bool {
    let Ok(shipped) = calendar::parse_calendar_file(text) else {
        return true;
    };
    let complete: Vec<i32> = stored
        .iter()
        .filter(|(r, _)| r.as_deref() == region)
        .flat_map(|(_, f)| f.covered_years())
        .collect();
    !shipped.years.is_empty() && shipped.years.iter().all(|y| complete.contains(&y.year))
}

fn parse_rows(
    rows: &[calendar_files::CalendarFileRow],
) -> Result<Vec<(Option<String>, CalendarFile)>, StorageError> {
    rows.iter()
        .map(|r| {
            calendar::parse_calendar_file(&r.content)
                .map(|f| (r.region.clone(), f))
                .map_err(|e| {
                    StorageError::Corrupt(format!("日历文件 #{} 无法解析：{}", r.id, e[0]))
                })
        })
        .collect()
}

/// A national or regional file moves the running deadlines of every organisation, so only an
/// administrator whose subtree is the whole organisation tree (or the operator at the command
/// line) may load one; a town's admin would otherwise move other towns' deadlines.
pub async fn require_may_load(app: &App, caller: &Caller) -> AppResult<()> {
    caller.require_write(Area::Calendar)?;
    if may_load(app, caller).await? {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "calendar_root_only",
            "日历文件影响所有组织的期限，只能由最上级组织的系统管理员载入，请联系上级管理员",
        ))
    }
}

/// Whether `caller` may load calendar files (the calendar page shows the form only then).
pub async fn may_load(app: &App, caller: &Caller) -> AppResult<bool> {
    if !caller.role.can_write(Area::Calendar) {
        return Ok(false);
    }
    if caller.scope.root_path() == "/" {
        return Ok(true);
    }
    let roots = orgs::roots(&app.db).await?;
    Ok(matches!(roots.as_slice(), [only] if only.id == caller.org_id))
}

/// What loading a calendar file changed.
pub struct LoadOutcome {
    pub file_id: i64,
    pub region: Option<String>,
    pub years: Vec<i32>,
    pub moved: Vec<ChangeRow>,
}

/// Validates and stores a calendar file, recomputes every running deadline in the same
/// transaction, and swaps the in-memory calendar. Errors list every bad line.
pub async fn load_file(app: &App, caller: &Caller, text: &str) -> AppResult<LoadOutcome> {
    require_may_load(app, caller).await?;
    let file = calendar::parse_calendar_file(text).map_err(|errors| {
        let mut fields = BTreeMap::new();
        for e in errors {
            fields.insert(format!("第{}行", e.line), e.message);
        }
        AppError::invalid(fields)
    })?;
    let region = file.region.clone();
    let years = file.covered_years();
    let title = match (&region, years.first(), years.last()) {
        (Some(r), Some(a), Some(b)) => format!("{r} 地区假日 {a}–{b}"),
        (None, Some(a), Some(b)) => format!("全国节假日安排 {a}–{b}"),
        (Some(r), _, _) => format!("{r} 地区假日补充"),
        (None, _, _) => "全国节假日补充".to_owned(),
    };
    let mut tx = app.db.begin().await?;
    let file_id =
        calendar_files::insert(&mut tx, &caller.actor(), region.as_deref(), &title, text).await?;
    let rows = calendar_files::all(&mut tx).await?;
    let calendars = Calendars::build(&parse_rows(&rows)?);
    deadlines::recompute(&mut tx, &calendars, file_id).await?;
    tx.commit().await?;
    app.calendar.replace(calendars);
    let moved = crate::storage::deadlines::changes_of_file(&app.db, &caller.scope, file_id).await?;
    Ok(LoadOutcome {
        file_id,
        region,
        years,
        moved,
    })
}

/// The calendar files loaded so far, newest first, as the calendar page lists them.
pub async fn files(app: &App) -> AppResult<Vec<CalendarFileRow>> {
    Ok(calendar_files::all(&app.db).await?)
}
