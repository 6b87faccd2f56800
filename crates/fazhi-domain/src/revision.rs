//! Correcting records, the same way in every register: an edit is based on the version the
//! person saw (a stale one is refused, never overwritten), a wrong record is withdrawn (作废)
//! with a reason rather than deleted, and a record's history (修改记录) lists each change field by
//! field under its Chinese label, read from the audit log's before/after values.

use serde_json::Value;

/// The longest withdrawal reason kept (a sentence or two, as on a paper ledger's margin).
pub const MAX_REASON_CHARS: usize = 500;

/// The reason given for withdrawing (or correcting) a record: required, trimmed, bounded.
pub fn reason(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写原因，例如「重复登记」「录入错误」".to_owned());
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(format!("原因不能超过 {MAX_REASON_CHARS} 个字"));
    }
    Ok(text.to_owned())
}

/// An edit based on `based_on` while the record is at `current` was made on an old copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("该记录已被他人修改（您编辑的是第 {based_on} 版，现为第 {current} 版），请查看最新内容后重新修改")]
pub struct StaleVersion {
    pub based_on: i64,
    pub current: i64,
}

pub fn check_version(based_on: i64, current: i64) -> Result<(), StaleVersion> {
    if based_on == current {
        Ok(())
    } else {
        Err(StaleVersion { based_on, current })
    }
}

/// One field's change, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between two stored versions of a record, in the order of `labels`
/// (`(field, 中文标签)`); fields without a label (ids, timestamps, versions) are not shown.
pub fn field_changes(labels: &[(&str, &str)], before: &Value, after: &Value) -> Vec<FieldChange> {
    labels
        .iter()
        .filter_map(|(field, label)| {
            let old = before.get(field).unwrap_or(&Value::Null);
            let new = after.get(field).unwrap_or(&Value::Null);
            (old != new).then(|| FieldChange {
                label: (*label).to_owned(),
                before: shown(old),
                after: shown(new),
            })
        })
        .collect()
}

/// A stored value as a person reads it.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Null => "（空）".to_owned(),
        Value::Bool(true) => "是".to_owned(),
        Value::Bool(false) => "否".to_owned(),
        Value::String(s) if s.is_empty() => "（空）".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "（空）".to_owned(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_labelled_fields_that_changed_are_listed_in_label_order() {
        let labels = [
            ("name", "活动名称"),
            ("banners", "横幅"),
            ("themes", "主题"),
        ];
        let before =
            json!({"id": 1, "name": "宪法宣传", "banners": 2, "themes": ["宪法"], "version": 1});
        let after = json!({"id": 1, "name": "宪法宣传周", "banners": 2, "themes": ["宪法", "民法典"], "version": 2});
        let changes = field_changes(&labels, &before, &after);
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    label: "活动名称".into(),
                    before: "宪法宣传".into(),
                    after: "宪法宣传周".into()
                },
                FieldChange {
                    label: "主题".into(),
                    before: "宪法".into(),
                    after: "宪法、民法典".into()
                },
            ]
        );
    }

    #[test]
    fn empty_values_read_as_empty() {
        let c = field_changes(
            &[("notes", "备注")],
            &json!({"notes": null}),
            &json!({"notes": "补记"}),
        );
        assert_eq!(c[0].before, "（空）");
        assert_eq!(c[0].after, "补记");
    }

    #[test]
    fn reasons_are_required_and_bounded() {
        assert!(reason("  ").is_err());
        assert_eq!(reason(" 重复登记 ").unwrap(), "重复登记");
        assert!(reason(&"错".repeat(MAX_REASON_CHARS + 1)).is_err());
    }

    #[test]
    fn stale_versions_are_refused() {
        assert!(check_version(3, 3).is_ok());
        let e = check_version(2, 3).unwrap_err();
        assert!(e.to_string().contains("第 2 版"));
    }
}
