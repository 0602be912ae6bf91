//! Bounds on untrusted YAML, and the serde-saphyr budgets the fast readers stay below.

/// Bounds applied while reading untrusted YAML. Every limit exceeded is reported as an error with
/// code [`Code::LIMIT`](crate::Code::LIMIT), never a panic or unbounded memory use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most documents in one file.
    pub max_documents: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most alias references (`*name`) in one file.
    pub max_aliases: usize,
    /// Most YAML events that alias expansion may replay in one file (bounds "billion laughs").
    pub max_alias_events: usize,
    /// Most YAML nodes in one file (counts alias expansions).
    pub max_nodes: usize,
    /// Longest single scalar, in bytes.
    pub max_scalar_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            max_documents: 100_000,
            max_depth: 64,
            max_aliases: 1_000,
            max_alias_events: 100_000,
            max_nodes: 5_000_000,
            max_scalar_bytes: 1024 * 1024,
        }
    }
}

/// serde-saphyr's default `Budget::max_events`; `saphyr_options` leaves it unchanged.
pub(super) const SAPHYR_MAX_EVENTS: usize = 1_000_000;
/// serde-saphyr's default `Budget::max_total_scalar_bytes`.
pub(super) const SAPHYR_MAX_TOTAL_SCALAR_BYTES: usize = 64 * 1024 * 1024;
/// How far below a serde-saphyr budget the fast path gives up (it counts slightly differently).
pub(super) const MARGIN: usize = 64;
