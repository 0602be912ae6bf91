//! Decoding errors: where in an object its typed model failed, with wire names.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{FieldPath, Segment};

/// Why an object of a known kind could not be decoded into its typed model.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", display_decode_error(.path, .message))]
pub struct DecodeError {
    /// `apiVersion` of the object.
    pub api_version: String,
    /// `kind` of the object.
    pub kind: String,
    /// Where in the object decoding failed, with wire names (`spec.rules[0].backendRefs[0].weight`).
    pub path: FieldPath,
    /// What was wrong, e.g. `invalid type: string "x", expected i32`.
    pub message: String,
}

fn display_decode_error(path: &FieldPath, message: &str) -> String {
    if path.is_root() {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    }
}

pub(super) fn decode<T: DeserializeOwned>(
    value: &Value,
    api_version: &str,
    kind: &str,
) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|err| DecodeError {
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        path: field_path(err.path()),
        message: err.inner().to_string(),
    })
}

/// Converts a serde path into a [`FieldPath`]; keys below `labels`/`annotations` are map keys.
fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for segment in path.iter() {
        let next = match segment {
            serde_path_to_error::Segment::Seq { index } => Segment::Index(*index),
            serde_path_to_error::Segment::Map { key } => {
                let in_map = matches!(
                    out.segments().last(),
                    Some(Segment::Field(parent))
                        if matches!(parent.as_str(), "labels" | "annotations" | "limits" | "requests")
                );
                if in_map {
                    Segment::Key(key.clone())
                } else {
                    Segment::Field(key.clone())
                }
            }
            serde_path_to_error::Segment::Enum { variant } => Segment::Field(variant.clone()),
            serde_path_to_error::Segment::Unknown => continue,
        };
        out.push(next);
    }
    out
}
