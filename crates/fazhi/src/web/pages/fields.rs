//! A register's form fields described in Rust and drawn by one template (`kit/fields.html`):
//! a new register lists its fields instead of writing a field partial of its own. Registration
//! and the 编辑 page draw the same list, so they cannot drift apart.

use std::collections::BTreeMap;

use askama::Template;

/// How a field is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    /// A date: the numeric keyboard on a phone.
    Date,
    /// An amount or a count.
    Number,
    /// Several lines of text, the full width of the form.
    Area,
    /// One of a code list: a select box.
    Choice,
}

/// One field of a form: its name in the input, its Chinese label, and what was typed.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// A short note after the label: the format, e.g. 如 2024-03-05.
    pub hint: &'static str,
    pub placeholder: &'static str,
    pub value: String,
    pub required: bool,
    pub wide: bool,
    /// A choice's `(code, label)` options.
    pub options: Vec<(&'static str, &'static str)>,
    kind: Kind,
}

impl Field {
    pub fn text(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            name,
            label,
            hint: "",
            placeholder: "",
            value: value.to_owned(),
            required: false,
            wide: false,
            options: Vec::new(),
            kind: Kind::Text,
        }
    }

    /// One of `options` (`(code, label)`); the stored value may be either.
    pub fn choice(
        name: &'static str,
        label: &'static str,
        value: &str,
        options: Vec<(&'static str, &'static str)>,
    ) -> Field {
        Field {
            kind: Kind::Choice,
            options,
            ..Field::text(name, label, value)
        }
    }

    pub fn date(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            hint: "如 2024-03-05",
            kind: Kind::Date,
            ..Field::text(name, label, value)
        }
    }

    pub fn number(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            kind: Kind::Number,
            ..Field::text(name, label, value)
        }
    }

    pub fn area(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            kind: Kind::Area,
            wide: true,
            ..Field::text(name, label, value)
        }
    }

    pub fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    pub fn wide(self) -> Field {
        Field { wide: true, ..self }
    }

    pub fn hint(self, hint: &'static str) -> Field {
        Field { hint, ..self }
    }

    pub fn placeholder(self, placeholder: &'static str) -> Field {
        Field {
            placeholder,
            ..self
        }
    }

    pub fn is_area(&self) -> bool {
        self.kind == Kind::Area
    }

    pub fn is_choice(&self) -> bool {
        self.kind == Kind::Choice
    }

    /// Whether `option` (a code) is the value on file or typed (by code or label).
    pub fn is_chosen(&self, option: &(&str, &str)) -> bool {
        let v = self.value.trim();
        v == option.0 || v == option.1
    }

    /// The phone keyboard the field wants.
    pub fn inputmode(&self) -> &'static str {
        match self.kind {
            Kind::Date => "numeric",
            Kind::Number => "decimal",
            Kind::Text | Kind::Area | Kind::Choice => "text",
        }
    }
}

/// The fields, filled with what is on file or was typed, with their errors.
#[derive(Template)]
#[template(path = "kit/fields.html")]
pub struct Fields<'a> {
    pub fields: &'a [Field],
    pub errors: &'a BTreeMap<String, String>,
}

impl Fields<'_> {
    fn error(&self, f: &Field) -> Option<&str> {
        self.errors.get(f.name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_drawn_escaped_with_their_errors() {
        let fields = [
            Field::date("signed_on", "签订日期", "2024-03-05").required(),
            Field::area("performance", "履行情况", "<b>按期</b>"),
        ];
        let errors = BTreeMap::from([("signed_on".to_owned(), "日期不对".to_owned())]);
        let html = Fields {
            fields: &fields,
            errors: &errors,
        }
        .render()
        .unwrap();
        assert!(
            html.contains(r#"name="signed_on" value="2024-03-05""#),
            "{html}"
        );
        assert!(html.contains("签订日期 *"), "{html}");
        assert!(
            html.contains(r#"<p class="field-error">日期不对</p>"#),
            "{html}"
        );
        assert!(
            html.contains("&#60;b&#62;按期") || html.contains("&lt;b&gt;按期"),
            "{html}"
        );
        assert!(html.contains("<textarea"), "{html}");
    }
}
