//! Where the walker is: a chain of borrowed steps, turned into a field path or a kube-openapi
//! name only when an error is reported.

use crate::FieldPath;

/// Something an error can be reported at: a ready [`FieldPath`] or a lazily built [`At`].
pub(super) trait Locus {
    fn to_path(&self) -> FieldPath;
}

impl Locus for FieldPath {
    fn to_path(&self) -> FieldPath {
        self.clone()
    }
}

impl Locus for At<'_> {
    fn to_path(&self) -> FieldPath {
        match self.step {
            Step::Base(path, _) => path.clone(),
            Step::Field(parent, k) => parent.to_path().field(k),
            Step::Key(parent, k) => parent.to_path().key(k),
            Step::Index(parent, i) => parent.to_path().index(i),
        }
    }
}

/// Where the walker is, as a chain of borrowed steps: the field path and the kube-openapi name
/// (`spec.rules[0].x`) are only built when an error is reported, not for every node visited.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    step: Step<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Step<'a> {
    /// A starting point: its path and its name.
    Base(&'a FieldPath, &'a str),
    Field(&'a At<'a>, &'a str),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// A starting point at `path`, named `name` in messages (`""` for the object itself).
    pub(crate) fn base(path: &'a FieldPath, name: &'a str) -> Self {
        At {
            step: Step::Base(path, name),
        }
    }

    pub(super) fn field(&'a self, k: &'a str) -> At<'a> {
        At {
            step: Step::Field(self, k),
        }
    }

    pub(super) fn key(&'a self, k: &'a str) -> At<'a> {
        At {
            step: Step::Key(self, k),
        }
    }

    pub(super) fn index(&'a self, i: usize) -> At<'a> {
        At {
            step: Step::Index(self, i),
        }
    }

    /// Appends the name: a child of an empty name is just its key, otherwise `parent.key`;
    /// an item is `parent[i]`.
    fn render(&self, out: &mut String) {
        match self.step {
            Step::Base(_, name) => out.push_str(name),
            Step::Field(parent, k) | Step::Key(parent, k) => {
                let start = out.len();
                parent.render(out);
                if out.len() > start {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(parent, i) => {
                parent.render(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.render(&mut s);
        f.write_str(&s)
    }
}
