//! The 信访事项处理意见书 (DOCX) of a concluded case.

use super::*;

/// The 信访事项处理意见书 of a concluded case (GB/T 9704): claim, facts, reasons, opinion, legal
/// basis and remedies, for whoever may read the case.
pub async fn opinion_document(app: &App, caller: &Caller, id: i64) -> AppResult<(String, Vec<u8>)> {
    let r = load(app, caller, id).await?;
    let (Some(concluded), Some(outcome)) = (
        r.concluded_on,
        r.outcome.as_deref().and_then(Outcome::parse),
    ) else {
        return Err(conflict("not_concluded", "该信访事项尚未出具处理意见，没有意见书可打印"));
    };
    let or_none = |s: &Option<String>| {
        s.clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "（无）".to_owned())
    };
    let remedies = r.remedies.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        "信访人对本处理意见不服的，可以自收到本意见书之日起30日内请求原办理机关的上一级机关复查（信访工作条例 第三十五条）。".to_owned()
    });
    let number = format!("信处〔{}〕{}号", r.year, r.id);
    let doc = OfficialDocument {
        title: "信访事项处理意见书".to_owned(),
        doc_number: Some(number.clone()),
        addressee: Some(r.petitioner_name.clone()),
        blocks: vec![
            Block::Paragraph(format!(
                "你（你们）于{}提出的信访事项（{}）已收悉，本机关于{}依法受理。现提出处理意见如下：",
                r.received_on.format("%Y年%-m月%-d日"),
                r.subject,
                r.accepted_on.map_or_else(String::new, |d| d.format("%Y年%-m月%-d日").to_string()),
            )),
            Block::Heading1("一、信访诉求".to_owned()),
            Block::Paragraph(r.content.clone()),
            Block::Heading1("二、查明的事实".to_owned()),
            Block::Paragraph(or_none(&r.facts)),
            Block::Heading1("三、理由".to_owned()),
            Block::Paragraph(or_none(&r.reasons)),
            Block::Heading1("四、处理意见".to_owned()),
            Block::Paragraph(format!(
                "{}。{}",
                outcome.label(),
                r.opinion.clone().unwrap_or_default()
            )),
            Block::Heading1("五、法律政策依据".to_owned()),
            Block::Paragraph(or_none(&r.legal_basis)),
            Block::Heading1("六、救济途径".to_owned()),
            Block::Paragraph(remedies),
        ],
        signature: Some(Signature {
            organisation: r.org_name.clone(),
            date: concluded,
            seal_note: None,
        }),
    };
    let bytes = tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
        .await?
        .map_err(AppError::internal)?;
    Ok((format!("信访事项处理意见书-{number}.docx"), bytes))
}
