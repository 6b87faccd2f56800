//! HTML and Markdown from the same document model.

use fazhi_docs::{render_html, render_html_fragment, render_markdown, Block, OfficialDocument};

use super::support::{acceptance_form, assert_well_formed, seed_report};

#[test]
fn html_is_print_ready_and_escaped() {
    let html = render_html(&seed_report());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("size: A4"));
    assert!(html.contains("margin: 37mm 26mm 35mm 28mm"));
    assert!(html.contains("counter(page)"));
    assert!(html.contains("break-after: page"));
    for face in [
        "方正小标宋简体",
        "仿宋_GB2312",
        "楷体_GB2312",
        "黑体",
        "serif",
    ] {
        assert!(html.contains(face), "{face} missing from the CSS");
    }
    assert!(html.contains("<h1 class=\"gw-title\">乌苏市西大沟镇法治政府建设工作总结</h1>"));
    assert!(html.contains("<h2>一、2023年法治政府建设情况</h2>"));
    assert!(html.contains("<td class=\"gw-num\">332</td>"));
    assert!(html.contains("2024年1月15日"));

    let doc = OfficialDocument {
        title: "<script>alert(1)</script>".into(),
        blocks: vec![Block::Paragraph("a & b".into())],
        ..Default::default()
    };
    let html = render_html(&doc);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;") && html.contains("a &amp; b"));
}

#[test]
fn html_fragment_is_well_formed_markup() {
    // The fragment uses no void elements except <br> and <hr>, so closing them makes it XML.
    for doc in [seed_report(), acceptance_form()] {
        let fragment = render_html_fragment(&doc)
            .replace("<br>", "<br/>")
            .replace("<hr class=\"gw-break\">", "<hr class=\"gw-break\"/>");
        assert_well_formed(&fragment);
    }
}

#[test]
fn markdown_has_headings_tables_and_signature() {
    let md = render_markdown(&seed_report());
    assert!(md.starts_with(
        "西政发〔2024〕3号\n\n# 乌苏市西大沟镇法治政府建设工作总结\n\n乌苏市人民政府：\n\n"
    ));
    assert!(md.contains("\n## 一、2023年法治政府建设情况\n"));
    assert!(md.contains("\n### （一）强化组织领导，落实工作责任。\n"));
    assert!(md.contains("| 指标 | 数量 | 单位 |\n| --- | --- | --- |\n| 矛盾纠纷 | 332 | 起 |\n"));
    assert!(md.ends_with("乌苏市西大沟镇人民政府\n\n2024年1月15日\n"));
    let form = render_markdown(&acceptance_form());
    assert!(form.contains("|  |  |  |  |\n| --- | --- | --- | --- |\n| 申请人 | 张三 |"));
    assert!(form.contains("当事人（签名）：\\_\\_\\_"));
}
