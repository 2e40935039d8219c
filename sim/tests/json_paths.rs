//! The JSON path locator (`json_path::path_at`, used by `Scenario::from_json`) names the same
//! field as serde_path_to_error, which tracks the path inside the deserializer, for every
//! leaf of every lesson scenario made the wrong type and every object given an unknown key
//! (one kind of enum error aside, see below).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use driftline_sim::json_path::path_at;
use driftline_sim::lessons::Lesson;
use driftline_sim::Scenario;
use serde_json::Value;

/// serde_path_to_error's path for `text` (which must fail to parse).
fn reference_path(text: &str) -> String {
    let de = &mut serde_json::Deserializer::from_str(text);
    let e = serde_path_to_error::deserialize::<_, Scenario>(de).unwrap_err();
    e.path().to_string()
}

fn located_path(text: &str) -> String {
    let e = serde_json::from_str::<Scenario>(text).unwrap_err();
    path_at(text, e.line(), e.column())
}

/// Pointers (`/a/0/b`) to every leaf and every object in `v`.
fn pointers(v: &Value, at: String, leaves: &mut Vec<String>, objects: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            objects.push(at.clone());
            for (k, child) in m {
                pointers(child, format!("{at}/{k}"), leaves, objects);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), leaves, objects);
            }
        }
        _ => leaves.push(at),
    }
}

/// A value of another JSON type than `v`.
fn wrong_type(v: &Value) -> Value {
    match v {
        Value::String(_) => Value::from(7),
        Value::Null => Value::from("x"),
        _ => Value::from("not this"),
    }
}

#[test]
fn every_broken_field_of_every_lesson_is_named_like_serde_path_to_error() {
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for lesson in Lesson::ALL {
        let base = serde_json::to_value(lesson.preset()).unwrap();
        let (mut leaves, mut objects) = (Vec::new(), Vec::new());
        pointers(&base, String::new(), &mut leaves, &mut objects);
        let mut broken = Vec::new();
        for p in &leaves {
            let mut v = base.clone();
            let leaf = v.pointer_mut(p).unwrap();
            *leaf = wrong_type(leaf);
            broken.push(v);
        }
        for p in &objects {
            let mut v = base.clone();
            if let Some(Value::Object(m)) = v.pointer_mut(p) {
                m.insert("no_such_field".into(), Value::from(1));
            }
            broken.push(v);
        }
        for v in broken {
            // Both layouts: one line, and pretty-printed over many lines.
            for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                if serde_json::from_str::<Scenario>(&text).is_ok() {
                    continue; // Some fields take any type (none today, but say so rather than fail).
                }
                let (want, got) = (reference_path(&text), located_path(&text));
                // One known difference: a second key in an enum's single-key map is reported
                // at the variant's closing brace, where the locator still names the variant
                // (`pattern.Canary`) and serde_path_to_error only the enum (`pattern`). The
                // locator's path is then one segment longer, never pointing elsewhere.
                let one_segment_deeper = got
                    .strip_prefix(&want)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|rest| !rest.contains(['.', '[']));
                if want != got && !one_segment_deeper {
                    disagreements.push(format!("{want} vs {got}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} broken documents");
    assert!(
        disagreements.is_empty(),
        "{} of {checked}: {:?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(10)]
    );
}
