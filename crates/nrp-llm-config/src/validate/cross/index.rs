//! Phase two's shared state: the objects of the set by kind, an index of what exists, a fast
//! hasher for the short keys, and the field paths the rules report at.

use super::facts::{Facts, KindFacts, PolicyFacts, RouteFacts, ServiceBackendFacts, Target};
use crate::document::Pos;
use crate::path::FieldPath;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hash (the one of rustc's `FxHasher`), much faster than the default SipHash
/// on the short keys of the rules. Not resistant to chosen collisions: an adversarial input
/// can only slow the check down, since every lookup still compares keys.
#[derive(Clone, Copy, Default)]
pub(super) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A route: its index in the set, its facts and its route facts.
pub(super) type RouteEntry<'a> = (usize, &'a Facts, &'a RouteFacts);

/// The objects of a set by kind, in set order, and what exists (by target kind, namespace and
/// name).
pub(super) struct SetIndex<'a> {
    pub(super) facts: &'a [Facts],
    pub(super) routes: Vec<RouteEntry<'a>>,
    pub(super) asbs: Vec<(&'a Facts, &'a ServiceBackendFacts)>,
    pub(super) policies: Vec<(&'a Facts, &'a PolicyFacts)>,
    pub(super) backends: Vec<(&'a Facts, Option<Pos>)>,
    pub(super) gateways: Vec<&'a Facts>,
    index: FastSet<(Target, &'a str, &'a str)>,
    /// The namespace of the first object of each kind and name (for "exists in namespace X").
    by_name: FastMap<(Target, &'a str), &'a str>,
}

impl<'a> SetIndex<'a> {
    pub(super) fn new(facts: &'a [Facts]) -> Self {
        let mut s = SetIndex {
            facts,
            routes: Vec::new(),
            asbs: Vec::new(),
            policies: Vec::new(),
            backends: Vec::new(),
            gateways: Vec::new(),
            // Sized once: growing a table of every object rehashes it several times, each time
            // into new memory.
            index: FastSet::with_capacity_and_hasher(facts.len(), Default::default()),
            by_name: FastMap::with_capacity_and_hasher(facts.len(), Default::default()),
        };
        for (i, f) in facts.iter().enumerate() {
            match &f.kind {
                KindFacts::Route(r) => s.routes.push((i, f, r)),
                KindFacts::ServiceBackend(a) => s.asbs.push((f, a)),
                KindFacts::Policy(pf) => s.policies.push((f, pf)),
                KindFacts::Backend(pos) => s.backends.push((f, *pos)),
                KindFacts::Gateway => s.gateways.push(f),
                KindFacts::HttpRoute(_) | KindFacts::Attached(_) | KindFacts::Other => {}
            }
            // Only objects with an identity are found by reference; an object without a
            // namespace is found by references from objects without one (see `Facts::ns`).
            if let (Some(t), Some(name)) = (f.target(), &f.name) {
                s.index.insert((t, f.ns(), name));
                s.by_name.entry((t, name)).or_insert(f.ns());
            }
        }
        s
    }

    /// True when an object of kind `t` named `ns/name` is in the set.
    pub(super) fn exists(&self, t: Target, ns: &str, name: &str) -> bool {
        self.index.contains(&(t, ns, name))
    }

    /// The namespace (`""` for none) of the first object of kind `t` named `name`, in any
    /// namespace.
    pub(super) fn namespace_of(&self, t: Target, name: &str) -> Option<&'a str> {
        self.by_name.get(&(t, name)).copied()
    }
}

/// What the route pass learns for the later rules: the AIServiceBackends rules use, with the
/// `modelNameOverride` of the first use and whether a later one differs.
#[derive(Default)]
pub(super) struct BackendUses<'a> {
    pub(super) overrides: FastMap<(&'a str, &'a str), (Option<&'a str>, bool)>,
}

pub(super) fn rule_path(ri: usize) -> FieldPath {
    FieldPath::root().field("spec").field("rules").index(ri)
}

pub(super) fn model_path(ri: usize, m: &super::facts::ModelUse) -> FieldPath {
    rule_path(ri)
        .field("matches")
        .index(m.match_index as usize)
        .field("headers")
        .index(m.header_index as usize)
        .field("value")
}

pub(super) fn backend_path(ri: usize, bi: u32) -> FieldPath {
    rule_path(ri).field("backendRefs").index(bi as usize)
}
