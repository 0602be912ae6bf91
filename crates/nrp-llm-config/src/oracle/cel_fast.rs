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
//! The fast path can be switched off with `NRP_CEL_FAST=0` in the environment (read once per
//! process), which makes every node go through kube-cel; the tests compare both.

use kube_core::cel::cel::common::ast::{
    CallExpr, EntryExpr, Expr, IdedExpr, LiteralValue, operators,
};
use kube_core::cel::{CompilationResult, CompiledSchema, SchemaFormat};
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Most comprehension variables alive at once (two per nested comprehension).
const SLOTS: usize = 8;

/// Whether the fast path is on: not when `NRP_CEL_FAST=0` (read once per process), and, in
/// tests, not when the current thread switched it off.
pub(crate) fn enabled() -> bool {
    #[cfg(test)]
    if let Some(on) = test_switch::get() {
        return on;
    }
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("NRP_CEL_FAST").map_or(true, |v| v.trim() != "0"))
}

/// A per-thread override of [`enabled`] and counters of leaf evaluations, for the tests.
#[cfg(test)]
pub(crate) mod test_switch {
    use std::cell::Cell;

    thread_local! {
        static SWITCH: Cell<Option<bool>> = const { Cell::new(None) };
        static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    /// The current thread's override.
    pub(crate) fn get() -> Option<bool> {
        SWITCH.with(Cell::get)
    }

    /// Sets (or clears) the current thread's override.
    pub(crate) fn set(on: Option<bool>) {
        SWITCH.with(|s| s.set(on));
    }

    /// Records one leaf evaluation.
    pub(crate) fn count(fast: bool) {
        COUNTS.with(|c| {
            let (f, r) = c.get();
            c.set(if fast { (f + 1, r) } else { (f, r + 1) });
        });
    }

    /// Leaf evaluations of this thread so far: (answered by the fast path, sent to kube-cel).
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

/// A literal of a program.
#[derive(Debug)]
enum Lit {
    Bool(bool),
    Int(i64),
    Str(String),
}

/// Binary operators with both operands evaluated.
#[derive(Clone, Copy, Debug)]
enum Bin {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    In,
    Index,
    Contains,
    StartsWith,
    EndsWith,
}

/// One compiled expression.
#[derive(Debug)]
enum Node {
    This,
    Var(usize),
    Lit(Lit),
    /// A list literal of literals only.
    Consts(Vec<Lit>),
    List(Vec<Node>),
    Select {
        operand: Box<Node>,
        field: String,
        test: bool,
    },
    Not(Box<Node>),
    /// `&&`; the flag allows the error absorption of `x && false` (see [`Eval::eval`]).
    And(Box<Node>, Box<Node>, bool),
    /// `||`; the flag allows the error absorption of `x || true`.
    Or(Box<Node>, Box<Node>, bool),
    Cond(Box<Node>, Box<Node>, Box<Node>),
    Bin(Bin, Box<Node>, Box<Node>),
    Size(Box<Node>),
    LowerAscii(Box<Node>),
    Matches(Box<Node>, Regex),
    NotStrictlyFalse(Box<Node>),
    Comprehension(Box<Comprehension>),
    /// A call or literal outside the subset, whose operands are all translatable: it always
    /// evaluates to unknown, so a rule can still be answered when it is not reached (as in
    /// `has(self.a) && duration(self.a) > ...` without `a`).
    Opaque,
}

impl Node {
    /// Whether an [`Node::Opaque`] part is reachable from this node.
    fn opaque(&self) -> bool {
        match self {
            Node::Opaque => true,
            Node::This | Node::Var(_) | Node::Lit(_) | Node::Consts(_) => false,
            Node::List(items) => items.iter().any(Node::opaque),
            Node::Select { operand, .. } => operand.opaque(),
            Node::Not(x)
            | Node::Size(x)
            | Node::LowerAscii(x)
            | Node::Matches(x, _)
            | Node::NotStrictlyFalse(x) => x.opaque(),
            Node::And(a, b, _) | Node::Or(a, b, _) | Node::Bin(_, a, b) => a.opaque() || b.opaque(),
            Node::Cond(a, b, c) => a.opaque() || b.opaque() || c.opaque(),
            Node::Comprehension(c) => [&c.range, &c.init, &c.cond, &c.step, &c.result]
                .iter()
                .any(|n| n.opaque()),
        }
    }
}

#[derive(Debug)]
struct Comprehension {
    range: Node,
    iter: usize,
    accu: usize,
    init: Node,
    cond: Node,
    step: Node,
    result: Node,
}

/// Namespaces of kube-cel's qualified functions: a method call on a variable with one of these
/// names could resolve to such a function, so it is not translated.
const FUNCTION_NAMESPACES: [&str; 10] = [
    "base64",
    "format",
    "ip",
    "jsonpatch",
    "lists",
    "math",
    "optional",
    "sets",
    "strings",
    "cel",
];

struct Compiler {
    /// Comprehension variables in scope (innermost last) and their slots.
    scope: Vec<(String, usize)>,
}

impl Compiler {
    fn boxed(&mut self, e: &IdedExpr) -> Option<Box<Node>> {
        self.expr(e).map(Box::new)
    }

    fn expr(&mut self, e: &IdedExpr) -> Option<Node> {
        Some(match &e.expr {
            Expr::Ident(name) => match self.scope.iter().rev().find(|(n, _)| n == name) {
                Some((_, slot)) => Node::Var(*slot),
                None if name == "self" => Node::This,
                None => return None,
            },
            Expr::Literal(l) => literal(l).map_or(Node::Opaque, Node::Lit),
            Expr::List(list) => {
                if !list.optional_indices.is_empty() {
                    return None;
                }
                let lits: Option<Vec<Lit>> = list
                    .elements
                    .iter()
                    .map(|x| match &x.expr {
                        Expr::Literal(l) => literal(l),
                        _ => None,
                    })
                    .collect();
                match lits {
                    Some(l) => Node::Consts(l),
                    None => Node::List(
                        list.elements
                            .iter()
                            .map(|x| self.expr(x))
                            .collect::<Option<_>>()?,
                    ),
                }
            }
            Expr::Select(s) => Node::Select {
                operand: self.boxed(&s.operand)?,
                field: s.field.clone(),
                test: s.test,
            },
            Expr::Call(call) => return self.call(call),
            Expr::Map(map) => {
                for entry in &map.entries {
                    let EntryExpr::MapEntry(e) = &entry.expr else {
                        return None;
                    };
                    self.expr(&e.key)?;
                    self.expr(&e.value)?;
                }
                Node::Opaque
            }
            Expr::Comprehension(c) => {
                if c.iter_var2.is_some() || c.iter_var == c.accu_var {
                    return None;
                }
                let range = self.expr(&c.iter_range)?;
                let init = self.expr(&c.accu_init)?;
                let base = self.scope.last().map_or(0, |(_, s)| s + 1);
                let (accu, iter) = (base, base + 1);
                if iter >= SLOTS {
                    return None;
                }
                self.scope.push((c.accu_var.clone(), accu));
                self.scope.push((c.iter_var.clone(), iter));
                let inner = (|| {
                    Some((
                        self.expr(&c.loop_cond)?,
                        self.expr(&c.loop_step)?,
                        self.expr(&c.result)?,
                    ))
                })();
                self.scope.truncate(self.scope.len() - 2);
                let (cond, step, result) = inner?;
                Node::Comprehension(Box::new(Comprehension {
                    range,
                    iter,
                    accu,
                    init,
                    cond,
                    step,
                    result,
                }))
            }
            _ => return None,
        })
    }

    fn call(&mut self, call: &CallExpr) -> Option<Node> {
        let args = &call.args;
        let name = call.func_name.as_str();
        let Some(target) = &call.target else {
            return Some(match (name, args.len()) {
                (operators::CONDITIONAL, 3) => Node::Cond(
                    self.boxed(&args[0])?,
                    self.boxed(&args[1])?,
                    self.boxed(&args[2])?,
                ),
                (operators::LOGICAL_AND, 2) => {
                    let (a, b) = (self.boxed(&args[0])?, self.boxed(&args[1])?);
                    let absorb = !a.opaque();
                    Node::And(a, b, absorb)
                }
                (operators::LOGICAL_OR, 2) => {
                    let (a, b) = (self.boxed(&args[0])?, self.boxed(&args[1])?);
                    let absorb = !a.opaque();
                    Node::Or(a, b, absorb)
                }
                (operators::LOGICAL_NOT, 1) => Node::Not(self.boxed(&args[0])?),
                (operators::NOT_STRICTLY_FALSE, 1) => Node::NotStrictlyFalse(self.boxed(&args[0])?),
                ("size", 1) => Node::Size(self.boxed(&args[0])?),
                (op, 2) => {
                    let bin = match op {
                        operators::EQUALS => Bin::Eq,
                        operators::NOT_EQUALS => Bin::Ne,
                        operators::LESS => Bin::Lt,
                        operators::LESS_EQUALS => Bin::Le,
                        operators::GREATER => Bin::Gt,
                        operators::GREATER_EQUALS => Bin::Ge,
                        operators::ADD => Bin::Add,
                        operators::IN => Bin::In,
                        operators::INDEX => Bin::Index,
                        _ => return self.opaque_call(call),
                    };
                    Node::Bin(bin, self.boxed(&args[0])?, self.boxed(&args[1])?)
                }
                _ => return self.opaque_call(call),
            });
        };
        if let Expr::Ident(prefix) = &target.expr
            && FUNCTION_NAMESPACES.contains(&prefix.as_str())
        {
            return self.opaque_call(call);
        }
        let t = self.boxed(target)?;
        Some(match (name, args.len()) {
            ("size", 0) => Node::Size(t),
            ("lowerAscii", 0) => Node::LowerAscii(t),
            ("matches", 1) => match &args[0].expr {
                Expr::Literal(LiteralValue::String(p)) => match Regex::new(p.inner()) {
                    Ok(re) => Node::Matches(t, re),
                    Err(_) => return self.opaque_call(call),
                },
                _ => return self.opaque_call(call),
            },
            ("contains" | "startsWith" | "endsWith", 1) => {
                let bin = match name {
                    "contains" => Bin::Contains,
                    "startsWith" => Bin::StartsWith,
                    _ => Bin::EndsWith,
                };
                Node::Bin(bin, t, self.boxed(&args[0])?)
            }
            _ => return self.opaque_call(call),
        })
    }

    /// A call outside the subset: [`Node::Opaque`] when its target and arguments translate.
    fn opaque_call(&mut self, call: &CallExpr) -> Option<Node> {
        for x in call.target.iter().map(|t| &**t).chain(&call.args) {
            self.expr(x)?;
        }
        Some(Node::Opaque)
    }
}

fn literal(l: &LiteralValue) -> Option<Lit> {
    Some(match l {
        LiteralValue::Boolean(b) => Lit::Bool(*b.inner()),
        LiteralValue::Int(i) => Lit::Int(*i.inner()),
        LiteralValue::String(s) => Lit::Str(s.inner().to_owned()),
        _ => return None,
    })
}

/// A value during evaluation: borrowed from the object or the program wherever possible.
#[derive(Clone, Debug)]
enum V<'a> {
    /// A comprehension variable before its first binding.
    Unset,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    OwnedStr(String),
    /// A JSON array and the conversion schema of its items.
    List(&'a [Value], Option<&'a CompiledSchema>),
    /// A JSON object and its conversion schema.
    Obj(&'a Map<String, Value>, Option<&'a CompiledSchema>),
    /// A list literal of literals.
    Consts(&'a [Lit]),
    /// A list built during evaluation.
    Vals(Vec<V<'a>>),
}

impl<'a> V<'a> {
    fn as_str(&self) -> Option<&str> {
        match self {
            V::Str(s) => Some(s),
            V::OwnedStr(s) => Some(s),
            _ => None,
        }
    }

    fn len(&self) -> Option<usize> {
        match self {
            V::List(a, _) => Some(a.len()),
            V::Consts(c) => Some(c.len()),
            V::Vals(v) => Some(v.len()),
            _ => None,
        }
    }

    /// Element `i` of a list value.
    fn item(&self, i: usize) -> Option<V<'a>> {
        match self {
            V::List(a, s) => from_json(a.get(i)?, *s),
            V::Consts(c) => Some(lit(c.get(i)?)),
            V::Vals(v) => v.get(i).cloned(),
            _ => None,
        }
    }
}

fn lit(l: &Lit) -> V<'_> {
    match l {
        Lit::Bool(b) => V::Bool(*b),
        Lit::Int(i) => V::Int(*i),
        Lit::Str(s) => V::Str(s),
    }
}

/// The value kube-cel would bind for `v` converted with schema `s`, when we model it.
fn from_json<'a>(v: &'a Value, s: Option<&'a CompiledSchema>) -> Option<V<'a>> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => V::Int(n.as_i64()?),
        Value::String(x) => {
            if let Some(s) = s
                && !matches!(s.format, SchemaFormat::None | SchemaFormat::IntOrString)
            {
                return None;
            }
            V::Str(x)
        }
        Value::Array(a) => V::List(a, s.and_then(|s| s.items.as_deref())),
        Value::Object(m) => {
            if s.is_some_and(|s| s.embedded_resource) {
                return None;
            }
            V::Obj(m, s)
        }
    })
}

/// CEL words that kube-cel escapes as `__word__` when they are object keys.
const RESERVED: [&str; 21] = [
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// A key that kube-cel's field-name escaping leaves unchanged.
fn plain_key(k: &str) -> bool {
    !k.contains(['_', '.', '-', '/']) && !RESERVED.contains(&k)
}

/// Whether kube-cel escapes the object key `k` to `x` (without building the escaped key).
fn escapes_to(k: &str, x: &str) -> bool {
    if RESERVED.contains(&k) {
        return x.len() == k.len() + 4
            && x.starts_with("__")
            && x.ends_with("__")
            && &x[2..x.len() - 2] == k;
    }
    let mut rest = x;
    for ch in k.chars() {
        let rep = match ch {
            '_' => "__",
            '.' => "__dot__",
            '-' => "__dash__",
            '/' => "__slash__",
            _ => {
                let Some(r) = rest.strip_prefix(ch) else {
                    return false;
                };
                rest = r;
                continue;
            }
        };
        let Some(r) = rest.strip_prefix(rep) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
}

/// The entry of a converted object under the CEL key `x`: `Ok(None)` when there is none,
/// `Err(())` when it cannot be told (several keys escape to `x`).
fn entry<'a>(
    m: &'a Map<String, Value>,
    s: Option<&'a CompiledSchema>,
    x: &str,
) -> Result<Option<(&'a String, &'a Value)>, ()> {
    if s.is_some_and(|s| s.is_map) || plain_key(x) {
        return Ok(m.get_key_value(x));
    }
    let mut found = None;
    for (k, v) in m {
        if escapes_to(k, x) {
            if found.is_some() {
                return Err(());
            }
            found = Some((k, v));
        }
    }
    Ok(found)
}

/// The conversion schema of the value under key `k` of an object converted with `s`.
fn child_schema<'a>(s: Option<&'a CompiledSchema>, k: &str) -> Option<&'a CompiledSchema> {
    let s = s?;
    s.properties.get(k).or(s.additional_properties.as_deref())
}

struct Eval<'e, 'a> {
    this: &'e V<'a>,
    env: &'e mut [V<'a>; SLOTS],
}

impl<'a> Eval<'_, 'a> {
    fn bool(&mut self, n: &'a Node) -> Option<bool> {
        match self.eval(n)? {
            V::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn eval(&mut self, n: &'a Node) -> Option<V<'a>> {
        Some(match n {
            Node::This => self.this.clone(),
            Node::Var(slot) => match &self.env[*slot] {
                V::Unset => return None,
                v => v.clone(),
            },
            Node::Lit(l) => lit(l),
            Node::Consts(c) => V::Consts(c),
            Node::List(items) => {
                V::Vals(items.iter().map(|x| self.eval(x)).collect::<Option<_>>()?)
            }
            Node::Select {
                operand,
                field,
                test,
            } => {
                let V::Obj(m, s) = self.eval(operand)? else {
                    return None;
                };
                let found = entry(m, s, field).ok()?;
                if *test {
                    V::Bool(found.is_some())
                } else {
                    let (k, v) = found?;
                    from_json(v, child_schema(s, k))?
                }
            }
            Node::Not(x) => V::Bool(!self.bool(x)?),
            // The cel crate's `&&` and `||` are commutative about errors: `x && false` is false
            // and `x || true` is true whatever value or error `x` gives. That is only relied on
            // when `x` holds no opaque part (whose evaluation we do not model at all).
            Node::And(a, b, absorb) => match self.bool(a) {
                Some(false) => V::Bool(false),
                l => match (l, self.bool(b)?) {
                    (Some(true), r) => V::Bool(r),
                    (None, false) if *absorb => V::Bool(false),
                    _ => return None,
                },
            },
            Node::Or(a, b, absorb) => match self.bool(a) {
                Some(true) => V::Bool(true),
                l => match (l, self.bool(b)?) {
                    (Some(false), r) => V::Bool(r),
                    (None, true) if *absorb => V::Bool(true),
                    _ => return None,
                },
            },
            Node::Cond(c, a, b) => {
                if self.bool(c)? {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Node::Bin(op, a, b) => {
                let l = self.eval(a)?;
                let r = self.eval(b)?;
                binary(*op, l, r)?
            }
            Node::Size(x) => V::Int(match self.eval(x)? {
                V::Str(s) if s.is_ascii() => s.len(),
                V::OwnedStr(s) if s.is_ascii() => s.len(),
                V::Obj(m, s) => {
                    if !s.is_some_and(|s| s.is_map) && !m.keys().all(|k| plain_key(k)) {
                        return None;
                    }
                    m.len()
                }
                v => v.len()?,
            } as i64),
            Node::LowerAscii(x) => V::OwnedStr(self.eval(x)?.as_str()?.to_ascii_lowercase()),
            Node::Matches(x, re) => V::Bool(re.is_match(self.eval(x)?.as_str()?)),
            Node::NotStrictlyFalse(x) => match self.eval(x)? {
                V::Bool(b) => V::Bool(b),
                // The interpreter maps a non-bool to true; only errors are unknown here.
                _ => V::Bool(true),
            },
            Node::Opaque => return None,
            Node::Comprehension(c) => {
                let init = self.eval(&c.init)?;
                let range = self.eval(&c.range)?;
                let len = range.len()?;
                self.env[c.accu] = init;
                self.env[c.iter] = V::Unset;
                for i in 0..len {
                    if !self.bool(&c.cond)? {
                        break;
                    }
                    self.env[c.iter] = range.item(i)?;
                    let next = self.eval(&c.step)?;
                    self.env[c.accu] = next;
                }
                let out = self.eval(&c.result);
                self.env[c.accu] = V::Unset;
                self.env[c.iter] = V::Unset;
                out?
            }
        })
    }
}

/// Equality of two modelled values of the same primitive type; `None` for anything else.
fn same_type_eq(l: &V<'_>, r: &V<'_>) -> Option<bool> {
    match (l, r) {
        (V::Bool(a), V::Bool(b)) => Some(a == b),
        (V::Int(a), V::Int(b)) => Some(a == b),
        _ => Some(l.as_str()? == r.as_str()?),
    }
}

fn binary<'a>(op: Bin, l: V<'a>, r: V<'a>) -> Option<V<'a>> {
    Some(match op {
        Bin::Eq => V::Bool(same_type_eq(&l, &r)?),
        Bin::Ne => V::Bool(!same_type_eq(&l, &r)?),
        Bin::Lt | Bin::Le | Bin::Gt | Bin::Ge => {
            let (V::Int(a), V::Int(b)) = (l, r) else {
                return None;
            };
            V::Bool(match op {
                Bin::Lt => a < b,
                Bin::Le => a <= b,
                Bin::Gt => a > b,
                _ => a >= b,
            })
        }
        Bin::Add => match (l, r) {
            (V::Int(a), V::Int(b)) => V::Int(a.checked_add(b)?),
            (V::Vals(mut a), V::Vals(b)) => {
                a.extend(b);
                V::Vals(a)
            }
            (l, r) => {
                let (n, m) = (l.len()?, r.len()?);
                let mut out = Vec::with_capacity(n + m);
                for i in 0..n {
                    out.push(l.item(i)?);
                }
                for i in 0..m {
                    out.push(r.item(i)?);
                }
                V::Vals(out)
            }
        },
        Bin::In => {
            if !matches!(l, V::Bool(_) | V::Int(_) | V::Str(_) | V::OwnedStr(_)) {
                return None;
            }
            let mut found = false;
            for i in 0..r.len()? {
                // Every element must be comparable, as the reference compares until a match
                // with an equality we do not model across types.
                found |= same_type_eq(&l, &r.item(i)?)?;
            }
            V::Bool(found)
        }
        Bin::Index => {
            let V::Int(i) = r else {
                return None;
            };
            l.len()?;
            l.item(usize::try_from(i).ok()?)?
        }
        Bin::Contains => V::Bool(l.as_str()?.contains(r.as_str()?)),
        Bin::StartsWith => V::Bool(l.as_str()?.starts_with(r.as_str()?)),
        Bin::EndsWith => V::Bool(l.as_str()?.ends_with(r.as_str()?)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube_core::cel::{ErrorKind, compile_schema, validate_compiled};
    use serde_json::json;

    /// The schema every shape test uses: a record with typed fields, a map, a list of records,
    /// a date-time, an int-or-string and an embedded resource.
    fn schema(rule: &str) -> Value {
        json!({
            "type": "object",
            "x-kubernetes-validations": [{"rule": rule}],
            "properties": {
                "type": {"type": "string"},
                "name": {"type": "string"},
                "n": {"type": "integer"},
                "m": {"type": "integer"},
                "flag": {"type": "boolean"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "refs": {"type": "array", "items": {"type": "object", "properties": {
                    "group": {"type": "string"}, "kind": {"type": "string"},
                    "name": {"type": "string"}, "namespace": {"type": "string"}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "when": {"type": "string", "format": "date-time"},
                "port": {"x-kubernetes-int-or-string": true},
                "raw": {"type": "object", "x-kubernetes-embedded-resource": true,
                        "x-kubernetes-preserve-unknown-fields": true},
                "obj": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            }
        })
    }

    /// (fast outcome of the single rule, kube-cel outcome: Some(pass) or None for an error).
    fn both(rule: &str, value: &Value) -> (Option<bool>, Option<bool>) {
        let leaf = compile_schema(&schema(rule));
        let reference = match validate_compiled(&leaf, value, None) {
            Ok(()) => Some(true),
            Err(e) if e.iter().all(|e| e.kind == ErrorKind::ValidationFailure) => Some(false),
            Err(_) => None,
        };
        let fast = FastLeaf::compile(&leaf).and_then(|f| {
            let this = from_json(value, Some(&leaf))?;
            match &f.rules[0] {
                None => Some(true),
                Some(node) => match run(node, &this)? {
                    V::Bool(b) => Some(b),
                    _ => None,
                },
            }
        });
        (fast, reference)
    }

    /// Checks that the fast outcome is `expected` and, when definite, equals kube-cel's.
    #[track_caller]
    fn check(rule: &str, value: Value, expected: Option<bool>) {
        let (fast, reference) = both(rule, &value);
        assert_eq!(fast, expected, "fast outcome of {rule} on {value}");
        if fast.is_some() {
            assert_eq!(fast, reference, "kube-cel disagrees on {rule} with {value}");
        }
    }

    #[test]
    fn fields_has_and_literals() {
        let v = json!({"type": "A", "n": 3, "flag": true});
        check("self.type == 'A'", v.clone(), Some(true));
        check("self.type == 'B'", v.clone(), Some(false));
        check("self.type != 'B' && self.n == 3", v.clone(), Some(true));
        check("has(self.name)", v.clone(), Some(false));
        check("has(self.type) && !has(self.name)", v.clone(), Some(true));
        // A missing field read without has() is a CEL error: unknown.
        check("self.name == 'x'", v.clone(), None);
        check("self.flag", v.clone(), Some(true));
        check("self.flag == true", v.clone(), Some(true));
        check("!self.flag", v.clone(), Some(false));
        // Mixed types: unknown.
        check("self.n == 'A'", v.clone(), None);
        check("self.type == 1", v.clone(), None);
        check("self.n == 3.0", v.clone(), None);
        check("self.n == 3u", v.clone(), None);
        check("self.type == null", v.clone(), None);
        // Not a bool result: unknown.
        check("self.n", v.clone(), None);
        // Unknown identifier.
        check("kind == 'A'", v, None);
    }

    #[test]
    fn logic_and_conditionals() {
        let v = json!({"type": "A", "n": 3});
        check(
            "self.type == 'A' ? self.n > 2 : false",
            v.clone(),
            Some(true),
        );
        check(
            "self.type == 'B' ? self.n > 2 : false",
            v.clone(),
            Some(false),
        );
        check(
            "self.type == 'A' || self.missing == 1",
            v.clone(),
            Some(true),
        );
        check(
            "self.type == 'B' && self.missing == 1",
            v.clone(),
            Some(false),
        );
        // The error on the left is absorbed by a definite right side, as in the cel crate.
        check(
            "self.missing == 1 || self.type == 'A'",
            v.clone(),
            Some(true),
        );
        check(
            "self.missing == 1 && self.type == 'B'",
            v.clone(),
            Some(false),
        );
        check("self.missing == 1 || self.type == 'B'", v.clone(), None);
        // Opaque parts: unknown when reached, irrelevant when not.
        check(
            "!has(self.name) || duration(self.name) > duration('1s')",
            v.clone(),
            Some(true),
        );
        check(
            "has(self.type) && duration(self.type) > duration('1s')",
            v.clone(),
            None,
        );
        check(
            "duration('1s') > duration('2s') || self.type == 'A'",
            v.clone(),
            None,
        );
        check("self.n + 1 == 4", v.clone(), Some(true));
        check("self.n + 9223372036854775807 > 0", v.clone(), None);
        check("self.n - 1 == 2", v.clone(), None);
        check(
            "self.n < 4 && self.n <= 3 && self.n > 2 && self.n >= 3",
            v.clone(),
            Some(true),
        );
        check("self.n < 3", v.clone(), Some(false));
        check("self.type < 'B'", v, None);
        check("self.m >= self.n", json!({"n": 1, "m": 2}), Some(true));
        check("self.m >= self.n", json!({"n": 3, "m": 2}), Some(false));
        check("self.m >= self.n", json!({"n": 3, "m": 2.5}), None);
        check("self.m >= self.n", json!({"n": 3, "m": null}), None);
    }

    #[test]
    fn strings() {
        let v = json!({"type": "Exact", "name": "/a/b", "labels": {"x": "Ab"}});
        check("self.name.startsWith('/')", v.clone(), Some(true));
        check("self.name.endsWith('/.')", v.clone(), Some(false));
        check("self.name.contains('//')", v.clone(), Some(false));
        check("self.name.contains('/b')", v.clone(), Some(true));
        check(
            "self.name.size() == 4 && size(self.name) == 4",
            v.clone(),
            Some(true),
        );
        check("size(self.name) == 4", json!({"name": "ümlaut"}), None);
        check(
            r#"self.name.matches(r"^(?:[-A-Za-z0-9/._~]|[%][0-9a-fA-F]{2})+$")"#,
            v.clone(),
            Some(true),
        );
        check("self.name.matches('^[a-z]+$')", v.clone(), Some(false));
        check("self.type.lowerAscii() == 'exact'", v.clone(), Some(true));
        check("self.labels.x.lowerAscii() == 'ab'", v.clone(), Some(true));
        check(
            "self.type in ['Exact', 'PathPrefix']",
            v.clone(),
            Some(true),
        );
        check("self.type in ['Regex']", v.clone(), Some(false));
        check("self.type in ['Exact', 1]", v.clone(), None);
        check("self.name.split('/')[0] == ''", v.clone(), None);
        check("self.name.matches(self.type)", v, None);
        // Date-times convert to timestamps in kube-cel: unknown.
        check(
            "self.when == 'x'",
            json!({"when": "2024-01-01T00:00:00Z"}),
            None,
        );
        check(
            "has(self.when)",
            json!({"when": "2024-01-01T00:00:00Z"}),
            Some(true),
        );
        check("self.port == 'http'", json!({"port": "http"}), Some(true));
        check("self.port == 8080", json!({"port": 8080}), Some(true));
    }

    #[test]
    fn lists_and_comprehensions() {
        let refs = json!({"refs": [
            {"group": "g", "kind": "K", "name": "a"},
            {"group": "g", "kind": "K", "name": "b", "namespace": "ns"},
        ], "tags": ["x", "*"]});
        check("self.refs.all(r, r.group == 'g')", refs.clone(), Some(true));
        check("self.refs.all(r, r.name == 'a')", refs.clone(), Some(false));
        check(
            "self.refs.exists(r, r.name == 'b')",
            refs.clone(),
            Some(true),
        );
        check(
            "self.refs.exists_one(r, r.kind == 'K')",
            refs.clone(),
            Some(false),
        );
        check(
            "self.refs.all(a, self.refs.exists_one(b, a.name == b.name))",
            refs.clone(),
            Some(true),
        );
        check(
            "self.refs.filter(r, r.name == 'a').size() <= 1",
            refs.clone(),
            Some(true),
        );
        check(
            "self.refs.filter(r, r.kind == 'K').size() <= 1",
            refs.clone(),
            Some(false),
        );
        check(
            "self.refs.map(r, r.name).size() == 2",
            refs.clone(),
            Some(true),
        );
        check(
            "self.refs.map(r, r.name)[1] == 'b'",
            refs.clone(),
            Some(true),
        );
        check(
            "size(self.refs) == 2 && self.refs[1].name == 'b'",
            refs.clone(),
            Some(true),
        );
        check("self.refs[2].name == 'b'", refs.clone(), None);
        check(
            "'*' in self.tags && self.tags.size() > 1",
            refs.clone(),
            Some(true),
        );
        check(
            "!('*' in self.tags && self.tags.size() > 1)",
            refs.clone(),
            Some(false),
        );
        // A missing field inside the predicate: unknown.
        check("self.refs.all(r, r.namespace == 'ns')", refs.clone(), None);
        check(
            "self.refs.all(r, !has(r.__namespace__) || r.__namespace__ == 'ns')",
            refs.clone(),
            Some(true),
        );
        // Without escaping, `namespace` is not a field of the converted record.
        check(
            "self.refs.all(r, !has(r.namespace))",
            refs.clone(),
            Some(true),
        );
        // Iterating a map: unknown (hash order).
        check(
            "self.labels.all(k, k != '')",
            json!({"labels": {"a": "b"}}),
            None,
        );
        check(
            "self.labels.size() == 1",
            json!({"labels": {"a_b": "c"}}),
            Some(true),
        );
        check(
            "has(self.labels.a_b)",
            json!({"labels": {"a_b": "c"}}),
            Some(true),
        );
        check("self.obj.size() == 1", json!({"obj": {"a_b": "c"}}), None);
        check(
            "has(self.obj.a__b)",
            json!({"obj": {"a_b": "c"}}),
            Some(true),
        );
        check(
            "has(self.obj.__namespace__)",
            json!({"obj": {"namespace": 1, "_namespace_": 2}}),
            None,
        );
        check("self.refs == self.refs", refs.clone(), None);
        check("[1, 2].size() == 2", refs, Some(true));
    }

    #[test]
    fn unsupported_values_and_rules() {
        check("has(self.raw.kind)", json!({"raw": {"kind": "X"}}), None);
        check("self == oldSelf", json!({"type": "A"}), Some(true));
        let leaf = compile_schema(&json!({"type": "object", "x-kubernetes-validations": [
            {"rule": "oldSelf == null || self == oldSelf", "optionalOldSelf": true}]}));
        assert!(FastLeaf::compile(&leaf).is_none());
        let leaf = compile_schema(&schema("self.type == ("));
        assert!(FastLeaf::compile(&leaf).is_none());
    }

    #[test]
    fn escaping_matches_kube_cel() {
        assert!(escapes_to("namespace", "__namespace__"));
        assert!(escapes_to("_namespace_", "__namespace__"));
        assert!(escapes_to("a-b.c/d_e", "a__dash__b__dot__c__slash__d__e"));
        assert!(!escapes_to("namespace", "namespace"));
        assert!(!escapes_to("ab", "a"));
        assert!(plain_key("backendRefs"));
        assert!(!plain_key("in"));
        assert!(!plain_key("x-y"));
    }
}
