//! Masking personal data for lists and exports (`6501**********1234`, `138****5678`, `张*`).
//!
//! These take any string — stored values may predate the identifier checks — and never panic:
//! they count characters, not bytes. A value too short for the usual pattern reveals at most a
//! quarter of itself at each end, so a short value is never shown whole.

/// Keeps `head` characters at the start and `tail` at the end, replacing the rest with `*`.
pub fn mask_middle(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n > head + tail {
        (head, tail)
    } else {
        (head.min(n / 4), tail.min(n / 4))
    };
    let mut out = String::with_capacity(n);
    out.extend(&chars[..head]);
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// `650102199001011234` → `6501**********1234`.
pub fn mask_id_card(value: &str) -> String {
    mask_middle(value, 4, 4)
}

/// `13812345678` → `138****5678`; a `+86`-prefixed or spaced number is normalised first.
pub fn mask_phone(value: &str) -> String {
    match crate::ident::MobileNo::parse(value) {
        Ok(mobile) => mask_middle(mobile.as_str(), 3, 4),
        Err(_) => mask_middle(value, 3, 4),
    }
}

/// `张三` → `张*`, `王小明` → `王*明`, `欧阳娜娜` → `欧**娜`; one character → `*`.
pub fn mask_name(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        _ => mask_middle(value, 1, 1),
    }
}

/// Which kind of personal data a JSON field holds, by its name: the registers' `id_no` and
/// `phone` columns and the Chinese headers of imported ledgers (身份证号码, 联系电话…).
fn field_kind(name: &str) -> Option<fn(&str) -> String> {
    let name = name.to_lowercase();
    if ["id_no", "id_card", "idcard", "身份证"]
        .iter()
        .any(|k| name.contains(k))
    {
        Some(mask_id_card)
    } else if ["phone", "mobile", "电话", "手机"]
        .iter()
        .any(|k| name.contains(k))
    {
        Some(mask_phone)
    } else {
        None
    }
}

/// Masks, in place and at any depth, the ID numbers and phone numbers in a JSON value (an
/// audit entry's before/after record, with its parties), by field name, as the registers mask
/// them for roles that may not see them in full (`Role::may_see_personal_data`). Names stay:
/// the registers show them. Returns whether anything was masked.
pub fn mask_personal_json(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    let mut masked = false;
    match value {
        Value::Object(fields) => {
            for (name, v) in fields.iter_mut() {
                match (field_kind(name), &*v) {
                    (Some(mask), Value::String(s)) if !s.is_empty() => {
                        *v = Value::String(mask(s));
                        masked = true;
                    }
                    (Some(mask), Value::Number(n)) => {
                        *v = Value::String(mask(&n.to_string()));
                        masked = true;
                    }
                    _ => masked |= mask_personal_json(v),
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                masked |= mask_personal_json(v);
            }
        }
        _ => {}
    }
    masked
}

/// [`mask_personal_json`] on JSON text; text that is not JSON is masked whole, as an ID number
/// would be, since nothing says which part of it is personal.
pub fn mask_personal_json_text(text: &str) -> (String, bool) {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut v) => {
            let masked = mask_personal_json(&mut v);
            (
                if masked {
                    v.to_string()
                } else {
                    text.to_owned()
                },
                masked,
            )
        }
        Err(_) => (mask_middle(text, 0, 0), !text.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_cards() {
        assert_eq!(mask_id_card("650102199001011234"), "6501**********1234");
        assert_eq!(mask_id_card(" 65010219900101123X "), "6501**********123X");
        assert_eq!(mask_id_card(""), "");
        assert_eq!(mask_id_card("12345678"), "12****78");
        assert_eq!(mask_id_card("123"), "***");
        assert_eq!(mask_id_card("身份证号码未填写"), "身份****填写");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("0991-1234567"), "099*****4567");
        assert_eq!(mask_phone("110"), "***");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("王小明"), "王*明");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(" "), "");
    }

    #[test]
    fn personal_data_in_json_is_masked_by_field_name_at_any_depth() {
        let mut v = serde_json::json!({
            "id": 7, "name": "张三", "phone": "13812345678",
            "parties": [{"name": "李四", "id_no": "650102199001011234", "phone": null}],
            "row": {"身份证号码": "650102199001011234", "联系电话": 13812345678u64}
        });
        assert!(mask_personal_json(&mut v));
        assert_eq!(v["phone"], "138****5678");
        assert_eq!(v["parties"][0]["id_no"], "6501**********1234");
        assert_eq!(v["parties"][0]["phone"], serde_json::Value::Null);
        assert_eq!(v["row"]["身份证号码"], "6501**********1234");
        assert_eq!(v["row"]["联系电话"], "138****5678");
        assert_eq!(v["name"], "张三");
        assert_eq!(v["parties"][0]["name"], "李四");
        assert_eq!(v["id"], 7);
        let (text, masked) = mask_personal_json_text(r#"{"summary":"x"}"#);
        assert_eq!((text.as_str(), masked), (r#"{"summary":"x"}"#, false));
    }

    proptest! {
        #[test]
        fn masking_keeps_length_and_hides_something(s in "\\PC{0,40}") {
            let original: Vec<char> = s.trim().chars().collect();
            let n = original.len();
            for masked in [mask_id_card(&s), mask_middle(&s, 3, 4), mask_name(&s)] {
                let masked: Vec<char> = masked.chars().collect();
                prop_assert_eq!(masked.len(), n);
                // Every character is either kept in place or replaced by '*', and when the
                // value is short at least half of it is starred.
                prop_assert!(masked.iter().zip(&original).all(|(m, o)| m == o || *m == '*'));
                if n > 0 {
                    prop_assert!(masked.contains(&'*'));
                }
                if n <= 7 {
                    prop_assert!(masked.iter().filter(|&&c| c == '*').count() >= n / 2);
                }
            }
            let _ = mask_phone(&s);
        }
    }
}
