//! Figures of supervision items (issue #18 item 5) for the annual report's 一(四): suggestions
//! and proposals, 司法/检察建议, findings and media issues received in the year; those answered
//! (rectified), and those answered by their due date (the stored one: the rule's, the letter's
//! or the rectification notice's). A withdrawn item (作废) counts nowhere.

use fazhi_domain::report::Figures;
use fazhi_domain::supervision_item::keys as k;

use super::Contributed;
use crate::storage::{Db, Query, Scope};

#[derive(sqlx::FromRow)]
struct Counts {
    suggestions: i64,
    suggestions_answered: i64,
    suggestions_on_time: i64,
    suggestions_rated: i64,
    suggestions_satisfied: i64,
    letters: i64,
    letters_answered: i64,
    letters_on_time: i64,
    findings: i64,
    findings_rectified: i64,
    findings_on_time: i64,
    media: i64,
    media_answered: i64,
}

/// `COUNT` of the rows of `kinds` (a SQL list of codes) meeting `also` (or all of them).
fn count(kinds: &str, also: &str, name: &str) -> String {
    let also = if also.is_empty() {
        String::new()
    } else {
        format!(" AND {also}")
    };
    format!("COUNT(CASE WHEN kind IN ({kinds}){also} THEN 1 END) AS {name}")
}

pub async fn contribute(db: &Db, scope: &Scope, year: i32, f: &mut Figures) -> Contributed {
    // Dates compare as dates on PostgreSQL and as ISO text on SQLite: the same order. 满意 and
    // 基本满意 count as satisfied, as for complaints.
    let suggestions = "'deputy_suggestion', 'cppcc_proposal'";
    let letters = "'judicial_suggestion', 'procuratorial_suggestion'";
    let findings = "'audit_finding', 'supervision_finding'";
    let media = "'media_issue'";
    let replied_on_time = "replied_on IS NOT NULL AND (due_on IS NULL OR replied_on <= due_on)";
    let columns = [
        count(suggestions, "", "suggestions"),
        count(
            suggestions,
            "replied_on IS NOT NULL",
            "suggestions_answered",
        ),
        count(suggestions, replied_on_time, "suggestions_on_time"),
        count(suggestions, "satisfaction IS NOT NULL", "suggestions_rated"),
        count(
            suggestions,
            "satisfaction <> 'unsatisfied'",
            "suggestions_satisfied",
        ),
        count(letters, "", "letters"),
        count(letters, "replied_on IS NOT NULL", "letters_answered"),
        count(letters, replied_on_time, "letters_on_time"),
        count(findings, "", "findings"),
        count(findings, "rectified_on IS NOT NULL", "findings_rectified"),
        count(
            findings,
            "rectified_on IS NOT NULL AND (due_on IS NULL OR rectified_on <= due_on)",
            "findings_on_time",
        ),
        count(media, "", "media"),
        count(media, "replied_on IS NOT NULL", "media_answered"),
    ];
    let mut q = Query::new(format!(
        "SELECT {} FROM supervision_items WHERE withdrawn_at IS NULL AND year = ",
        columns.join(", ")
    ));
    q.push_bind(i64::from(year));
    scope.restrict(&mut q, "org_id");
    let c: Counts = q.fetch_one(db).await?;
    for (key, n) in [
        (k::SUGGESTIONS, c.suggestions),
        (k::SUGGESTIONS_ANSWERED, c.suggestions_answered),
        (k::SUGGESTIONS_ON_TIME, c.suggestions_on_time),
        (k::SUGGESTIONS_RATED, c.suggestions_rated),
        (k::SUGGESTIONS_SATISFIED, c.suggestions_satisfied),
        (k::LETTERS, c.letters),
        (k::LETTERS_ANSWERED, c.letters_answered),
        (k::LETTERS_ON_TIME, c.letters_on_time),
        (k::FINDINGS, c.findings),
        (k::FINDINGS_RECTIFIED, c.findings_rectified),
        (k::FINDINGS_ON_TIME, c.findings_on_time),
        (k::MEDIA, c.media),
        (k::MEDIA_ANSWERED, c.media_answered),
    ] {
        f.set(key, n);
    }
    Ok(())
}
