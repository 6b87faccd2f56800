//! Passwords and tokens. Hashing is deliberately slow (argon2id), so callers run it with
//! `spawn_blocking` and never on the async runtime's threads.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

use crate::error::AppError;

pub const MIN_PASSWORD_CHARS: usize = 8;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a new password and says what to fix.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "密码至少 {MIN_PASSWORD_CHARS} 位，请设置更长的密码"
        ));
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err("密码不能全是数字，请加入字母".to_owned());
    }
    if is_common(password) {
        return Err("这个密码太常见，容易被猜中，请换一个不常见的密码".to_owned());
    }
    Ok(())
}

/// Whether `password` is on the shipped list of the most used passwords (case-insensitive),
/// which attackers try first (GB/T 22239-2019 8.1.4.1 asks for password complexity).
pub fn is_common(password: &str) -> bool {
    let password = password.trim().to_lowercase();
    include_str!("common_passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.trim().to_lowercase() == password)
}

/// 32 random bytes as hex: session cookies, API tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    hex(&bytes)
}

/// A password a person can read aloud and type: no 0/O, 1/l/I.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 14];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// What the database stores instead of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct horsf", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn password_rules() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("12345678").is_err());
        assert!(check_new_password("abc12345").is_ok());
        assert!(check_new_password("password1").is_err());
        assert!(check_new_password("P@ssw0rd").is_err(), "case-insensitive");
        assert!(check_new_password("Qwertyuiop").is_err());
        assert_eq!(generate_password().len(), 14);
        assert_ne!(random_token(), random_token());
        assert_eq!(token_hash("a").len(), 64);
    }
}
