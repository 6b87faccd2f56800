//! The reply letter (告知书) of an answered request as DOCX in the GB/T 9704 layout, as the
//! 合法性审查意见书 is made (registers/reviews/service.rs `opinion_document`): the title of its
//! reply type, the decision citing the type's article of 政府信息公开条例 (`ReplyType::basis`),
//! what was provided or why not, any 信息处理费, and the applicant's remedies (第五十一条).

use fazhi_docs::{Block, OfficialDocument, Signature};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure::{remedies_text, ReplyType};
use fazhi_domain::mask;

use super::store;
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::Caller;
use crate::storage::orgs;

/// The body a 行政复议 over a body's reply goes to: the government above it (行政复议法 第二十四
/// 条: a town's replies go to the county government), named when fazhi knows it.
async fn reviewer(app: &App, parent: Option<i64>) -> AppResult<String> {
    Ok(match parent {
        Some(id) => {
            let p = orgs::get(&app.db, id).await?;
            if p.name.ends_with("政府") {
                p.name
            } else {
                format!("{}人民政府", p.name)
            }
        }
        None => "上一级人民政府".to_owned(),
    })
}

/// The letter of request `id` (the caller may read it): `(file name, DOCX bytes)`. The
/// applicant's name is masked for roles that may not see personal data.
pub async fn letter(app: &App, caller: &Caller, id: i64) -> AppResult<(String, Vec<u8>)> {
    caller.require_read(Area::Disclosure)?;
    let r = store::get(&app.db, &caller.scope, id).await?;
    let (Some(t), Some(replied_on)) = (
        r.reply_type.as_deref().and_then(ReplyType::parse),
        r.replied_on,
    ) else {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "not_replied",
            "该申请尚未答复，没有告知书可打印：请先登记答复",
        ));
    };
    let org = orgs::get(&app.db, r.org_id).await?;
    let body = if org.name.ends_with("政府") || org.kind == "village" {
        org.name.clone()
    } else {
        format!("{}人民政府", org.name)
    };
    let applicant = if caller.role.may_see_personal_data() {
        r.applicant_name.clone()
    } else {
        mask::mask_name(&r.applicant_name)
    };
    let number = r
        .tracking_code
        .clone()
        .unwrap_or_else(|| format!("依申请公开〔{}〕{}号", r.year, r.id));
    let basis = match t.basis() {
        "" => "根据《中华人民共和国政府信息公开条例》的有关规定".to_owned(),
        b => format!("根据《中华人民共和国政府信息公开条例》{b}的规定"),
    };
    let mut blocks = vec![
        Block::Paragraph(format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取：{}",
            r.received_on.format("%Y年%-m月%-d日"),
            r.information
        )),
        Block::Paragraph(format!("{basis}，现答复如下：")),
        Block::Paragraph(t.letter_decision().to_owned()),
    ];
    if let Some(text) = r.reply_text.as_deref().filter(|s| !s.trim().is_empty()) {
        blocks.push(Block::Paragraph(text.to_owned()));
    }
    if let Some(fee) = r.fee_fen {
        blocks.push(Block::Paragraph(format!(
            "本申请依照《中华人民共和国政府信息公开条例》第四十二条及《政府信息公开信息处理费管理办法》收取信息处理费{}.{:02}元。",
            fee / 100,
            fee % 100
        )));
    }
    blocks.push(Block::Paragraph(remedies_text(&body, &reviewer(app, org.parent_id).await?)));
    blocks.push(Block::Paragraph(format!("答复类型：{}", t.label())));
    let doc = OfficialDocument {
        title: t.letter_title().to_owned(),
        doc_number: Some(number.clone()),
        addressee: Some(applicant),
        blocks,
        signature: Some(Signature {
            organisation: body,
            date: replied_on,
            seal_note: None,
        }),
    };
    let bytes = tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
        .await?
        .map_err(AppError::internal)?;
    Ok((format!("{}-{number}.docx", t.letter_title()), bytes))
}
