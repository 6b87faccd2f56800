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

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

use fazhi_domain::mask::mask_name;
use zip::write::SimpleFileOptions;

pub use catalogue::{figure, FigureDef, Register, FIGURES, REGISTERS};

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::service::orgs::Org;
use crate::service::Caller;
use crate::storage::evidence as store;

/// Records read at a time: small enough to bound memory, large enough to keep queries few.
const PAGE: i64 = 500;

/// What a pack holds, checked before anything is written.
pub struct Plan {
    pub org: Org,
    pub year: i32,
    /// The figure's key, or none for the whole report.
    pub figure: Option<&'static str>,
    /// Each part's name (the figure's, else the register's) and its records.
    pub parts: Vec<(&'static str, Register)>,
    /// How many records the pack will list (counted before writing, for progress).
    pub records: i64,
}

impl Plan {
    pub fn file_name(&self) -> String {
        let what = self.figure.and_then(figure).map_or("年度报告", |f| f.label);
        format!("{}-{}年-{what}-证据包.zip", self.org.name, self.year)
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
    let (figure, parts) = match figure_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => {
            let f = figure(key).ok_or_else(|| {
                AppError::field(
                    "figure",
                    format!("没有这个数字：{key}（可选：{}）", figure_list()),
                )
            })?;
            (Some(f.key), vec![(f.label, f.register)])
        }
        None => (None, REGISTERS.iter().map(|r| (r.folder, *r)).collect()),
    };
    let scope = org.scope();
    let mut records = 0;
    for (_, r) in &parts {
        records += store::count(&app.db, &r.source, &scope, year).await?;
    }
    Ok(Plan {
        org,
        year,
        figure,
        parts,
        records,
    })
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
    for (part, register) in &plan.parts {
        let mut after = None;
        loop {
            let rows = rt.block_on(store::page(
                &app.db,
                &register.source,
                &scope,
                plan.year,
                after,
                PAGE,
            ))?;
            let Some(last) = rows.last() else { break };
            after = Some((last.on_date, last.id));
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let files = rt.block_on(store::files(&app.db, register.source.entity, &ids))?;
            for row in &rows {
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
                done.records += 1;
                index
                    .row(&[
                        done.records.to_string(),
                        (*part).to_owned(),
                        register.folder.to_owned(),
                        row.id.to_string(),
                        row.number.clone(),
                        row.on_date.to_string(),
                        row.org_name.clone(),
                        row.title.clone(),
                        masked_people(&row.people),
                        paths.join("\n"),
                        format!("{}/{}", register.page, row.id),
                    ])
                    .map_err(AppError::internal)?;
            }
            progress(done);
        }
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
