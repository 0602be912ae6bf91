//! Running a program: the CEL interpreter's operations, answering only where kube-cel's answer
//! is certain.

use super::SLOTS;
use super::program::{Bin, Node};
use super::value::{V, child_schema, entry, from_json, lit, plain_key};

pub(super) struct Eval<'e, 'a> {
    pub(super) this: &'e V<'a>,
    pub(super) env: &'e mut [V<'a>; SLOTS],
}

impl<'a> Eval<'_, 'a> {
    pub(super) fn bool(&mut self, n: &'a Node) -> Option<bool> {
        match self.eval(n)? {
            V::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub(super) fn eval(&mut self, n: &'a Node) -> Option<V<'a>> {
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
pub(super) fn same_type_eq(l: &V<'_>, r: &V<'_>) -> Option<bool> {
    match (l, r) {
        (V::Bool(a), V::Bool(b)) => Some(a == b),
        (V::Int(a), V::Int(b)) => Some(a == b),
        _ => Some(l.as_str()? == r.as_str()?),
    }
}

pub(super) fn binary<'a>(op: Bin, l: V<'a>, r: V<'a>) -> Option<V<'a>> {
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
