//! Word search in the registers' lists, one behaviour on both backends (issue #20 item 1).
//!
//! A search is up to five words; a record matches when every word occurs in one of the
//! register's searched fields, as a substring, ASCII letters in either case (SQLite's LIKE
//! semantics, which the trigram table of migration 0008 shares).
//!
//! How a word is found differs by backend, never what it finds:
//! - PostgreSQL: the GIN index of the fields' character pairs (migration 0048,
//!   `search_bigrams(…)`): a one-character word by prefix, a two-character word by its pair, a
//!   longer one by all its pairs and then LIKE on the few records that have them all.
//! - SQLite: the disputes' trigram table for words of three characters or more (the caller's
//!   own, storage/disputes.rs); LIKE otherwise.
//!
//! tests/it/search_parity.rs runs the same searches on both backends.

use super::{Backend, Db, Query, StorageError};

/// Words of a search after the first five are ignored (a bound on the query's size).
pub const MAX_WORDS: usize = 5;

/// The words of a search string: split on whitespace, at most [`MAX_WORDS`].
pub fn words(q: &str) -> impl Iterator<Item = &str> {
    q.split_whitespace().take(MAX_WORDS)
}

/// How a word is looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordLookup {
    /// The backend's index: reads only the matching records.
    Index,
    /// LIKE on each record: walking the newest records first fills a page soonest when the
    /// words match many of them (service/disputes.rs decides from the count).
    Scan,
}

/// A register's searched fields: `columns` as written in its queries (with the table's alias)
/// and in the same order as the arguments of its index in migration 0048, which the planner
/// must see again to use it.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    pub columns: &'a [&'a str],
}

impl Fields<'_> {
    /// The indexed expression: `search_bigrams(c1, c2, …)` (PostgreSQL).
    fn indexed(&self) -> String {
        format!("search_bigrams({})", self.columns.join(", "))
    }

    /// Appends ` AND (c1 contains word OR c2 contains word …)`.
    fn push_like(&self, w: &mut Query, backend: Backend, word: &str) {
        w.push(" AND (");
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                w.push(" OR ");
            }
            match backend {
                // SQLite's LIKE already ignores the case of ASCII letters, and only theirs.
                Backend::Sqlite => w.push_contains(column, word),
                Backend::Postgres => w.push_contains(&ascii_lower_sql(column), word),
            };
        }
        w.push(")");
    }
}

/// `translate(column, 'A…Z', 'a…z')`: ASCII letters in lower case, other characters as they
/// are (PostgreSQL's `lower` would also fold Cyrillic or Greek, which SQLite's LIKE does not).
fn ascii_lower_sql(column: &str) -> String {
    format!("translate({column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
}

/// Appends a condition for every word of `q`: each must occur in one of `fields`.
pub fn push_words(
    w: &mut Query,
    backend: Backend,
    fields: Fields<'_>,
    q: &str,
    lookup: WordLookup,
) {
    for word in words(q) {
        push_word(w, backend, fields, word, lookup);
    }
}

/// Appends the condition for one word (no whitespace in it).
pub fn push_word(
    w: &mut Query,
    backend: Backend,
    fields: Fields<'_>,
    word: &str,
    lookup: WordLookup,
) {
    let word = word.to_ascii_lowercase();
    if backend == Backend::Postgres && lookup == WordLookup::Index {
        w.push(" AND ")
            .push(&fields.indexed())
            .push(" @@ CAST(")
            .push_bind(tsquery(&word))
            .push(" AS tsquery)");
        // One or two characters: the index holds exactly the text's characters and pairs, so
        // a record it finds has the word. Longer words: having all the pairs is not enough
        // (草场 and 场纠 and 纠纷 may sit apart), LIKE decides on the few records found.
        if word.chars().count() <= 2 {
            return;
        }
    }
    fields.push_like(w, backend, &word);
}

/// The word as a text-search query on the pairs index (migration 0048): the character as a
/// prefix, the pair itself, or every distinct pair of a longer word. Each lexeme is quoted, so
/// every character in it is literal.
pub fn tsquery(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"));
    match chars.len() {
        0 => String::new(),
        1 => format!("{}:*", quote(word)),
        _ => {
            let mut pairs: Vec<String> = chars
                .windows(2)
                .map(|p| p.iter().collect::<String>())
                .collect();
            let mut seen = std::collections::HashSet::new();
            pairs.retain(|p| seen.insert(p.clone()));
            pairs
                .iter()
                .map(|p| quote(p))
                .collect::<Vec<_>>()
                .join(" & ")
        }
    }
}

/// What the PostgreSQL server's locale makes of Han characters, said once at start: pg_trgm
/// would split Han text into trigrams only where the locale classifies them as letters. fazhi's
/// own pairs index (migration 0048) works whatever the answer, so this is information for the
/// operator, not a switch.
pub async fn describe_backend(db: &Db) -> Result<Option<String>, StorageError> {
    if db.backend() != Backend::Postgres {
        return Ok(None);
    }
    #[derive(sqlx::FromRow)]
    struct Locale {
        ctype: String,
        han_is_letter: bool,
    }
    let l: Locale = Query::new(
        "SELECT CAST(current_setting('lc_ctype') AS TEXT) AS ctype, \
         ('调' ~ '^[[:alpha:]]$') AS han_is_letter",
    )
    .fetch_one(db)
    .await?;
    Ok(Some(if l.han_is_letter {
        format!(
            "PostgreSQL 区域设置 {}：汉字按字母处理（pg_trgm 可切分中文）；\
             检索使用本系统的双字索引（0048），一至四字以上的词都走索引",
            l.ctype
        )
    } else {
        format!(
            "PostgreSQL 区域设置 {}：汉字不按字母处理（pg_trgm 无法切分中文）；\
             检索使用本系统的双字索引（0048），不受区域设置影响",
            l.ctype
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_becomes_its_pairs_quoted() {
        assert_eq!(tsquery("王"), "'王':*");
        assert_eq!(tsquery("尔兰"), "'尔兰'");
        assert_eq!(tsquery("草场纠纷"), "'草场' & '场纠' & '纠纷'");
        // A repeated pair is asked for once; quotes and backslashes stay literal.
        assert_eq!(tsquery("哈哈哈"), "'哈哈'");
        assert_eq!(tsquery("a'\\"), "'a''' & '''\\\\'");
    }

    #[test]
    fn postgres_checks_long_words_with_like_and_short_ones_only_on_the_index() {
        let fields = Fields {
            columns: &["c.person", "c.topic"],
        };
        let mut w = Query::new("");
        push_word(&mut w, Backend::Postgres, fields, "王", WordLookup::Index);
        assert_eq!(
            w.sql(),
            " AND search_bigrams(c.person, c.topic) @@ CAST($1 AS tsquery)"
        );
        let mut w = Query::new("");
        push_word(&mut w, Backend::Postgres, fields, "ABC", WordLookup::Index);
        assert!(w
            .sql()
            .contains("@@ CAST($1 AS tsquery) AND (translate(c.person"));
        assert_eq!(w.args()[1], super::super::Value::from("abc"));
        let mut w = Query::new("");
        push_word(&mut w, Backend::Sqlite, fields, "王", WordLookup::Index);
        assert!(!w.sql().contains("search_bigrams"));
        let mut w = Query::new("");
        push_words(
            &mut w,
            Backend::Postgres,
            fields,
            "a b c d e f g",
            WordLookup::Scan,
        );
        assert_eq!(w.args().len(), 2 * MAX_WORDS, "five words, two fields each");
    }
}
