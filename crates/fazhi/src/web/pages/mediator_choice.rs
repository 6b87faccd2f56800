//! The 调解员 of a case, chosen from the mediators register (人民调解法 第十三条: 人民调解员 are the
//! committee's members and the mediators it appoints): the forms offer the register's active
//! mediators as boxes to tick, and a 「其他（外聘）」 field for anyone from outside it. What is
//! posted is folded into the one `mediators` text the case keeps, so the API is unchanged.

use std::collections::BTreeMap;

use crate::app::App;
use crate::service::{mediators, Caller};

/// The boxes' field names (`mediator_pick_1`, …): one name each, so a map keeps them all.
const PICK: &str = "mediator_pick_";
const OUTSIDE: &str = "mediators_outside";

/// What a form shows of a case's mediators.
pub struct MediatorChoice {
    /// Every active mediator of the register the caller sees, and whether the case names them.
    pub registered: Vec<(String, bool)>,
    /// The names not on the register (外聘), as typed.
    pub outside: String,
}

/// The names in a `mediators` text (「、」, commas or spaces between them).
fn names(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The choice for a case whose mediators are `current`. Without a register (or the right to
/// read it) every name stands in the outside field, which then is the one text field.
pub async fn choice(app: &App, caller: &Caller, current: &str) -> MediatorChoice {
    let register: Vec<String> = match mediators::list(app, caller, None, false, false).await {
        Ok(rows) => rows.into_iter().map(|m| m.name).collect(),
        Err(_) => Vec::new(),
    };
    let named = names(current);
    let mut registered: Vec<(String, bool)> = Vec::new();
    for name in register {
        if !registered.iter().any(|(n, _)| *n == name) {
            let picked = named.contains(&name);
            registered.push((name, picked));
        }
    }
    let outside = named
        .iter()
        .filter(|n| !registered.iter().any(|(r, _)| r == *n))
        .cloned()
        .collect::<Vec<_>>()
        .join("、");
    MediatorChoice {
        registered,
        outside,
    }
}

/// Folds the ticked boxes and the outside field of a posted form into `mediators`. A form
/// without them (a client posting `mediators` itself) keeps what it sent.
pub fn fold(form: &mut BTreeMap<String, String>) {
    let picked: Vec<String> = form
        .keys()
        .filter(|k| k.starts_with(PICK))
        .cloned()
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|k| form.remove(&k))
        .collect();
    let outside = form.remove(OUTSIDE);
    if picked.is_empty() && outside.is_none() {
        return;
    }
    let mut all: Vec<String> = Vec::new();
    for name in picked
        .iter()
        .flat_map(|p| names(p))
        .chain(outside.iter().flat_map(|o| names(o)))
    {
        if !all.contains(&name) {
            all.push(name);
        }
    }
    form.insert("mediators".to_owned(), all.join("、"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_and_outside_names_become_one_text() {
        let mut form: BTreeMap<String, String> = [
            ("mediator_pick_2", "李梅"),
            ("mediator_pick_1", "王强"),
            ("mediators_outside", "赵律师，王强"),
            ("place", "调解室"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        fold(&mut form);
        assert_eq!(form["mediators"], "王强、李梅、赵律师");
        assert!(!form.keys().any(|k| k.starts_with(PICK) || k == OUTSIDE));
        let mut sent: BTreeMap<String, String> =
            [("mediators".to_owned(), "张三".to_owned())].into();
        fold(&mut sent);
        assert_eq!(
            sent["mediators"], "张三",
            "a form without the boxes keeps its text"
        );
    }
}
