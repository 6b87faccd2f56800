use super::*;
use crate::report::{sentences, Figures, Part};

fn day(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

fn today() -> NaiveDate {
    "2025-12-31".parse().unwrap()
}

fn draft(kind: &str) -> ItemDraft {
    ItemDraft {
        kind: kind.into(),
        source: "张某某（镇人大代表）".into(),
        received_on: day("2025-03-05"),
        content: "关于改善村道照明的建议".into(),
        ..ItemDraft::default()
    }
}

#[test]
fn kinds_and_their_own_fields_are_checked() {
    let e = NewItem::parse(draft("petition"), today()).unwrap_err();
    assert!(e["kind"].contains("人大代表建议"), "{e:?}");
    // A satisfaction belongs to a suggestion, and only once it is answered.
    let mut d = draft("人大代表建议");
    d.satisfaction = "满意".into();
    assert!(NewItem::parse(d.clone(), today()).unwrap_err()["satisfaction"].contains("答复后"));
    d.replied_on = day("2025-05-20");
    d.reply = "已列入明年计划".into();
    let item = NewItem::parse(d.clone(), today()).unwrap();
    assert_eq!(item.satisfaction, Some(Satisfaction::Satisfied));
    d.kind = "media_issue".into();
    assert!(NewItem::parse(d, today()).unwrap_err()["satisfaction"].contains("仅适用于"));
    // A finding is rectified with measures and evidence.
    let mut f = draft("audit_finding");
    f.rectified_on = day("2025-06-01");
    assert!(NewItem::parse(f.clone(), today())
        .unwrap_err()
        .contains_key("measures"));
    f.measures = "补签合同并收回款项".into();
    f.evidence = "收款凭证.pdf".into();
    assert!(NewItem::parse(f.clone(), today()).is_ok());
    f.replied_on = day("2025-03-01");
    assert!(NewItem::parse(f, today()).unwrap_err()["replied_on"].contains("早于"));
}

#[test]
fn reply_dues_follow_the_rules_or_the_letter() {
    let cal = Calendar::shipped();
    let mut d = draft("deputy_suggestion");
    d.received_on = day("2025-03-05");
    let due = NewItem::parse(d.clone(), today())
        .unwrap()
        .due(&cal)
        .unwrap();
    // Three months from 5 March: 5 June 2025, a Thursday.
    assert_eq!(
        (due.rule, due.due),
        (DEPUTY_REPLY, "2025-06-05".parse().unwrap())
    );
    assert!(
        due.explanation
            .last()
            .unwrap()
            .starts_with("期限届满日：2025-06-05"),
        "{:?}",
        due.explanation
    );
    d.kind = "procuratorial_suggestion".into();
    let due = NewItem::parse(d.clone(), today())
        .unwrap()
        .due(&cal)
        .unwrap();
    assert_eq!(
        (due.rule, due.due),
        (PROCURATORIAL_REPLY, "2025-05-06".parse().unwrap())
    );
    d.letter_due_on = day("2025-04-30");
    let due = NewItem::parse(d.clone(), today())
        .unwrap()
        .due(&cal)
        .unwrap();
    assert_eq!(
        (due.rule, due.due),
        (LETTER_DUE, "2025-04-30".parse().unwrap())
    );
    d.kind = "media_issue".into();
    d.letter_due_on = None;
    assert_eq!(NewItem::parse(d, today()).unwrap().due(&cal), None);
}

#[test]
fn the_supervision_sentence_is_written_into_part_four_from_hand_counted_figures() {
    use keys as k;
    assert_eq!(SupervisionFigures::default().sentence(), None);
    let mut f = Figures::default();
    // 6 suggestions, 4 answered, 3 on time, 2 rated, both satisfied; 2 letters, both answered
    // on time; 3 findings, 2 rectified, 1 by the deadline; 1 media issue, answered.
    for (key, n) in [
        (k::SUGGESTIONS, 6),
        (k::SUGGESTIONS_ANSWERED, 4),
        (k::SUGGESTIONS_ON_TIME, 3),
        (k::SUGGESTIONS_RATED, 2),
        (k::SUGGESTIONS_SATISFIED, 2),
        (k::LETTERS, 2),
        (k::LETTERS_ANSWERED, 2),
        (k::LETTERS_ON_TIME, 2),
        (k::FINDINGS, 3),
        (k::FINDINGS_RECTIFIED, 2),
        (k::FINDINGS_ON_TIME, 1),
        (k::MEDIA, 1),
        (k::MEDIA_ANSWERED, 1),
    ] {
        f.set(key, n);
    }
    let part: Vec<String> = sentences(&f)
        .into_iter()
        .filter(|s| s.part == Part::Supervision)
        .map(|s| s.text)
        .collect();
    assert_eq!(
        part,
        ["办理人大代表建议、政协提案6件，已答复4件、按期答复率75.0%，代表委员满意率100.0%；收到司法建议、检察建议2件，已回复2件、按期回复率100.0%；审计、监察发现问题3个，已整改2个、按期整改率50.0%；调查处理媒体反映问题1件，已公开回应1件。"]
    );
}
