//! One walk through a register's corrections on its pages, as a clerk does it on a phone, shared
//! by every register on the kit (web/pages/kit.rs): the 编辑 form saved on the version it
//! carried, the same save again refused as stale (nothing changed, the form now on the new
//! version), 作废 refused without a reason and accepted with one, the record's page then showing
//! 已作废, the reason and the history, without 编辑.

use axum::http::StatusCode;

use crate::helpers::{Browser, TestApp};

/// A correction made on a record's pages.
pub struct PageCorrection<'a> {
    /// The record's page, e.g. `/study/12`.
    pub record: String,
    /// The edit form's fields (without `version`): a correction, then another on the old copy.
    pub edit: Vec<(&'a str, &'a str)>,
    pub stale_edit: Vec<(&'a str, &'a str)>,
    /// Lines the history shows after the correction, e.g. `学习内容：宪法 → 民法典`.
    pub history: Vec<&'a str>,
}

/// Walks `c` through with `clerk`, who is at version 1 of the record; returns the record's page
/// after the withdrawal (for the register's own checks).
pub async fn correct_and_withdraw<'a>(
    t: &TestApp,
    clerk: &Browser,
    c: &PageCorrection<'a>,
) -> String {
    let edit = format!("{}/edit", c.record);
    let (status, form) = t.page(clerk, &edit).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(form.contains("name=\"version\" value=\"1\""), "{form}");
    let on_version_1 = |fields: &[(&'a str, &'a str)]| {
        let mut all = vec![("version", "1")];
        all.extend_from_slice(fields);
        all
    };
    let (status, headers, body) = t.form(clerk, &edit, &on_version_1(&c.edit), true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(headers["location"], c.record.as_str());
    let (status, _, body) = t
        .form(clerk, &edit, &on_version_1(&c.stale_edit), true)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("已被他人修改"), "{body}");
    assert!(
        body.contains("name=\"version\" value=\"2\""),
        "the form now carries the new version: {body}"
    );

    let withdraw = format!("{}/withdraw", c.record);
    let (status, _, body) = t.form(clerk, &withdraw, &[("reason", "")], true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("请填写原因"), "{body}");
    let (status, _, _) = t
        .form(clerk, &withdraw, &[("reason", "重复登记")], true)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = t.page(clerk, &c.record).await;
    assert!(
        page.contains("已作废") && page.contains("重复登记"),
        "{page}"
    );
    assert!(page.contains("修改记录"), "{page}");
    for line in &c.history {
        assert!(page.contains(line), "history line {line}: {page}");
    }
    assert!(!page.contains(&edit), "no 编辑 on a withdrawn record");
    page
}

/// An administrator restores the record from its page.
pub async fn restore(t: &TestApp, admin: &Browser, record: &str) {
    let restore = format!("{record}/restore");
    let (_, page) = t.page(admin, record).await;
    assert!(page.contains(&restore), "{page}");
    let (status, _, body) = t.form(admin, &restore, &[], true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
}
