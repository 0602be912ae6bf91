//! The error of a file that could not be read as YAML objects.

use super::object::Pos;
use crate::diagnostic::{Code, Diagnostic, SourceLocation};

/// A file could not be read as YAML objects. Carries a ready-to-print diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub Box<Diagnostic>);

impl LoadError {
    pub(super) fn new(
        code: Code,
        file: &str,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Self(Box::new(Diagnostic::error(code, message).with_location(
            SourceLocation {
                file: Some(file.to_owned()),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
            },
        )))
    }

    /// The diagnostic describing the failure.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }
}
