//! The lines of a YAML file as the edit layer sees them: blank, comment, document separator or
//! content, with the column content starts at, and the pieces of a `key: value` or `- item`
//! line (where the key ends, where the value text starts and ends, where an end-of-line
//! comment starts).

/// One line of the source.
#[derive(Clone, Debug)]
pub(super) struct Line<'a> {
    /// The whole line, line break included.
    pub(super) raw: &'a str,
    /// The line without its line break (`\n` or `\r\n`).
    pub(super) text: &'a str,
    /// What the line is.
    pub(super) class: Class,
    /// Column (bytes; YAML indentation is spaces) of the first character that is not a space.
    pub(super) indent: usize,
}

/// What a line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// Nothing but spaces.
    Blank,
    /// A comment and nothing else.
    Comment,
    /// `---` (a document start), possibly followed by a comment.
    Separator,
    /// `...` (a document end) or a directive (`%YAML`): the layer does not edit files with these.
    Unsupported,
    /// Anything else.
    Content,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let text = raw
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(raw);
        let trimmed = text.trim_start_matches(' ');
        let indent = text.len() - trimmed.len();
        let class = if trimmed.trim().is_empty() {
            Class::Blank
        } else if trimmed.starts_with('#') {
            Class::Comment
        } else if indent == 0 && is_marker(text, "---") {
            Class::Separator
        } else if indent == 0 && (is_marker(text, "...") || text.starts_with('%')) {
            Class::Unsupported
        } else {
            Class::Content
        };
        Line {
            raw,
            text,
            class,
            indent,
        }
    }

    /// The line's comment (from `#`, trailing spaces trimmed): a whole comment line, or the
    /// end-of-line comment of a content or `---` line.
    pub(super) fn comment(&self) -> Option<&'a str> {
        match self.class {
            Class::Comment => Some(self.text.trim()),
            Class::Content | Class::Separator => {
                comment_start(self.text, self.indent).map(|c| self.text[c..].trim_end())
            }
            _ => None,
        }
    }

    /// True for a content line whose first token is a sequence dash.
    pub(super) fn is_dash(&self) -> bool {
        self.class == Class::Content && is_dash_at(self.text, self.indent)
    }
}

/// True when `text` at byte `at` is `-` followed by a space or the end of the line.
pub(super) fn is_dash_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    rest.starts_with('-') && (rest.len() == 1 || rest[1..].starts_with(' '))
}

fn is_marker(text: &str, marker: &str) -> bool {
    text.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Splits `text` into lines, each keeping its line break.
pub(super) fn split(text: &str) -> Vec<Line<'_>> {
    text.split_inclusive('\n').map(Line::new).collect()
}

/// Where the comment of a line starts (the `#`), outside quotes; `None` when it has none.
/// `from` is where to start looking (a `#` must follow a space or start the line).
pub(super) fn comment_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'\'') => {
                if b == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
            }
            Some(_) => {
                if b == b'\\' {
                    i += 1;
                } else if b == b'"' {
                    quote = None;
                }
            }
            None => {
                if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
                    return Some(i);
                }
                // A quote opens a quoted scalar only where a scalar starts.
                if (b == b'"' || b == b'\'')
                    && (i == from
                        || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b':' | b'-'))
                {
                    quote = Some(b);
                }
            }
        }
        i += 1;
    }
    None
}

/// The parts of a `key: value` entry that starts at byte `at` of `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct KeyLine {
    /// The key, unquoted.
    pub(super) key: String,
    /// Byte range of the value text on this line (empty when the value is on the next lines),
    /// without the end-of-line comment and the spaces before it.
    pub(super) value: std::ops::Range<usize>,
}

/// Reads the key of a block mapping entry starting at byte `at`: a plain key followed by `:`
/// and a space or the end of the line, or a quoted key. `None` for anything else (a complex
/// key, a flow collection, ...).
pub(super) fn key_line(text: &str, at: usize) -> Option<KeyLine> {
    let rest = &text[at..];
    let (key, after_key) = match rest.as_bytes().first()? {
        b'"' => {
            let end = closing_double(rest)?;
            let key: String = serde_json::from_str(&rest[..=end]).ok()?;
            (key, at + end + 1)
        }
        b'\'' => {
            let mut i = 1;
            let b = rest.as_bytes();
            loop {
                match b.get(i)? {
                    b'\'' if b.get(i + 1) == Some(&b'\'') => i += 2,
                    b'\'' => break,
                    _ => i += 1,
                }
            }
            (rest[1..i].replace("''", "'"), at + i + 1)
        }
        b'-' | b'?' | b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'#' | b'%' | b'@'
        | b'`' => return None,
        _ => {
            let mut colon = None;
            let bytes = rest.as_bytes();
            for i in 0..bytes.len() {
                if bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
                    colon = Some(i);
                    break;
                }
                if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
                    return None;
                }
            }
            let c = colon?;
            let key = rest[..c].trim_end();
            if key.is_empty() {
                return None;
            }
            (key.to_owned(), at + c)
        }
    };
    let rest = &text[after_key..];
    let rest_trim = rest.trim_start_matches(' ');
    if !rest_trim.starts_with(':') {
        return None;
    }
    let colon = after_key + (rest.len() - rest_trim.len());
    let after_colon = &text[colon + 1..];
    if !(after_colon.is_empty() || after_colon.starts_with(' ')) {
        return None;
    }
    let value_start = colon + 1 + (after_colon.len() - after_colon.trim_start_matches(' ').len());
    let value_end = comment_start(text, value_start)
        .unwrap_or(text.len())
        .max(value_start);
    let value_end = value_start + text[value_start..value_end].trim_end().len();
    Some(KeyLine {
        key,
        value: value_start..value_end,
    })
}

/// Index of the closing `"` of a double-quoted scalar that starts `s`.
fn closing_double(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The byte range of an item's inline text: after `- ` at `dash`, up to an end-of-line comment.
pub(super) fn item_text(text: &str, dash: usize) -> std::ops::Range<usize> {
    let after = dash + 1;
    let start = after + (text[after..].len() - text[after..].trim_start_matches(' ').len());
    let end = comment_start(text, start).unwrap_or(text.len()).max(start);
    start..start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified() {
        let l = split("a: 1\n\n  # c\n---\n- x\n...\n");
        let classes: Vec<Class> = l.iter().map(|l| l.class).collect();
        assert_eq!(
            classes,
            [
                Class::Content,
                Class::Blank,
                Class::Comment,
                Class::Separator,
                Class::Content,
                Class::Unsupported
            ]
        );
        assert_eq!(l[2].indent, 2);
        assert!(l[4].is_dash());
        assert!(!l[0].is_dash());
    }

    #[test]
    fn comments_outside_quotes() {
        assert_eq!(comment_start("a: b # c", 0), Some(5));
        assert_eq!(comment_start("a: \"b # c\"", 0), None);
        assert_eq!(comment_start("a: 'it''s # x' # y", 0), Some(15));
        assert_eq!(comment_start("a: b#c", 0), None);
    }

    #[test]
    fn key_lines() {
        let k = key_line("  name: qwen # the model", 2).unwrap();
        assert_eq!(k.key, "name");
        assert_eq!(&"  name: qwen # the model"[k.value.clone()], "qwen");
        let k = key_line("\"a b\": \"x\"", 0).unwrap();
        assert_eq!(k.key, "a b");
        let k = key_line("rules:", 0).unwrap();
        assert!(k.value.is_empty());
        assert!(key_line("- a", 0).is_none());
        assert!(key_line("http://x", 0).is_none());
        let k = key_line("url: http://x:80", 0).unwrap();
        assert_eq!(k.key, "url");
    }
}
