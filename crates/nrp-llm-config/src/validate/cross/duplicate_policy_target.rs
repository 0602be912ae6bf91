//! `duplicate_policy_target` (warning): two policies of one type on one AIServiceBackend.

use super::facts::Facts;
use super::index::FastMap;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::Pos;
use crate::path::FieldPath;

/// The policy that first targeted a backend, where its name is, and the targetRef's index.
type FirstTarget<'a> = (&'a Facts, Option<Pos>, usize);

/// The first policy of each (type, namespace, AIServiceBackend) seen so far.
#[derive(Default)]
pub(super) struct Targeted<'a> {
    first: FastMap<(&'a str, &'a str, &'a str), FirstTarget<'a>>,
}

impl<'a> Targeted<'a> {
    /// Records a targetRef of `pol` (of type `ptype`) to `name`; reports it when another policy
    /// of the same type targets the same backend.
    pub(super) fn check(
        &mut self,
        pol: &'a Facts,
        ptype: &'a str,
        tpath: FieldPath,
        name: &'a str,
        pos: Option<Pos>,
    ) -> Option<Diagnostic> {
        let ns = pol.ns();
        let key = (ptype, ns, name);
        let index = tpath.segments().last().map_or(0, |s| match s {
            crate::path::Segment::Index(i) => *i,
            _ => 0,
        });
        let Some(&(first, fpos, findex)) = self.first.get(&key) else {
            self.first.insert(key, (pol, pos, index));
            return None;
        };
        if first.object_ref() == pol.object_ref() {
            return Some(pol.locate(
                Diagnostic::warning(
                    Code::DUPLICATE_POLICY_TARGET,
                    format!(
                        "{tpath}: AIServiceBackend {} is already listed at spec.targetRefs[{findex}] of this policy",
                        super::qualified(ns, name)
                    ),
                )
                .with_path(tpath.field("name"))
                .with_hint("the API server accepts the repeat, but it adds nothing: remove this targetRef"),
                pos,
            ));
        }
        let floc = first.source_location(fpos);
        Some(pol.locate(
            Diagnostic::warning(
                Code::DUPLICATE_POLICY_TARGET,
                format!(
                    "{tpath}: AIServiceBackend {} is also targeted by {} (type {ptype})",
                    super::qualified(ns, name),
                    first.object_ref().map(|r| r.to_string()).unwrap_or_default()
                ),
            )
            .with_path(tpath.field("name"))
            .with_hint(format!(
                "only one {ptype} policy takes effect per backend; remove one target (the other is at {}:{})",
                floc.file.unwrap_or_default(),
                floc.line.unwrap_or(0)
            )),
            pos,
        ))
    }
}
