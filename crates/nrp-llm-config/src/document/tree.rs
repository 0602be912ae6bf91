//! The collections of a tree under construction, shared by the two one-pass loaders
//! (`super::scan`, `super::events`).
//!
//! The entries of every open mapping and the items of every open sequence wait on two scratch
//! stacks; a collection is allocated only when it closes, with exactly its size. Growing each
//! `Map` and `Vec` entry by entry instead leaves up to half of it unused (an `IndexMap` of 4
//! entries reserves 7, a `Vec` of 1 item reserves 4), which on a 10,000-model folder was about a
//! third of the loaded tree's memory, and a loaded tree stays in memory as long as its set.

use serde_json::{Map, Value};

/// Scratch stacks for the open collections of the documents being read. A collection records
/// where its entries start ([`Collections::map_start`], [`Collections::seq_start`]) when it
/// opens and hands that back when it closes.
#[derive(Default)]
pub(super) struct Collections {
    entries: Vec<(String, Value)>,
    items: Vec<Value>,
}

impl Collections {
    /// Where the entries of a mapping opened now start.
    pub(super) fn map_start(&self) -> usize {
        self.entries.len()
    }

    /// Where the items of a sequence opened now start.
    pub(super) fn seq_start(&self) -> usize {
        self.items.len()
    }

    /// Adds an entry to the innermost open mapping.
    pub(super) fn push_entry(&mut self, key: String, value: Value) {
        self.entries.push((key, value));
    }

    /// Adds an item to the innermost open sequence.
    pub(super) fn push_item(&mut self, value: Value) {
        self.items.push(value);
    }

    /// Closes the innermost open mapping, whose entries start at `start`. `None` when two of
    /// its keys are equal (the loaders give up on duplicate keys).
    pub(super) fn finish_map(&mut self, start: usize) -> Option<Value> {
        let n = self.entries.len().checked_sub(start)?;
        let map: Map<String, Value> = self.entries.drain(start..).collect();
        (map.len() == n).then_some(Value::Object(map))
    }

    /// Closes the innermost open sequence, whose items start at `start`.
    pub(super) fn finish_seq(&mut self, start: usize) -> Value {
        Value::Array(self.items.drain(start.min(self.items.len())..).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_are_exact_and_nest() {
        let mut c = Collections::default();
        let outer = c.map_start();
        c.push_entry("a".into(), Value::from(1));
        let inner = c.seq_start();
        c.push_item(Value::from("x"));
        let seq = c.finish_seq(inner);
        c.push_entry("b".into(), seq);
        let Some(Value::Object(map)) = c.finish_map(outer) else {
            panic!("not a map")
        };
        assert_eq!(
            Value::Object(map.clone()),
            serde_json::json!({"a": 1, "b": ["x"]})
        );
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        let Some(Value::Array(items)) = map.get("b") else {
            panic!("not a list")
        };
        assert_eq!(items.capacity(), 1);
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut c = Collections::default();
        let start = c.map_start();
        c.push_entry("a".into(), Value::from(1));
        c.push_entry("a".into(), Value::from(2));
        assert_eq!(c.finish_map(start), None);
    }
}
