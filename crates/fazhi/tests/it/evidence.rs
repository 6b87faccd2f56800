//! Evidence behind every figure (issue #19 item 7): the evidence pack of a figure holds exactly
//! the records the figure counts (its index) and their attachments; a village's pack only that
//! village's records; an organisation outside the caller's scope is not found; the command line
//! writes the same pack with progress; every dashboard figure links to a list of as many records.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use axum::http::StatusCode;
use fazhi::service::{accounts, demo, Caller};

use crate::helpers::{cli, TestApp, PASSWORD};

/// The demo town (`fazhi::service::demo`).
const TOWN: &str = "654202100";

/// The demo loaded, a staff member of the demo town and the fixture's users.
async fn demo_app() -> (TestApp, String) {
    let t = TestApp::spawn().await;
    demo::load(&t.app).await.expect("demo loads");
    t.seed().await;
    accounts::create_user(
        &t.app,
        &Caller::operator(),
        accounts::NewUserInput {
            username: "evidence_staff",
            display_name: "司法所工作人员",
            role: "staff",
            org_code: TOWN,
            password: PASSWORD,
        },
    )
    .await
    .expect("user");
    let token = t.api_login("evidence_staff").await;
    (t, token)
}

/// A figure's value from the figures API.
async fn figure(t: &TestApp, token: &str, org: &str, key: &str) -> i64 {
    let (status, f) = t
        .get(&format!("/api/v1/figures?org={org}&year=2023"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{f}");
    f["values"][key].as_i64().expect("a figure")
}

/// Every dispute id the disputes list shows for `query`, read page by page.
async fn listed_ids(t: &TestApp, token: &str, query: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let (status, list) = t
            .get(
                &format!("/api/v1/disputes?{query}&per_page=200&page={page}"),
                token,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let items = list["items"].as_array().expect("items");
        if items.is_empty() {
            break;
        }
        ids.extend(items.iter().map(|i| i["id"].as_i64().expect("id")));
    }
    ids
}

/// A pack: its index's rows (header first) and its files by path.
struct Pack {
    rows: Vec<Vec<String>>,
    files: BTreeMap<String, Vec<u8>>,
}

impl Pack {
    fn read(bytes: &[u8]) -> Pack {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut files = BTreeMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            let name = entry.name().expect("a UTF-8 name").into_owned();
            files.insert(name, data);
        }
        let index = files
            .remove("证据清单.xlsx")
            .expect("the pack has its index");
        Pack {
            rows: sheet_rows(&index),
            files,
        }
    }

    /// The column named `header`, one value a record.
    fn column(&self, header: &str) -> Vec<&str> {
        let i = self.rows[0]
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header}"));
        self.rows[1..].iter().map(|r| r[i].as_str()).collect()
    }

    fn ids(&self) -> BTreeSet<i64> {
        self.column("记录ID")
            .iter()
            .map(|id| id.parse().expect("a numeric id"))
            .collect()
    }
}

/// The cells of the first sheet of an XLSX, row by row (inline strings, as the pack writes).
fn sheet_rows(xlsx: &[u8]) -> Vec<Vec<String>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX");
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .expect("a sheet")
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut rows, mut row, mut in_text) = (Vec::new(), Vec::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"t" => {
                in_text = true;
                row.push(String::new());
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"t" => in_text = false,
            quick_xml::events::Event::Text(text) if in_text => {
                let s = text.decode().expect("utf-8");
                row.last_mut().expect("a cell").push_str(&s);
            }
            quick_xml::events::Event::GeneralRef(r) if in_text => {
                let s = match r.decode().expect("utf-8").as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => "'",
                };
                row.last_mut().expect("a cell").push_str(s);
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"row" => {
                rows.push(std::mem::take(&mut row));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    rows
}

async fn pack(t: &TestApp, token: &str, query: &str) -> (StatusCode, Vec<u8>) {
    t.download(&format!("/api/v1/evidence?{query}"), Some(token), None)
        .await
}

/// Attaches `files` to dispute `id` as the operator would upload them.
async fn attach(t: &TestApp, id: i64, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        fazhi::service::disputes::attach(
            &t.app,
            &Caller::operator(),
            id,
            name,
            "image/jpeg",
            bytes.to_vec(),
        )
        .await
        .expect("attached");
    }
}

#[tokio::test]
async fn a_figures_pack_holds_exactly_its_records_and_their_files() {
    let (t, token) = demo_app().await;
    let town_cases = listed_ids(&t, &token, &format!("org={TOWN}&year=2023")).await;
    let first = *town_cases.first().expect("the demo has 2023 cases");
    let last = *town_cases.last().unwrap();
    attach(
        &t,
        first,
        &[("照片1.jpg", b"photo one"), ("照片1.jpg", b"photo two")],
    )
    .await;
    attach(&t, last, &[("协议书.jpg", b"agreement")]).await;

    let value = figure(&t, &token, TOWN, "disputes").await;
    assert_eq!(value, 332, "the demo town's 2023 dispute figure");
    let (status, bytes) = pack(&t, &token, &format!("org={TOWN}&year=2023&figure=disputes")).await;
    assert_eq!(status, StatusCode::OK);
    let p = Pack::read(&bytes);
    assert_eq!(
        p.rows.len() as i64 - 1,
        value,
        "one index row a counted record"
    );
    assert_eq!(p.ids(), town_cases, "exactly the records the list shows");
    assert!(p.column("数字").iter().all(|f| *f == "矛盾纠纷"));

    // The attachments, under the record's folder, named as uploaded (a repeated name numbered).
    let mut found: Vec<(&str, &[u8])> = p
        .files
        .iter()
        .map(|(k, v)| (k.rsplit('/').next().unwrap(), v.as_slice()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("协议书.jpg", &b"agreement"[..]),
            ("照片1.jpg", &b"photo one"[..]),
            ("照片1（2）.jpg", &b"photo two"[..]),
        ]
    );
    let ids = p.column("记录ID");
    let paths = p.column("附件（包内路径）");
    let row = ids.iter().position(|i| *i == first.to_string()).unwrap();
    let listed: Vec<&str> = paths[row].split('\n').collect();
    assert_eq!(listed.len(), 2);
    for path in listed {
        assert!(p.files.contains_key(path), "{path} is in the pack");
        assert!(path.starts_with("矛盾纠纷/"), "{path}");
        assert!(path.contains(&format!("（{first}）/")), "{path}");
    }
    // People's names are masked as lists mask them for the inspector (张* not 张三).
    let people = p.column("当事人（已脱敏）");
    assert!(
        people.iter().all(|n| n.is_empty() || n.contains('*')),
        "{people:?}"
    );

    // A narrower figure: only its records.
    let village_level = figure(&t, &token, TOWN, "village_level").await;
    let (_, bytes) = pack(
        &t,
        &token,
        &format!("org={TOWN}&year=2023&figure=village_level"),
    )
    .await;
    let p = Pack::read(&bytes);
    assert_eq!(
        p.ids(),
        listed_ids(&t, &token, &format!("org={TOWN}&year=2023&level=village")).await
    );
    assert_eq!(p.rows.len() as i64 - 1, village_level);
}

#[tokio::test]
async fn a_villages_pack_holds_only_its_records() {
    let (t, token) = demo_app().await;
    let town = fazhi::storage::orgs::by_code(&t.app.db, TOWN)
        .await
        .unwrap()
        .unwrap();
    let villages: Vec<_> = fazhi::storage::orgs::list(&t.app.db, &town.scope())
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == "village")
        .collect();
    let mut checked = 0;
    for v in &villages {
        let value = figure(&t, &token, &v.code, "disputes").await;
        if value == 0 {
            continue;
        }
        // The village's figure counts the cases it handles (村级调处); a town-level case that
        // arose there is the town's (storage/figures: by the handling organisation).
        let ids = listed_ids(
            &t,
            &token,
            &format!("org={}&year=2023&level=village", v.code),
        )
        .await;
        let arose_there = listed_ids(&t, &token, &format!("org={}&year=2023", v.code)).await;
        assert!(arose_there.is_superset(&ids));
        let other = listed_ids(&t, &token, &format!("org={TOWN}&year=2023&level=village")).await;
        let outside = *other.difference(&ids).next().expect("cases elsewhere");
        attach(&t, outside, &[("别村照片.jpg", b"elsewhere")]).await;
        let (status, bytes) = pack(
            &t,
            &token,
            &format!("org={}&year=2023&figure=disputes", v.code),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let p = Pack::read(&bytes);
        assert_eq!(p.rows.len() as i64 - 1, value);
        assert_eq!(p.ids(), ids);
        assert!(p.column("单位").iter().all(|o| *o == v.name));
        assert!(p.files.is_empty(), "no other village's files");
        checked += 1;
        break;
    }
    assert_eq!(checked, 1, "a demo village with 2023 cases");
}

#[tokio::test]
async fn a_pack_outside_the_callers_scope_is_not_found() {
    let (t, token) = demo_app().await;
    let other_town = t.api_login("staff_t1").await;
    let (status, _) = pack(&t, &other_town, &format!("org={TOWN}&year=2023")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = pack(&t, &token, "org=T2&year=2023&figure=disputes").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = pack(&t, &token, &format!("org={TOWN}&year=2023&figure=nonsense")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Every figure a pack can be asked for is named in the API's description.
    let (_, doc) = t.get("/api/v1/openapi.json", &token).await;
    let text = doc["paths"]["/api/v1/evidence"]["get"].to_string();
    for f in fazhi::service::evidence::FIGURES {
        assert!(
            text.contains(&format!("`{}`", f.key)),
            "{} documented",
            f.key
        );
    }
}

#[tokio::test]
async fn the_whole_reports_pack_and_the_command_line() {
    let (t, token) = demo_app().await;
    let (status, bytes) = pack(&t, &token, &format!("org={TOWN}&year=2023")).await;
    assert_eq!(status, StatusCode::OK);
    let p = Pack::read(&bytes);
    let registers = p.column("登记簿");
    let mut expected = 0;
    for (register, key) in [
        ("矛盾纠纷", "disputes"),
        ("法律咨询", "consultations"),
        ("普法活动", "publicity_events"),
    ] {
        let n = figure(&t, &token, TOWN, key).await;
        assert!(n > 0, "{key}");
        assert_eq!(
            registers.iter().filter(|r| **r == register).count() as i64,
            n,
            "{register}"
        );
        expected += n;
    }
    assert!(registers.len() as i64 >= expected);

    let out = t.dir.path().join("pack.zip");
    let (code, _, stderr) = cli(
        &t,
        &[
            "evidence",
            "--org",
            TOWN,
            "--year",
            "2023",
            "--figure",
            "town_level",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("已写入"), "progress lines: {stderr}");
    let p = Pack::read(&std::fs::read(&out).unwrap());
    assert_eq!(
        p.rows.len() as i64 - 1,
        figure(&t, &token, TOWN, "town_level").await
    );
}

/// The links of the dashboard's figures (`data-figure`), with the figure each shows.
fn figure_links(html: &str) -> Vec<(String, String, i64)> {
    let mut out = Vec::new();
    for (at, _) in html.match_indices("data-figure=\"") {
        let start = html[..at].rfind("<a href=\"").expect("a link") + 9;
        let href = html[start..]
            .split('"')
            .next()
            .unwrap()
            .replace("&amp;", "&")
            .replace("&#38;", "&");
        let key = html[at + 13..].split('"').next().unwrap().to_owned();
        let body = &html[at..];
        let text = &body[body.find('>').unwrap() + 1..body.find("</a>").unwrap()];
        let digits: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        out.push((key, href, digits.parse().expect("a figure")));
    }
    out
}

#[tokio::test]
async fn every_dashboard_figure_links_to_as_many_records() {
    let (t, token) = demo_app().await;
    let browser = t.browser_login("evidence_staff").await;
    let (status, html) = t
        .page(&browser, &format!("/dashboard?org={TOWN}&year=2023"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let links = figure_links(&html);
    let mut checked = BTreeMap::<String, usize>::new();
    for (key, href, n) in &links {
        let (path, query) = href.split_once('?').expect("a filtered list");
        let api = match path {
            "/disputes" | "/publicity" | "/consultations" | "/complaints" | "/review-requests"
            | "/decisions" => format!("/api/v1{path}?{query}"),
            "/legal-aid" => format!("/api/v1/legal-aid?{query}"),
            _ => continue,
        };
        let (status, list) = t.get(&api, &token).await;
        assert_eq!(status, StatusCode::OK, "{api}: {list}");
        let total = list["total"]
            .as_i64()
            .or_else(|| list["totals"]["total"].as_i64())
            .or_else(|| list["totals"]["decisions"].as_i64())
            .unwrap_or_else(|| panic!("{api} has a total: {list}"));
        // 受益群众 counts people at the events the list holds, not events.
        if key == "beneficiaries" {
            assert_eq!(list["totals"]["beneficiaries"].as_i64(), Some(*n), "{href}");
        } else {
            assert_eq!(total, *n, "{key} {href}");
        }
        *checked.entry(key.clone()).or_default() += 1;
    }
    for (key, at_least) in [
        ("disputes", 1),
        ("village_level", 1),
        ("dispute_month", 12),
        ("dispute_village", 2),
        ("dispute_type", 2),
        ("dispute_level", 2),
        ("dispute_status", 2),
        ("publicity_month", 12),
        ("publicity_venue", 1),
        ("consultations", 1),
        // Every complaint and legality bar opens exactly its records (figure=…), not the
        // register's year.
        ("complaints", 8),
        ("complaint_channel", 1),
        ("complaint_class", 1),
        ("legality", 9),
    ] {
        assert!(
            checked.get(key).copied().unwrap_or(0) >= at_least,
            "{key} linked and checked: {checked:?}"
        );
    }
    let narrowed = links
        .iter()
        .filter(|(key, _, _)| key == "legality" || key.starts_with("complaint"))
        .all(|(_, href, _)| href.contains("&figure="));
    assert!(
        narrowed,
        "every complaint and legality bar names its figure"
    );
    // The charts are pictures without links inside them (axe-core: nested-interactive).
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(!svg.contains("<a "), "a link inside a chart");
    }
}

#[tokio::test]
async fn the_reports_figures_link_to_their_records_in_the_view_and_the_html_twin() {
    let (t, token) = demo_app().await;
    let (status, bytes) = t
        .download(
            &format!("/api/v1/reports/annual?org={TOWN}&year=2023&format=html"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(bytes).unwrap();
    let browser = t.browser_login("evidence_staff").await;
    let (_, view) = t
        .page(&browser, &format!("/reports/annual?org={TOWN}&year=2023"))
        .await;
    for (name, html) in [("HTML twin", &html), ("staff view", &view)] {
        assert!(html.contains("附：报告数字与记录"), "{name}");
        let mut checked = 0;
        for (at, _) in html.match_indices(" data-figure-list>") {
            let start = html[..at].rfind("<a href=\"").expect("a link") + 9;
            let href = html[start..at - 1].replace("&amp;", "&");
            let text = &html[at + 18..];
            let n: i64 = text[..text.find("</a>").unwrap()].parse().expect("a count");
            let (path, query) = href.split_once('?').unwrap();
            if !matches!(path, "/disputes" | "/consultations" | "/legal-aid") {
                continue;
            }
            let (status, list) = t.get(&format!("/api/v1{path}?{query}"), &token).await;
            assert_eq!(status, StatusCode::OK, "{href}");
            let total = list["total"]
                .as_i64()
                .or_else(|| list["totals"]["total"].as_i64())
                .or_else(|| list["totals"]["decisions"].as_i64())
                .expect("a total");
            assert_eq!(total, n, "{name}: {href}");
            checked += 1;
        }
        assert!(checked >= 6, "{name}: {checked} figures checked");
        assert!(
            html.contains(&format!(
                "/evidence?org={TOWN}&amp;year=2023&amp;figure=written_agreements"
            )),
            "{name}: a figure no list shows exactly still has its pack"
        );
    }
    // The pack link of the pages answers the same pack as the API.
    let (status, bytes) = t
        .download(
            &format!("/evidence?org={TOWN}&year=2023&figure=written_agreements"),
            None,
            Some(&browser),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        Pack::read(&bytes).rows.len() as i64 - 1,
        figure(&t, &token, TOWN, "written_agreements").await
    );
}

/// The file name a download's `Content-Disposition` names (`filename*=UTF-8''…`, decoded).
fn download_name(headers: &axum::http::HeaderMap) -> String {
    let value = headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    let encoded = value
        .split("''")
        .nth(1)
        .expect("an encoded name")
        .as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < encoded.len() {
        if encoded[i] == b'%' {
            let hex = std::str::from_utf8(&encoded[i + 1..i + 3]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            bytes.push(encoded[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// An indicator's pack: every (数字, 记录ID) row of its index, the other links' rows apart.
fn indicator_rows(p: &Pack) -> (Vec<(String, i64)>, Vec<String>) {
    let (parts, ids, links) = (p.column("数字"), p.column("记录ID"), p.column("系统链接"));
    let mut records = Vec::new();
    let mut others = Vec::new();
    for ((part, id), link) in parts.iter().zip(&ids).zip(&links) {
        match id.parse() {
            Ok(id) => records.push(((*part).to_owned(), id)),
            Err(_) => others.push((*link).to_owned()),
        }
    }
    (records, others)
}

#[tokio::test]
async fn an_indicators_pack_holds_the_records_its_evidence_links_name() {
    use serde_json::json;
    let t = TestApp::spawn().await;
    t.seed().await;
    let [county, town1, village1, town2] = t
        .api_logins(["staff_c1", "staff_t1", "staff_v1", "staff_t2"])
        .await;
    let meeting = |token: &str, held_on: &str| {
        let body = json!({"held_on": held_on, "kind": "党委会", "topics": "研究部署法治建设",
                          "attendees": "马建国", "decisions": "由司法所落实"});
        let (t, token) = (&t, token.to_owned());
        async move {
            t.created("/api/v1/meetings", &token, body).await["id"]
                .as_i64()
                .expect("an id")
        }
    };
    let march = meeting(&town1, "2024-03-01").await;
    let september = meeting(&town1, "2024-09-01").await;
    let in_village = meeting(&village1, "2024-05-01").await;
    let last_year = meeting(&town1, "2023-12-01").await;
    let elsewhere = meeting(&town2, "2024-03-01").await;
    let minutes = crate::helpers::upload(
        &format!("/api/v1/meetings/{march}/minutes"),
        &town1,
        "minutes-2024-03.pdf",
        b"%PDF-1.4 minutes",
    );
    assert_eq!(t.send(minutes).await.0, StatusCode::CREATED);

    let tree = json!({"year": 2024, "indicators": [
        {"code": "1", "name": "第一责任人职责", "points": "10"},
        {"code": "1.1", "name": "专题研究法治建设", "points": "6"},
        {"code": "1.2", "name": "年终述法", "points": "4"}]});
    let (status, v) = t
        .post("/api/v1/assessments/indicators", &county, tree)
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let links_11 = format!("/meetings/{march}\n/meetings?year=2024\nhttps://example.org/notice");
    let links_12 = format!("/meetings/{last_year}\n/meetings/{elsewhere}");
    let sheet = json!({"year": 2024, "items": [
        {"code": "1.1", "score": "6", "note": "", "evidence_links": links_11},
        {"code": "1.2", "score": "4", "note": "", "evidence_links": links_12}]});
    let (status, v) = t.post("/api/v1/assessments/self", &town1, sheet).await;
    assert_eq!(status, StatusCode::OK, "{v}");

    let get = |token: &str, query: &str| {
        let req = axum::http::Request::builder()
            .uri(format!("/api/v1/evidence?{query}"))
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap();
        t.send(req)
    };
    let (status, headers, bytes) = get(&town1, "org=T1&year=2024&indicator=1.1").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let name = download_name(&headers);
    assert!(
        name.ends_with("-2024年-考核指标-1.1-专题研究法治建设-证据包.zip"),
        "{name}"
    );
    let p = Pack::read(&bytes);
    let (records, others) = indicator_rows(&p);
    let record_link = format!("/meetings/{march}");
    assert_eq!(
        records,
        vec![
            (record_link.clone(), march),
            ("/meetings?year=2024".to_owned(), march),
            ("/meetings?year=2024".to_owned(), in_village),
            ("/meetings?year=2024".to_owned(), september),
        ],
        "each link's records, the year's list in date order, another town's not"
    );
    assert_eq!(others, vec!["https://example.org/notice"]);
    // The minutes once, listed under both links that name the meeting.
    assert_eq!(p.files.len(), 1, "{:?}", p.files.keys());
    let (path, data) = p.files.iter().next().unwrap();
    assert!(
        path.starts_with("会议/") && path.ends_with("minutes-2024-03.pdf"),
        "{path}"
    );
    assert_eq!(data, b"%PDF-1.4 minutes");
    let paths = p.column("附件（包内路径）");
    assert_eq!((paths[0], paths[1]), (path.as_str(), path.as_str()));

    // A record linked by id counts whatever its year; one outside the town's scope does not.
    let (status, _, bytes) = get(&town1, "org=T1&year=2024&indicator=1.2").await;
    assert_eq!(status, StatusCode::OK);
    let (records, _) = indicator_rows(&Pack::read(&bytes));
    assert_eq!(records, vec![(format!("/meetings/{last_year}"), last_year)]);
    // A parent's pack holds its children's evidence; the county reads its towns' packs.
    let (status, _, bytes) = get(&county, "org=T1&year=2024&indicator=1").await;
    assert_eq!(status, StatusCode::OK);
    let ids: BTreeSet<i64> = indicator_rows(&Pack::read(&bytes))
        .0
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([march, september, in_village, last_year])
    );

    for (token, query, expected) in [
        (
            &town2,
            "org=T1&year=2024&indicator=1.1",
            StatusCode::NOT_FOUND,
        ),
        (
            &town1,
            "org=T1&year=2024&indicator=3.1",
            StatusCode::BAD_REQUEST,
        ),
        (
            &town1,
            "org=T1&year=2023&indicator=1.1",
            StatusCode::BAD_REQUEST,
        ),
        (
            &town1,
            "org=V1&year=2024&indicator=1.1",
            StatusCode::NOT_FOUND,
        ),
        (
            &town1,
            "org=T1&year=2024&indicator=1.1&figure=disputes",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(get(token, query).await.0, expected, "{query}");
    }

    // The sheet page links each indicator's pack, which the staff page route serves.
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/assessments/self?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    let href = "/evidence?org=T1&year=2024&indicator=1.1";
    let html = html.replace("&#38;", "&").replace("&amp;", "&");
    assert!(html.contains(href), "{html}");
    let (status, bytes) = t.download(href, None, Some(&browser)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(indicator_rows(&Pack::read(&bytes)).0.len(), 4);

    // The command line writes the same pack.
    let out = t.dir.path().join("indicator.zip");
    let args = [
        "evidence",
        "--org",
        "T1",
        "--year",
        "2024",
        "--indicator",
        "1.1",
        "-o",
    ];
    let mut args = args.to_vec();
    args.push(out.to_str().unwrap());
    let (code, _, stderr) = cli(&t, &args);
    assert_eq!(code, Some(0), "{stderr}");
    let p = Pack::read(&std::fs::read(&out).unwrap());
    assert_eq!(indicator_rows(&p).0.len(), 4);
}
