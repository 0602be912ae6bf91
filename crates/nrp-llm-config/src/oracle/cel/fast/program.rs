//! Translating a rule's CEL AST (as kube-cel parsed it) into a program of our own: the subset
//! we evaluate, with opaque parts for calls and literals outside it.

use kube_core::cel::cel::common::ast::{
    CallExpr, EntryExpr, Expr, IdedExpr, LiteralValue, operators,
};
use regex::Regex;

use super::SLOTS;

/// A literal of a program.
#[derive(Debug)]
pub(super) enum Lit {
    Bool(bool),
    Int(i64),
    Str(String),
}

/// Binary operators with both operands evaluated.
#[derive(Clone, Copy, Debug)]
pub(super) enum Bin {
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
pub(super) enum Node {
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
    pub(super) fn opaque(&self) -> bool {
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
pub(super) struct Comprehension {
    pub(super) range: Node,
    pub(super) iter: usize,
    pub(super) accu: usize,
    pub(super) init: Node,
    pub(super) cond: Node,
    pub(super) step: Node,
    pub(super) result: Node,
}

/// Namespaces of kube-cel's qualified functions: a method call on a variable with one of these
/// names could resolve to such a function, so it is not translated.
pub(super) const FUNCTION_NAMESPACES: [&str; 10] = [
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

pub(super) struct Compiler {
    /// Comprehension variables in scope (innermost last) and their slots.
    pub(super) scope: Vec<(String, usize)>,
}

impl Compiler {
    fn boxed(&mut self, e: &IdedExpr) -> Option<Box<Node>> {
        self.expr(e).map(Box::new)
    }

    pub(super) fn expr(&mut self, e: &IdedExpr) -> Option<Node> {
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

pub(super) fn literal(l: &LiteralValue) -> Option<Lit> {
    Some(match l {
        LiteralValue::Boolean(b) => Lit::Bool(*b.inner()),
        LiteralValue::Int(i) => Lit::Int(*i.inner()),
        LiteralValue::String(s) => Lit::Str(s.inner().to_owned()),
        _ => return None,
    })
}
