//! Normative documents in headless Chromium (issue #16): staff register a draft and send it for
//! legality review, the adviser answers 修改后合法 on a phone, staff record the changes as
//! adopted, deliberate, issue and publish the document, and it appears on the public list.

use fantoccini::Locator;

use crate::helpers::ReviewDesk;

const TITLE: &str = "东风镇草场管理暂行规定";

#[tokio::test]
async fn staff_issue_a_reviewed_document_and_it_appears_on_the_portal() {
    let Some(desk) = ReviewDesk::open().await else {
        return;
    };
    let (staff, phone, base, today) = (&desk.staff, &desk.phone, &desk.base, &desk.today);
    let button = |label: &str| format!("//button[normalize-space(text())='{label}']");

    // Staff register the draft.
    staff.goto(&format!("{base}/normative-documents")).await;
    staff.wait_for_text("登记文件草案").await;
    staff.type_into("title", TITLE).await;
    staff.type_into("drafting_unit", "党政办").await;
    staff
        .type_into("full_text", "第一条 为加强草场保护和合理利用，制定本规定。")
        .await;
    staff
        .click(Locator::XPath(
            "//form[@action='/normative-documents']//button[normalize-space(text())='保存']",
        ))
        .await;
    staff.wait_for_text(TITLE).await;
    staff
        .click(Locator::XPath(&format!("//a[text()='{TITLE}']")))
        .await;
    staff.wait_for_text("关联合法性审核").await;
    let document = staff.client.current_url().await.unwrap().to_string();

    // Issuing before any review is refused, saying why.
    staff.type_into("doc_number", "东政规〔2026〕1号").await;
    staff.type_into("issued_on", today).await;
    staff
        .click(Locator::XPath(&button("统一登记编号并印发")))
        .await;
    staff.wait_for_text("印发前须经合法性审查").await;

    // Staff send it for review and link the review.
    let number = desk
        .send("normative_document", TITLE, "规范草场承包、流转和保护。")
        .await;
    staff.goto(&document).await;
    staff.wait_for_text("关联合法性审核").await;
    staff.type_into("review", &number).await;
    staff.click(Locator::XPath(&button("关联合法性审核"))).await;
    staff.wait_for_text("查看合法性审核意见").await;

    // The adviser, on a phone, answers 修改后合法.
    let opinion = "第五条设定罚款，超出规范性文件权限，应删去；修改后合法。";
    desk.answer_lawful_after_changes(TITLE, opinion, "normative-opinion-phone")
        .await;

    // Staff record the changes as adopted.
    desk.adopt(TITLE).await;

    // Deliberated, issued and published.
    staff.goto(&document).await;
    staff.wait_for_text("记录集体审议").await;
    staff.type_into("deliberated_on", today).await;
    staff.type_into("meeting", "镇政府第3次常务会议").await;
    staff.click(Locator::XPath(&button("记录集体审议"))).await;
    staff.wait_for_text("已集体审议").await;
    staff.type_into("registration_number", "DFZ-2026-001").await;
    staff.type_into("doc_number", "东政规〔2026〕1号").await;
    staff.type_into("issued_on", today).await;
    staff
        .click(Locator::XPath(&button("统一登记编号并印发")))
        .await;
    staff.wait_for_text("已印发").await;
    staff.type_into("published_on", today).await;
    staff.type_into("channel", "镇政府网站").await;
    staff
        .type_into(
            "interpretation",
            "本规定明确草场承包、流转和保护的要求，有效期2年。",
        )
        .await;
    staff.click(Locator::XPath(&button("公布"))).await;
    staff.wait_for_text("规范性文件报送备案").await;

    // On the portal, with its validity.
    phone
        .goto(&format!("{base}/public/normative-documents"))
        .await;
    phone.wait_for_text(TITLE).await;
    phone
        .click(Locator::XPath(&format!("//a[text()='{TITLE}']")))
        .await;
    let page = phone.wait_for_text("政策解读").await;
    assert!(
        page.contains("东政规〔2026〕1号") && page.contains("有效期 2 年"),
        "{page}"
    );
    phone.screenshot("normative-public-phone").await;
}
