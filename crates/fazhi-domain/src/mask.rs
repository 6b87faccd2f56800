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
