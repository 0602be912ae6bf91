//! Field paths inside an object, displayed the way `kubectl` and the API server print them.

use std::fmt;

/// One step of a [`FieldPath`]: a field name, a list index or a map key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A field of an object, by its wire (camelCase) name.
    Field(String),
    /// A position in a list.
    Index(usize),
    /// A key of a free-form map (labels, annotations, ...).
    Key(String),
}

/// A location inside one Kubernetes object, such as `spec.rules[3].backendRefs[0].name`.
///
/// ```
/// use nrp_llm_config::FieldPath;
/// let p = FieldPath::root().field("spec").field("rules").index(3).field("name");
/// assert_eq!(p.to_string(), "spec.rules[3].name");
/// assert_eq!("spec.rules[3].name".parse::<FieldPath>().unwrap(), p);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The empty path: the object itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// Builds a path from its segments.
    pub fn from_segments(segments: Vec<Segment>) -> Self {
        Self { segments }
    }

    /// Returns this path extended by a field name.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.segments.push(Segment::Field(name.into()));
        self
    }

    /// Returns this path extended by a list index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// Returns this path extended by a map key.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.segments.push(Segment::Key(key.into()));
        self
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// Removes the last segment, returning it.
    pub fn pop(&mut self) -> Option<Segment> {
        self.segments.pop()
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// True for the root path.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// True when the path has no segments (same as [`FieldPath::is_root`]).
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Concatenates two paths.
    #[must_use]
    pub fn join(&self, other: &FieldPath) -> FieldPath {
        let mut segments = self.segments.clone();
        segments.extend(other.segments.iter().cloned());
        FieldPath { segments }
    }

    /// Looks the path up in a JSON value. Field and key segments both index objects.
    ///
    /// ```
    /// use nrp_llm_config::FieldPath;
    /// let v = serde_json::json!({"spec": {"rules": [{"name": "a"}]}});
    /// let p: FieldPath = "spec.rules[0].name".parse().unwrap();
    /// assert_eq!(p.lookup(&v), Some(&serde_json::json!("a")));
    /// ```
    pub fn lookup<'a>(&self, value: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        let mut cur = value;
        for seg in &self.segments {
            cur = match seg {
                Segment::Field(f) | Segment::Key(f) => cur.get(f.as_str())?,
                Segment::Index(i) => cur.get(*i)?,
            };
        }
        Some(cur)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.segments {
            match seg {
                Segment::Field(name) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                }
                Segment::Index(i) => write!(f, "[{i}]")?,
                Segment::Key(k) => write!(f, "[{k}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

impl serde::Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The text could not be read as a field path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid field path {0:?}")]
pub struct ParseFieldPathError(pub String);

impl std::str::FromStr for FieldPath {
    type Err = ParseFieldPathError;

    /// Parses `a.b[2].c`. A bracket holding digits is an index, anything else a map key.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseFieldPathError(s.to_owned());
        let mut segments = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').ok_or_else(err)?;
                let inner = &r[..end];
                match inner.parse::<usize>() {
                    Ok(i) => segments.push(Segment::Index(i)),
                    Err(_) => segments.push(Segment::Key(inner.to_owned())),
                }
                rest = &r[end + 1..];
            } else {
                let r = rest.strip_prefix('.').unwrap_or(rest);
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return Err(err());
                }
                segments.push(Segment::Field(r[..end].to_owned()));
                rest = &r[end..];
            }
        }
        Ok(FieldPath { segments })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let p = FieldPath::root()
            .field("metadata")
            .field("labels")
            .key("app.kubernetes.io/name");
        assert_eq!(p.to_string(), "metadata.labels[app.kubernetes.io/name]");
        let q: FieldPath = "spec.rules[10].backendRefs[0].weight".parse().unwrap();
        assert_eq!(q.len(), 6);
        assert_eq!(q.to_string(), "spec.rules[10].backendRefs[0].weight");
        assert!("spec..x".parse::<FieldPath>().is_err());
        assert!("spec[0".parse::<FieldPath>().is_err());
        assert_eq!(FieldPath::root().to_string(), "");
    }
}
