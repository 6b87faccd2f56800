//! Proactively disclosed items (主动公开): registration with the index number generated per
//! organisation and year, the filtered list, the publication deadline of 政府信息公开条例
//! 第二十六条 kept on the to-do list until the item is published, the portal's catalogue, and the
//! register kit's edit, withdraw, restore and history.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure_item::{index_number, ItemDraft, NewItem, PUBLICATION_RULE};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::ItemRow;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::Register;
use crate::service::study::checked;
use crate::service::year_lists::{year_list_record, YearQuery};
use crate::service::Caller;
use crate::storage::deadlines as store_deadlines;
use crate::storage::orgs::{self, Org};
use crate::storage::{StorageError, Tx};

const AREA: Area = Area::Disclosure;
/// The to-do list's register of these deadlines (`fazhi_domain::access::DEADLINE_REGISTERS`).
pub const REGISTER: &str = "disclosure_item";

/// An item as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ItemInput {
    /// Code of the organisation that discloses it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 名称
    pub title: String,
    /// 内容概述
    pub summary: String,
    /// 类别: a code or label of 机构职能, 规范性文件, 规划计划, 财政预决算, 行政许可与处罚, 公共服务,
    /// 社会救助与补贴, 土地征收与集体经济, 重大建设项目, 人事信息, 其他.
    pub category: String,
    /// 生成日期: the day the information was formed or changed (the 20 working days run from it).
    pub formed_on: String,
    /// 发布日期: blank until published; filling it settles the deadline.
    pub published_on: String,
}

/// A checked item and its publication deadline (`None` once published).
pub struct Checked {
    item: NewItem,
    due: Option<(NaiveDate, String)>,
    region: Option<String>,
}

impl Checked {
    fn columns(&self) -> crate::storage::records::Columns {
        store::columns(&self.item, self.due.clone())
    }
}

/// Checks an item against the calendar of the organisation that discloses it.
fn check(app: &App, org: &Org, input: ItemInput) -> AppResult<Checked> {
    let mut own = FieldErrors::new();
    let draft = ItemDraft {
        formed_on: date_field("formed_on", &input.formed_on, &mut own),
        published_on: date_field("published_on", &input.published_on, &mut own),
        title: input.title,
        summary: input.summary,
        category: input.category,
    };
    let item = checked(NewItem::parse(draft, crate::clock::today()), own)?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let due = match item.published_on {
        Some(_) => None,
        None => item
            .publication_due(&cal)
            .map(|d| (d.due, d.explanation.lines().join("\n"))),
    };
    Ok(Checked {
        item,
        due,
        region: org.region.clone(),
    })
}

/// Keeps the to-do list's deadline in step with the item, in its transaction: running while
/// unpublished, settled once published (or withdrawn).
async fn sync_deadline(tx: &mut Tx, id: i64, org_id: i64, c: &Checked) -> AppResult<()> {
    match &c.due {
        Some((due, _)) => {
            let label = format!(
                "主动公开：{}",
                c.item.title.chars().take(20).collect::<String>()
            );
            let link = format!("/disclosure-items/{id}");
            store_deadlines::upsert(
                tx,
                store_deadlines::Upsert {
                    register: REGISTER,
                    record_id: id,
                    org_id,
                    rule_code: PUBLICATION_RULE,
                    label: &label,
                    link: &link,
                    region: c.region.as_deref(),
                    start: c.item.formed_on,
                    due: *due,
                    provisional: false,
                    suspensions_json: None,
                    extensions_json: None,
                },
            )
            .await?
        }
        None => store_deadlines::settle_all(tx, REGISTER, id).await?,
    }
    Ok(())
}

/// Items in the caller's subtree (or `org`'s within it), of one year if given, and how many
/// the filter selects.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<ItemRow>, i64)> {
    let (scope, f) = q.resolve(app, caller, AREA).await?;
    Ok(store::LIST.page(&app.db, &scope, f, page).await?)
}

/// Registers an item with the next index number of its organisation and year.
pub async fn create(app: &App, caller: &Caller, input: ItemInput) -> AppResult<ItemRow> {
    caller.require_write(AREA)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let checked = check(app, &org, input)?;
    let year = i64::from(checked.item.formed_on.year());
    let mut tx = app.db.begin().await?;
    let seq = store::next_seq(&mut tx, org.id, year).await?;
    let mut columns = checked.columns();
    columns.push(("year", year.into()));
    columns.push(("seq", seq.into()));
    let index_no = index_number(&org.code, checked.item.formed_on.year(), seq);
    columns.push(("index_no", index_no.into()));
    let row: ItemRow = store::LIST
        .register(&mut tx, &caller.actor(), org.id, columns)
        .await
        .map_err(|e| match e {
            StorageError::Conflict(_) => {
                AppError::field("title", "同时登记的信息占用了同一索引号，请再提交一次")
            }
            e => e.into(),
        })?;
    sync_deadline(&mut tx, row.id, org.id, &checked).await?;
    tx.commit().await?;
    Ok(row)
}

/// The most items a portal catalogue page lists.
pub const CATALOGUE_LIMIT: i64 = 500;

/// The published catalogue of `org`'s subtree (of `year`, if given), newest first: public.
pub async fn catalogue(app: &App, org: &Org, year: Option<i32>) -> AppResult<Vec<ItemRow>> {
    Ok(store::published(&app.db, &org.scope(), year, CATALOGUE_LIMIT).await?)
}

/// How many items `org`'s subtree published in `year`, by category (in the order of
/// `fazhi_domain::disclosure_item::CATEGORIES`, categories with none left out), and the total:
/// the annual disclosure report's account of 主动公开 (政府信息公开条例 第五十条).
pub async fn published_in_year(
    app: &App,
    org: &Org,
    year: i32,
) -> AppResult<(Vec<(&'static str, i64)>, i64)> {
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default();
    let items = store::published_between(&app.db, &org.scope(), day(1, 1), day(12, 31)).await?;
    let by_category = fazhi_domain::disclosure_item::CATEGORIES
        .iter()
        .map(|(_, label)| {
            let n = items.iter().filter(|i| i.category_label() == *label).count();
            (*label, i64::try_from(n).unwrap_or(i64::MAX))
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok((by_category, i64::try_from(items.len()).unwrap_or(i64::MAX)))
}

/// An item's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(i: &ItemRow) -> ItemInput {
    ItemInput {
        org: None,
        title: i.title.clone(),
        summary: i.summary.clone().unwrap_or_default(),
        category: i.category.clone(),
        formed_on: i.formed_on.to_string(),
        published_on: i.published_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// The register of proactively disclosed items, for the kit.
pub struct DisclosureItems;

impl Register for DisclosureItems {
    type Record = ItemRow;
    type Input = ItemInput;
    type Valid = Checked;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("index_no", "索引号"),
        ("title", "名称"),
        ("summary", "内容概述"),
        ("category", "类别"),
        ("formed_on", "生成日期"),
        ("published_on", "发布日期"),
        ("due_on", "发布期限"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    year_list_record!(ItemRow, store::LIST);

    async fn current_input(_app: &App, r: &ItemRow) -> AppResult<ItemInput> {
        Ok(input_of(r))
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &ItemRow,
        input: ItemInput,
    ) -> AppResult<Checked> {
        let org = orgs::get(&app.db, before.org_id).await?;
        check(app, &org, input)
    }

    async fn write(tx: &mut Tx, before: &ItemRow, valid: &Checked) -> AppResult<()> {
        store::LIST.update(tx, before.id, valid.columns()).await?;
        sync_deadline(tx, before.id, before.org_id, valid).await
    }

    async fn on_mark(tx: &mut Tx, r: &ItemRow, withdrawn: bool) -> AppResult<()> {
        if withdrawn {
            store_deadlines::settle_all(tx, REGISTER, r.id).await?;
        } else if r.published_on.is_none() {
            store_deadlines::reopen(tx, REGISTER, r.id, &[PUBLICATION_RULE]).await?;
        }
        Ok(())
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        if change.label == "类别" {
            for v in [&mut change.before, &mut change.after] {
                if let Some(l) = fazhi_domain::disclosure_item::category_label(v) {
                    *v = l.to_owned();
                }
            }
        }
    }
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "索引号",
    "名称",
    "类别",
    "生成日期",
    "发布日期",
    "发布期限",
    "内容概述",
    "所属组织",
];

fn ledger_row(i: ItemRow) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        i.index_no.clone(),
        i.title.clone(),
        i.category_label().to_owned(),
        i.formed_on.to_string(),
        date(i.published_on),
        date(i.due_on),
        i.summary.unwrap_or_default(),
        i.org_name,
    ]
}

/// The filtered set (its valid items) as an Excel or CSV file: `主动公开信息目录-2025年.xlsx`.
pub async fn export(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    let (items, _) = list(app, caller, &q.valid(), None).await?;
    let rows = items.into_iter().map(ledger_row).collect();
    crate::service::year_lists::ledger_file("主动公开信息目录", LEDGER_COLUMNS, rows, q.year, format).await
}
