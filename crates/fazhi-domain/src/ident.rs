//! Identifiers that carry their own checks: resident ID numbers (GB 11643), unified social credit
//! codes (GB 32100) and mobile numbers.
//!
//! "Parse, don't validate": a value of these types is known to be well formed, so code further in
//! never checks again. Input is normalised (full-width characters, spaces, lowercase `x`) because
//! it comes from forms and Excel ledgers typed on Chinese keyboards.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::mask;

/// Why an identifier was rejected; `Display` tells the person what to fix, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    #[error("{0}不能为空")]
    Blank(&'static str),
    #[error("身份证号码应为18位，现在是{0}位")]
    IdCardLength(usize),
    #[error("身份证号码前17位应为数字，最后一位为数字或X")]
    IdCardChars,
    #[error("身份证号码中的出生日期（第7至14位）无效，请核对")]
    IdCardBirthDate,
    #[error("身份证号码校验位不正确，请核对最后一位")]
    IdCardCheckDigit,
    #[error("身份证号码中的出生日期{0}晚于今天，请核对")]
    IdCardFutureBirth(chrono::NaiveDate),
    #[error("统一社会信用代码应为18位，现在是{0}位")]
    UsccLength(usize),
    #[error("统一社会信用代码含有无效字符（只用数字和大写字母，不含 I、O、Z、S、V），请核对")]
    UsccChars,
    #[error("统一社会信用代码第3至8位应为6位数字的行政区划代码，请核对")]
    UsccRegion,
    #[error("统一社会信用代码校验位不正确，请核对最后一位")]
    UsccCheckChar,
    #[error("手机号码应为11位数字，现在是{0}位")]
    MobileLength(usize),
    #[error("手机号码只能包含数字（可带 +86 前缀、空格或短横线）")]
    MobileChars,
    #[error("手机号码应以13至19开头，请核对")]
    MobilePrefix,
}

/// Maps full-width ASCII (as typed with a Chinese IME) to ASCII and drops whitespace and the
/// separators people put into long numbers.
fn normalise(input: &str, drop: &[char]) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !drop.contains(c))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Resident ID number (居民身份证号码), GB 11643-1999

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character for the first 17 digits; `None` unless `body` is 17 ASCII digits.
pub fn id_card_check_char(body: &str) -> Option<char> {
    let bytes = body.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(ID_CHECK_CHARS[(sum % 11) as usize] as char)
}

/// Sex as encoded in the 17th digit of a resident ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_chinese(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_chinese())
    }
}

/// An 18-character resident ID number with a valid birth date and check digit; always upper-case `X`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdCardNo(String);

impl IdCardNo {
    pub fn parse(input: &str) -> Result<Self, IdentError> {
        let s = normalise(input, &[]).to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdentError::Blank("身份证号码"));
        }
        let len = s.chars().count();
        if len != 18 {
            return Err(IdentError::IdCardLength(len));
        }
        // Checked first so that the byte slicing below stays on character boundaries.
        if !s.is_ascii() {
            return Err(IdentError::IdCardChars);
        }
        let (body, check) = s.split_at(17);
        if !body.bytes().all(|b| b.is_ascii_digit())
            || !matches!(check.as_bytes(), [b'0'..=b'9' | b'X'])
        {
            return Err(IdentError::IdCardChars);
        }
        birth_date_of(&s).ok_or(IdentError::IdCardBirthDate)?;
        if id_card_check_char(body) != check.chars().next() {
            return Err(IdentError::IdCardCheckDigit);
        }
        Ok(IdCardNo(s))
    }

    /// [`IdCardNo::parse`], also refusing a birth date after `today` (Beijing time): no one
    /// registered today can have been born tomorrow.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Self, IdentError> {
        let id = IdCardNo::parse(input)?;
        match id.birth_date() {
            born if born > today => Err(IdentError::IdCardFutureBirth(born)),
            _ => Ok(id),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit administrative division code of the place of first registration.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("checked in parse")
    }

    /// Odd 17th digit = 男, even = 女.
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// For lists and exports: `6501**********1234`.
    pub fn masked(&self) -> String {
        mask::mask_id_card(&self.0)
    }
}

/// Digits 7–14 as a date, accepted only in 1900–2100: outside that it is a typo, not a person.
fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let digits = s.get(6..14)?;
    let y: i32 = digits[..4].parse().ok()?;
    let m: u32 = digits[4..6].parse().ok()?;
    let d: u32 = digits[6..].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|date| (1900..=2100).contains(&date.year()))
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码), GB 32100-2015

const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARSET.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The GB 32100 check character for the first 17 characters; `None` if any is outside the charset.
pub fn uscc_check_char(body: &str) -> Option<char> {
    let bytes = body.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&b, w) in bytes.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(b)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(USCC_CHARSET[check as usize] as char)
}

/// An 18-character unified social credit code with a valid check character; upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, IdentError> {
        let s = normalise(input, &[]).to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdentError::Blank("统一社会信用代码"));
        }
        let len = s.chars().count();
        if len != 18 {
            return Err(IdentError::UsccLength(len));
        }
        if !s.bytes().all(|b| uscc_value(b).is_some()) {
            return Err(IdentError::UsccChars);
        }
        if !s.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(IdentError::UsccRegion);
        }
        let (body, check) = s.split_at(17);
        if uscc_check_char(body) != check.chars().next() {
            return Err(IdentError::UsccCheckChar);
        }
        Ok(Uscc(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit administrative division code (characters 3–8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

// ---------------------------------------------------------------------------------------------
// Mobile number (手机号码)

/// An 11-digit mainland mobile number starting 13–19, stored without prefix or separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MobileNo(String);

impl MobileNo {
    pub fn parse(input: &str) -> Result<Self, IdentError> {
        let s = normalise(input, &['-', '(', ')']);
        if s.is_empty() {
            return Err(IdentError::Blank("手机号码"));
        }
        let digits = if let Some(rest) = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
            rest
        } else if s.len() == 13 && s.starts_with("86") {
            &s[2..]
        } else {
            &s
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentError::MobileChars);
        }
        if digits.len() != 11 {
            return Err(IdentError::MobileLength(digits.len()));
        }
        if !matches!(digits.as_bytes(), [b'1', b'3'..=b'9', ..]) {
            return Err(IdentError::MobilePrefix);
        }
        Ok(MobileNo(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For lists and exports: `138****5678`.
    pub fn masked(&self) -> String {
        mask::mask_phone(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Shared trait impls: strings in, strings out.

macro_rules! string_newtype {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }

        impl FromStr for $ty {
            type Err = IdentError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = IdentError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

string_newtype!(IdCardNo);
string_newtype!(Uscc);
string_newtype!(MobileNo);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::value::{Error as DeError, StrDeserializer};
    use serde::de::IntoDeserializer;

    /// A made-up number: body chosen by us, check digit computed, so it names nobody.
    fn id_with_check(body: &str) -> String {
        format!("{body}{}", id_card_check_char(body).unwrap())
    }

    fn uscc_with_check(body: &str) -> String {
        format!("{body}{}", uscc_check_char(body).unwrap())
    }

    #[test]
    fn id_card_check_digit_matches_the_standard_example() {
        // The worked example printed in GB 11643-1999 itself.
        assert_eq!(id_card_check_char("11010519491231002"), Some('X'));
        let id = IdCardNo::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110105");
    }

    #[test]
    fn id_card_accessors() {
        let s = id_with_check("65010219900101123");
        let id = IdCardNo::parse(&s).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
        );
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.sex().to_string(), "男");
        assert_eq!(id.masked(), "6501**********".to_owned() + &s[14..]);
    }

    #[test]
    fn id_card_normalises_spaces_and_full_width() {
        let s = id_with_check("65010219900101123");
        let spaced = format!(" {} {} ", &s[..6], &s[6..]);
        assert_eq!(IdCardNo::parse(&spaced).unwrap().as_str(), s);
        let full_width: String = s
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(IdCardNo::parse(&full_width).unwrap().as_str(), s);
    }

    #[test]
    fn id_card_errors_say_what_is_wrong() {
        assert_eq!(IdCardNo::parse("  "), Err(IdentError::Blank("身份证号码")));
        assert_eq!(
            IdCardNo::parse("650102900101123"),
            Err(IdentError::IdCardLength(15))
        );
        assert_eq!(
            IdCardNo::parse("65010219900101123")
                .unwrap_err()
                .to_string(),
            "身份证号码应为18位，现在是17位"
        );
        assert_eq!(
            IdCardNo::parse("6501021990010112A3"),
            Err(IdentError::IdCardChars)
        );
        assert_eq!(
            IdCardNo::parse("65010219900101123中"),
            Err(IdentError::IdCardChars)
        );
        let future = id_with_check("65010220300101123");
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            IdCardNo::parse_on(&future, today),
            Err(IdentError::IdCardFutureBirth(
                NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
            ))
        );
        let born_today = id_with_check("65010220260301123");
        assert!(IdCardNo::parse_on(&born_today, today).is_ok());
        let feb30 = id_with_check("65010219900230123");
        assert_eq!(IdCardNo::parse(&feb30), Err(IdentError::IdCardBirthDate));
        let too_old = id_with_check("65010218891231123");
        assert_eq!(IdCardNo::parse(&too_old), Err(IdentError::IdCardBirthDate));
        let good = id_with_check("65010219900101123");
        let wrong_check = if good.ends_with('1') { "0" } else { "1" };
        let bad = format!("{}{wrong_check}", &good[..17]);
        let err = IdCardNo::parse(&bad).unwrap_err();
        assert_eq!(err, IdentError::IdCardCheckDigit);
        assert_eq!(err.to_string(), "身份证号码校验位不正确，请核对最后一位");
    }

    #[test]
    fn uscc_known_and_computed() {
        // A code body of our own with its computed check character.
        let s = uscc_with_check("91650102MA7XXXXX0");
        let code = Uscc::parse(&s.to_lowercase()).unwrap();
        assert_eq!(code.as_str(), s);
        assert_eq!(code.region_code(), "650102");
        // A check value of 31 maps to '0'.
        let mut found_zero = false;
        for n in 0..200u32 {
            let body = format!("12650102{:09}", n);
            if uscc_check_char(&body) == Some('0') {
                found_zero = true;
                assert!(Uscc::parse(&format!("{body}0")).is_ok());
            }
        }
        assert!(found_zero);
    }

    #[test]
    fn uscc_errors() {
        assert_eq!(Uscc::parse(""), Err(IdentError::Blank("统一社会信用代码")));
        assert_eq!(Uscc::parse("91650102MA7"), Err(IdentError::UsccLength(11)));
        assert_eq!(
            Uscc::parse("91650102MA7XXXXXI0"),
            Err(IdentError::UsccChars)
        );
        assert_eq!(
            Uscc::parse("91A50102MA7XXXXX00"),
            Err(IdentError::UsccRegion)
        );
        let good = uscc_with_check("91650102MA7XXXXX0");
        let wrong = if good.ends_with('1') { '2' } else { '1' };
        let bad = format!("{}{wrong}", &good[..17]);
        assert_eq!(Uscc::parse(&bad), Err(IdentError::UsccCheckChar));
    }

    #[test]
    fn mobile_forms() {
        for input in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+86-13812345678",
            "8613812345678",
            "0086 13812345678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(
                MobileNo::parse(input).unwrap().as_str(),
                "13812345678",
                "{input}"
            );
        }
        assert_eq!(
            MobileNo::parse("13812345678").unwrap().masked(),
            "138****5678"
        );
        assert_eq!(MobileNo::parse(""), Err(IdentError::Blank("手机号码")));
        assert_eq!(
            MobileNo::parse("1381234567"),
            Err(IdentError::MobileLength(10))
        );
        assert_eq!(
            MobileNo::parse("12812345678"),
            Err(IdentError::MobilePrefix)
        );
        assert_eq!(
            MobileNo::parse("0991-1234567x"),
            Err(IdentError::MobileChars)
        );
        assert_eq!(
            MobileNo::parse("12812345678").unwrap_err().to_string(),
            "手机号码应以13至19开头，请核对"
        );
    }

    #[test]
    fn serde_as_strings() {
        let s = id_with_check("65010219900101123");
        let de: StrDeserializer<DeError> = s.as_str().into_deserializer();
        assert_eq!(IdCardNo::deserialize(de).unwrap().as_str(), s);
        let de: StrDeserializer<DeError> = "123".into_deserializer();
        let err = IdCardNo::deserialize(de).unwrap_err().to_string();
        assert!(err.contains("18位"), "{err}");
        let de: StrDeserializer<DeError> = "+86 13812345678".into_deserializer();
        assert_eq!(MobileNo::deserialize(de).unwrap().as_str(), "13812345678");
        let code = uscc_with_check("91650102MA7XXXXX0");
        let de: StrDeserializer<DeError> = code.as_str().into_deserializer();
        assert_eq!(Uscc::deserialize(de).unwrap().to_string(), code);
    }

    fn id_body() -> impl Strategy<Value = String> {
        // Region digits, a real date in 1900–2100, then a three-digit sequence number.
        (0u32..1_000_000, 0i64..73_049, 0u32..1000).prop_map(|(region, days, seq)| {
            let date =
                NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            format!("{region:06}{}{seq:03}", date.format("%Y%m%d"))
        })
    }

    fn uscc_body() -> impl Strategy<Value = String> {
        let c = || proptest::sample::select(USCC_CHARSET.to_vec()).prop_map(char::from);
        (c(), c(), 0u32..1_000_000, proptest::collection::vec(c(), 9)).prop_map(
            |(a, b, region, rest)| {
                let rest: String = rest.into_iter().collect();
                format!("{a}{b}{region:06}{rest}")
            },
        )
    }

    /// Replacement characters for mutation tests: digits, letters, punctuation, a CJK character.
    fn replacement() -> impl Strategy<Value = char> {
        proptest::sample::select(
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-+*/.中"
                .chars()
                .collect::<Vec<_>>(),
        )
    }

    fn replace_at(s: &str, i: usize, c: char) -> String {
        s.chars()
            .enumerate()
            .map(|(j, x)| if j == i { c } else { x })
            .collect()
    }

    proptest! {
        #[test]
        fn every_id_body_with_its_check_digit_parses(body in id_body()) {
            let s = id_with_check(&body);
            let id = IdCardNo::parse(&s).unwrap();
            prop_assert_eq!(id.as_str(), s.as_str());
            prop_assert_eq!(id.birth_date().format("%Y%m%d").to_string(), &body[6..14]);
        }

        #[test]
        fn any_single_change_of_an_id_fails(body in id_body(), i in 0usize..18, c in replacement()) {
            let s = id_with_check(&body);
            let original = s.chars().nth(i).unwrap();
            // Case changes and the same character are not changes after normalisation.
            prop_assume!(!original.eq_ignore_ascii_case(&c));
            prop_assert!(IdCardNo::parse(&replace_at(&s, i, c)).is_err());
        }

        #[test]
        fn every_uscc_body_with_its_check_char_parses(body in uscc_body()) {
            let s = uscc_with_check(&body);
            prop_assert_eq!(Uscc::parse(&s).unwrap().to_string(), s);
        }

        #[test]
        fn any_single_change_of_a_uscc_fails(body in uscc_body(), i in 0usize..18, c in replacement()) {
            let s = uscc_with_check(&body);
            let original = s.chars().nth(i).unwrap();
            prop_assume!(!original.eq_ignore_ascii_case(&c));
            prop_assert!(Uscc::parse(&replace_at(&s, i, c)).is_err());
        }

        #[test]
        fn mobile_round_trips(rest in 0u64..1_000_000_000, second in 3u8..=9) {
            let s = format!("1{second}{rest:09}");
            prop_assert_eq!(MobileNo::parse(&s).unwrap().to_string(), s.clone());
            let spaced = format!("+86 {} {} {}", &s[..3], &s[3..7], &s[7..]);
            prop_assert_eq!(MobileNo::parse(&spaced).unwrap().to_string(), s);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}") {
            let _ = IdCardNo::parse(&s);
            let _ = Uscc::parse(&s);
            let _ = MobileNo::parse(&s);
        }
    }
}
