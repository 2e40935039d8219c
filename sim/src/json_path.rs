//! Which field of a JSON text a parse error points at, as a path like `events[0].kind`.
//!
//! serde_json reports where an error happened as a line and column. Walking the text up to
//! that position while keeping the stack of open objects (with their current key) and arrays
//! (with their current index) gives the field's path. This replaces wrapping every
//! deserializer in path tracking, which cost about 80 KB of wasm code for the same answer.

/// One open container while walking the text.
enum Frame {
    /// An object and the key most recently read in it.
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    /// An array and the index of the element being read.
    Array { index: usize },
}

/// The path of the value being read at `line` and `column` (1-based, as serde_json counts
/// them) of `text`: keys joined by `.`, array indices as `[i]`, and `.` at the top level.
#[must_use]
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut at_line, mut at_column) = (1_usize, 0_usize);
    let past_error = |l: usize, c: usize| l > line || (l == line && c >= column);
    while let Some(ch) = chars.next() {
        if ch == '\n' {
            at_line += 1;
            at_column = 0;
        } else {
            at_column += 1;
        }
        match ch {
            '{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            '[' => stack.push(Frame::Array { index: 0 }),
            // An error at a closing bracket is about that container (a missing field, a
            // sequence where a struct belongs): the path is where the container sits.
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            ',' => match stack.last_mut() {
                // Between members the object itself is being read (an enum's map with a
                // second key is reported here).
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            '"' => {
                let mut read = String::new();
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        at_line += 1;
                        at_column = 0;
                    } else {
                        at_column += 1;
                    }
                    if escaped {
                        escaped = false;
                        read.push(c);
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    } else {
                        read.push(c);
                    }
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = Some(read);
                }
            }
            _ => {}
        }
        if past_error(at_line, at_column) {
            break;
        }
    }
    render(&stack)
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's error position points at when reading `text` as `T`.
    fn located<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text, e.line(), e.column())
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Read only to provoke errors.
    struct Inner {
        threshold: f64,
        name: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        seed: u64,
        model: Inner,
        events: Vec<Inner>,
    }

    const GOOD_INNER: &str = r#"{"threshold": 0.5, "name": "a"}"#;

    #[test]
    fn wrong_types_unknown_keys_and_array_items_are_named() {
        let doc = |seed: &str, model: &str, events: &str| {
            format!("{{\"seed\": {seed},\n \"model\": {model},\n \"events\": [{events}]}}")
        };
        let g = GOOD_INNER;
        assert_eq!(located::<Outer>(&doc("\"x\"", g, g)), "seed");
        assert_eq!(
            located::<Outer>(&doc("1", r#"{"threshold": "high", "name": "a"}"#, g)),
            "model.threshold"
        );
        assert_eq!(
            located::<Outer>(&doc("1", r#"{"threshold": 1, "bogus": 2, "name": "a"}"#, g)),
            "model.bogus"
        );
        let events = format!(r#"{g}, {g}, {{"threshold": 1, "name": 7}}"#);
        assert_eq!(located::<Outer>(&doc("1", g, &events)), "events[2].name");
        // Escaped quotes inside strings do not end them.
        let tricky = r#"{"threshold": 1, "name": "say \"hi\", [x]", "oops": 1}"#;
        assert_eq!(located::<Outer>(&doc("1", tricky, g)), "model.oops");
    }

    #[test]
    fn top_level_errors_have_the_root_path() {
        assert_eq!(located::<Outer>("\"text\""), ".");
        // A missing field is reported at its object's closing brace: the object's path.
        assert_eq!(
            located::<Outer>(r#"{"seed": 1, "model": {"threshold": 1}, "events": []}"#),
            "model"
        );
        assert_eq!(path_at("", 1, 1), ".");
        assert_eq!(path_at("{}", 99, 99), ".");
    }
}
