//! What an edit of a case may change (issue #13): the registration's fields and the parties at
//! any time, the texts a closing step wrote only where the case has them, and nothing a step
//! decides (its state, level and step dates). Once a case is concluded, what its closing step and
//! any signed agreement hold is final: changing it is a 更正 with a reason.

use super::{AgreementForm, Status, MAX_TEXT};

/// The texts a closing step wrote, as an edit gives them.
pub struct ClosingDraft<'a> {
    pub agreement_terms: &'a str,
    pub performance_terms: &'a str,
    pub responsibility: &'a str,
    pub outcome_reason: &'a str,
}

/// Checks an edit's closing texts against the case's state (`None` for a new case): a case has
/// only the texts its steps wrote (terms after 调解成功, a reason after 不予受理, 调解不成 or
/// 终止), and keeps those its step requires. Returns `(field, message)` for each problem.
pub fn check_closing(
    status: Option<Status>,
    form: AgreementForm,
    d: &ClosingDraft<'_>,
) -> Vec<(&'static str, String)> {
    let agreed = status == Some(Status::Succeeded);
    let reasoned = matches!(
        status,
        Some(Status::Rejected | Status::Failed | Status::Terminated)
    );
    let mut errors = Vec::new();
    for (field, label, text, has) in [
        ("agreement_terms", "协议内容", d.agreement_terms, agreed),
        (
            "performance_terms",
            "履行方式、地点和期限",
            d.performance_terms,
            agreed,
        ),
        ("responsibility", "各方责任", d.responsibility, agreed),
        ("outcome_reason", "理由", d.outcome_reason, reasoned),
    ] {
        let text = text.trim();
        if !has && !text.is_empty() {
            errors.push((
                field,
                format!("{label}由结案等办理步骤填写，本案目前没有此项"),
            ));
        } else if text.chars().count() > MAX_TEXT {
            errors.push((field, format!("{label}不能超过 {MAX_TEXT} 字，请精简")));
        }
    }
    let blank = |s: &str| s.trim().is_empty();
    if agreed && form != AgreementForm::NoAgreement && blank(d.agreement_terms) {
        errors.push((
            "agreement_terms",
            "请填写达成协议的内容（双方的权利义务）".to_owned(),
        ));
    }
    if agreed && form == AgreementForm::Written && blank(d.performance_terms) {
        errors.push((
            "performance_terms",
            "书面协议须写明履行方式、地点和期限".to_owned(),
        ));
    }
    if matches!(status, Some(Status::Rejected | Status::Terminated)) && blank(d.outcome_reason) {
        errors.push((
            "outcome_reason",
            "请填写不予受理或终止调解的理由".to_owned(),
        ));
    }
    errors
}

/// Whether the case's state makes its content final, so that an edit of it is a 更正 with a
/// reason: a concluded case (its closing step, and any agreement the parties signed, rest on it).
pub fn is_final(status: Status) -> bool {
    status.is_concluded()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft<'a>(terms: &'a str, performance: &'a str, reason: &'a str) -> ClosingDraft<'a> {
        ClosingDraft {
            agreement_terms: terms,
            performance_terms: performance,
            responsibility: "",
            outcome_reason: reason,
        }
    }

    #[test]
    fn a_case_has_only_the_texts_its_steps_wrote() {
        let fields =
            |e: Vec<(&'static str, String)>| e.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(
            fields(check_closing(
                None,
                AgreementForm::NoAgreement,
                &draft("x", "", "y")
            )),
            ["agreement_terms", "outcome_reason"]
        );
        let written = Some(Status::Succeeded);
        assert!(check_closing(
            written,
            AgreementForm::Written,
            &draft("还款", "十日内", "")
        )
        .is_empty());
        assert_eq!(
            fields(check_closing(
                written,
                AgreementForm::Written,
                &draft("还款", " ", "")
            )),
            ["performance_terms"]
        );
        assert_eq!(
            fields(check_closing(
                Some(Status::Terminated),
                AgreementForm::NoAgreement,
                &draft("", "", "")
            )),
            ["outcome_reason"]
        );
    }

    #[test]
    fn concluded_cases_are_final() {
        assert!(is_final(Status::Succeeded) && is_final(Status::Rejected));
        assert!(!is_final(Status::Mediating) && !is_final(Status::Registered));
    }
}
