//! The demo town: 西大沟镇 under 乌苏市, with fictional villages and people, whose 2023 records
//! reproduce every figure of the seed's summary, plus part of 2024 and a few open cases today.
//!
//! Records go in the way a town's own data would: the 2023 and 2024 ledgers are generated as
//! CSV files and imported through the ledger import, open cases are registered through the
//! disputes service. Everything is generated from a fixed seed, so every load is identical.

use chrono::{Duration, NaiveDate};

mod supervision;

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::{
    accounts, committees, ledger, mediators, orgs as org_service, study, trainings, Caller,
};
use crate::storage::{orgs, settings};

/// The demo users and their passwords, printed by `fazhi demo load` and `serve --demo`.
pub const USERS: &[(&str, &str, &str, &str, &str)] = &[
    // (username, role, org code, display name, password)
    ("admin", "admin", "654202", "系统管理员", "demo-admin-2023"),
    (
        "leader",
        "leader",
        "654202100",
        "镇长（演示）",
        "demo-leader-2023",
    ),
    (
        "staff",
        "staff",
        "654202100",
        "司法所工作人员（演示）",
        "demo-staff-2023",
    ),
    (
        "mediator",
        "mediator",
        "654202100201",
        "青杨村调解员（演示）",
        "demo-mediator-2023",
    ),
    (
        "adviser",
        "adviser",
        "654202100",
        "法律顾问（演示）",
        "demo-adviser-2023",
    ),
    (
        "viewer",
        "viewer",
        "654202",
        "市司法局查阅（演示）",
        "demo-viewer-2023",
    ),
];

const TOWN: &str = "654202100";

/// Fictional villages: invented names, not the real villages of 西大沟镇.
const VILLAGES: &[(&str, &str)] = &[
    ("654202100201", "青杨村"),
    ("654202100202", "红柳沟村"),
    ("654202100203", "石桥子村"),
    ("654202100204", "白杨河村"),
    ("654202100205", "沙枣园村"),
    ("654202100206", "草滩村"),
    ("654202100207", "东泉村"),
    ("654202100208", "南湾村"),
];

/// A small deterministic generator (xorshift64*): the demo must be identical on every load.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn date_in(&mut self, year: i32, months: std::ops::RangeInclusive<u32>) -> NaiveDate {
        let month =
            *months.start() + self.below((months.end() - months.start() + 1) as usize) as u32;
        let day = 1 + self.below(28) as u32;
        NaiveDate::from_ymd_opt(year, month, day).expect("day 1–28 exists")
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "马", "周", "吴", "何", "孙", "郭", "韩",
];
const GIVEN: &[&str] = &[
    "建国", "玉兰", "志强", "秀英", "海军", "桂芳", "永福", "春花", "德明", "丽娟", "国庆", "金花",
    "长青", "淑珍",
];
const MINORITY: &[&str] = &[
    "艾力·买买提",
    "阿依古丽·吐尔逊",
    "努尔兰·哈力木",
    "古丽娜尔·阿不都",
    "叶尔江·别克",
    "热依汗·艾买提",
];

fn person(rng: &mut Rng) -> String {
    if rng.below(5) == 0 {
        rng.pick(MINORITY).to_string()
    } else {
        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
    }
}

/// Dispute types and their 2023 counts (332 in all; 土地、草场、家庭 lead, as in the seed).
const TYPES_2023: &[(&str, usize)] = &[
    ("土地纠纷", 95),
    ("草场纠纷", 71),
    ("家庭纠纷", 58),
    ("邻里纠纷", 36),
    ("损害赔偿纠纷", 22),
    ("合同纠纷", 18),
    ("劳动争议纠纷", 12),
    ("其他纠纷", 20),
];

fn summary(kind: &str, a: &str, b: &str) -> String {
    match kind {
        "土地纠纷" => {
            format!("{a}与{b}因承包地地界不清发生争执，双方均主张对地头约两亩耕地享有承包经营权。")
        }
        "草场纠纷" => {
            format!("{a}与{b}因春秋草场放牧边界及轮牧时间发生争议，牲畜越界啃食引发矛盾。")
        }
        "家庭纠纷" => format!("{a}与{b}系家庭成员，因老人赡养费用分担问题产生矛盾，多次争吵。"),
        "邻里纠纷" => format!("{a}与{b}系邻居，因院墙排水和通行道路问题发生口角。"),
        "损害赔偿纠纷" => {
            format!("{b}家牛只进入{a}家麦地造成青苗损失，双方就赔偿数额协商未果。")
        }
        "合同纠纷" => format!("{a}与{b}因农机作业费用结算发生争议，{a}认为作业面积计算有误。"),
        "劳动争议纠纷" => format!("{a}在{b}承包的工地务工，因工资结算及拖欠问题发生纠纷。"),
        _ => format!("{a}与{b}因琐事发生矛盾，经村调委会排查发现。"),
    }
}

fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| {
            if c.contains(',') || c.contains('"') || c.contains('\n') {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
        + "\n"
}

/// The disputes ledger of one year: `village_level` + `town_level` cases, types as given.
fn disputes_ledger(
    rng: &mut Rng,
    year: i32,
    months: std::ops::RangeInclusive<u32>,
    types: &[(&str, usize)],
    town_level: usize,
) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for (t, n) in types {
        kinds.extend(std::iter::repeat_n(*t, *n));
    }
    // Spread the types over the year rather than in blocks (Fisher–Yates).
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    let total = kinds.len();
    let mut out = format!("西大沟镇矛盾纠纷排查化解台账（{year}年）\n");
    out.push_str("编号,登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n");
    let sources = ["排查", "排查", "排查", "来访", "来访", "电话", "转办"];
    let mut dates: Vec<NaiveDate> = (0..total)
        .map(|_| rng.date_in(year, months.clone()))
        .collect();
    dates.sort();
    for (i, kind) in kinds.iter().enumerate() {
        // Exactly `town_level` cases go to the town, evenly spread.
        let level = if (i + 1) * town_level / total > i * town_level / total {
            "镇级"
        } else {
            "村级"
        };
        let (a, b) = (person(rng), person(rng));
        let village = rng.pick(VILLAGES).1;
        let registered = dates[i];
        let roll = rng.below(100);
        let (status, form) = match roll {
            0..=2 => ("调解不成", "无"),
            3 => ("已终止", "无"),
            4..=59 => ("调解成功", "书面"),
            _ => ("调解成功", "口头"),
        };
        let closed = (registered + Duration::days(3 + rng.below(20) as i64))
            .min(NaiveDate::from_ymd_opt(year, 12, 31).expect("valid"));
        let amount = if *kind == "损害赔偿纠纷" || *kind == "合同纠纷" || *kind == "劳动争议纠纷"
        {
            format!("{}", (1 + rng.below(40)) * 500)
        } else {
            String::new()
        };
        out.push_str(&csv_line(&[
            String::new(),
            registered.to_string(),
            village.to_owned(),
            (*kind).to_owned(),
            (*rng.pick(&sources)).to_owned(),
            format!("{a}、{b}"),
            summary(kind, &a, &b),
            level.to_owned(),
            format!("{}、{}", person(rng), person(rng)),
            status.to_owned(),
            closed.to_string(),
            form.to_owned(),
            amount,
        ]));
    }
    out
}

fn consultations_ledger(
    rng: &mut Rng,
    year: i32,
    months: std::ops::RangeInclusive<u32>,
    n: usize,
) -> String {
    let topics = [
        ("土地承包经营权流转合同如何签订", "土地承包"),
        ("子女不履行赡养义务怎么办", "婚姻家庭"),
        ("务工工资被拖欠如何维权", "劳动保障"),
        ("交通事故赔偿标准", "损害赔偿"),
        ("遗产继承顺序", "婚姻家庭"),
        ("草场承包期满后如何续包", "土地承包"),
        ("借条怎么写才有效", "合同债务"),
        ("离婚时财产如何分割", "婚姻家庭"),
    ];
    let ways = [
        "当场解答",
        "当场解答",
        "当场解答",
        "转调解",
        "引导诉讼",
        "转法律援助",
    ];
    let mut out = String::from("日期,所属村,咨询人,咨询事项,类别,答复人,处理方式\n");
    let mut dates: Vec<NaiveDate> = (0..n).map(|_| rng.date_in(year, months.clone())).collect();
    dates.sort();
    for d in dates {
        let (topic, cat) = rng.pick(&topics);
        out.push_str(&csv_line(&[
            d.to_string(),
            rng.pick(VILLAGES).1.to_owned(),
            person(rng),
            (*topic).to_owned(),
            (*cat).to_owned(),
            "司法所".to_owned(),
            (*rng.pick(&ways)).to_owned(),
        ]));
    }
    out
}

fn legal_aid_ledger(year: i32) -> String {
    let mut out = String::from("申请日期,申请人,所属村,事项,转交机构,结果\n");
    for (d, who, village, matter, result) in [
        (
            "03-14",
            "马永福",
            "青杨村",
            "追索劳动报酬",
            "已指派律师，调解结案",
        ),
        (
            "07-02",
            "阿依古丽·吐尔逊",
            "草滩村",
            "离婚及子女抚养",
            "已指派律师，判决结案",
        ),
        (
            "10-19",
            "刘秀英",
            "东泉村",
            "道路交通事故人身损害赔偿",
            "已指派律师，办理中",
        ),
    ] {
        out.push_str(&csv_line(&[
            format!("{year}-{d}"),
            who.to_owned(),
            village.to_owned(),
            matter.to_owned(),
            "乌苏市法律援助中心".to_owned(),
            result.to_owned(),
        ]));
    }
    out
}

/// Splits `total` into `n` non-negative parts, roughly even, deterministically.
fn split(rng: &mut Rng, total: usize, n: usize) -> Vec<usize> {
    let mut weights: Vec<usize> = (0..n).map(|_| 1 + rng.below(10)).collect();
    let sum: usize = weights.iter().sum();
    let mut parts: Vec<usize> = weights.iter_mut().map(|w| *w * total / sum).collect();
    let short = total - parts.iter().sum::<usize>();
    for p in parts.iter_mut().take(short) {
        *p += 1;
    }
    parts
}

/// 65 events in 2023: 8 at enterprises, 53 in villages, 4 at schools, with the seed's totals.
fn publicity_ledger(
    rng: &mut Rng,
    year: i32,
    months: std::ops::RangeInclusive<u32>,
    venues: &[(&str, usize)],
    totals: [usize; 6],
) -> String {
    let n: usize = venues.iter().map(|(_, c)| c).sum();
    let [trips, posters, banners, materials, beneficiaries, _] = totals;
    let trips = split(rng, trips, n);
    let posters = split(rng, posters, n);
    let banners = split(rng, banners, n);
    let materials = split(rng, materials, n);
    let people = split(rng, beneficiaries, n);
    let mut out = String::from(
        "日期,活动名称,地点类型,主题,形式,大型海报,小型海报,横幅,宣传品份数,宣传车台次,受益人次\n",
    );
    let names = [
        ("民法典进村入户宣传", "民法典", "集市宣传"),
        ("禁毒知识宣传", "禁毒", "展板"),
        ("反邪教警示教育", "反邪教", "讲座"),
        ("消防生产安全宣传", "消防安全", "宣传车"),
        ("爱路护路安全出行宣传", "爱路护路", "大喇叭/广播"),
        ("宪法宣传周法治宣传", "宪法", "以案释法"),
        ("森林防火宣传", "森林防火", "宣传车"),
    ];
    let mut i = 0;
    let mut dates: Vec<NaiveDate> = (0..n).map(|_| rng.date_in(year, months.clone())).collect();
    dates.sort();
    for (venue, count) in venues {
        for _ in 0..*count {
            let (name, theme, form) = rng.pick(&names);
            let large = posters[i] / 3;
            out.push_str(&csv_line(&[
                dates[(i * 37) % n].to_string(),
                format!("{}（{}）", name, rng.pick(VILLAGES).1),
                (*venue).to_owned(),
                format!("{theme}、平安守护"),
                (*form).to_owned(),
                large.to_string(),
                (posters[i] - large).to_string(),
                banners[i].to_string(),
                materials[i].to_string(),
                trips[i].to_string(),
                people[i].to_string(),
            ]));
            i += 1;
        }
    }
    out
}

async fn import(app: &App, key: &str, csv: String) -> AppResult<usize> {
    let ledger = ledger::parse_ledger(key)?;
    let report = ledger::import(
        app,
        &Caller::operator(),
        ledger,
        TOWN,
        "demo.csv",
        csv.into_bytes(),
        false,
    )
    .await?;
    if !report.errors.is_empty() {
        return Err(AppError::internal(format!(
            "演示数据「{key}」导入失败：{}",
            report.errors.join("；")
        )));
    }
    Ok(report.imported)
}

/// Adds organisation (`code`, `name`, `kind`) under `parent` as the operator: the demo town, the integration
/// tests' fixture and the storage benchmarks build their trees with it.
pub async fn add_org(
    app: &App,
    (code, name, kind): (&str, &str, &str),
    parent: Option<&str>,
    region: Option<&str>,
) -> AppResult<orgs::Org> {
    let input = org_service::NewOrgInput {
        code,
        name,
        kind,
        parent_code: parent,
        region,
    };
    org_service::create_org(app, &Caller::operator(), input).await
}

/// The demo is a whole tree with its own administrator: loaded into a database that already has
/// organisations or users it would be a second tree that the existing administrator cannot see,
/// its `admin` password would not be the one printed, and its codes could be taken. Refused
/// before anything is written, naming what is there and what to do instead.
async fn refuse_if_in_use(app: &App) -> AppResult<()> {
    let fresh = "演示数据只能载入到新的数据目录：请用另一个目录，例如 fazhi --data-dir ./fazhi-demo demo load（或 fazhi --data-dir ./fazhi-demo serve --demo）";
    let codes = ["654202", TOWN, "654202100900"]
        .into_iter()
        .chain(VILLAGES.iter().map(|(code, _)| *code));
    for code in codes {
        if let Some(o) = orgs::by_code(&app.db, code).await? {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "demo_code_taken",
                format!(
                    "组织代码 {code} 已被「{}」使用，而演示乡镇要用这个代码。{fresh}",
                    o.name
                ),
            ));
        }
    }
    if let Some(root) = orgs::roots(&app.db).await?.into_iter().next() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "demo_not_empty",
            format!(
                "此数据库已有组织「{}」（{}）及其用户：演示乡镇会成为另一棵组织树，已有的管理员看不到它，演示账户 admin 的密码也不会生效。{fresh}",
                root.name, root.code
            ),
        ));
    }
    if crate::storage::users::count(&app.db).await? > 0 {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "demo_not_empty",
            format!("此数据库已有用户，演示账户可能与之重名。{fresh}"),
        ));
    }
    Ok(())
}

/// Loads the demo town once; returns false when it is already there.
pub async fn load(app: &App) -> AppResult<bool> {
    if settings::get(&app.db, "demo_loaded").await?.is_some() {
        return Ok(false);
    }
    refuse_if_in_use(app).await?;
    let add = |code, name, kind, parent| add_org(app, (code, name, kind), parent, Some("新疆"));
    add("654202", "乌苏市", "county", None).await?;
    add(TOWN, "西大沟镇", "town", Some("654202")).await?;
    for (code, name) in VILLAGES {
        add(code, name, "village", Some(TOWN)).await?;
    }
    add(
        "654202100900",
        "西大沟镇人民调解委员会",
        "committee",
        Some(TOWN),
    )
    .await?;
    for (username, role, org, name, password) in USERS {
        accounts::create_user(
            app,
            &Caller::operator(),
            accounts::NewUserInput {
                username,
                display_name: name,
                role,
                org_code: org,
                password,
            },
        )
        .await?;
    }

    let mut rng = Rng(0x5EED_2023_0000_0001);
    for y in DEMO_YEARS {
        let months = 1..=y.last_month;
        let disputes = disputes_ledger(&mut rng, y.year, months.clone(), y.types, y.town_level);
        import(app, "disputes", disputes).await?;
        let consultations = consultations_ledger(&mut rng, y.year, months.clone(), y.consultations);
        import(app, "consultations", consultations).await?;
        if y.year == 2023 {
            import(app, "legal-aid", legal_aid_ledger(2023)).await?;
        }
        let publicity = publicity_ledger(&mut rng, y.year, months, y.venues, y.totals);
        import(app, "publicity", publicity).await?;
    }
    trainings_and_study(app, &mut rng).await?;
    let reviewed = reviews(app).await?;
    contracts(app, &reviewed.contracts).await?;
    decisions(app, &reviewed.decisions).await?;
    normative_documents(app, &reviewed.documents).await?;
    normative_cleanup(app).await?;
    mediation_committees(app).await?;
    narratives(app).await?;
    portal(app).await?;
    disclosure(app).await?;
    complaints(app).await?;
    super::demo_leadership::load(app, TOWN).await?;
    supervision::load(app, TOWN).await?;
    super::demo_assessment::load(app, "654202", TOWN).await?;
    settings::set(&app.db, "demo_loaded", "2023").await?;
    Ok(true)
}

/// What the demo's ledgers hold for one year.
struct DemoYear {
    year: i32,
    /// January to this month.
    last_month: u32,
    types: &'static [(&'static str, usize)],
    /// Disputes escalated to the town.
    town_level: usize,
    consultations: usize,
    /// Publicity events by venue type.
    venues: &'static [(&'static str, usize)],
    /// Vehicle trips, posters, banners, materials and beneficiaries (`publicity_ledger`).
    totals: [usize; 6],
}

/// 2023, the seed's year, every figure exact; 2024 to October, for the dashboards to compare.
const DEMO_YEARS: &[DemoYear] = &[
    DemoYear {
        year: 2023,
        last_month: 12,
        types: TYPES_2023,
        town_level: 29,
        consultations: 158,
        venues: &[("企业", 8), ("村居", 53), ("学校", 4)],
        totals: [50, 157, 60, 5000, 4000, 0],
    },
    DemoYear {
        year: 2024,
        last_month: 10,
        types: &[
            ("土地纠纷", 38),
            ("草场纠纷", 30),
            ("家庭纠纷", 21),
            ("邻里纠纷", 15),
            ("其他纠纷", 9),
        ],
        town_level: 11,
        consultations: 96,
        venues: &[("企业", 4), ("村居", 30), ("学校", 3), ("机关", 2)],
        totals: [28, 90, 33, 2600, 2300, 0],
    },
];

/// The 2023 report's narrative parts, as the town's staff would write them.
const NARRATIVES_2023: &[(&str, &str)] = &[
    ("intro", "2023年，西大沟镇在市委、市政府的正确领导下，深入学习贯彻党的二十大精神，认真落实法治政府建设各项任务，依法行政水平不断提升。现将我镇法治政府建设工作情况报告如下："),
    ("leadership", "坚持党政主要负责人亲自抓、负总责，成立以党委书记为组长的法治政府建设工作领导小组，定期研究部署法治政府建设工作，将法治建设经费纳入财政预算。"),
    ("decisions", "健全重大行政决策程序，重大决策事项事先组织座谈论证，对外签订协议合同、行政处罚和重大矛盾纠纷调处方案均先征询法律顾问意见；通过政务公开栏、门户网站及时公开重大决策事项。"),
    ("enforcement", "适应综合行政执法体制改革，加强执法制度建设和执法队伍培训，以制度规范执法行为。"),
    ("supervision", "自觉接受人大、政协监督和司法监督，积极配合审计等专门监督，建立健全群众举报投诉制度，对群众反映的问题及时调查核实、依法处理。"),
    ("study", "把干部学法用法情况作为考核任用的重要依据，通过机关集中学法、专题讲座等形式学习宪法、民法典等法律法规；创新普法“进村居、进网格”活动，严格落实“谁执法谁普法”责任制。"),
    ("disputes", "理顺人民调解员队伍管理制度，强化两会期间及重要节日的矛盾纠纷排查，对每宗案件客观调查、找准症结、依法调处，力争把矛盾化解在基层、消除在萌芽状态。"),
    ("practices", "一是持续深入学习贯彻习近平法治思想。二是领导干部带头提高法治思维和依法行政能力，组织党政主要负责人及班子成员年终述职述法。三是严格落实“谁执法谁普法”责任制，深化法律“六进”。"),
    ("problems", "一是镇、村干部依法行政观念和执法水平有待提高。二是普法形式较为单一，精细化水平还需提升。三是部分岗位人员流动较大，依法行政程序仍有不规范之处。"),
    ("leaders", "党政主要负责人带头学习宪法法律，带头厉行法治、依法办事，年内主持研究法治政府建设工作，并在年终述职中专题报告履行推进法治建设第一责任人职责情况。"),
    ("plans", "一是持续推进综合行政执法改革。二是严格履行规范性文件制定、清理程序。三是加强法治力量建设，发挥镇法律顾问作用。四是把法治建设纳入年度目标考核。"),
    ("other", "无。"),
];

async fn narratives(app: &App) -> AppResult<()> {
    let town = orgs::by_code(&app.db, TOWN)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut tx = app.db.begin().await?;
    for (section, body) in NARRATIVES_2023 {
        crate::storage::reports::save_narrative(
            &mut tx,
            &Caller::operator().actor(),
            town.id,
            2023,
            section,
            body,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The town's external agreements and contracts of 2023, each reviewed by its legal adviser
/// first (the seed's 一(二)); one is still being negotiated.
async fn contracts(app: &App, reviewed: &[String]) -> AppResult<()> {
    use crate::registers::contracts::{service as contracts, ContractInput};
    let code = |body: &str| {
        let check = fazhi_domain::ident::uscc_check_char(body).expect("a valid code body");
        format!("{body}{check}")
    };
    let rows = [
        (
            "村级活动场所维修工程施工合同",
            "乌苏市某某建筑工程有限公司",
            "91654202MA78Q3KX0",
            "38.6万",
            "2023-04-12",
            "2023-04-20",
            "2023-08-31",
            "已按期完工并验收",
        ),
        (
            "农村饮水安全设施维护服务协议",
            "乌苏市某某水务服务有限公司",
            "91654202MA7A1B2C3",
            "5.2万",
            "2023-06-02",
            "2023-06-05",
            "2024-06-04",
            "正在履行",
        ),
        (
            "镇政府法律顾问服务合同",
            "新疆某某律师事务所",
            "31650000MD0123456",
            "3万",
            "2023-01-09",
            "2023-01-10",
            "2023-12-31",
            "已履行完毕",
        ),
        (
            "集体草场承包经营协议（续签）",
            "西大沟村股份经济合作社",
            "",
            "",
            "",
            "",
            "",
            "",
        ),
    ];
    for (i, (title, party, body, amount, signed, starts, ends, performance)) in
        rows.into_iter().enumerate()
    {
        let input = ContractInput {
            org: Some(TOWN.to_owned()),
            title: title.to_owned(),
            counterparty: party.to_owned(),
            counterparty_code: if body.is_empty() {
                String::new()
            } else {
                code(body)
            },
            amount: amount.to_owned(),
            handled_by: "党政办".to_owned(),
            signed_on: signed.to_owned(),
            starts_on: starts.to_owned(),
            ends_on: ends.to_owned(),
            review_ref: format!("法律顾问审查意见书〔2023〕{}号", i + 1),
            review: reviewed.get(i).cloned().unwrap_or_default(),
            historical: false,
            performance: performance.to_owned(),
        };
        contracts::create(app, &Caller::operator(), input).await?;
    }
    Ok(())
}

/// The numbers of the demo's reviews that other registers link.
struct Reviewed {
    /// The contract reviews, in the order of `contracts`.
    contracts: Vec<String>,
    /// The major-decision reviews, in the order of `decisions`.
    decisions: Vec<String>,
    /// The normative-document reviews, in the order of `normative_documents`.
    documents: Vec<String>,
}

/// The town's legality reviews (合法性审查): the three signed contracts of 2023 each reviewed
/// before signing (one 修改后合法 with the changes adopted), two major decisions, a penalty and
/// a dispute-mediation plan of 2023, and the renewal of the grassland agreement waiting for the
/// adviser today.
async fn reviews(app: &App) -> AppResult<Reviewed> {
    use crate::registers::reviews::service::{self as reviews, AdoptionInput, OpinionInput};
    use crate::registers::reviews::ReviewInput;
    use fazhi_domain::access::Role;
    let op = Caller::operator();
    let user = crate::storage::users::by_username(&app.db, "adviser")
        .await?
        .ok_or_else(AppError::not_found)?;
    let town = orgs::by_code(&app.db, TOWN)
        .await?
        .ok_or_else(AppError::not_found)?;
    let adviser = Caller {
        user_id: user.id,
        name: user.display_name.clone(),
        role: Role::Adviser,
        org_id: town.id,
        scope: town.scope(),
    };
    let today = crate::clock::today();
    let pending_on = (today - Duration::days(2)).to_string();
    // (kind, title, unit, subject, sent, answer: (conclusion, text, on, adopted, reason))
    type Answer = (&'static str, &'static str, &'static str, bool, &'static str);
    type Request = (&'static str, &'static str, &'static str, &'static str);
    type Row = (Request, String, Option<Answer>);
    let rows: [Row; 11] = [
        (("normative_document", "西大沟镇集体草场管理办法", "农业农村服务中心",
         "拟制定集体草场管理办法，规范草场承包、流转、禁牧休牧和草畜平衡管理。"),
         "2023-02-13".into(),
         Some(("lawful", "经审核，制定主体适格，未设定行政许可、行政处罚、行政强制和收费事项，内容合法。", "2023-02-22", true, ""))),
        (("normative_document", "西大沟镇农村人居环境整治暂行办法", "党政办",
         "拟制定农村人居环境整治暂行办法，明确村庄保洁、垃圾收运和“门前三包”要求。"),
         "2023-05-22".into(),
         Some(("lawful_after_changes", "第九条“对违反规定的农户处以罚款”属于设定行政处罚，乡镇规范性文件无权设定，应删去，改为由村民委员会依村规民约劝导；修改后合法。", "2023-05-31", true, ""))),
        (("normative_document", "西大沟镇集体草场承包经营管理办法", "农业农村服务中心",
         "拟依据新修订的草原法律法规制定集体草场承包经营管理办法，替代2023年1号文件。"),
         "2023-09-11".into(),
         Some(("lawful", "经审核，办法内容与上位法一致，征求意见程序完备，合法。", "2023-09-20", true, ""))),
        (("contract", "村级活动场所维修工程施工合同", "党政办",
         "拟与乌苏市某某建筑工程有限公司签订村级活动场所维修工程施工合同，金额38.6万元，资金来源为上级专项资金。"),
         "2023-03-28".into(),
         Some(("lawful", "经审查，合同主体适格，采购程序符合规定，主要条款完备，内容合法。", "2023-04-04", true, ""))),
        (("contract", "农村饮水安全设施维护服务协议", "农业农村服务中心",
         "拟与乌苏市某某水务服务有限公司签订农村饮水安全设施维护服务协议，服务期一年，金额5.2万元。"),
         "2023-05-22".into(),
         Some(("lawful_after_changes", "协议未约定维护响应时限和违约责任，建议在第五条补充“接报后24小时内到场维修”，并增加违约金条款；修改后合法。", "2023-05-29", true, ""))),
        (("contract", "镇政府法律顾问服务合同", "党政办",
         "拟聘请新疆某某律师事务所担任镇政府法律顾问，服务期一年，费用3万元。"),
         "2023-01-03".into(),
         Some(("lawful", "经审查，合同内容符合《关于推行法律顾问制度和公职律师公司律师制度的意见》要求，合法。", "2023-01-06", true, ""))),
        (("major_decision", "关于调整草场生态补助发放办法的决定", "农业农村服务中心",
         "拟将草场生态补助由按户平均发放调整为按承包面积发放，涉及8个村1200余户。"),
         "2023-06-01".into(),
         Some(("risk_noted", "调整方案有法律依据，但涉及群众切身利益，应依法组织公众参与和风险评估，并做好政策解读，防范信访风险。", "2023-06-12", true, ""))),
        (("penalty", "对某养殖场违法排放养殖废弃物的行政处罚", "综合行政执法队",
         "拟对某养殖场违法排放养殖废弃物的行为处以罚款2万元。"),
         "2023-09-04".into(),
         Some(("unlawful", "处罚决定书未告知当事人陈述、申辩和要求听证的权利，程序违法，应补正程序后重新作出。", "2023-09-08", false, "已按意见补正告知程序，原拟处罚决定未作出，另行立案办理。"))),
        (("major_decision", "西大沟镇农贸市场改造建设方案", "经济发展办公室",
         "拟投资260万元对镇区农贸市场进行改造，新建交易大棚和排水设施，改造期间临时安置摊位。"),
         "2023-07-03".into(),
         Some(("lawful_after_changes", "方案未明确改造期间临时摊位的安置标准和费用承担，建议补充；对涉及商户的租赁合同变更应依法协商。修改后合法。", "2023-07-12", true, ""))),
        (("mediation_plan", "西大沟村与东沟村草场边界纠纷调处方案", "司法所",
         "两村因约300亩草场边界发生争议，拟依据1984年草场划界图和两村协议，组织联合勘界并调处。"),
         "2023-10-09".into(),
         Some(("lawful", "调处方案依据充分，程序符合《人民调解法》规定，合法。", "2023-10-13", true, ""))),
        (("contract", "集体草场承包经营协议（续签）", "党政办",
         "拟与西大沟村股份经济合作社续签集体草场承包经营协议，承包期五年。"),
         pending_on,
         None),
    ];
    let mut numbers = Reviewed {
        contracts: Vec::new(),
        decisions: Vec::new(),
        documents: Vec::new(),
    };
    for ((kind, title, unit, subject), sent_on, answer) in rows {
        let input = ReviewInput {
            org: Some(TOWN.to_owned()),
            kind: kind.to_owned(),
            title: title.to_owned(),
            requesting_unit: unit.to_owned(),
            subject: subject.to_owned(),
            adviser: "adviser".to_owned(),
            sent_on,
            ..ReviewInput::default()
        };
        let r = reviews::create(app, &op, input).await?;
        if let Some((conclusion, text, on, adopted, reason)) = answer {
            let opinion = OpinionInput {
                conclusion: conclusion.to_owned(),
                text: text.to_owned(),
                answered_on: on.to_owned(),
            };
            reviews::give_opinion(app, &adviser, r.id, opinion).await?;
            let adoption = AdoptionInput {
                adopted,
                reason: reason.to_owned(),
            };
            reviews::record_adoption(app, &op, r.id, adoption).await?;
        }
        match kind {
            "contract" => numbers.contracts.push(r.number),
            "major_decision" => numbers.decisions.push(r.number),
            "normative_document" => numbers.documents.push(r.number),
            _ => {}
        }
    }
    Ok(numbers)
}

/// The town's normative documents of 2023 (行政规范性文件, statutes.md §5), each through
/// comment, a passing legality review, collective deliberation, 三统一 issue, publication with
/// its 解读 and filing with the county within 15 days: the grassland rules of March, repealed in
/// October by the grassland contracting rules that replace them (in force); and the 暂行
/// environment rules, valid two years, evaluated before they lapsed. `reviewed` are the
/// normative-document reviews in that order.
async fn normative_documents(app: &App, reviewed: &[String]) -> AppResult<()> {
    use crate::registers::normative::service::{self as normative, StepInput};
    use crate::registers::normative::NormativeInput;
    let op = Caller::operator();
    // (title, [drafted, comment from, comment to, deliberated, issued, published, filed],
    // number, 解读)
    type Dates = [&'static str; 7];
    let rows: [(&str, Dates, &str, &str); 3] = [
        ("西大沟镇集体草场管理办法",
         ["2023-01-16", "2023-01-30", "2023-02-10", "2023-02-27", "2023-03-01", "2023-03-03", "2023-03-10"],
         "西政规〔2023〕1号",
         "办法明确了集体草场承包、流转的程序，禁牧休牧的区域和时间，以及草畜平衡的核定办法。"),
        ("西大沟镇农村人居环境整治暂行办法",
         ["2023-04-20", "2023-05-04", "2023-05-16", "2023-06-08", "2023-06-12", "2023-06-14", "2023-06-25"],
         "西政规〔2023〕2号",
         "暂行办法明确了村庄保洁、垃圾收运和“门前三包”责任，有效期两年，期满前评估。"),
        ("西大沟镇集体草场承包经营管理办法",
         ["2023-08-21", "2023-08-28", "2023-09-06", "2023-09-26", "2023-10-09", "2023-10-10", "2023-10-20"],
         "西政规〔2023〕3号",
         "办法依据新修订的草原法律法规，细化了承包经营权流转备案和纠纷调处程序，原1号文件同时废止。"),
    ];
    let mut ids = Vec::new();
    for (i, (title, [drafted, from, to, deliberated, issued, published, filed], number, reading)) in
        rows.into_iter().enumerate()
    {
        let input = NormativeInput {
            org: Some(TOWN.to_owned()),
            title: title.to_owned(),
            drafting_unit: "党政办".to_owned(),
            drafted_on: drafted.to_owned(),
            comment_from: from.to_owned(),
            comment_to: to.to_owned(),
            review: reviewed.get(i).cloned().unwrap_or_default(),
            deliberated_on: deliberated.to_owned(),
            meeting: format!("镇政府2023年第{}次常务会议", 3 * i + 3),
            registration_number: format!("XDGZ-2023-{:03}", i + 1),
            doc_number: number.to_owned(),
            issued_on: issued.to_owned(),
            published_on: published.to_owned(),
            channel: "镇政府网站、镇村公示栏".to_owned(),
            interpretation: reading.to_owned(),
            filed_on: filed.to_owned(),
            filing_body: "乌苏市司法局".to_owned(),
            full_text: format!(
                "{title}\n第一条 为规范管理，依据有关法律法规，结合本镇实际，制定本办法。"
            ),
            ..NormativeInput::default()
        };
        ids.push(normative::create(app, &op, input).await?.id);
    }
    let repeal = StepInput {
        ended_on: Some("2023-10-10".to_owned()),
        ended_by: Some("西政规〔2023〕3号".to_owned()),
        ..StepInput::default()
    };
    normative::take_step(app, &op, ids[0], "repeal", repeal).await?;
    let evaluate = StepInput {
        evaluated_on: Some("2024-12-10".to_owned()),
        evaluation_result: Some("keep".to_owned()),
        evaluation_note: Some(
            "试行期间村庄环境明显改善，群众认可，拟按程序制发正式文件。".to_owned(),
        ),
        ..StepInput::default()
    };
    normative::take_step(app, &op, ids[1], "evaluate", evaluate).await?;
    Ok(())
}

/// The town's clean-up of 2023 (行政规范性文件清理, statutes.md §5.3), on the county's notice:
/// three older documents registered as predating fazhi join the two 2023 documents in force in
/// November; the campaign keeps those two, sends the homestead rules for amendment, repeals the
/// temporary-building rules and declares the epidemic market rules invalid, finishes in December
/// and publishes its lists.
async fn normative_cleanup(app: &App) -> AppResult<()> {
    use crate::registers::normative::{service as normative, NormativeInput};
    use crate::registers::normative_cleanups::service::{self as cleanups, StepInput};
    use crate::registers::normative_cleanups::CleanupInput;
    let op = Caller::operator();
    let older = [
        (
            "西大沟镇城镇规划区临时建筑管理规定",
            "西政规〔2019〕2号",
            "2019-07-01",
        ),
        (
            "西大沟镇农村宅基地审批管理办法",
            "西政规〔2022〕1号",
            "2022-03-15",
        ),
        (
            "西大沟镇疫情防控期间集贸市场管理办法",
            "西政规〔2022〕3号",
            "2022-09-05",
        ),
    ];
    for (title, number, day) in older {
        let input = NormativeInput {
            org: Some(TOWN.to_owned()),
            title: title.to_owned(),
            drafting_unit: "党政办".to_owned(),
            doc_number: number.to_owned(),
            issued_on: day.to_owned(),
            published_on: day.to_owned(),
            channel: "镇村公示栏".to_owned(),
            filed_on: day.to_owned(),
            filing_body: "乌苏市司法局".to_owned(),
            historical: true,
            ..NormativeInput::default()
        };
        normative::create(app, &op, input).await?;
    }
    let campaign = CleanupInput {
        org: Some(TOWN.to_owned()),
        title: "西大沟镇2023年度行政规范性文件清理".to_owned(),
        basis: "乌苏市人民政府办公室关于开展2023年度行政规范性文件清理工作的通知".to_owned(),
        started_on: "2023-11-15".to_owned(),
        note: "由党政办牵头，镇法律顾问参与，逐件审查与上位法的一致性和实际执行情况。".to_owned(),
        ..CleanupInput::default()
    };
    let id = cleanups::create(app, &op, campaign).await?.id;
    let results = [
        ("西政规〔2019〕2号", "repeal", "《新疆维吾尔自治区实施〈城乡规划法〉办法》修订后，临时建筑审批依法由县级部门办理，本规定已无存在必要。"),
        ("西政规〔2022〕1号", "amend", "《土地管理法实施条例》修订后宅基地审批程序调整，需相应修改审批流程和时限。"),
        ("西政规〔2022〕3号", "invalidate", "疫情防控措施已依法调整，适用情形已消失。"),
        ("西政规〔2023〕2号", "keep", "试行期内执行良好，符合上位法规定。"),
        ("西政规〔2023〕3号", "keep", "新近制发，符合现行法律法规。"),
    ];
    for (document, result, reason) in results {
        let step = StepInput {
            document: document.to_owned(),
            result: result.to_owned(),
            reason: reason.to_owned(),
            ..StepInput::default()
        };
        cleanups::take_step(app, &op, id, "result", step).await?;
    }
    let finish = StepInput {
        finished_on: "2023-12-20".to_owned(),
        ..StepInput::default()
    };
    cleanups::take_step(app, &op, id, "finish", finish).await?;
    let publish = StepInput {
        published_on: "2023-12-28".to_owned(),
        ..StepInput::default()
    };
    cleanups::take_step(app, &op, id, "publish", publish).await?;
    Ok(())
}

/// The town's major decisions of 2023 (重大行政决策), a catalogue of three items published in
/// February: the grassland subsidy decision, whose review only stated the legal risk (明示法律风险
/// does not open the gate), recorded as made before the town used fazhi (historical) and counted
/// as not having followed every procedure; the market renovation, made through every procedure
/// after a 修改后合法 review with the changes adopted, then published and archived; and the
/// grassland plan, still in public comment. `reviewed` are the major-decision reviews in that
/// order.
async fn decisions(app: &App, reviewed: &[String]) -> AppResult<()> {
    use crate::registers::decisions::service::{
        self as decisions, After, CatalogueInput, DatedInput, DecideInput, ParticipationInput,
        ProcedureInput, ReviewLinkInput,
    };
    use crate::registers::decisions::DecisionInput;
    use fazhi_domain::decision::Procedure;
    let op = Caller::operator();
    let entry =
        |title: &str, category: &str, unit: &str, planned: &str, historical: bool| DecisionInput {
            org: Some(TOWN.to_owned()),
            year: "2023".to_owned(),
            title: title.to_owned(),
            category: category.to_owned(),
            lead_unit: unit.to_owned(),
            planned_on: planned.to_owned(),
            historical,
        };
    let done = |on: &str, evidence: &str| ProcedureInput {
        done_on: on.to_owned(),
        evidence: evidence.to_owned(),
        ..ProcedureInput::default()
    };
    let meeting = |on: &str, conclusion: &str, dissent: &str| DecideInput {
        held_on: on.to_owned(),
        meeting: "党政联席会议".to_owned(),
        attendees: "镇党委书记、镇长、党委副书记、人大主席、副镇长（3名）、纪委书记".to_owned(),
        views: "与会人员逐一发表意见，多数同意方案。".to_owned(),
        dissent: dissent.to_owned(),
        conclusion: conclusion.to_owned(),
        ..DecideInput::default()
    };
    let listed = || CatalogueInput {
        listed_on: "2023-02-20".to_owned(),
    };

    // The subsidy decision's review only stated the legal risk (明示法律风险), which does not
    // open the gate: recorded as made before the town used fazhi (historical), its procedures
    // counted as they were.
    let subsidy = decisions::create(
        app,
        &op,
        entry(
            "关于调整草场生态补助发放办法的决定",
            "涉及群众切身利益的重大公共政策",
            "农业农村服务中心",
            "2023-08-31",
            true,
        ),
    )
    .await?;
    decisions::list_in_catalogue(app, &op, subsidy.id, listed()).await?;
    let participation = ParticipationInput {
        starts_on: "2023-04-03".to_owned(),
        ends_on: "2023-05-08".to_owned(),
        comments_received: "46".to_owned(),
        comments_adopted: "17".to_owned(),
        done_on: "2023-05-15".to_owned(),
        evidence: "草场生态补助发放办法征求意见采纳情况说明".to_owned(),
        ..ParticipationInput::default()
    };
    decisions::record_participation(app, &op, subsidy.id, participation).await?;
    decisions::record_procedure(
        app,
        &op,
        subsidy.id,
        Procedure::RiskAssessment,
        done("2023-05-25", "社会稳定风险评估报告"),
    )
    .await?;
    let skipped = ProcedureInput {
        not_applicable: true,
        reason: "补助标准由上级确定，专业性、技术性不强".to_owned(),
        ..ProcedureInput::default()
    };
    decisions::record_procedure(app, &op, subsidy.id, Procedure::ExpertReview, skipped).await?;
    if let Some(number) = reviewed.first() {
        let link = ReviewLinkInput {
            review: number.clone(),
        };
        decisions::link_review(app, &op, subsidy.id, link).await?;
    }
    decisions::decide(
        app,
        &op,
        subsidy.id,
        meeting("2023-06-20", "同意按承包面积发放，做好政策解读。", "无"),
    )
    .await?;

    // The market renovation: every procedure, a 修改后合法 review with the changes adopted.
    let market = decisions::create(
        app,
        &op,
        entry(
            "西大沟镇农贸市场改造建设项目",
            "重大公共建设项目",
            "经济发展办公室",
            "2023-11-30",
            false,
        ),
    )
    .await?;
    decisions::list_in_catalogue(app, &op, market.id, listed()).await?;
    let participation = ParticipationInput {
        starts_on: "2023-05-08".to_owned(),
        ends_on: "2023-06-09".to_owned(),
        comments_received: "23".to_owned(),
        comments_adopted: "9".to_owned(),
        done_on: "2023-06-16".to_owned(),
        evidence: "农贸市场改造方案征求意见采纳情况说明".to_owned(),
        ..ParticipationInput::default()
    };
    decisions::record_participation(app, &op, market.id, participation).await?;
    decisions::record_procedure(
        app,
        &op,
        market.id,
        Procedure::ExpertReview,
        done("2023-06-21", "农贸市场改造方案专家论证意见"),
    )
    .await?;
    decisions::record_procedure(
        app,
        &op,
        market.id,
        Procedure::RiskAssessment,
        done("2023-06-26", "农贸市场改造社会稳定风险评估报告"),
    )
    .await?;
    if let Some(number) = reviewed.get(1) {
        let link = ReviewLinkInput {
            review: number.clone(),
        };
        decisions::link_review(app, &op, market.id, link).await?;
        decisions::decide(
            app,
            &op,
            market.id,
            meeting(
                "2023-07-18",
                "同意实施，分两期建设，做好摊位临时安置。",
                "一名副镇长建议推迟至秋收后开工，已记录。",
            ),
        )
        .await?;
        for (step, on, text) in [
            (
                After::Publish,
                "2023-07-25",
                "西大沟镇人民政府网站、政务公开栏",
            ),
            (After::Archive, "2023-12-15", "西大沟镇决策档案 2023-02"),
        ] {
            let input = DatedInput {
                on: on.to_owned(),
                text: text.to_owned(),
            };
            decisions::after_decision(app, &op, market.id, step, input).await?;
        }
    }

    // Still in public comment.
    let plan = decisions::create(
        app,
        &op,
        entry(
            "西大沟镇草原生态保护与合理利用规划（2024—2028年）",
            "重要的自然资源保护利用规划",
            "农业农村服务中心",
            "2024-03-31",
            false,
        ),
    )
    .await?;
    decisions::list_in_catalogue(app, &op, plan.id, listed()).await?;
    let participation = ParticipationInput {
        starts_on: "2023-11-20".to_owned(),
        ends_on: "2023-12-20".to_owned(),
        ..ParticipationInput::default()
    };
    decisions::record_participation(app, &op, plan.id, participation).await?;
    Ok(())
}

/// The seed's 7 mediator trainings and the cadres' study sessions of 2023.
async fn trainings_and_study(app: &App, rng: &mut Rng) -> AppResult<()> {
    let op = Caller::operator();
    let town = orgs::by_code(&app.db, TOWN)
        .await?
        .ok_or_else(AppError::not_found)?;
    let topics = [
        "人民调解法及调解文书制作",
        "土地草场纠纷调解实务",
        "婚姻家庭纠纷调解技巧",
        "矛盾纠纷排查与风险研判",
        "民法典与人民调解",
        "调解协议与司法确认",
        "群体性纠纷预防与化解",
    ];
    for (i, topic) in topics.iter().enumerate() {
        let date = NaiveDate::from_ymd_opt(2023, 2 + i as u32 * 3 / 2, 10 + rng.below(15) as u32)
            .expect("valid");
        trainings::create(
            app,
            &op,
            trainings::TrainingInput {
                org: Some(town.code.clone()),
                held_on: date.to_string(),
                topic: (*topic).to_owned(),
                trainer: "乌苏市司法局".to_owned(),
                attendees: Some(24 + rng.below(20) as i64),
                attendee_names: Vec::new(),
                hours: Some(3.0),
            },
        )
        .await?;
    }
    let forms = ["理论学习中心组", "会前学法", "机关集中学法", "专题讲座"];
    let laws = [
        "中华人民共和国宪法",
        "中华人民共和国民法典",
        "中华人民共和国行政处罚法",
        "习近平法治思想",
    ];
    for m in 1..=12u32 {
        let date = NaiveDate::from_ymd_opt(2023, m, 5 + rng.below(20) as u32).expect("valid");
        study::create_session(
            app,
            &op,
            study::SessionInput {
                org: Some(TOWN.to_owned()),
                held_on: date.to_string(),
                form: (*rng.pick(&forms)).to_owned(),
                laws: (*rng.pick(&laws)).to_owned(),
                speaker: "镇党委书记".to_owned(),
                attendees: Vec::new(),
                attendee_count: Some(20 + rng.below(15) as i64),
                hours: Some(2.0),
                notes: String::new(),
            },
        )
        .await?;
    }
    Ok(())
}

/// Fictional committees and people, elected in the 2026 village elections (换届). 石桥子村's
/// committee has no woman member and 东泉村's has not been re-elected since 2023, so a newcomer
/// sees what the warnings look like.
///
/// A committee's line gives its organisation's code, its name and its term; each person under
/// it, indented: name, sex, ethnicity, position, 专职 or 兼职, education and phone (`-`: none).
const COMMITTEES: &str = "\
654202100900 西大沟镇人民调解委员会 2026-01-01 2028-12-31
  周德明 男 汉族 主任 专职 本科 13909920001
  古丽娜尔·阿不都 女 维吾尔族 副主任 专职 大专 13909920002
  叶尔江·别克 男 哈萨克族 委员 兼职 大专 13909920003
  马桂芳 女 回族 委员 兼职 高中 13909920004
  韩志强 男 汉族 调解员 专职 本科 13909920005
654202100201 青杨村人民调解委员会 2026-01-01 2028-12-31
  王建国 男 汉族 主任 兼职 高中 13909920101
  阿依古丽·吐尔逊 女 维吾尔族 委员 兼职 初中 13909920102
  李长青 男 汉族 委员 兼职 高中 -
654202100202 红柳沟村人民调解委员会 2026-01-01 2028-12-31
  刘永福 男 汉族 主任 兼职 高中 13909920201
  热依汗·艾买提 女 维吾尔族 副主任 兼职 初中 13909920202
  赵国庆 男 汉族 委员 兼职 初中 -
654202100203 石桥子村人民调解委员会 2026-01-01 2028-12-31
  杨海军 男 汉族 主任 兼职 高中 13909920301
  努尔兰·哈力木 男 哈萨克族 委员 兼职 初中 13909920302
  孙德明 男 汉族 委员 兼职 初中 -
654202100204 白杨河村人民调解委员会 2026-01-01 2028-12-31
  陈志强 男 汉族 主任 兼职 大专 13909920401
  何秀英 女 汉族 委员 兼职 高中 -
  艾力·买买提 男 维吾尔族 委员 兼职 初中 13909920403
654202100205 沙枣园村人民调解委员会 2026-01-01 2028-12-31
  吴国庆 男 汉族 主任 兼职 高中 13909920501
  马春花 女 回族 委员 兼职 初中 -
  郭永福 男 汉族 委员 兼职 高中 -
654202100206 草滩村人民调解委员会 2026-01-01 2028-12-31
  张建国 男 汉族 主任 兼职 高中 13909920601
  阿依古丽·阿不都 女 维吾尔族 委员 兼职 初中 -
  叶尔波拉·别克 男 哈萨克族 委员 兼职 初中 -
654202100207 东泉村人民调解委员会 2023-01-01 2025-12-31
  李德明 男 汉族 主任 兼职 高中 13909920701
  周淑珍 女 汉族 委员 兼职 初中 -
  哈力木·努尔 男 哈萨克族 委员 兼职 初中 -
654202100208 南湾村人民调解委员会 2026-01-01 2028-12-31
  王丽娟 女 汉族 主任 兼职 大专 13909920801
  古丽·吐尔逊 女 维吾尔族 委员 兼职 高中 -
  孙国庆 男 汉族 委员 兼职 初中 -
";

async fn mediation_committees(app: &App) -> AppResult<()> {
    let op = Caller::operator();
    let mut committee_id = None;
    for line in COMMITTEES.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let text = |i: usize| Some(f[i].to_owned());
        if !line.starts_with(' ') {
            let input = committees::CommitteeInput {
                org: text(0),
                name: text(1),
                term_start: text(2),
                term_end: text(3),
                multi_ethnic: Some(true),
                ..committees::CommitteeInput::default()
            };
            let committee = committees::create(app, &op, input).await?;
            committee_id = Some(committee.summary.committee.id);
            continue;
        }
        let input = mediators::MediatorInput {
            committee_id,
            name: text(0),
            sex: text(1),
            ethnicity: text(2),
            position: text(3),
            full_time: Some(f[4] == "专职"),
            education: text(5),
            phone: Some(if f[6] == "-" { "" } else { f[6] }.to_owned()),
            ..mediators::MediatorInput::default()
        };
        mediators::create(app, &op, input).await?;
    }
    Ok(())
}

/// The demo town's portal: its contacts, its guide (the default text) and a few catalogue
/// items of 2023, all published in time (政府信息公开条例 第二十六条).
async fn portal(app: &App) -> AppResult<()> {
    use crate::registers::disclosure_items::{service as items, ItemInput};
    let op = Caller::operator();
    let profile = super::portal::Profile {
        address: "新疆维吾尔自治区乌苏市西大沟镇人民政府（示例地址）".to_owned(),
        office_hours: "工作日 10:00-14:00，16:00-19:30（北京时间）".to_owned(),
        phones: "党政办 0992-0000001（示例）\n司法所 0992-0000002（示例）".to_owned(),
        disclosure_leader: "党委委员、副镇长（分管政务公开）".to_owned(),
        guide: super::portal::default_guide("西大沟镇人民政府"),
    };
    super::portal::save_profile(app, &op, Some(TOWN), profile).await?;
    let rows = [
        (
            "西大沟镇2023年部门预算公开说明",
            "budget",
            "2023-02-10",
            "2023-02-20",
        ),
        (
            "西大沟镇2023年农村低保资金发放情况",
            "assistance",
            "2023-07-03",
            "2023-07-14",
        ),
        (
            "西大沟镇人民政府机构职能及联系方式",
            "organisation",
            "2023-03-01",
            "2023-03-06",
        ),
        (
            "西大沟镇2023年高标准农田建设项目公示",
            "projects",
            "2023-05-08",
            "2023-05-22",
        ),
    ];
    for (title, category, formed, published) in rows {
        let input = ItemInput {
            org: Some(TOWN.to_owned()),
            title: title.to_owned(),
            summary: format!("{title}，详见镇政务公开栏。"),
            category: category.to_owned(),
            formed_on: formed.to_owned(),
            published_on: published.to_owned(),
        };
        items::create(app, &op, input).await?;
    }
    Ok(())
}

/// The town's requests for government information of 2023 (依申请公开): answered with several
/// reply types (one after a correction and a third-party consultation, one taken to 行政复议),
/// one carried over into 2024; and the narrative parts of its 2023 disclosure report.
async fn disclosure(app: &App) -> AppResult<()> {
    use crate::registers::disclosure::report::save_narrative;
    use crate::registers::disclosure::service as disclosure;
    use crate::registers::disclosure::steps::{take, Step, StepInput};
    use crate::registers::disclosure::RequestInput;
    let op = Caller::operator();
    // (channel, applicant kind, name, information, arrival day, steps)
    type Steps = &'static [(Step, &'static str, &'static str, &'static str)];
    let rows: [(&str, &str, &str, &str, &str, Steps); 6] = [
        (
            "in_person",
            "person",
            "王某某",
            "2022年本镇农村低保资金发放名单",
            "2023-03-06",
            &[(
                Step::Reply,
                "2023-03-20",
                "disclosed",
                "已向申请人提供名单复印件（身份证号码等个人信息已作区分处理）",
            )],
        ),
        (
            "registered_post",
            "business",
            "乌苏市某某农业科技有限公司",
            "2023年农机购置补贴申报指南",
            "2023-05-10",
            &[(
                Step::Reply,
                "2023-05-12",
                "already_published",
                "该信息已在镇政务公开栏和市政府门户网站公开",
            )],
        ),
        (
            "online",
            "person",
            "李某",
            "西大沟村2022年宅基地审批材料",
            "2023-07-03",
            &[
                (Step::NoticeCorrection, "2023-07-05", "2023-07-19", ""),
                (Step::Corrected, "2023-07-10", "", ""),
                (Step::Consult, "2023-07-12", "2023-07-26", "third_party"),
                (
                    Step::Reply,
                    "2023-08-10",
                    "partly_disclosed",
                    "提供审批结果；涉及第三方个人隐私的部分不予公开",
                ),
            ],
        ),
        (
            "in_person",
            "person",
            "张某某",
            "县自然资源局关于某地块土地征收的批复",
            "2023-09-12",
            &[(
                Step::Reply,
                "2023-09-15",
                "not_this_body",
                "该信息由乌苏市自然资源局负责公开，联系电话 0992-0000000",
            )],
        ),
        (
            "in_person",
            "person",
            "赵某",
            "镇党政联席会议2023年第8次会议记录",
            "2023-11-20",
            &[
                (
                    Step::Reply,
                    "2023-12-08",
                    "process_information",
                    "会议记录属于过程性信息",
                ),
                (Step::Remedy, "2023-12-20", "review", "upheld"),
            ],
        ),
        (
            "online",
            "research",
            "新疆某某研究院",
            "本镇2023年人民调解工作统计",
            "2023-12-25",
            &[(Step::Reply, "2024-01-15", "disclosed", "已通过电子邮件提供")],
        ),
    ];
    for (channel, kind, name, information, day, steps) in rows {
        let mut input = RequestInput {
            org: Some(TOWN.to_owned()),
            channel: channel.to_owned(),
            applicant_kind: kind.to_owned(),
            applicant_name: name.to_owned(),
            applicant_phone: "0992-0000000".to_owned(),
            information: information.to_owned(),
            form_wanted: "纸质".to_owned(),
            ..RequestInput::default()
        };
        match channel {
            "in_person" => input.submitted_on = day.to_owned(),
            "registered_post" => input.signed_for_on = day.to_owned(),
            _ => input.confirmed_on = day.to_owned(),
        }
        let row = disclosure::create(app, &op, input).await?;
        for &(step, on, a, b) in steps {
            let mut s = StepInput {
                on: on.to_owned(),
                ..StepInput::default()
            };
            match step {
                Step::NoticeCorrection => s.until = a.to_owned(),
                Step::Consult => {
                    s.until = a.to_owned();
                    s.kind = b.to_owned();
                }
                Step::Reply => {
                    s.reply_type = a.to_owned();
                    s.text = b.to_owned();
                }
                Step::Remedy => {
                    s.kind = a.to_owned();
                    s.result = b.to_owned();
                }
                _ => {}
            }
            take(app, &op, row.id, step, s).await?;
        }
    }
    let town = orgs::by_code(&app.db, TOWN)
        .await?
        .ok_or_else(AppError::not_found)?;
    for (section, body) in [
        ("disclosure_overall", "2023年，西大沟镇认真贯彻《中华人民共和国政府信息公开条例》，以镇政务公开栏和市政府门户网站为主要渠道，及时公开惠农补贴、社会救助、土地征收等群众关心的信息；明确党政办负责依申请公开的登记、审核、答复和归档，全年依申请公开均在法定期限内答复。"),
        ("disclosure_problems", "一是主动公开信息的及时性和规范性有待提高。二是工作人员对依申请公开答复类型的把握还需加强。下一步将加强业务培训，规范答复文书。"),
        ("disclosure_other", "无。"),
    ] {
        save_narrative(app, &op, &town, 2023, section, body).await?;
    }
    // Published on the portal (/public/{org}/disclosure-reports), as staff do by pressing 公布.
    let published = crate::registers::disclosure::report::PUBLISHED;
    save_narrative(app, &op, &town, 2023, published, "").await?;
    Ok(())
}

/// The town's complaints and petitions of 2023 (信访工作条例 2022): ten cases across the
/// channels, each told of acceptance and concluded (one after an approved extension, one by
/// channelling a 申诉求决 matter into 诉讼), three callbacks, and a repeat of the first caller about
/// the same land; all closed, so today's to-do list holds none of them. No 督办: its deadline
/// may not lie before today (registers/complaints/service/steps.rs `supervise`).
async fn complaints(app: &App) -> AppResult<()> {
    use crate::registers::complaints::service::{
        self as complaints, AcceptInput, CallbackInput, ConcludeInput, ExtendInput,
    };
    use crate::registers::complaints::ComplaintInput;
    let op = Caller::operator();
    // (channel, class, matter type, petitioner, phone, subject, received, told, concluded,
    // outcome, callback)
    #[rustfmt::skip]
    let cases = [
        ("phone", "claim", "土地纠纷", "马某某", "13899120011", "承包地被邻户占用，要求恢复地界", "2023-02-13", "2023-02-20", "2023-04-10", "supported", "satisfied"),
        ("visit", "claim", "草场纠纷", "艾某某", "13899120012", "夏牧场草场边界与邻村存在争议", "2023-03-06", "2023-03-13", "2023-05-30", "partly_supported", "mostly_satisfied"),
        ("letter", "suggestion", "村务管理", "李某某", "13899120013", "建议村务公开栏按月更新", "2023-03-20", "2023-03-27", "2023-04-18", "explained", ""),
        ("hotline_12345", "claim", "劳动报酬", "王某某", "13899120014", "农村道路工程拖欠务工人员工资", "2023-04-17", "2023-04-21", "2023-05-19", "supported", "satisfied"),
        ("portal", "accusation", "环境保护", "张某某", "13899120015", "养殖场粪污直排灌渠", "2023-05-08", "2023-05-12", "2023-06-16", "supported", ""),
        ("petition_referral", "claim", "土地纠纷", "赵某某", "13899120016", "宅基地确权面积与实际不符", "2023-06-05", "2023-06-12", "2023-09-01", "explained", ""),
        ("media", "accusation", "市场监管", "（媒体反映）", "", "集市摊位收费不公示", "2023-07-10", "2023-07-14", "2023-08-25", "supported", ""),
        ("phone", "claim", "土地纠纷", "马某某", "13899120011", "承包地被邻户占用，地界仍未恢复", "2023-08-14", "2023-08-21", "2023-09-22", "explained", ""),
        ("enforcement_supervision", "accusation", "行政执法", "孙某某", "13899120019", "执法人员检查时未出示执法证件", "2023-09-11", "2023-09-15", "2023-10-20", "partly_supported", ""),
        ("visit", "claim", "合同纠纷", "周某某", "13899120020", "与合作社土地流转合同租金争议", "2023-10-16", "2023-10-23", "2023-11-10", "routed", ""),
    ];
    for (
        channel,
        class,
        matter,
        name,
        phone,
        subject,
        received,
        told,
        concluded,
        outcome,
        callback,
    ) in cases
    {
        let input = ComplaintInput {
            org: Some(TOWN.to_owned()),
            channel: channel.to_owned(),
            class: class.to_owned(),
            matter_type: matter.to_owned(),
            statutory_route: if outcome == "routed" {
                "litigation".to_owned()
            } else {
                String::new()
            },
            petitioner_name: name.to_owned(),
            phone: phone.to_owned(),
            subject: subject.to_owned(),
            content: format!("反映{subject}，请求镇政府调查处理。"),
            external_number: if channel == "petition_referral" {
                "XF65420220230605001".to_owned()
            } else {
                String::new()
            },
            received_on: received.to_owned(),
            referred: channel == "petition_referral",
            ..ComplaintInput::default()
        };
        let id = complaints::create(app, &op, input).await?.id;
        complaints::accept(
            app,
            &op,
            id,
            AcceptInput {
                decision: "accepted".to_owned(),
                on: told.to_owned(),
                note: String::new(),
            },
        )
        .await?;
        if subject.starts_with("宅基地") {
            // The referred 宅基地 case needed the county's survey: 30 days approved by the head
            // (信访工作条例 第三十二条).
            complaints::extend(
                app,
                &op,
                id,
                ExtendInput {
                    days: "30".to_owned(),
                    approved_by: "镇长".to_owned(),
                    extension_reason: "需市自然资源局现场测绘，已告知信访人".to_owned(),
                    on: "2023-07-28".to_owned(),
                },
            )
            .await?;
        }
        complaints::conclude(
            app,
            &op,
            id,
            ConcludeInput {
                outcome: outcome.to_owned(),
                facts: format!("经调查核实，{subject}一事情况属实或部分属实。"),
                reasons: "依据调查情况和相关法律法规。".to_owned(),
                opinion: format!(
                    "{}。",
                    crate::registers::complaints::service::outcome_label(outcome)
                ),
                legal_basis: "《信访工作条例》第三十二条".to_owned(),
                remedies: "对处理意见不服的，可以自收到书面答复之日起30日内请求复查。".to_owned(),
                on: concluded.to_owned(),
            },
        )
        .await?;
        if !callback.is_empty() {
            complaints::callback(
                app,
                &op,
                id,
                CallbackInput {
                    satisfaction: callback.to_owned(),
                    on: concluded.to_owned(),
                    note: "电话回访，信访人表示认可".to_owned(),
                },
            )
            .await?;
        }
    }
    Ok(())
}
