//! Word search in the registers' lists, one behaviour on both backends (issue #20 item 1).
//!
//! A search is up to five words; a record matches when every word occurs in one of the
//! register's searched fields, as a substring, ASCII letters in either case (SQLite's LIKE
//! semantics, which the trigram table of migration 0008 shares).
//!
//! How a word is found differs by backend, never what it finds:
//! - PostgreSQL: the GIN index of the fields' character pairs (migration 0048,
//!   `search_bigrams(…)`): a one-character word by prefix, a two-character word by its pair, a
//!   longer one by all its pairs and then LIKE on the few records that have them all. The
//!   records a large import queued for the index (migration 0061) are found by LIKE until
//!   [`index_queued_words`] has moved them in.
//! - SQLite: the disputes' trigram table for words of three characters or more (the caller's
//!   own, storage/disputes.rs); LIKE otherwise.
//!
//! tests/it/search_parity.rs runs the same searches on both backends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    /// The column marking records a large import left out of the index until
    /// [`index_queued_words`] has moved them in (migration 0061), if the register has a queue.
    pub queue: Option<&'a str>,
}

impl Fields<'_> {
    /// The indexed expression: `search_bigrams(c1, c2, …)` (PostgreSQL).
    fn indexed(&self) -> String {
        format!("search_bigrams({})", self.columns.join(", "))
    }

    /// Appends ` AND (c1 contains word OR c2 contains word …)`; with `only_queued`, the test
    /// applies to the queued records alone (the index has decided for the others).
    fn push_like(
        &self,
        w: &mut Query,
        backend: Backend,
        word: &str,
        lookup: WordLookup,
        only_queued: Option<&str>,
    ) {
        w.push(" AND (");
        if let Some(queue) = only_queued {
            w.push("NOT ").push(queue).push(" OR ");
        }
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                w.push(" OR ");
            }
            // Folding the field's letters changes what it matches only if the word has letters
            // (a Chinese word never does); folding costs more than the comparison.
            let folded = if word.bytes().any(|b| b.is_ascii_alphabetic()) {
                ascii_lower_sql(column)
            } else {
                (*column).to_owned()
            };
            match (backend, lookup) {
                // SQLite's LIKE already ignores the case of ASCII letters, and only theirs.
                (Backend::Sqlite, _) => w.push_contains(column, word),
                (Backend::Postgres, WordLookup::Index) => w.push_contains(&folded, word),
                // The same test as LIKE '%word%', which the planner rates as matching one
                // record in two hundred: for a word in thousands of cases it would then read
                // every case and sort the matches (488 ms at 100,000 cases for 草场纠纷) rather
                // than walk the date index and stop after a page. An inequality on an
                // expression is rated a third, and the walk is chosen (tests/it/search_plans.rs).
                (Backend::Postgres, WordLookup::Scan) => w
                    .push("strpos(")
                    .push(&folded)
                    .push(", ")
                    .push_bind(word)
                    .push(") > 0"),
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
    shares: &PairShares,
) {
    for word in words(q) {
        push_word(w, backend, fields, word, lookup, shares);
    }
}

/// Appends the condition for one word (no whitespace in it).
pub fn push_word(
    w: &mut Query,
    backend: Backend,
    fields: Fields<'_>,
    word: &str,
    lookup: WordLookup,
    shares: &PairShares,
) {
    let word = word.to_ascii_lowercase();
    if backend == Backend::Postgres && lookup == WordLookup::Index {
        let found = format!("{} @@ CAST(", fields.indexed());
        match fields.queue {
            None => {
                w.push(" AND ").push(&found);
            }
            // The queued records are not in the index (its predicate, migration 0061): the
            // condition is exactly what a BitmapOr of the index and the queue's index proves,
            // so PostgreSQL does not evaluate the pairs again on every record it reads.
            Some(queue) => {
                w.push(" AND ((NOT ").push(queue).push(" AND ").push(&found);
            }
        }
        w.push_bind(tsquery(&word, shares)).push(" AS tsquery)");
        if let Some(queue) = fields.queue {
            w.push(") OR ").push(queue).push(")");
        }
        // One or two characters: the index holds exactly the text's characters and pairs, so
        // a record it finds has the word; LIKE decides for the queued ones. Longer words:
        // having all the pairs is not enough (草场 and 场纠 and 纠纷 may sit apart), LIKE
        // decides on the few records found.
        if word.chars().count() <= 2 {
            if let Some(queue) = fields.queue {
                fields.push_like(w, backend, &word, lookup, Some(queue));
            }
            return;
        }
    }
    fields.push_like(w, backend, &word, lookup, None);
}

/// The word as a text-search query on the pairs index (migration 0048): the character as a
/// prefix, the pair itself, or for a longer word its rare [`digit_runs`] alone if it has any,
/// else its distinct pairs and runs less those in more than [`COMMON_SHARE`] of the records
/// while a rarer one remains. Each lexeme is quoted, so every character in it is literal.
pub fn tsquery(word: &str, shares: &PairShares) -> String {
    let chars: Vec<char> = word.chars().collect();
    let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"));
    match chars.len() {
        0 => String::new(),
        1 => format!("{}:*", quote(word)),
        _ => {
            // A run the statistics do not list is in few records (a case number's 777: one
            // case), and reading the pairs beside it cost more than it saved: 0.35 ms of index
            // for 〕7, 77 and 7号 against 0.01 ms for 777 alone, at 100,000 cases.
            let runs: Vec<&str> = digit_runs(word).collect();
            let rare_runs: Vec<String> = runs
                .iter()
                .filter(|run| !shares.lists(run))
                .map(|run| quote(run))
                .collect();
            if !rare_runs.is_empty() {
                return rare_runs.join(" & ");
            }
            let mut pairs: Vec<String> = chars
                .windows(2)
                .map(|p| p.iter().collect::<String>())
                .collect();
            pairs.extend(runs.into_iter().map(str::to_owned));
            let mut seen = std::collections::HashSet::new();
            pairs.retain(|p| seen.insert(p.clone()));
            // LIKE checks a longer word on the records found (push_word), so any of its pairs
            // finds a superset: the rarest is enough, the common ones only cost reading.
            let rarest = pairs
                .iter()
                .min_by(|a, b| shares.share(a).total_cmp(&shares.share(b)))
                .cloned();
            pairs.retain(|p| shares.share(p) <= COMMON_SHARE);
            if pairs.is_empty() {
                pairs.extend(rarest);
            }
            pairs
                .iter()
                .map(|p| quote(p))
                .collect::<Vec<_>>()
                .join(" & ")
        }
    }
}

/// The runs of ASCII digits in `word` that the pairs index holds as lexemes of their own
/// (migration 0064): three to [`MAX_DIGIT_RUN`] digits with another character on both sides
/// within the word. Such a run is a maximal run of every field that contains the word, so a
/// record without its lexeme cannot match: 〔2023〕777号 is looked up by '777' (one case) rather
/// than by 〕7, 77 and 7号 alone (211 cases at 100,000). A run at the word's edge may continue
/// in the field (777号 is in 1777号) and is not used.
pub fn digit_runs(word: &str) -> impl Iterator<Item = &str> {
    let mut runs = word.split(|c: char| !c.is_ascii_digit());
    // The first and last pieces touch the word's edges (or are empty).
    runs.next();
    runs.next_back();
    runs.filter(|run| (3..=MAX_DIGIT_RUN).contains(&run.len()))
}

/// The longest run of digits the pairs index holds as one lexeme (migration 0064): longer than
/// any identifier, far below a lexeme's 2,047 bytes.
const MAX_DIGIT_RUN: usize = 24;

/// A pair in more than this share of a register's records is left out of a longer word's
/// lookup: its list in the index names most records and narrows little, and reading it costs
/// more than checking the few more records it would have excluded. 〔2023〕777号 has five pairs
/// and a run (2023) found in every case number (〔2, 20, 02, 23, 3〕); without the pairs the
/// lookup took 1.8 ms instead of 10.6 ms at 100,000 cases, and its run 777 keeps the records
/// LIKE reads to one (docs/scaling.md).
pub const COMMON_SHARE: f32 = 0.5;

/// How often pairs occur in a register's records: PostgreSQL's statistics of its pairs index
/// (the most common elements of the indexed tsvector and their shares, kept by ANALYZE). A pair
/// not among them is rare.
#[derive(Clone, Debug, Default)]
pub struct PairShares(HashMap<String, f32>);

impl PairShares {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, f32)>) -> PairShares {
        PairShares(pairs.into_iter().collect())
    }

    fn share(&self, pair: &str) -> f32 {
        self.0.get(pair).copied().unwrap_or(0.0)
    }

    /// Whether the statistics name `lexeme` among the common ones.
    fn lists(&self, lexeme: &str) -> bool {
        self.0.contains_key(lexeme)
    }
}

/// Statistics change only when the table is analysed (after an import, or by autovacuum):
/// read them again at most this often.
const SHARES_KEPT_FOR: Duration = Duration::from_secs(300);

/// The pair shares of each pairs index, as last read. Bounded: one entry per index of
/// migration 0048, each as long as the server's statistics target allows.
#[derive(Default)]
pub struct PairSharesCache(Mutex<HashMap<&'static str, (Instant, Arc<PairShares>)>>);

/// The pair shares of `index` (PostgreSQL; empty on SQLite, which has no pairs index).
pub async fn pair_shares(db: &Db, index: &'static str) -> Result<Arc<PairShares>, StorageError> {
    if db.backend() != Backend::Postgres {
        return Ok(Arc::default());
    }
    let cache = &db.pair_shares_cache().0;
    if let Some((read_at, shares)) = cache.lock().expect("cache lock").get(index) {
        if read_at.elapsed() < SHARES_KEPT_FOR {
            return Ok(shares.clone());
        }
    }
    #[derive(sqlx::FromRow)]
    struct Share {
        pair: String,
        share: f32,
    }
    let rows: Vec<Share> = Query::new(
        "SELECT u.pair, u.share FROM pg_stats s, \
         unnest(CAST(CAST(s.most_common_elems AS TEXT) AS TEXT[]), s.most_common_elem_freqs) \
         AS u(pair, share) \
         WHERE s.schemaname = current_schema() AND s.tablename = $1 AND u.pair IS NOT NULL",
    )
    .bind(index)
    .fetch_all(db)
    .await?;
    let shares = Arc::new(PairShares::from_pairs(
        rows.into_iter().map(|r| (r.pair, r.share)),
    ));
    cache
        .lock()
        .expect("cache lock")
        .insert(index, (Instant::now(), shares.clone()));
    Ok(shares)
}

/// A pairs index of migration 0048: its table, its name and, where a large import may leave
/// records out of it for later (migration 0061), the column that marks them.
struct PairsIndex {
    table: &'static str,
    index: &'static str,
    queue: Option<&'static str>,
}

const PAIRS_INDEXES: &[PairsIndex] = &[
    PairsIndex {
        table: "disputes",
        index: "disputes_words_idx",
        queue: Some("words_queued"),
    },
    PairsIndex {
        table: "consultations",
        index: "consultations_words_idx",
        queue: None,
    },
];

/// The pairs index of `table`, if it has one.
fn pairs_index(table: &str) -> Option<&'static PairsIndex> {
    PAIRS_INDEXES.iter().find(|p| p.table == table)
}

/// Records moved into a pairs index per transaction. A batch holds its records' row locks (an
/// edit of one of them waits) for about 0.15 s; each one bumps the register's
/// version, which only makes cached totals count again.
const QUEUE_BATCH: i64 = 2_000;

/// Moves the records of `table` that a large import queued (migration 0061) into its pairs
/// index, a batch per transaction, then vacuums (which merges the index's pending list) and
/// analyses the table: how many were moved.
/// Records another writer holds are skipped and left for the next call; whether they are
/// queued or indexed, a search finds them (`push_word`).
pub async fn index_queued_words(db: &Db, table: &str) -> Result<u64, StorageError> {
    if db.backend() != Backend::Postgres {
        return Ok(0);
    }
    let Some(queue) = pairs_index(table).and_then(|p| p.queue) else {
        return Ok(0);
    };
    let mut moved = 0;
    loop {
        let batch = Query::new(format!(
            "UPDATE {table} SET {queue} = FALSE WHERE id IN (SELECT id FROM {table} \
             WHERE {queue} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
        ))
        .bind(QUEUE_BATCH)
        .execute(db)
        .await?;
        if batch == 0 {
            break;
        }
        moved += batch;
    }
    if moved > 0 {
        // Each moved record left a dead version behind, and the queue's index an entry for it
        // that every search read through (a case number: 6.5 ms rather than 2). And the
        // statistics the import left say every new record is queued: planned from them, a
        // case-number search read the queue instead of the index (110 ms). VACUUM also merges
        // the pairs index's pending list (what merge_pending_pairs does alone). Only the
        // table's owner may; for another role autovacuum does all of it, PostgreSQL only warns.
        Query::new(format!("VACUUM (ANALYZE) {table}"))
            .execute(db)
            .await?;
    }
    Ok(moved)
}

/// After a bulk write to `table` (PostgreSQL): moves the entries its pairs index holds in GIN's
/// pending list (which every search reads through row by row) into the index proper, as
/// autovacuum would later. Right after a 100,000-case import the list held 342 pages and a
/// case-number search took 7.3 ms; merged, 2.0 ms. Only the index's owner may ask: for another
/// role autovacuum does it, so a refusal is logged, not an error.
pub async fn merge_pending_pairs(db: &Db, table: &str) -> Result<(), StorageError> {
    if db.backend() != Backend::Postgres {
        return Ok(());
    }
    let Some(index) = pairs_index(table).map(|p| p.index) else {
        return Ok(());
    };
    let merged = Query::new("SELECT CAST(gin_clean_pending_list(CAST($1 AS regclass)) AS BIGINT)")
        .bind(index)
        .fetch_scalar::<i64>(db)
        .await;
    if let Err(e) = merged {
        tracing::warn!(index, error = %e, "检索索引的待合并列表未能合并，将由自动清理完成");
    }
    Ok(())
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
        let none = PairShares::default();
        assert_eq!(tsquery("王", &none), "'王':*");
        assert_eq!(tsquery("尔兰", &none), "'尔兰'");
        assert_eq!(tsquery("草场纠纷", &none), "'草场' & '场纠' & '纠纷'");
        // A repeated pair is asked for once; quotes and backslashes stay literal.
        assert_eq!(tsquery("哈哈哈", &none), "'哈哈'");
        assert_eq!(tsquery("a'\\", &none), "'a''' & '''\\\\'");
    }

    #[test]
    fn common_pairs_are_left_out_while_a_rarer_one_remains() {
        let shares = PairShares::from_pairs(
            ["〔2", "20", "02", "23", "3〕", "2023", "纠纷"]
                .map(|p| (p.to_owned(), 1.0))
                .into_iter()
                .chain([("草场".to_owned(), 0.2), ("77".to_owned(), 0.05)]),
        );
        assert_eq!(tsquery("〔2023〕777号", &shares), "'777'");
        assert_eq!(tsquery("场纠纷", &shares), "'场纠'");
        assert_eq!(tsquery("草场纠纷", &shares), "'草场' & '场纠'");
        // Every pair common: the first of the rarest alone still finds every record with the
        // word (LIKE decides).
        assert_eq!(tsquery("2023", &shares), "'20'");
        assert_eq!(tsquery("〔20", &shares), "'〔2'");
        // A two-character word is its one pair, however common; one character, its prefix.
        assert_eq!(tsquery("纠纷", &shares), "'纠纷'");
        assert_eq!(tsquery("2", &shares), "'2':*");
    }

    #[test]
    fn only_runs_of_digits_inside_a_word_are_looked_up_as_runs() {
        fn runs(word: &str) -> Vec<&str> {
            digit_runs(word).collect()
        }
        assert_eq!(runs("基准镇调〔2023〕777号"), ["2023", "777"]);
        // At an edge the run may go on in the field; two digits are a pair already.
        assert_eq!(runs("〔2023〕777"), ["2023"]);
        assert!(runs("777号").is_empty());
        assert!(runs("2023").is_empty());
        assert!(runs("第12号").is_empty());
        // Longer than the index keeps as one lexeme (migration 0064).
        let long = format!("第{}号", "1".repeat(25));
        assert!(runs(&long).is_empty());
        assert_eq!(runs(&format!("第{}号", "1".repeat(24))).len(), 1);
        // A common run is left out while a rarer lexeme remains, as a common pair is; a rare
        // one is the lookup alone (also common_pairs_are_left_out_while_a_rarer_one_remains).
        let shares = PairShares::from_pairs([("2023".to_owned(), 1.0)]);
        assert_eq!(
            tsquery("调〔2023〕", &shares),
            "'调〔' & '〔2' & '20' & '02' & '23' & '3〕'"
        );
        let shares = PairShares::from_pairs(
            ["调〔", "〔2", "20", "02", "23", "3〕"].map(|p| (p.to_owned(), 1.0)),
        );
        assert_eq!(tsquery("调〔2023〕", &shares), "'2023'");
    }

    /// Two searched fields, as the consultations register has them.
    const FIELDS: Fields<'static> = Fields {
        columns: &["c.person", "c.topic"],
        queue: None,
    };

    /// The condition written for one word on [`FIELDS`], without pair statistics.
    fn condition(backend: Backend, word: &str, lookup: WordLookup) -> Query {
        condition_on(FIELDS, backend, word, lookup)
    }

    fn condition_on(fields: Fields<'_>, backend: Backend, word: &str, lookup: WordLookup) -> Query {
        let mut w = Query::new("");
        push_word(
            &mut w,
            backend,
            fields,
            word,
            lookup,
            &PairShares::default(),
        );
        w
    }

    #[test]
    fn queued_records_are_found_by_like_and_the_others_by_the_index() {
        let queued = Fields {
            queue: Some("c.queued"),
            ..FIELDS
        };
        let short = condition_on(queued, Backend::Postgres, "王", WordLookup::Index);
        let long = condition_on(queued, Backend::Postgres, "王小二", WordLookup::Index);
        let index = " AND ((NOT c.queued AND search_bigrams(c.person, c.topic) @@ CAST($1 AS \
                     tsquery)) OR c.queued) AND (";
        // A short word: the index decides for the indexed records, LIKE for the queued only.
        assert!(
            short
                .sql()
                .starts_with(&format!("{index}NOT c.queued OR c.person LIKE")),
            "{}",
            short.sql()
        );
        // A longer word: LIKE decides for every record the index or the queue let through.
        assert!(
            long.sql().starts_with(&format!("{index}c.person LIKE")),
            "{}",
            long.sql()
        );
        // A walk and SQLite never read the index, so the queue changes nothing for them.
        for (backend, lookup) in [
            (Backend::Postgres, WordLookup::Scan),
            (Backend::Sqlite, WordLookup::Index),
        ] {
            assert_eq!(
                condition_on(queued, backend, "王", lookup).sql(),
                condition(backend, "王", lookup).sql()
            );
        }
    }

    #[test]
    fn postgres_checks_long_words_with_like_and_short_ones_only_on_the_index() {
        let w = condition(Backend::Postgres, "王", WordLookup::Index);
        assert_eq!(
            w.sql(),
            " AND search_bigrams(c.person, c.topic) @@ CAST($1 AS tsquery)"
        );
        let w = condition(Backend::Postgres, "ABC", WordLookup::Index);
        assert!(w
            .sql()
            .contains("@@ CAST($1 AS tsquery) AND (translate(c.person"));
        assert_eq!(w.args()[1], super::super::Value::from("abc"));
        let w = condition(Backend::Sqlite, "王", WordLookup::Index);
        assert!(!w.sql().contains("search_bigrams"));
        let mut w = Query::new("");
        push_words(
            &mut w,
            Backend::Postgres,
            FIELDS,
            "a b c d e f g",
            WordLookup::Scan,
            &PairShares::default(),
        );
        assert_eq!(w.args().len(), 2 * MAX_WORDS, "five words, two fields each");
    }

    #[test]
    fn a_word_without_letters_compares_the_fields_unfolded_and_a_walk_uses_strpos() {
        let w = condition(Backend::Postgres, "草场纠纷", WordLookup::Index);
        assert!(w.sql().contains("AND (c.person LIKE"), "{}", w.sql());
        assert!(!w.sql().contains("translate"));
        let w = condition(Backend::Postgres, "草场纠纷", WordLookup::Scan);
        assert_eq!(
            w.sql(),
            " AND (strpos(c.person, $1) > 0 OR strpos(c.topic, $2) > 0)"
        );
        let w = condition(Backend::Postgres, "Wang", WordLookup::Scan);
        assert!(w.sql().starts_with(" AND (strpos(translate(c.person"));
        assert_eq!(w.args()[0], super::super::Value::from("wang"));
    }
}
