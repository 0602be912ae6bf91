//! A fast path that can only say "these rules hold"; kube-cel stays the reference for everything
//! else.
//!
//! Evaluating a rule through kube-cel costs far more than the rule itself: every call deep-clones
//! the value (defaulting), converts it to a `cel::Value` (escaping every key, building hash maps),
//! and the interpreter converts maps once more into boxed values. On a fleet of valid objects
//! almost every rule holds, so almost all of that work only confirms "no error".
//!
//! At compile time, each rule of a rule-bearing node (the AST kube-cel already parsed, see
//! [`FastLeaf::compile`]) is translated into a small program of our own ([`Node`]) when every
//! part of it lies in a supported subset: `self` and comprehension variables, field selection,
//! `has()`, bool/int/string literals and literal lists, `!`, `&&`, `||`, `?:`, `==`, `!=`, `<`,
//! `<=`, `>`, `>=`, `+` on ints, `in` on lists, `size`, `contains`, `startsWith`, `endsWith`,
//! `matches` with a literal pattern (compiled once, with the same `regex` crate), `lowerAscii`,
//! list indexing, and the comprehensions the `all`, `exists`, `exists_one` and `filter` macros
//! expand to. A function call or literal outside the subset (`duration(...)`, `split`, a map
//! literal, a double) becomes an opaque part that always evaluates to unknown, provided its
//! operands translate; anything else (struct literals, two-variable comprehensions, identifiers
//! other than `self` and comprehension variables) leaves the rule without a program. Transition
//! rules (those reading `oldSelf`) are skipped by kube-cel when there is no old object, so they
//! are skipped here too.
//!
//! A program reads the `serde_json::Value` in place (borrowed, no conversion) and walks kube-cel's
//! conversion schema of the node ([`CompiledSchema`]) alongside it, so it knows exactly what
//! kube-cel would have bound: which objects are maps (keys kept as they are) and which are
//! records (keys escaped, `__namespace__` for `namespace`), which strings become timestamps,
//! durations or bytes, and which objects are embedded resources.
//!
//! Evaluation has three outcomes: true, false, or unknown (`None`). It mirrors the cel crate's
//! interpreter operation by operation and answers only where the reference answer is certain:
//! any CEL error (a missing field read without `has()`, an index out of range, an int overflow),
//! any value it does not model (null, uint, double, timestamp, duration, bytes, embedded
//! resources, non-ASCII string sizes, records whose keys need escaping when enumerated), any
//! comparison across types or of lists and maps, and iteration over maps (the reference iterates
//! a hash map, in an order we cannot reproduce) all give unknown.
//!
//! Soundness: the caller ([`super`]) skips kube-cel for a node only when every rule of the
//! node has a program and every program answers true. Then kube-cel would also find every rule
//! true and report nothing, so skipping it changes no diagnostic. On false, unknown or a missing
//! program, kube-cel runs exactly as without the fast path, so every failure, message,
//! `messageExpression`, reason and path comes from the reference.
//!
//! The caller decides per evaluation whether the fast path is used (`oracle::Checks` lets the
//! tests and benchmarks switch it off, so that every node goes through kube-cel); the tests
//! compare both.

mod eval;
mod program;
mod value;

use kube_core::cel::{CompilationResult, CompiledSchema};
use serde_json::Value;

use eval::Eval;
use program::{Compiler, Node};
use value::{V, from_json};

/// Most comprehension variables alive at once (two per nested comprehension).
const SLOTS: usize = 8;

/// Counters of leaf evaluations on the current thread, for the tests.
#[cfg(test)]
pub(crate) mod test_counts {
    use std::cell::Cell;

    thread_local! {
        static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    /// Records one leaf evaluation with the fast path on.
    pub(crate) fn count(fast: bool) {
        COUNTS.with(|c| {
            let (f, r) = c.get();
            c.set(if fast { (f + 1, r) } else { (f, r + 1) });
        });
    }

    /// Leaf evaluations of this thread so far with the fast path on: (answered by the fast
    /// path, sent to kube-cel).
    pub(crate) fn counts() -> (usize, usize) {
        COUNTS.with(Cell::get)
    }
}

/// The fast programs of every rule of one rule-bearing node.
pub(crate) struct FastLeaf {
    /// One entry per rule, `None` for a transition rule (skipped without an old object).
    rules: Vec<Option<Node>>,
}

impl FastLeaf {
    /// Programs for all rules of `leaf`, or `None` when any rule (or its message expression)
    /// failed to compile, any rule is outside the subset, or the node's conversion schema holds
    /// anything that would make kube-cel report more than rule results.
    pub(crate) fn compile(leaf: &CompiledSchema) -> Option<FastLeaf> {
        if !conversion_only(leaf, 0, true) {
            return None;
        }
        let mut rules = Vec::with_capacity(leaf.validations.len());
        for v in &leaf.validations {
            let cr: &CompilationResult = match v {
                Ok(cr) => cr,
                // kube-cel reports compile errors: it must run.
                Err(_) => return None,
            };
            if cr.is_transition_rule {
                if cr.rule.optional_old_self == Some(true) {
                    return None;
                }
                rules.push(None);
                continue;
            }
            let mut c = Compiler { scope: Vec::new() };
            rules.push(Some(c.expr(cr.program.expression())?));
        }
        Some(FastLeaf { rules })
    }

    /// How a single rule translates: `Some(true)` fully, `Some(false)` with opaque parts,
    /// `None` not at all (for the coverage test).
    #[cfg(test)]
    pub(crate) fn rule_support(cr: &CompilationResult) -> Option<bool> {
        if cr.is_transition_rule && cr.rule.optional_old_self != Some(true) {
            return Some(true);
        }
        let node = Compiler { scope: Vec::new() }.expr(cr.program.expression())?;
        Some(!node.opaque())
    }

    /// True when every rule certainly holds for `value` (the node's value; `leaf` is the node's
    /// compiled schema, used for value conversion).
    pub(crate) fn accepts(&self, value: &Value, leaf: &CompiledSchema) -> bool {
        let Some(this) = from_json(value, Some(leaf)) else {
            return false;
        };
        self.rules.iter().all(|r| match r {
            None => true,
            Some(node) => matches!(run(node, &this), Some(V::Bool(true))),
        })
    }
}

/// Evaluates one program against `self`.
fn run<'a>(node: &'a Node, this: &V<'a>) -> Option<V<'a>> {
    let mut env: [V<'a>; SLOTS] = std::array::from_fn(|_| V::Unset);
    Eval {
        this,
        env: &mut env,
    }
    .eval(node)
}

/// True when `s` and everything below it only describe value conversion: no rule, no compile
/// error, no default (kube-cel would apply it before evaluating), and not too deep.
fn conversion_only(s: &CompiledSchema, depth: usize, root: bool) -> bool {
    if depth > 32 || s.default.is_some() || (!root && !s.validations.is_empty()) {
        return false;
    }
    let children = s.properties.values();
    let boxed = s.items.iter().chain(&s.additional_properties).map(|b| &**b);
    let branches = s.all_of.iter().chain(&s.one_of).chain(&s.any_of);
    children
        .chain(boxed)
        .chain(branches)
        .all(|c| conversion_only(c, depth + 1, false))
}

#[cfg(test)]
mod tests;
