//! Text fields taken exactly as the OpenAPI document describes them, where
//! the dashboard's forms forgive: a form trims the spaces a person typed by
//! mistake; a program means what it sends. So a value the document calls
//! valid is taken and one it calls invalid is refused, as schemathesis
//! checks both ways. The patterns in the handlers' schemas say the same as
//! these functions:
//!
//! - a line: `^[^\s\u0000-\u001f\u007f-\u009f]([^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f])?$`
//!   (with `(…)?` around it when it may be empty);
//! - lines (Markdown): `^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$`.

/// What a text field may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// One line: no control characters, no spaces at either end.
    Line,
    /// Markdown: new lines and tabs, but no other control characters.
    Lines,
}

/// Why `value` is not as described (a `Text` of at most `max` characters,
/// counted as sent), or `None` when it is.
pub fn not_as_described(value: &str, text: Text, max: usize) -> Option<String> {
    let unwanted = |c: char| match text {
        Text::Line => c.is_control(),
        Text::Lines => c.is_control() && !matches!(c, '\t' | '\n' | '\r'),
    };
    if value.chars().any(unwanted) {
        Some(
            match text {
                Text::Line => "Control characters (such as a tab or a new line) are not taken.",
                Text::Lines => "Control characters other than tabs and new lines are not taken.",
            }
            .to_owned(),
        )
    } else if text == Text::Line && value.trim() != value {
        Some("Leave no spaces at the start or the end.".to_owned())
    } else if value.chars().count() > max {
        Some(format!("Keep it to {max} characters."))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_line_without_edge_spaces() {
        assert_eq!(not_as_described("Cebu City", Text::Line, 80), None);
        assert!(not_as_described(" Cebu", Text::Line, 80).is_some());
        assert!(not_as_described("Cebu\nCity", Text::Line, 80).is_some());
        assert!(not_as_described("Cebu", Text::Line, 3).is_some());
    }

    #[test]
    fn lines_keep_new_lines_and_tabs_only() {
        assert_eq!(
            not_as_described(" 1. Identity\n\t2. Detection\r\n", Text::Lines, 80),
            None
        );
        assert!(not_as_described("bell\u{7}", Text::Lines, 80).is_some());
        assert!(not_as_described("\u{85}", Text::Lines, 80).is_some());
    }
}
