//! `duplicate_model`: a model name routed by two rules of one Gateway (in one route object or in
//! several) that compete for the same requests, so the first one silently wins. Two matches of
//! one rule never conflict, nor do rules that other `Exact` headers keep apart (e.g. different
//! API keys) or that differ in precedence.

use super::facts::{Facts, ModelUse, RouteFacts};
use super::index::{FastMap, model_path};
use crate::diagnostic::{Code, Diagnostic};
use crate::resources::view::conditions_compete;

/// Where a model name was first seen on a Gateway: the route, the rule index and the header.
struct ModelSite<'a> {
    route: &'a Facts,
    rule: usize,
    model: &'a ModelUse,
}

impl ModelSite<'_> {
    /// True when this site's match and `m` (of another rule) compete for one request (see
    /// [`crate::resources::view::MatchView`]).
    fn competes_with(&self, m: &ModelUse) -> bool {
        conditions_compete(
            (self.model.specificity as usize, &self.model.other_exact),
            (m.specificity as usize, &m.other_exact),
        )
    }
}

/// The model names seen so far, per Gateway (namespace, name): every site that no earlier site
/// competes with.
#[derive(Default)]
pub(super) struct SeenModels<'a> {
    by_gateway: FastMap<(&'a str, &'a str), FastMap<&'a str, Vec<ModelSite<'a>>>>,
}

impl<'a> SeenModels<'a> {
    /// Records the models of rule `ri` of a route; a model already routed on one of the route's
    /// Gateways is reported.
    pub(super) fn check_rule(
        &mut self,
        route: &'a Facts,
        r: &'a RouteFacts,
        ri: usize,
        models: &'a [ModelUse],
        out: &mut Vec<Diagnostic>,
    ) {
        for m in models {
            let model = &*m.model;
            for gw in &r.gateways {
                let seen = self
                    .by_gateway
                    .entry((&gw.0, &gw.1))
                    .or_default()
                    .entry(model)
                    .or_default();
                let competitor = seen.iter().find(|s| {
                    let same_rule = std::ptr::eq(s.route, route) && s.rule == ri;
                    !same_rule && s.competes_with(m)
                });
                if let Some(first) = competitor {
                    let first_loc = first.route.source_location(first.model.pos);
                    let mpath = model_path(ri, m);
                    out.push(route.locate(
                        Diagnostic::error(
                            Code::DUPLICATE_MODEL,
                            format!(
                                "{mpath}: model {model:?} is already routed by {} ({}) on Gateway {}/{}",
                                first.route.object_ref().map(|r| r.to_string()).unwrap_or_default(),
                                model_path(first.rule, first.model),
                                gw.0,
                                gw.1
                            ),
                        )
                        .with_path(mpath)
                        .with_hint(format!(
                            "a model name must map to exactly one rule per Gateway; the first one is at {}:{}",
                            first_loc.file.unwrap_or_default(),
                            first_loc.line.unwrap_or(0)
                        )),
                        m.pos,
                    ));
                } else {
                    seen.push(ModelSite {
                        route,
                        rule: ri,
                        model: m,
                    });
                }
            }
        }
    }
}
