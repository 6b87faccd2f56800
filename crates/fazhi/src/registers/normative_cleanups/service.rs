//! Clean-up campaigns (行政规范性文件清理): a campaign of one organisation over its documents in
//! force when it starts, a result with its reason for each, finishing (the results applied in one
//! transaction: 废止 and 宣布失效 end the document with the campaign as the reason, 修改 puts it
//! on the to-do list), publishing the lists, the year's figures, and the register kit's edit,
//! withdraw, restore and history (`Register`). Rules in `fazhi_domain::normative::cleanup`.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::Area;
use fazhi_domain::normative::cleanup::{self as rules, CampaignState, CleanupFigures, Tally};
use fazhi_domain::normative::CleanupResult;
use fazhi_domain::publicity::{optional_text, required_text, FieldErrors};
use fazhi_ledger::Format;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{CleanupRow, ItemRow};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::registers::normative::by_cleanup as documents;
use crate::registers::normative::service::NormativeRow;
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::{withdrawn_refusal, Register};
use crate::service::study::checked;
use crate::service::year_lists::{ledger_file, year_list_record, YearQuery, YearRegister};
use crate::service::Caller;
use crate::storage::audit::{self, Change};
use crate::storage::records::Columns;
use crate::storage::revision as kit;
use crate::storage::{Db, Scope, StorageError, Tx};

/// Clean-ups belong with the documents they review: the town's staff read and write them.
pub const AREA: Area = Area::LegalReview;

const MAX_LINE: usize = 200;
const MAX_TEXT: usize = 10_000;
/// Documents named on registration (the rest of the scope is the organisation's in force).
const MAX_NAMED: usize = 500;

/// A campaign as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CleanupInput {
    /// Code of the organisation whose documents are cleaned up; the caller's own when left out.
    /// Only on registration.
    pub org: Option<String>,
    /// 清理名称, e.g. 2023年度行政规范性文件清理.
    pub title: String,
    /// 清理依据, e.g. 县人民政府办公室关于开展行政规范性文件清理工作的通知.
    pub basis: String,
    /// 开始日期: the documents in force on this day are its scope.
    pub started_on: String,
    /// 说明
    pub note: String,
    /// Only on registration: the documents (id or 文号) to clean up, each in force on
    /// `started_on` (409 `not_in_force` otherwise); empty: every document of the organisation
    /// in force that day.
    pub documents: Vec<String>,
}

/// A checked campaign: its columns.
pub struct ValidCleanup {
    pub columns: Columns,
    pub started_on: NaiveDate,
}

fn check(input: &CleanupInput, finished_on: Option<NaiveDate>) -> AppResult<ValidCleanup> {
    let mut e = FieldErrors::new();
    let started_on = date_field("started_on", &input.started_on, &mut e);
    let example = "2023年度行政规范性文件清理";
    let title = required_text("title", "清理名称", example, &input.title, MAX_LINE, &mut e);
    let basis = required_text("basis", "清理依据", "县政府办关于开展规范性文件清理的通知", &input.basis, MAX_TEXT, &mut e);
    let note = optional_text("note", "说明", &input.note, MAX_TEXT, &mut e);
    if started_on.is_none() && !e.contains_key("started_on") {
        e.insert("started_on".to_owned(), "请填写开始日期".to_owned());
    }
    if let (Some(s), Some(f)) = (started_on, finished_on) {
        if s > f {
            e.insert("started_on".to_owned(), format!("开始日期不能晚于清理完成日期（{f}）"));
        }
    }
    if input.documents.len() > MAX_NAMED {
        e.insert("documents".to_owned(), format!("一次最多列入 {MAX_NAMED} 件文件"));
    }
    checked(Ok(()), e)?;
    let started_on = started_on.unwrap_or_else(crate::clock::today);
    Ok(ValidCleanup {
        columns: vec![
            ("year", i64::from(started_on.year()).into()),
            ("title", title.into()),
            ("basis", basis.into()),
            ("started_on", started_on.into()),
            ("note", note.into()),
        ],
        started_on,
    })
}

fn not_in_force(d: &NormativeRow, day: NaiveDate) -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        "not_in_force",
        format!("《{}》在 {day} 不是现行有效的规范性文件，不能列入清理", d.title),
    )
}

/// The document a request names (its id, or its 文号 within the campaign's organisation):
/// another organisation's, or one the caller cannot reach, is not found.
async fn named_document(app: &App, scope: &Scope, org_id: i64, name: &str) -> AppResult<NormativeRow> {
    let name = name.trim();
    let found = match name.parse::<i64>() {
        Ok(id) => Some(documents::document(&app.db, scope, id).await?),
        Err(_) => documents::by_number(&app.db, scope, org_id, name).await?,
    };
    found.filter(|d| d.org_id == org_id).ok_or_else(AppError::not_found)
}

/// The register as the year-list kit reads and writes it.
const CLEANUPS: YearRegister<CleanupRow> = YearRegister::new(AREA, &store::LIST);

/// Campaigns in the caller's subtree (or `org`'s within it), of one year if given.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<CleanupRow>, i64)> {
    CLEANUPS.page(app, caller, q, page).await
}

/// Registers a campaign over the documents of its organisation in force on its start (or those
/// named, each of which must be).
pub async fn create(app: &App, caller: &Caller, input: CleanupInput) -> AppResult<CleanupRow> {
    caller.require_write(AREA)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let v = check(&input, None)?;
    let day = v.started_on;
    let scope: Vec<i64> = if input.documents.is_empty() {
        documents::in_force_on(&app.db, org.id, day).await?.iter().map(|d| d.id).collect()
    } else {
        let mut ids = Vec::new();
        for name in &input.documents {
            let d = named_document(app, &caller.scope, org.id, name).await?;
            if !documents::in_force(&d, day) {
                return Err(not_in_force(&d, day));
            }
            if !ids.contains(&d.id) {
                ids.push(d.id);
            }
        }
        ids
    };
    let mut tx = app.db.begin().await?;
    let row: CleanupRow = store::LIST.register(&mut tx, &caller.actor(), org.id, v.columns).await?;
    store::add_items(&mut tx, row.id, &scope).await?;
    let row = store::get(&mut tx, &Scope::everything(), row.id).await?;
    tx.commit().await?;
    Ok(row)
}

/// Campaign `id`, if the caller may read it.
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<CleanupRow> {
    CLEANUPS.get(app, caller, id).await
}

/// A campaign with its documents and their results.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CleanupView {
    pub cleanup: CleanupRow,
    pub documents: Vec<ItemRow>,
}

/// Campaign `id` with its documents, if the caller may read it.
pub async fn view(app: &App, caller: &Caller, id: i64) -> AppResult<CleanupView> {
    let cleanup = get(app, caller, id).await?;
    let documents = store::items(&app.db, id).await?;
    Ok(CleanupView { cleanup, documents })
}

/// What a step fills in: `result` (document, result, reason), `finish` (finished_on) and
/// `publish` (published_on).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StepInput {
    /// The document (its id or 文号): `result` only.
    pub document: String,
    /// keep | amend | repeal | invalidate (继续有效, 修改, 废止, 宣布失效): `result` only.
    pub result: String,
    /// 理由: `result` only.
    pub reason: String,
    /// 清理完成日期: `finish` only; blank: today.
    pub finished_on: String,
    /// 公布日期: `publish` only; blank: today.
    pub published_on: String,
}

/// The steps, with their audit actions and labels.
pub const STEPS: &[(&str, &str, &str)] = &[
    ("result", "cleanup_result", "确定清理结果"),
    ("finish", "cleanup_finish", "完成清理"),
    ("publish", "cleanup_publish", "公布清理结果"),
];

fn refused(before: &CleanupRow, label: &str) -> AppError {
    let state = CampaignState::of(before.finished_on, before.published_on);
    AppError::new(
        ErrorKind::Conflict,
        "step_not_available",
        format!("该清理当前为「{}」，不能办理「{label}」", state.label()),
    )
}

fn day_or_today(field: &str, s: &str) -> AppResult<NaiveDate> {
    let mut e = FieldErrors::new();
    let day = date_field(field, s, &mut e);
    checked(Ok(()), e)?;
    Ok(day.unwrap_or_else(crate::clock::today))
}

/// Takes step `slug` on campaign `id` (the caller may write it; another organisation's is not
/// found): written on the version read, in one transaction, logged as the step.
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: i64,
    slug: &str,
    input: StepInput,
) -> AppResult<CleanupView> {
    caller.require_write(AREA)?;
    let &(_, action, label) = STEPS.iter().find(|s| s.0 == slug).ok_or_else(AppError::not_found)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    let open = before.finished_on.is_none();
    let given = |field: &str, v: &str| {
        (!v.trim().is_empty())
            .then(|| AppError::field(field, format!("「{label}」这一步不填写该项")))
    };
    let stray = match slug {
        "result" => given("finished_on", &input.finished_on).or(given("published_on", &input.published_on)),
        "finish" => given("document", &input.document).or(given("published_on", &input.published_on)),
        _ => given("document", &input.document).or(given("finished_on", &input.finished_on)),
    };
    if let Some(e) = stray {
        return Err(e);
    }
    let mut tx = app.db.begin().await?;
    let target = store::LIST.target(id, before.org_id);
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "stale_version",
            "该清理刚被他人修改，请刷新后重试",
        ));
    }
    match slug {
        "result" if open => set_result(app, caller, &mut tx, &before, input).await?,
        "finish" if open => {
            let day = day_or_today("finished_on", &input.finished_on)?;
            finish(app, caller, &mut tx, &before, day).await?;
        }
        "publish" if before.published_on.is_none() => {
            let day = day_or_today("published_on", &input.published_on)?;
            rules::check_publish(before.finished_on, day).map_err(|m| {
                let kind = if open { ErrorKind::Conflict } else { ErrorKind::BadRequest };
                AppError::new(kind, "not_finished", m)
            })?;
            store::update(&mut tx, id, vec![("published_on", day.into())]).await?;
        }
        _ => return Err(refused(&before, label)),
    }
    let after = store::get(&mut tx, &Scope::everything(), id).await?;
    if slug != "result" {
        kit::log(&mut tx, &caller.actor(), action, target, &before, &after, None).await?;
    }
    let documents = store::items(&mut tx, id).await?;
    tx.commit().await?;
    Ok(CleanupView {
        cleanup: after,
        documents,
    })
}

/// Records one document's result (a document of the organisation in force at the start that
/// is not yet in the scope joins it; one not in force is refused), logged with its values
/// before and after.
async fn set_result(
    app: &App,
    caller: &Caller,
    tx: &mut Tx,
    c: &CleanupRow,
    input: StepInput,
) -> AppResult<()> {
    if input.document.trim().is_empty() {
        return Err(AppError::field("document", "请选择文件"));
    }
    let d = named_document(app, &caller.scope, c.org_id, &input.document).await?;
    let (result, reason) = rules::check_result(&input.result, &input.reason)
        .map_err(|m| AppError::field(if CleanupResult::parse(&input.result).is_some() { "reason" } else { "result" }, m))?;
    let mut items = store::items(&mut *tx, c.id).await?;
    let item = match items.iter().position(|i| i.document_id == d.id) {
        Some(at) => items.swap_remove(at),
        None if documents::in_force(&d, c.started_on) => {
            store::add_items(tx, c.id, &[d.id]).await?;
            let added = store::items(&mut *tx, c.id).await?;
            added.into_iter().find(|i| i.document_id == d.id).ok_or(StorageError::NotFound)?
        }
        None => return Err(not_in_force(&d, c.started_on)),
    };
    store::set_result(tx, item.id, result.code(), &reason).await?;
    let shown = |r: Option<&str>| {
        let label = r.and_then(CleanupResult::parse).map_or("未定", CleanupResult::label);
        format!("《{}》：{label}", d.title)
    };
    let change = Change::new("cleanup_result", "normative_cleanup", c.id)
        .org(c.org_id)
        .before(&serde_json::json!({ "result": shown(item.result.as_deref()), "reason": item.reason }))
        .after(&serde_json::json!({ "result": shown(Some(result.code())), "reason": reason }));
    audit::record(tx, &caller.actor(), change).await?;
    Ok(())
}

/// Applies the results on `day`: every document decided (`rules::check_finish`); 废止 and
/// 宣布失效 end the document with the campaign as the reason, 修改 puts it on the to-do list.
async fn finish(app: &App, caller: &Caller, tx: &mut Tx, c: &CleanupRow, day: NaiveDate) -> AppResult<()> {
    let items = store::items(&mut *tx, c.id).await?;
    let results: Vec<Option<CleanupResult>> = items
        .iter()
        .map(|i| i.result.as_deref().and_then(CleanupResult::parse))
        .collect();
    rules::check_finish(c.started_on, day, &results)
        .map_err(|m| AppError::new(ErrorKind::Conflict, "results_missing", m))?;
    let actor = caller.actor();
    for (item, result) in items.iter().zip(results.into_iter().flatten()) {
        let d = documents::document(&mut *tx, &Scope::everything(), item.document_id).await?;
        match result {
            CleanupResult::Repeal => documents::end(tx, &actor, &d, day, c.id, "cleanup_repeal").await?,
            CleanupResult::Invalidate => {
                documents::end(tx, &actor, &d, day, c.id, "cleanup_invalidate").await?;
            }
            CleanupResult::Amend => documents::plan_amendment(tx, app, &d, day).await?,
            CleanupResult::Keep => {}
        }
    }
    store::update(tx, c.id, vec![("finished_on", day.into())]).await?;
    Ok(())
}

/// The published campaigns the portal shows (of the organisation `org` names and its subtree,
/// when given; an unknown or inactive one is not found).
pub async fn published(app: &App, org: Option<&str>) -> AppResult<Vec<CleanupRow>> {
    let scope = match org.map(str::trim).filter(|o| !o.is_empty()) {
        None => Scope::everything(),
        Some(code) => crate::service::portal::public_body(app, code).await?.scope(),
    };
    Ok(store::published(&app.db, &scope).await?)
}

/// A published campaign and its documents, for the portal; not found unless published.
pub async fn public_view(app: &App, id: i64) -> AppResult<CleanupView> {
    let cleanup = store::get(&app.db, &Scope::everything(), id).await?;
    let org = crate::storage::orgs::get(&app.db, cleanup.org_id).await?;
    if cleanup.revision.is_withdrawn() || cleanup.published_on.is_none() || !org.active {
        return Err(AppError::not_found());
    }
    let documents = store::items(&app.db, id).await?;
    Ok(CleanupView { cleanup, documents })
}

/// The documents of a view with result `r`.
pub fn with_result(items: &[ItemRow], r: CleanupResult) -> Vec<&ItemRow> {
    items.iter().filter(|i| i.result.as_deref() == Some(r.code())).collect()
}

/// The clean-up figures of `year` over `scope`: campaigns finished in it and their results
/// (storage::figures::normative and the report's 一(二)).
pub async fn year_figures(db: &Db, scope: &Scope, year: i32) -> Result<CleanupFigures, StorageError> {
    let (campaigns, results) = store::year_results(db, scope, year).await?;
    Ok(CleanupFigures {
        campaigns,
        tally: Tally::of(results.iter().filter_map(|r| CleanupResult::parse(r))),
    })
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "清理名称", "清理依据", "开始日期", "完成日期", "公布日期", "清理文件", "继续有效", "修改", "废止",
    "宣布失效", "所属组织",
];

fn ledger_row(c: CleanupRow) -> Vec<String> {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        c.title,
        c.basis,
        c.started_on.to_string(),
        day(c.finished_on),
        day(c.published_on),
        c.documents.to_string(),
        c.kept.to_string(),
        c.amended.to_string(),
        c.repealed.to_string(),
        c.invalidated.to_string(),
        c.org_name,
    ]
}

/// The filtered set (its valid campaigns) as an Excel or CSV file.
pub async fn export(app: &App, caller: &Caller, q: &YearQuery, format: Format) -> AppResult<(String, Vec<u8>)> {
    let (items, _) = list(app, caller, &q.valid(), None).await?;
    let rows = items.into_iter().map(ledger_row).collect();
    ledger_file("规范性文件清理台账", LEDGER_COLUMNS, rows, q.year, format).await
}

/// A campaign's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(c: &CleanupRow) -> CleanupInput {
    CleanupInput {
        org: None,
        title: c.title.clone(),
        basis: c.basis.clone(),
        started_on: c.started_on.to_string(),
        note: c.note.clone().unwrap_or_default(),
        documents: Vec::new(),
    }
}

/// The register of clean-up campaigns, for the kit.
pub struct NormativeCleanups;

impl Register for NormativeCleanups {
    type Record = CleanupRow;
    type Input = CleanupInput;
    type Valid = ValidCleanup;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("title", "清理名称"),
        ("basis", "清理依据"),
        ("started_on", "开始日期"),
        ("finished_on", "完成日期"),
        ("published_on", "公布日期"),
        ("note", "说明"),
        // A `cleanup_result` entry: 《文件》：结果, and its reason.
        ("result", "清理结果"),
        ("reason", "理由"),
    ];
    const FIXED: &'static [&'static str] = &["org", "documents"];

    year_list_record!(CleanupRow, store::LIST);

    async fn current_input(_app: &App, c: &CleanupRow) -> AppResult<CleanupInput> {
        Ok(input_of(c))
    }

    /// The same checks as at registration; the start cannot move past the finish, and the
    /// scope stays as it was set.
    async fn check(_app: &App, _caller: &Caller, before: &CleanupRow, input: CleanupInput) -> AppResult<ValidCleanup> {
        check(&input, before.finished_on)
    }

    async fn write(tx: &mut Tx, before: &CleanupRow, v: &ValidCleanup) -> AppResult<()> {
        Ok(store::update(tx, before.id, v.columns.clone()).await?)
    }

    /// Once finished, the results are applied: a change is a 更正.
    fn is_correction(before: &CleanupRow, _v: &ValidCleanup) -> bool {
        before.finished_on.is_some()
    }

    fn action_label(action: &str) -> Option<&'static str> {
        STEPS.iter().find(|s| s.1 == action).map(|s| s.2)
    }
}
