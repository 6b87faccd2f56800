//! Evidence packs (issue #19 item 7): for one figure of an organisation's year, or for every
//! figure of its report, a ZIP an inspector (督察、考核) can follow — an index (XLSX) of the
//! records the figure counts, with their ids, key fields and links, and the records' attachments
//! in folders named after them (`矛盾纠纷/2023-001 张*/照片1.jpg`).
//!
//! Written as it is sent: records are read a page at a time, each attachment copied file by
//! file into a streaming ZIP (`ZipWriter::new_stream`), the index spooled to a temporary file
//! and added last; memory does not grow with the pack (bench/evidence.sh).

mod catalogue;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

use fazhi_domain::mask::mask_name;
use zip::write::SimpleFileOptions;

pub use catalogue::{figure, FigureDef, Register, FIGURES, LINKED, REGISTERS};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::orgs::Org;
use crate::service::Caller;
use crate::storage::evidence::{self as store, Within};

/// Records read at a time: small enough to bound memory, large enough to keep queries few.
const PAGE: i64 = 500;

/// One part of a pack: a register's records, named in the index's 数字 column.
#[derive(Clone, Debug)]
pub struct Part {
    /// The figure's name, the register's, or the evidence link the part came from.
    pub name: String,
    pub register: Register,
    pub within: Within,
}

/// What a pack holds, checked before anything is written.
pub struct Plan {
    pub org: Org,
    pub year: i32,
    /// What the pack is for, in its file name: 「矛盾纠纷」, 「年度报告」, 「考核指标-1.2-年终述法」.
    pub what: String,
    pub parts: Vec<Part>,
    /// Evidence links that name no register's records (a web page, the portal): listed in the
    /// index as they are, for the inspector to open.
    pub other_links: Vec<String>,
    /// How many records the pack will list (counted before writing, for progress).
    pub records: i64,
}

impl Plan {
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}年-{}-证据包.zip",
            self.org.name,
            self.year,
            safe_name(&self.what)
        )
    }
}

/// The figure keys a pack may be asked for, with their names (the OpenAPI text lists them).
pub fn figure_list() -> String {
    FIGURES
        .iter()
        .map(|f| format!("`{}` {}", f.key, f.label))
        .collect::<Vec<_>>()
        .join("，")
}

/// One figure of a report with where its records are: the register list that shows exactly
/// them (when one can) and the evidence pack.
pub struct FigureSource {
    pub label: &'static str,
    pub value: i64,
    pub list: Option<String>,
    pub pack: String,
}

/// The figures of `f` that count records, each linked to its records (the report's staff view
/// and its HTML twin, issue #19 item 7).
pub fn sources(f: &fazhi_domain::report::Figures, org: &Org, year: i32) -> Vec<FigureSource> {
    let base = format!("org={}&year={year}", org.code);
    FIGURES
        .iter()
        .filter(|d| f.values.contains_key(d.key))
        .map(|d| FigureSource {
            label: d.label,
            value: f.get(d.key),
            list: d.list.map(|filter| match filter {
                "" => format!("{}?{base}", d.register.page),
                filter => format!("{}?{base}&{filter}", d.register.page),
            }),
            pack: format!("/evidence?{base}&figure={}", d.key),
        })
        .collect()
}

/// [`sources`] as an HTML section: a table of the figures with a link to each one's records
/// and its evidence pack. Links are the system's own addresses (open the file from it).
pub fn sources_html(sources: &[FigureSource]) -> String {
    use fazhi_docs::escape_xml as esc;
    let mut h = String::from(
        "<section class=\"figure-sources\" aria-labelledby=\"figure-sources-h\">\n\
         <h2 id=\"figure-sources-h\">附：报告数字与记录</h2>\n\
         <table><thead><tr><th scope=\"col\">数字</th><th scope=\"col\">数值</th>\
         <th scope=\"col\">计入的记录</th><th scope=\"col\">证据包</th></tr></thead><tbody>\n",
    );
    for s in sources {
        let list = match &s.list {
            Some(href) => format!("<a href=\"{}\" data-figure-list>{}</a>", esc(href), s.value),
            None => format!("{}（见证据包清单）", s.value),
        };
        h += &format!(
            "<tr><td>{}</td><td class=\"gw-num\">{}</td><td>{list}</td><td><a href=\"{}\">下载{}证据包</a></td></tr>\n",
            esc(s.label),
            s.value,
            esc(&s.pack),
            esc(s.label),
        );
    }
    h += "</tbody></table>\n</section>\n";
    h
}

/// Checks the request: the organisation in the caller's scope (404 otherwise, through
/// `report_org`), the year and the figure; counts the records.
pub async fn plan(
    app: &App,
    caller: &Caller,
    org: Option<&str>,
    year: i32,
    figure_key: Option<&str>,
) -> AppResult<Plan> {
    let org = super::report::report_org(app, caller, org).await?;
    fazhi_domain::record_year(year).map_err(|m| AppError::field("year", m))?;
    let part = |name: &str, register: Register| Part {
        name: name.to_owned(),
        register,
        within: Within::Year(year),
    };
    let (what, parts) = match figure_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => {
            let f = figure(key).ok_or_else(|| {
                AppError::field(
                    "figure",
                    format!("没有这个数字：{key}（可选：{}）", figure_list()),
                )
            })?;
            (f.label, vec![part(f.label, f.register)])
        }
        None => (
            "年度报告",
            REGISTERS.iter().map(|r| part(r.folder, *r)).collect(),
        ),
    };
    counted(app, org, year, what.to_owned(), parts, Vec::new()).await
}

/// The pack of the records some evidence links name (an assessment indicator's), for `org`'s
/// subtree: a figure's pack link (`/evidence?figure=…`), a register's list of a year (with a
/// filter a figure's list uses) or one record (`/disputes/12`); links naming none of these
/// are listed as they are. `org` is already checked against the caller's scope.
pub async fn plan_for_links(
    app: &App,
    org: Org,
    year: i32,
    what: String,
    links: &[String],
) -> AppResult<Plan> {
    let mut parts = Vec::new();
    let mut other_links = Vec::new();
    for link in links {
        match part_of_link(link, year) {
            Some(p) => parts.push(p),
            None => other_links.push(link.clone()),
        }
    }
    counted(app, org, year, what, parts, other_links).await
}

/// A plan with its records counted (for progress).
async fn counted(
    app: &App,
    org: Org,
    year: i32,
    what: String,
    parts: Vec<Part>,
    other_links: Vec<String>,
) -> AppResult<Plan> {
    let scope = org.scope();
    let mut records = 0;
    for p in &parts {
        records += store::count(&app.db, &p.register.source, &scope, &p.within).await?;
    }
    Ok(Plan {
        org,
        year,
        what,
        parts,
        other_links,
        records,
    })
}

/// The records an evidence link names, or none when it names no register's records. A link's
/// own `year` wins over the pack's; a list filter counts only as a figure's list uses it
/// (`/disputes?status=succeeded`), any other filter is not guessed at.
fn part_of_link(link: &str, year: i32) -> Option<Part> {
    let link = link.trim();
    if !fazhi_domain::plan::is_link(link) || !link.starts_with('/') {
        return None;
    }
    let link_no_fragment = link.split('#').next().unwrap_or(link);
    let (path, query) = link_no_fragment
        .split_once('?')
        .unwrap_or((link_no_fragment, ""));
    let path = path.trim_end_matches('/');
    let mut params: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let mut take = |key: &str| {
        let at = params.iter().position(|(k, _)| k == key)?;
        Some(params.remove(at).1)
    };
    let year = match take("year") {
        Some(y) => y.trim().parse().ok()?,
        None => year,
    };
    // The pack is of one organisation's subtree: a link's own `org` cannot widen it.
    take("org");
    for paging in ["page", "per_page", "sort"] {
        take(paging);
    }
    let figure_key = take("figure");
    let named = |name: String, register: Register, within: Within| Part {
        name,
        register,
        within,
    };
    if path == "/evidence" {
        let f = figure(figure_key?.trim())?;
        return params
            .is_empty()
            .then(|| named(f.label.to_owned(), f.register, Within::Year(year)));
    }
    let register = REGISTERS.iter().chain(LINKED.iter()).find(|r| {
        path == r.page
            || path
                .strip_prefix(r.page)
                .is_some_and(|p| p.starts_with('/'))
    })?;
    if let Some(id) = path
        .strip_prefix(register.page)
        .and_then(|p| p.strip_prefix('/'))
    {
        let id: i64 = id.parse().ok()?;
        return Some(named(link.to_owned(), *register, Within::Ids(vec![id])));
    }
    if figure_key.is_some() {
        return None;
    }
    if params.is_empty() {
        return Some(named(link.to_owned(), *register, Within::Year(year)));
    }
    params.sort();
    FIGURES
        .iter()
        .filter(|f| f.register.page == register.page)
        .find(|f| {
            let mut filter: Vec<(String, String)> = match f.list {
                Some(l) if !l.is_empty() => serde_urlencoded::from_str(l).unwrap_or_default(),
                _ => return false,
            };
            filter.sort();
            filter == params
        })
        .map(|f| named(link.to_owned(), f.register, Within::Year(year)))
}

/// How far a pack has got.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub records: i64,
    pub of: i64,
    pub files: i64,
}

const HEADER: [&str; 11] = [
    "序号",
    "数字",
    "登记簿",
    "记录ID",
    "编号",
    "日期",
    "单位",
    "事项",
    "当事人（已脱敏）",
    "附件（包内路径）",
    "系统链接",
];

/// Writes the pack into `out` (a file, or the channel of an HTTP response), calling
/// `progress` after every page. Blocking: run it on a blocking thread; database pages are read
/// through `rt`.
pub fn write(
    app: &App,
    rt: &tokio::runtime::Handle,
    plan: &Plan,
    out: impl Write,
    progress: &mut dyn FnMut(Progress),
) -> AppResult<()> {
    let spool = Spool::new(app)?;
    let mut index = xlsx::IndexSheet::create(spool.file()?, &HEADER).map_err(AppError::internal)?;
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let blobs = super::attachments::blobs(app);
    let scope = plan.org.scope();
    let mut done = Progress {
        of: plan.records,
        ..Progress::default()
    };
    // A record two links name is written once and listed under both (its paths kept); only an
    // assessment's pack names a register twice, and its records are few.
    let mut entities = HashSet::new();
    let repeats = !plan
        .parts
        .iter()
        .all(|p| entities.insert(p.register.source.entity));
    let mut written: HashMap<(&str, i64), String> = HashMap::new();
    for part in &plan.parts {
        let register = &part.register;
        let mut after = None;
        loop {
            let rows = rt.block_on(store::page(
                &app.db,
                &register.source,
                &scope,
                &part.within,
                after,
                PAGE,
            ))?;
            let Some(last) = rows.last() else { break };
            after = Some((last.on_date, last.id));
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let files = rt.block_on(store::files(&app.db, register.source.entity, &ids))?;
            for row in &rows {
                let key = (register.source.entity, row.id);
                let paths = match written.get(&key) {
                    Some(paths) => paths.clone(),
                    None => {
                        let folder = format!("{}/{}", register.folder, record_folder(row));
                        let mut names = HashSet::new();
                        let mut paths = Vec::new();
                        for f in files.iter().filter(|f| f.entity_id == row.id) {
                            let path = format!("{folder}/{}", unique(&mut names, &f.file_name));
                            zip.start_file(path.as_str(), options)
                                .map_err(AppError::internal)?;
                            blobs
                                .copy_to(rt, &f.sha256, &mut zip)
                                .map_err(super::attachments::unavailable)?;
                            paths.push(path);
                            done.files += 1;
                        }
                        let paths = paths.join("\n");
                        if repeats {
                            written.insert(key, paths.clone());
                        }
                        paths
                    }
                };
                done.records += 1;
                index
                    .row(&[
                        done.records.to_string(),
                        part.name.clone(),
                        register.folder.to_owned(),
                        row.id.to_string(),
                        row.number.clone(),
                        row.on_date.to_string(),
                        row.org_name.clone(),
                        row.title.clone(),
                        masked_people(&row.people),
                        paths,
                        format!("{}/{}", register.page, row.id),
                    ])
                    .map_err(AppError::internal)?;
            }
            progress(done);
        }
    }
    for (n, link) in plan.other_links.iter().enumerate() {
        let mut cells: [String; 11] = Default::default();
        cells[0] = (done.records + 1 + n as i64).to_string();
        cells[1] = "佐证链接".to_owned();
        cells[7] = "不是登记簿中的记录，请打开系统链接查看".to_owned();
        cells[10] = link.clone();
        index.row(&cells).map_err(AppError::internal)?;
    }
    let mut index = index.finish().map_err(AppError::internal)?;
    io::Seek::rewind(&mut index).map_err(AppError::internal)?;
    zip.start_file("证据清单.xlsx", options)
        .map_err(AppError::internal)?;
    io::copy(&mut index, &mut zip).map_err(AppError::internal)?;
    zip.finish().map_err(AppError::internal)?;
    Ok(())
}

/// A record's folder: its number and its first person, masked (`2023-001 张*`); a number
/// that is only the id stays unique by itself.
fn record_folder(row: &store::EvidenceRow) -> String {
    let first = fazhi_ledger::split_multi(&row.people)
        .into_iter()
        .next()
        .map(|p| mask_name(&p))
        .unwrap_or_default();
    let name = if first.is_empty() {
        format!("{} {}", row.number, row.title)
    } else {
        format!("{} {first}", row.number)
    };
    // Case numbers repeat across towns; the id keeps two records apart in a county's pack.
    format!("{}（{}）", safe_name(&name), row.id)
}

/// The people of a record masked as a name each (张三、李四 → 张*、李*).
fn masked_people(people: &str) -> String {
    fazhi_ledger::split_multi(people)
        .iter()
        .map(|p| mask_name(p))
        .collect::<Vec<_>>()
        .join("、")
}

/// A path segment: no separators, control characters or leading dots.
fn safe_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').to_owned();
    if trimmed.is_empty() {
        "附件".to_owned()
    } else {
        trimmed
    }
}

/// A file name not yet used in this folder (`照片.jpg`, `照片（2）.jpg`).
fn unique(used: &mut HashSet<String>, name: &str) -> String {
    let name = safe_name(name);
    let mut candidate = name.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        n += 1;
        candidate = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}（{n}）.{ext}"),
            None => format!("{name}（{n}）"),
        };
    }
    candidate
}

/// The index's temporary file under the data directory, removed when the pack is done.
struct Spool(PathBuf);

impl Spool {
    fn new(app: &App) -> AppResult<Spool> {
        let dir = app.config.data_dir.join("tmp");
        crate::storage::files::create_private_dir(&dir).map_err(AppError::internal)?;
        let mut token = [0u8; 12];
        getrandom::fill(&mut token).map_err(AppError::internal)?;
        let name: String = token.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Spool(dir.join(format!("evidence-{name}.xlsx"))))
    }

    fn file(&self) -> AppResult<File> {
        File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&self.0)
            .map_err(AppError::internal)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_their_folder_and_apart() {
        let mut used = HashSet::new();
        assert_eq!(unique(&mut used, "照片.jpg"), "照片.jpg");
        assert_eq!(unique(&mut used, "照片.jpg"), "照片（2）.jpg");
        assert!(!unique(&mut used, "../../etc/passwd").contains('/'));
        assert_eq!(masked_people("张三、王小明"), "张*、王*明");
    }
}
