//! Headless Chromium through the import page kit (issue #14 point 5): a publicity ledger and a
//! law-exams ledger imported with their rows in the preview, and two unknown columns of a
//! disputes ledger mapped once (saved), so that the next file of that layout needs no mapping;
//! and a value the code lists do not know (婚姻纠纷) mapped to its code in one step.

use std::path::Path;

use fantoccini::Locator;

use crate::browser::{signed_in, Browser};
use crate::helpers::PASSWORD;
use crate::import_pages::{UNKNOWN_COLUMNS, UNKNOWN_COLUMNS_AGAIN};

impl Browser {
    async fn click_css(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Uploads `file` on `ledger`'s import page for T1 and waits for the preview to show
    /// `expect`: the preview's text.
    async fn upload_ledger(&self, base: &str, ledger: &str, file: &Path, expect: &str) -> String {
        self.goto(&format!("{base}/imports/{ledger}")).await;
        self.click_css("#import-org option[value='T1']").await;
        self.client
            .find(Locator::Id("import-file"))
            .await
            .unwrap()
            .send_keys(&file.display().to_string())
            .await
            .unwrap();
        self.click_css("#import-upload button[type=submit]").await;
        self.wait_for_text(expect).await
    }
}

#[tokio::test]
async fn ledgers_are_imported_and_mapped_through_the_page() {
    let Some((b, t, base)) = signed_in((1366, 768), false, "staff_t1", PASSWORD).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };

    // A publicity ledger: the preview shows its rows as they will be stored.
    let publicity = write(
        "普法.csv",
        "日期,活动名称,地点类型,主题,受益人次,备注\n\
         2023/3/5,民法典进村宣讲,村居,民法典,120,司法所主办\n\
         2023年4月6日,禁毒宣传进校园,学校,禁毒,300,\n",
    );
    let text = b
        .upload_ledger(&base, "publicity", &publicity, "确认导入 2 条记录")
        .await;
    assert!(
        text.contains("民法典进村宣讲") && text.contains("禁毒宣传进校园"),
        "{text}"
    );
    assert!(
        text.contains("2023-04-06"),
        "dates as they will be stored: {text}"
    );
    b.screenshot("import-preview").await;
    b.click_css("form[action='/imports/publicity/confirm'] button[type=submit]")
        .await;
    b.wait_for_text("已导入 2 条记录").await;
    let n: i64 = t.scalar("SELECT COUNT(*) FROM publicity_events").await;
    assert_eq!(n, 2);

    // A law-exams ledger (the provincial platform's export).
    let exams = write(
        "考试.csv",
        "考试年度,干部姓名,职务,考试成绩\n2023,张三,镇长,92\n2023,李四,副镇长,85\n",
    );
    let text = b
        .upload_ledger(&base, "law-exams", &exams, "确认导入 2 条记录")
        .await;
    assert!(
        text.contains("张三") && text.contains("副镇长") && text.contains("85"),
        "{text}"
    );
    b.click_css("form[action='/imports/law-exams/confirm'] button[type=submit]")
        .await;
    b.wait_for_text("已导入 2 条记录").await;
    let n: i64 = t.scalar("SELECT COUNT(*) FROM law_exams").await;
    assert_eq!(n, 2);

    // A disputes ledger with two columns of the town's own: mapped once, saved.
    let town = write("纠纷.csv", UNKNOWN_COLUMNS);
    b.upload_ledger(&base, "disputes", &town, "有 2 列无法识别")
        .await;
    b.click_css("#column_0 option[value='当事人']").await;
    b.click_css("input[name=split_0]").await;
    b.click_css("#mapping button[type=submit]").await;
    let text = b.wait_for_text("确认导入 2 条记录").await;
    assert!(text.contains("张三、李四、王五"), "{text}");
    b.click_css("form[action='/imports/disputes/confirm'] button[type=submit]")
        .await;
    b.wait_for_text("已导入 2 条记录").await;
    // The next file of the same layout needs no mapping.
    let again = write("纠纷-五月.csv", UNKNOWN_COLUMNS_AGAIN);
    let text = b
        .upload_ledger(&base, "disputes", &again, "确认导入 1 条记录")
        .await;
    assert!(!text.contains("无法识别"), "{text}");
    b.click_css("form[action='/imports/disputes/confirm'] button[type=submit]")
        .await;
    b.wait_for_text("已导入 1 条记录").await;
    let n: i64 = t.scalar("SELECT COUNT(*) FROM disputes").await;
    assert_eq!(n, 3);

    // A value the lists do not know: mapped to the closest code on the page, checked again.
    let unknown = write("纠纷-婚姻.csv", &crate::import_values::ledger("婚姻纠纷"));
    b.upload_ledger(&base, "disputes", &unknown, "有 1 个值系统不认识")
        .await;
    b.click_css("#code_0 option[value='婚姻家庭纠纷']").await;
    b.click_css("#values button[type=submit]").await;
    b.wait_for_text("确认导入 2 条记录").await;
    b.click_css("form[action='/imports/disputes/confirm'] button[type=submit]")
        .await;
    b.wait_for_text("已导入 2 条记录").await;
    let n: i64 = t
        .scalar("SELECT COUNT(*) FROM disputes WHERE dispute_type = '婚姻家庭纠纷'")
        .await;
    assert_eq!(n, 2);
}
