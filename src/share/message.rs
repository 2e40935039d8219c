//! The `postMessage` API between an embedded Driftline and the page around it.
//!
//! # Embedding
//!
//! ```html
//! <iframe id="dl" src="https://example.org/driftline/?v=1&embed=chart:psi&lock=all&lesson=data-drift"
//!         title="Driftline: drift chart" style="width:100%;border:0"></iframe>
//! ```
//!
//! # Parent to Driftline
//!
//! Send a JSON string (or a plain object; the page serialises it before reading) with
//! `iframe.contentWindow.postMessage(message, "*")`. Every message is an object whose
//! `type` starts with `driftline:`; anything else is ignored. Messages are at most 4 KiB;
//! unknown fields make the message invalid (so typos are not silently ignored).
//!
//! | message | effect |
//! |---|---|
//! | `{"type":"driftline:play"}` | start the clock |
//! | `{"type":"driftline:pause"}` | stop the clock |
//! | `{"type":"driftline:reset"}` | back to tick 0 with the same setup |
//! | `{"type":"driftline:injectDrift","kind":"light","shape":"sudden","magnitude":0.4}` | start a drift event now; optional `"widthTicks": N` for gradual, incremental and recurring shapes |
//! | `{"type":"driftline:setAutomation","level":"full"}` | change the degree of automation |
//! | `{"type":"driftline:seek","tick":600}` | move the lab to that tick of its run (at most the newest reached) |
//! | `{"type":"driftline:branch","tick":600}` | open a second run beside the lab that shares its run up to that tick |
//!
//! `kind`: `light`, `blur`, `slice`, `missing`, `spec`, `new-defect`. `shape`: `sudden`,
//! `gradual`, `incremental`, `recurring`. `magnitude`: a number from 0 to 1. `level`:
//! `human`, `shadow`, `assist`, `partial`, `full`. An invalid message is answered with
//! nothing and logged to the console with the reason.
//!
//! # Driftline to parent
//!
//! | message | when |
//! |---|---|
//! | `{"type":"driftline:ready"}` | the page has loaded and listens for messages |
//! | `{"type":"driftline:height","height":N}` | the content height changed (N in CSS pixels), so the parent can size the iframe |
//!
//! ```js
//! addEventListener("message", (e) => {
//!   if (e.source !== document.getElementById("dl").contentWindow) return;
//!   if (e.data?.type === "driftline:height") e.source.frameElement.style.height = e.data.height + "px";
//! });
//! ```
//!
//! Outgoing messages are plain objects parsed from [`ChildMessage::to_json`] and sent to
//! `window.parent` with target origin `"*"`: they carry no data about the reader.

use std::fmt;

use serde_json::{Map, Value};

use super::limits::MAX_WIDTH_TICKS;
use super::notice::sanitize;
use super::values::{lookup, name_of, names, Name, AUTOMATION, DRIFT_KIND, DRIFT_SHAPE};
use driftline_sim::automation::AutomationLevel;
use driftline_sim::drift::{DriftKind, DriftShape};

/// Prefix of every message type.
pub const TYPE_PREFIX: &str = "driftline:";
/// Longest message read, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// Latest tick a `seek` or `branch` message may name (as a link's `t=`).
pub const MAX_MESSAGE_TICK: u64 = 100_000;

/// A command from the embedding page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParentMessage {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Back to tick 0 with the same setup.
    Reset,
    /// Start a drift event at the current tick.
    InjectDrift {
        /// What changes.
        kind: DriftKind,
        /// How it unfolds.
        shape: DriftShape,
        /// Size, 0 to 1.
        magnitude: f64,
        /// Transition length in ticks (`widthTicks`), if given.
        width_ticks: Option<u64>,
    },
    /// Change the degree of automation.
    SetAutomation {
        /// The new level.
        level: AutomationLevel,
    },
    /// Move the lab to a tick of its run.
    Seek {
        /// The tick.
        tick: u64,
    },
    /// Open a branch from a tick of the run.
    Branch {
        /// The fork tick.
        tick: u64,
    },
}

/// Why a message was not accepted. Strings inside are sanitised plain text.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageError {
    /// Longer than [`MAX_MESSAGE_BYTES`].
    TooLarge {
        /// Its length.
        bytes: usize,
    },
    /// Not JSON.
    NotJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// No string `type` field.
    MissingType,
    /// A `type` without the `driftline:` prefix: a message for someone else (ignore it quietly).
    NotOurs,
    /// A `driftline:` type this version does not know.
    UnknownType(String),
    /// A required field is missing.
    MissingField(&'static str),
    /// A field has the wrong type or value.
    BadField {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A field this message type does not have.
    UnknownField(String),
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageError::TooLarge { bytes } => write!(
                f,
                "message is {bytes} bytes; at most {MAX_MESSAGE_BYTES} are read"
            ),
            MessageError::NotJson { line, column } => {
                write!(f, "not JSON (error at line {line}, column {column})")
            }
            MessageError::NotAnObject => f.write_str("message must be a JSON object"),
            MessageError::MissingType => f.write_str("message has no string `type`"),
            MessageError::NotOurs => f.write_str("not a driftline message"),
            MessageError::UnknownType(t) => write!(f, "unknown message type `{t}`"),
            MessageError::MissingField(field) => write!(f, "missing field `{field}`"),
            MessageError::BadField { field, reason } => write!(f, "field `{field}`: {reason}"),
            MessageError::UnknownField(field) => write!(f, "unknown field `{field}`"),
        }
    }
}

impl std::error::Error for MessageError {}

fn short(text: &str) -> String {
    sanitize(text, 40)
}

fn only_fields(obj: &Map<String, Value>, allowed: &[&str]) -> Result<(), MessageError> {
    match obj
        .keys()
        .find(|k| k.as_str() != "type" && !allowed.contains(&k.as_str()))
    {
        Some(k) => Err(MessageError::UnknownField(short(k))),
        None => Ok(()),
    }
}

fn name_field<T: Clone>(
    obj: &Map<String, Value>,
    field: &'static str,
    table: &[Name<T>],
) -> Result<T, MessageError> {
    let v = obj.get(field).ok_or(MessageError::MissingField(field))?;
    let text = v.as_str().ok_or_else(|| MessageError::BadField {
        field,
        reason: "must be a string".into(),
    })?;
    lookup(table, text).ok_or_else(|| MessageError::BadField {
        field,
        reason: format!("`{}` is not one of {}", short(text), names(table)),
    })
}

impl ParentMessage {
    /// Reads a message (see the module docs for the schema).
    pub fn parse(json: &str) -> Result<ParentMessage, MessageError> {
        if json.len() > MAX_MESSAGE_BYTES {
            return Err(MessageError::TooLarge { bytes: json.len() });
        }
        let value: Value = serde_json::from_str(json).map_err(|e| MessageError::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
        let obj = value.as_object().ok_or(MessageError::NotAnObject)?;
        let ty = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or(MessageError::MissingType)?;
        let Some(name) = ty.strip_prefix(TYPE_PREFIX) else {
            return Err(MessageError::NotOurs);
        };
        match name {
            "play" | "pause" | "reset" => {
                only_fields(obj, &[])?;
                Ok(match name {
                    "play" => ParentMessage::Play,
                    "pause" => ParentMessage::Pause,
                    _ => ParentMessage::Reset,
                })
            }
            "injectDrift" => {
                only_fields(obj, &["kind", "shape", "magnitude", "widthTicks"])?;
                let kind = name_field(obj, "kind", DRIFT_KIND)?;
                let shape = name_field(obj, "shape", DRIFT_SHAPE)?;
                let magnitude = obj
                    .get("magnitude")
                    .ok_or(MessageError::MissingField("magnitude"))?
                    .as_f64()
                    .filter(|m| (0.0..=1.0).contains(m))
                    .ok_or_else(|| MessageError::BadField {
                        field: "magnitude",
                        reason: "must be a number from 0 to 1".into(),
                    })?;
                let width_ticks = match obj.get("widthTicks") {
                    None => None,
                    Some(w) => Some(w.as_u64().filter(|w| *w <= MAX_WIDTH_TICKS).ok_or_else(
                        || MessageError::BadField {
                            field: "widthTicks",
                            reason: format!("must be a whole number from 0 to {MAX_WIDTH_TICKS}"),
                        },
                    )?),
                };
                Ok(ParentMessage::InjectDrift {
                    kind,
                    shape,
                    magnitude,
                    width_ticks,
                })
            }
            "setAutomation" => {
                only_fields(obj, &["level"])?;
                Ok(ParentMessage::SetAutomation {
                    level: name_field(obj, "level", AUTOMATION)?,
                })
            }
            "seek" | "branch" => {
                only_fields(obj, &["tick"])?;
                let tick = obj
                    .get("tick")
                    .ok_or(MessageError::MissingField("tick"))?
                    .as_u64()
                    .filter(|t| *t <= MAX_MESSAGE_TICK)
                    .ok_or_else(|| MessageError::BadField {
                        field: "tick",
                        reason: format!("must be a whole number from 0 to {MAX_MESSAGE_TICK}"),
                    })?;
                Ok(if name == "seek" {
                    ParentMessage::Seek { tick }
                } else {
                    ParentMessage::Branch { tick }
                })
            }
            other => Err(MessageError::UnknownType(short(other))),
        }
    }

    /// The message as JSON (what a parent page would send).
    pub fn to_json(self) -> String {
        let mut obj = Map::new();
        let ty = match self {
            ParentMessage::Play => "play",
            ParentMessage::Pause => "pause",
            ParentMessage::Reset => "reset",
            ParentMessage::InjectDrift {
                kind,
                shape,
                magnitude,
                width_ticks,
            } => {
                obj.insert("kind".into(), name_of(DRIFT_KIND, &kind).into());
                obj.insert("shape".into(), name_of(DRIFT_SHAPE, &shape).into());
                obj.insert("magnitude".into(), Value::from(magnitude));
                if let Some(w) = width_ticks {
                    obj.insert("widthTicks".into(), Value::from(w));
                }
                "injectDrift"
            }
            ParentMessage::SetAutomation { level } => {
                obj.insert("level".into(), name_of(AUTOMATION, &level).into());
                "setAutomation"
            }
            ParentMessage::Seek { tick } => {
                obj.insert("tick".into(), Value::from(tick));
                "seek"
            }
            ParentMessage::Branch { tick } => {
                obj.insert("tick".into(), Value::from(tick));
                "branch"
            }
        };
        obj.insert("type".into(), format!("{TYPE_PREFIX}{ty}").into());
        Value::Object(obj).to_string()
    }
}

/// A message from the embedded page to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildMessage {
    /// Loaded and listening.
    Ready,
    /// Content height in CSS pixels.
    Height {
        /// Pixels.
        height: u32,
    },
}

impl ChildMessage {
    /// The JSON text, e.g. `{"type":"driftline:height","height":640}`.
    pub fn to_json(self) -> String {
        match self {
            ChildMessage::Ready => format!("{{\"type\":\"{TYPE_PREFIX}ready\"}}"),
            ChildMessage::Height { height } => {
                format!("{{\"type\":\"{TYPE_PREFIX}height\",\"height\":{height}}}")
            }
        }
    }
}

/// `{"type":"driftline:height","height":N}` for a content height in CSS pixels.
pub fn height_message(height: u32) -> String {
    ChildMessage::Height { height }.to_json()
}
