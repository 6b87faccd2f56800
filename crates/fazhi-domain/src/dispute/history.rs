//! A dispute's corrections as its history (修改记录) shows them: the case's own fields under the
//! labels of the 纠纷台账, and its parties one by one (当事人1身份证号码: old → new), since the
//! parties are a list that an edit may add to, correct or shorten.

use serde_json::Value;

use super::{PartyKind, Sex};
use crate::revision::{field_changes, FieldChange};

/// A party's fields with the labels of the registration form.
pub const PARTY_LABELS: &[(&str, &str)] = &[
    ("name", "姓名或名称"),
    ("kind", "类型"),
    ("sex", "性别"),
    ("ethnicity", "民族"),
    ("id_no", "身份证号码"),
    ("phone", "手机号码"),
    ("address", "住址"),
];

/// A stored code as people read it (`male` → 男).
fn relabel(field_label: &str, value: &mut String) {
    let label = match field_label {
        "性别" => Sex::parse(value).map(Sex::label),
        "类型" => PartyKind::parse(value).map(PartyKind::label),
        _ => None,
    };
    if let Some(l) = label {
        *value = l.to_owned();
    }
}

/// One party in a line: its name, and its ID number as stored in `v` (already masked).
fn summary(v: &Value) -> String {
    let name = v.get("name").and_then(Value::as_str).unwrap_or("");
    match v.get("id_no").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => format!("{name}（{id}）"),
        _ => name.to_owned(),
    }
}

/// The changes of the parties between two stored versions of a case (`parties` arrays of
/// objects), by position: a party added or removed is one line, a corrected one a line per field.
pub fn party_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    let empty = Vec::new();
    let list = |v: &Value| -> Vec<Value> {
        v.get("parties")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
            .clone()
    };
    let (old, new) = (list(before), list(after));
    let mut out = Vec::new();
    for i in 0..old.len().max(new.len()) {
        let n = i + 1;
        match (old.get(i), new.get(i)) {
            (Some(b), Some(a)) => {
                for mut c in field_changes(PARTY_LABELS, b, a) {
                    relabel(&c.label, &mut c.before);
                    relabel(&c.label, &mut c.after);
                    c.label = format!("当事人{n}{}", c.label);
                    out.push(c);
                }
            }
            (b, a) => out.push(FieldChange {
                label: format!("当事人{n}"),
                before: b.map_or_else(|| "（空）".to_owned(), summary),
                after: a.map_or_else(|| "（空）".to_owned(), summary),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_corrected_party_is_listed_field_by_field_and_added_or_removed_ones_whole() {
        let before = json!({"parties": [
            {"name": "张三", "sex": "male", "id_no": "6501**********1234"},
            {"name": "李四", "sex": null, "id_no": null},
        ]});
        let after = json!({"parties": [
            {"name": "张三", "sex": "female", "id_no": "6501**********5678"},
        ]});
        let c = party_changes(&before, &after);
        let lines: Vec<(String, String, String)> = c
            .into_iter()
            .map(|c| (c.label, c.before, c.after))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("当事人1性别".into(), "男".into(), "女".into()),
                (
                    "当事人1身份证号码".into(),
                    "6501**********1234".into(),
                    "6501**********5678".into()
                ),
                ("当事人2".into(), "李四".into(), "（空）".into()),
            ]
        );
        let added = party_changes(&after, &before);
        assert_eq!(added[2].label, "当事人2");
        assert_eq!(
            (added[2].before.as_str(), added[2].after.as_str()),
            ("（空）", "李四")
        );
    }

    #[test]
    fn unchanged_parties_show_nothing() {
        let v = json!({"parties": [{"name": "张三"}]});
        assert!(party_changes(&v, &v).is_empty());
        assert!(party_changes(&json!({}), &json!({})).is_empty());
    }
}
