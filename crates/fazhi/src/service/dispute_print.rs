//! Printable forms of a dispute's case file (人民调解卷宗, statutes §1.4): the 受理登记表, the
//! 人民调解协议书 (人民调解法 第二十九条) and the 回访记录. Each is one `OfficialDocument`, so the print view (HTML) and the DOCX download
//! cannot disagree. Parties' ID numbers and phones follow the case page's rule: masked unless
//! the caller asked to see them in full and may (that view is logged).

use fazhi_docs::{Block, OfficialDocument, Signature, SignatureGroup};
use fazhi_domain::dispute::{AgreementForm, Performance, Status};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};

use super::disputes::{self, DisputeView, PartyView};
use super::Caller;

/// Which form of the case file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Intake,
    Agreement,
    ReturnVisits,
}

impl Form {
    pub fn title(self) -> &'static str {
        match self {
            Form::Intake => "人民调解受理登记表",
            Form::Agreement => "人民调解协议书",
            Form::ReturnVisits => "人民调解回访记录",
        }
    }
}

/// A form ready to print or download.
pub struct Printable {
    pub form: Form,
    pub dispute_id: i64,
    pub case_no: String,
    pub doc: OfficialDocument,
    pub personal_data_shown: bool,
    pub may_reveal: bool,
}

impl Printable {
    /// `人民调解受理登记表-测试调〔2024〕1号.docx`
    pub fn docx_name(&self) -> String {
        format!("{}-{}.docx", self.form.title(), self.case_no)
    }
}

/// Blank rows a printed 回访记录 gets when no visit is recorded yet, to fill in by hand.
const BLANK_VISIT_ROWS: usize = 3;

/// The form of a case the caller may see (404 otherwise); `reveal` asks for full personal data.
pub async fn build(
    app: &App,
    caller: &Caller,
    id: i64,
    form: Form,
    reveal: bool,
) -> AppResult<Printable> {
    let v = disputes::get(app, caller, id, reveal).await?;
    let doc = match form {
        Form::Intake => intake(&v),
        Form::Agreement => agreement(&v)?,
        Form::ReturnVisits => {
            if v.dispute.status != Status::Succeeded.code() && v.return_visits.is_empty() {
                return Err(AppError::new(
                    ErrorKind::Conflict,
                    "no_return_visits",
                    "只有调解成功的案件才有回访记录",
                ));
            }
            return_visits(&v)
        }
    };
    Ok(Printable {
        form,
        dispute_id: v.dispute.id,
        case_no: v.dispute.case_no.clone(),
        doc,
        personal_data_shown: v.personal_data_shown,
        may_reveal: v.may_reveal,
    })
}

/// The form as DOCX in the GB/T 9704 layout.
pub async fn docx(p: &Printable) -> AppResult<Vec<u8>> {
    let doc = p.doc.clone();
    tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
        .await?
        .map_err(AppError::internal)
}

fn or_blank(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn text_or_none(s: &str) -> String {
    match s.trim() {
        "" => "（无）".to_owned(),
        t => t.to_owned(),
    }
}

fn parties_table(parties: &[PartyView]) -> Block {
    Block::Table {
        header: [
            "姓名或名称",
            "性别",
            "民族",
            "身份证号码",
            "联系电话",
            "住址",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: parties
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.sex_label.to_owned(),
                    or_blank(&p.ethnicity),
                    or_blank(&p.id_no),
                    or_blank(&p.phone),
                    or_blank(&p.address),
                ]
            })
            .collect(),
    }
}

/// One role's signatories; without names, one line to write a name on.
fn signers(role: &str, mut names: Vec<String>) -> SignatureGroup {
    if names.is_empty() {
        names.push(String::new());
    }
    SignatureGroup {
        role: role.to_owned(),
        names,
    }
}

fn committee(v: &DisputeView) -> String {
    format!("{}人民调解委员会", v.dispute.org_name)
}

fn intake(v: &DisputeView) -> OfficialDocument {
    let d = &v.dispute;
    let date = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    let mut people = format!("{} 人", d.people_involved);
    if d.group_dispute {
        people.push_str("（群体性纠纷）");
    }
    let amount = d
        .amount_fen
        .map(|f| format!("{} 元", disputes::yuan(f)))
        .unwrap_or_default();
    let grid = vec![
        vec![
            "编号".to_owned(),
            d.case_no.clone(),
            "登记日期".to_owned(),
            d.registered_on.to_string(),
        ],
        vec![
            "受理日期".to_owned(),
            date(d.accepted_on),
            "纠纷来源".to_owned(),
            v.source_label.to_owned(),
        ],
        vec![
            "纠纷类型".to_owned(),
            d.dispute_type.clone(),
            "风险等级".to_owned(),
            v.risk_label.to_owned(),
        ],
        vec![
            "所属村（社区）".to_owned(),
            or_blank(&d.village_name),
            "调解层级".to_owned(),
            v.level_label.to_owned(),
        ],
        vec!["涉及人数".to_owned(), people, "涉及金额".to_owned(), amount],
        vec![
            "调解员".to_owned(),
            d.mediators.clone(),
            "办理单位".to_owned(),
            d.org_name.clone(),
        ],
    ];
    let mut blocks = vec![
        Block::Table {
            header: Vec::new(),
            rows: grid,
        },
        Block::Heading1("一、当事人基本情况".to_owned()),
        parties_table(&v.parties),
        Block::Heading1("二、纠纷简要情况".to_owned()),
        Block::Paragraph(text_or_none(&d.summary)),
        Block::Heading1("三、当事人申请事项".to_owned()),
        Block::Paragraph(text_or_none(&d.claims)),
    ];
    if d.police_reported {
        blocks.push(Block::Heading1("四、报告公安机关情况".to_owned()));
        blocks.push(Block::Paragraph(format!(
            "{} {}",
            date(d.police_reported_on),
            or_blank(&d.police_recipient)
        )));
    }
    blocks.push(Block::Signatories(vec![
        signers(
            "当事人（签名或按指印）",
            v.parties.iter().map(|p| p.name.clone()).collect(),
        ),
        signers("登记人（签名）", Vec::new()),
    ]));
    OfficialDocument {
        title: Form::Intake.title().to_owned(),
        doc_number: Some(d.case_no.clone()),
        addressee: None,
        blocks,
        signature: Some(Signature {
            organisation: committee(v),
            date: d.accepted_on.unwrap_or(d.registered_on),
            seal_note: Some("（人民调解委员会印章）".to_owned()),
        }),
    }
}

/// The written agreement (人民调解法 第二十八条、第二十九条; 人民调解工作若干规定 第三十五条).
/// Only a case concluded with a written agreement has one, and only once its terms are
/// recorded: a 协议书 reading 「（无）」 where the agreement goes is not an agreement.
fn agreement(v: &DisputeView) -> AppResult<OfficialDocument> {
    let d = &v.dispute;
    if d.status != Status::Succeeded.code() || d.agreement_form != AgreementForm::Written.code() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "no_written_agreement",
            "只有以书面协议调解成功的案件才能生成人民调解协议书",
        ));
    }
    let terms = d.agreement_terms.as_deref().unwrap_or("").trim();
    if terms.is_empty() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "no_agreement_terms",
            "协议书缺少协议内容：请先在本案「编辑」中以更正方式填写「协议内容」（当事人经调解自愿达成的权利义务），             再生成人民调解协议书",
        ));
    }
    let mut facts = d.summary.clone();
    if !d.claims.trim().is_empty() {
        facts.push_str("\n当事人请求：");
        facts.push_str(d.claims.trim());
    }
    let mediators = fazhi_ledger::split_multi(&d.mediators);
    // 第二十九条: one copy for each party and one kept by the committee.
    let copies = fazhi_docs::chinese_count(v.parties.len() + 1);
    Ok(OfficialDocument {
        title: Form::Agreement.title().to_owned(),
        doc_number: Some(d.case_no.clone()),
        addressee: None,
        blocks: vec![
            Block::Heading1("一、当事人基本情况".to_owned()),
            parties_table(&v.parties),
            Block::Heading1("二、纠纷主要事实、争议事项".to_owned()),
            Block::Paragraph(facts),
            Block::Heading1("三、各方当事人的责任".to_owned()),
            Block::Paragraph(text_or_none(d.responsibility.as_deref().unwrap_or(""))),
            Block::Heading1("四、经调解，自愿达成如下协议".to_owned()),
            Block::Paragraph(terms.to_owned()),
            Block::Heading1("五、履行协议的方式、地点和期限".to_owned()),
            Block::Paragraph(text_or_none(d.performance_terms.as_deref().unwrap_or(""))),
            Block::Paragraph(format!(
                "本协议经各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章后生效，\
                 具有法律约束力，当事人应当按照约定履行。双方当事人可以自本协议生效之日起三十日内共同向\
                 人民法院申请司法确认。本协议书一式{copies}份，当事人各执一份，人民调解委员会留存一份。"
            )),
            Block::Signatories(vec![
                signers(
                    "当事人（签名、盖章或按指印）",
                    v.parties.iter().map(|p| p.name.clone()).collect(),
                ),
                signers("人民调解员（签名）", mediators),
            ]),
        ],
        signature: Some(Signature {
            organisation: committee(v),
            date: d.closed_on.unwrap_or(d.registered_on),
            seal_note: Some("（人民调解委员会印章）".to_owned()),
        }),
    })
}

fn return_visits(v: &DisputeView) -> OfficialDocument {
    let d = &v.dispute;
    let names: Vec<&str> = v.parties.iter().map(|p| p.name.as_str()).collect();
    let grid = vec![
        vec![
            "编号".to_owned(),
            d.case_no.clone(),
            "纠纷类型".to_owned(),
            d.dispute_type.clone(),
        ],
        vec![
            "当事人".to_owned(),
            names.join("、"),
            "调解结果".to_owned(),
            v.status_label.to_owned(),
        ],
        vec![
            "协议形式".to_owned(),
            AgreementForm::parse(&d.agreement_form)
                .map_or("", AgreementForm::label)
                .to_owned(),
            "协议生效日期".to_owned(),
            d.agreement_effective_on
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ],
    ];
    let mut rows: Vec<Vec<String>> = v
        .return_visits
        .iter()
        .map(|r| {
            vec![
                r.visited_on.to_string(),
                r.visitor.clone(),
                Performance::parse(&r.performance)
                    .map_or("", Performance::label)
                    .to_owned(),
                r.note.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows = vec![vec![String::new(); 4]; BLANK_VISIT_ROWS];
    }
    OfficialDocument {
        title: Form::ReturnVisits.title().to_owned(),
        doc_number: Some(d.case_no.clone()),
        addressee: None,
        blocks: vec![
            Block::Table {
                header: Vec::new(),
                rows: grid,
            },
            Block::Heading1("一、协议内容".to_owned()),
            Block::Paragraph(text_or_none(d.agreement_terms.as_deref().unwrap_or(""))),
            Block::Heading1("二、履行方式、地点和期限".to_owned()),
            Block::Paragraph(text_or_none(d.performance_terms.as_deref().unwrap_or(""))),
            Block::Heading1("三、回访情况".to_owned()),
            Block::Table {
                header: ["回访日期", "回访人", "履行情况", "回访情况"]
                    .map(str::to_owned)
                    .to_vec(),
                rows,
            },
            Block::Signatories(vec![
                signers("回访人（签名）", Vec::new()),
                signers("被回访人（签名或按指印）", Vec::new()),
            ]),
        ],
        signature: Some(Signature {
            organisation: committee(v),
            date: v
                .return_visits
                .last()
                .map_or(d.closed_on.unwrap_or(d.registered_on), |r| r.visited_on),
            seal_note: Some("（人民调解委员会印章）".to_owned()),
        }),
    }
}
