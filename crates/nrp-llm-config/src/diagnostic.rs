//! Diagnostics: one problem found in the input, with where it is and what to do about it.

use crate::{FieldPath, ObjectRef};
use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The configuration must not be applied.
    Error,
    /// Suspicious but applicable.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A stable, machine-readable identifier of a kind of problem (`snake_case`).
///
/// Scripts may match on [`Code::as_str`]; the set only grows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $s:literal;)*) => {
        impl Code {
            $($(#[$doc])* pub const $name: Code = Code($s);)*
            /// Every code this version knows, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];
        }
    };
}

codes! {
    /// The file could not be read.
    IO = "io";
    /// The text is not valid YAML.
    YAML_SYNTAX = "yaml_syntax";
    /// A mapping has the same key twice.
    DUPLICATE_KEY = "duplicate_key";
    /// A document is not a mapping, or lacks `apiVersion`/`kind`.
    NOT_AN_OBJECT = "not_an_object";
    /// `metadata.name` is missing.
    MISSING_NAME = "missing_name";
    /// An input limit (size, depth, documents, aliases) was exceeded.
    LIMIT = "limit";
    /// The same object (group, kind, namespace, name) is defined twice.
    DUPLICATE_OBJECT = "duplicate_object";
    /// A field has the wrong JSON type.
    INVALID_TYPE = "invalid_type";
    /// A required field is missing.
    REQUIRED = "required";
    /// A value is not one of the allowed enum values.
    UNSUPPORTED_VALUE = "unsupported_value";
    /// A list has more items than allowed.
    TOO_MANY = "too_many";
    /// A string or list is too long.
    TOO_LONG = "too_long";
    /// A string or list is too short.
    TOO_SHORT = "too_short";
    /// A number is outside its allowed range.
    OUT_OF_RANGE = "out_of_range";
    /// A string does not match the required pattern or format.
    INVALID_FORMAT = "invalid_format";
    /// An object has too many or too few properties.
    PROPERTY_COUNT = "property_count";
    /// A field the schema does not declare (kubectl's strict field validation rejects it).
    UNKNOWN_FIELD = "unknown_field";
    /// A CEL validation rule of the CRD failed.
    CEL_RULE = "cel_rule";
    /// A list declared as a map or set has duplicate entries.
    DUPLICATE_ENTRY = "duplicate_entry";
    /// The `apiVersion` is not served by the selected release.
    UNSUPPORTED_VERSION = "unsupported_version";
    /// A reference to another object does not resolve.
    INVALID_REFERENCE = "invalid_reference";
    /// A model name is routed by more than one rule.
    DUPLICATE_MODEL = "duplicate_model";
    /// Route objects sharding one Gateway disagree (parentRefs, llmRequestCosts).
    SHARD_MISMATCH = "shard_mismatch";
    /// A route object has more rules than the generated HTTPRoute can hold.
    RULE_LIMIT = "rule_limit";
    /// An AIServiceBackend or Backend that nothing references.
    UNUSED_OBJECT = "unused_object";
    /// Two policies of the same type target the same backend.
    DUPLICATE_POLICY_TARGET = "duplicate_policy_target";
    /// A name is not a valid DNS-1123 name.
    INVALID_NAME = "invalid_name";
    /// A rule has no request timeout.
    MISSING_TIMEOUT = "missing_timeout";
    /// The same backend is used with different `modelNameOverride` values.
    OVERRIDE_MISMATCH = "override_mismatch";
    /// A secret value was written where a secret name is expected.
    SECRET_LITERAL = "secret_literal";
    /// A Secret object in a configuration folder (its values are never shown).
    SECRET_IN_FOLDER = "secret_in_folder";
    /// The object cannot be expressed in the target format and is kept verbatim.
    KEPT_VERBATIM = "kept_verbatim";
    /// The catalog is inconsistent.
    INVALID_CATALOG = "invalid_catalog";
    /// A Secret was left out of the output: secrets are referenced by name only.
    SECRET_OMITTED = "secret_omitted";
    /// A QuotaPolicy's per-model quota names a model no rule sends to the backends it targets.
    QUOTA_MODEL = "quota_model";
    /// An object of a kind the release's CRDs do not define was not checked against a schema.
    NOT_CHECKED = "not_checked";
    /// A file cannot be edited without losing or changing what people wrote in it (a comment,
    /// a layout the edit layer does not read); nothing was written.
    CANNOT_EDIT = "cannot_edit";
    /// A comment of the input has no place in the output; the note names it and its line.
    COMMENT_NOT_KEPT = "comment_not_kept";
}

impl Code {
    /// The stable identifier.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

/// Where a problem is in the source text. Lines and columns start at 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct SourceLocation {
    /// The file as the user named it (or `<stdin>`, `git:REV:PATH`, ...).
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column, in characters.
    pub column: Option<u32>,
}

/// One problem: what, where, and a hint.
///
/// ```
/// use nrp_llm_config::{Code, Diagnostic, FieldPath, Severity};
/// let d = Diagnostic::error(Code::REQUIRED, "spec.schema: Required value")
///     .with_path("spec.schema".parse::<FieldPath>().unwrap())
///     .with_hint("add `schema: {name: OpenAI}`");
/// assert_eq!(d.severity, Severity::Error);
/// assert_eq!(d.code.as_str(), "required");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// File, line and column of the offending field.
    #[serde(flatten)]
    pub location: SourceLocation,
    /// The object the problem is in, when known.
    #[serde(skip)]
    pub object: Option<ObjectRef>,
    /// Field path inside the object (root when the whole object or file is concerned).
    #[serde(skip)]
    pub path: FieldPath,
    /// Stable identifier.
    #[serde(skip)]
    pub code: Code,
    /// Error or warning.
    #[serde(skip)]
    pub severity: Severity,
    /// Human-readable message (for upstream rules, in the API server's words).
    #[serde(skip)]
    pub message: String,
    /// What to do about it.
    #[serde(skip)]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with no location.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Self {
            location: SourceLocation::default(),
            object: None,
            path: FieldPath::root(),
            code,
            severity,
            message: message.into(),
            hint: None,
        }
    }

    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Sets the object.
    #[must_use]
    pub fn with_object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// Sets the field path.
    #[must_use]
    pub fn with_path(mut self, path: FieldPath) -> Self {
        self.path = path;
        self
    }

    /// Sets the hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets file, line and column.
    #[must_use]
    pub fn with_location(mut self, location: SourceLocation) -> Self {
        self.location = location;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The JSON shape of `validate --output json` (DESIGN §8).
    pub fn to_json(&self) -> serde_json::Value {
        let o = self.object.as_ref();
        serde_json::json!({
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "kind": o.map(|o| o.kind.as_str()),
            "namespace": o.and_then(|o| o.namespace.as_deref()),
            "name": o.map(|o| o.name.as_str()).filter(|n| !n.is_empty()),
            "path": self.path.to_string(),
            "code": self.code.as_str(),
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        })
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: severity[code]: Kind ns/name: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.location.file {
            f.write_str(file)?;
            if let Some(line) = self.location.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.location.column {
                    write!(f, ":{col}")?;
                }
            }
            f.write_str(": ")?;
        }
        write!(f, "{}[{}]: ", self.severity, self.code)?;
        if let Some(o) = &self.object {
            write!(f, "{o}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// Several diagnostics at once: what every check returns, and the error of an operation that
/// needs valid input. Reads as a slice (`iter`, `len`, indexing) and iterates by value.
///
/// ```
/// use nrp_llm_config::{Code, Diagnostic, Diagnostics};
/// let d = Diagnostics::from(vec![Diagnostic::error(Code::INVALID_REFERENCE, "x does not exist")]);
/// assert_eq!((d.len(), d.error_count()), (1, 1));
/// assert!(d.iter().all(Diagnostic::is_error));
/// let v: Vec<Diagnostic> = d.into_iter().collect();
/// assert_eq!(v[0].message, "x does not exist");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(Vec<Diagnostic>);

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostics {
    fn deref_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl Diagnostics {
    /// The diagnostics as a vector.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Sorts by file, line, column, then message, for stable output.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (
                &a.location.file,
                a.location.line,
                a.location.column,
                &a.object,
                &a.message,
            )
                .cmp(&(
                    &b.location.file,
                    b.location.line,
                    b.location.column,
                    &b.object,
                    &b.message,
                ))
        });
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.error_count(),
            self.warning_count()
        )
    }
}
