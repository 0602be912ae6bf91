//! Phase one: what the cross-object rules need from one object, without its JSON tree.
//!
//! Every field path a rule may report at is located here, once, while the tree is still at
//! hand: the fields are found by one walk that keeps the pre-order index of each node (the
//! index into [`Object::positions`]), so no path is looked up twice and no [`FieldPath`] is
//! built unless a diagnostic is emitted. Paths that may be missing fall back to their nearest
//! existing ancestor, as [`Object::locate`] does.

use super::names::check_names;
use crate::diagnostic::{Diagnostic, SourceLocation};
use crate::document::{Object, Pos};
use crate::resources::common::{
    AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, MODEL_NAME_HEADER,
};
use crate::resources::view::{
    HttpRouteView, Node, ObjectView, PolicyView, Reference, RouteView, RuleView, ServiceBackendView,
};
use crate::{ObjectRef, Release};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything the cross-object rules and lint need from one object: its identity, the
/// references and model names it holds, and the source positions of the fields a diagnostic
/// may point at. Owned and compact: it holds no JSON tree, so a caller can extract the facts of
/// an object and drop the object right away (see [`super::check_facts`]).
///
/// ```
/// use nrp_llm_config::{document::{parse_str, Limits}, validate::cross::{Facts, check_facts}, Release};
/// let text = "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b, namespace: n}\nspec: {}\n";
/// let facts: Vec<Facts> = parse_str(text, "b.yaml", &Limits::default())
///     .unwrap()
///     .iter()
///     .map(|o| Facts::of(o, Release::V1_1))
///     .collect();
/// assert!(check_facts(&facts, Release::V1_1).is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct Facts {
    /// The file the object was read from.
    pub(super) file: Option<Arc<str>>,
    /// `metadata.namespace`, when a string.
    pub(super) namespace: Option<Box<str>>,
    /// `metadata.name`, when a string (the object has an identity exactly then).
    pub(super) name: Option<Box<str>>,
    /// What the rules need, by kind.
    pub(super) kind: KindFacts,
    /// The name lint's finding, decided at extraction (it needs nothing from other objects).
    pub(super) invalid_name: Option<Box<Diagnostic>>,
}

/// The kinds the rules look at, each with its own facts.
#[derive(Clone, Debug)]
pub(super) enum KindFacts {
    /// An AIGatewayRoute.
    Route(Box<RouteFacts>),
    /// An AIServiceBackend.
    ServiceBackend(Box<ServiceBackendFacts>),
    /// A BackendSecurityPolicy.
    Policy(Box<PolicyFacts>),
    /// An Envoy Gateway Backend: where its `metadata.name` is.
    Backend(Option<Pos>),
    /// A Gateway API Gateway.
    Gateway,
    /// A Gateway API HTTPRoute: the Backends its rules point at, as (namespace, name).
    HttpRoute(Box<[NamedRef]>),
    /// A QuotaPolicy, BackendTrafficPolicy or MCPRoute: the objects it attaches to or routes to.
    Attached(Box<AttachedFacts>),
    /// Any other kind.
    Other,
}

/// A reference by (namespace when given, name).
pub(super) type NamedRef = (Option<Box<str>>, Box<str>);

/// One entry of `llmRequestCosts`: (metadataKey, type, cel).
pub(super) type Cost = (Box<str>, Box<str>, Box<str>);

/// A targetRef of a policy to an AIServiceBackend: (index, name, position of the name).
pub(super) type PolicyTarget = (u32, Box<str>, Option<Pos>);

/// The kinds that other objects refer to by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Target {
    Gateway,
    ServiceBackend,
    Backend,
    Policy,
    /// An HTTPRoute, or an AIGatewayRoute (whose controller generates the HTTPRoute of the
    /// same name that policies attach to).
    HttpRoute,
}

/// Which of the kinds with [`AttachedFacts`] an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AttachedKind {
    /// `aigateway.envoyproxy.io` QuotaPolicy.
    Quota,
    /// `gateway.envoyproxy.io` BackendTrafficPolicy.
    TrafficPolicy,
    /// `aigateway.envoyproxy.io` MCPRoute.
    McpRoute,
}

/// A reference the rules resolve: the field that holds it, what it names, where its name is.
#[derive(Clone, Debug)]
pub(super) struct RefFact {
    /// The reference's field path, e.g. `spec.targetRefs[0]`.
    pub(super) path: Box<str>,
    /// What it refers to.
    pub(super) target: Target,
    /// `namespace`, when given.
    pub(super) namespace: Option<Box<str>>,
    pub(super) name: Box<str>,
    /// Position of the reference's `name`.
    pub(super) name_pos: Option<Pos>,
}

/// A per-model quota of a QuotaPolicy: (index in `perModelQuotas`, `modelName`, its position).
pub(super) type QuotaModel = (u32, Box<str>, Option<Pos>);

/// Facts of a QuotaPolicy, BackendTrafficPolicy or MCPRoute.
#[derive(Clone, Debug)]
pub(super) struct AttachedFacts {
    pub(super) kind: AttachedKind,
    /// The references of kinds the rules can resolve in a folder (AIServiceBackends, Backends,
    /// Gateways, routes), in field order.
    pub(super) refs: Box<[RefFact]>,
    /// QuotaPolicy `perModelQuotas[i].modelName`: (i, model, position of the name).
    pub(super) quota_models: Box<[QuotaModel]>,
}

/// Facts of an AIGatewayRoute.
#[derive(Clone, Debug)]
pub(super) struct RouteFacts {
    /// Length of `spec.rules` (0 when it is not a list).
    pub(super) rule_count: usize,
    /// Position of `spec.rules`.
    pub(super) rules_pos: Option<Pos>,
    /// Position of `spec.parentRefs`.
    pub(super) parents_pos: Option<Pos>,
    /// Position of `spec.llmRequestCosts`.
    pub(super) costs_pos: Option<Pos>,
    /// The parentRefs to a Gateway that have a name, in order.
    pub(super) gateway_refs: Box<[GatewayRef]>,
    /// The Gateways the route attaches to (parentRefs and v0.3 targetRefs), sorted, no repeats.
    pub(super) gateways: Box<[(Box<str>, Box<str>)]>,
    /// Every parentRef as `group/kind/namespace/name/sectionName`, sorted.
    pub(super) parents: Box<[Box<str>]>,
    /// `llmRequestCosts` by metadataKey: (metadataKey, type, cel), sorted by key, last one wins.
    pub(super) costs: Box<[Cost]>,
    /// One entry per element of `spec.rules`.
    pub(super) rules: Box<[RuleFacts]>,
}

/// A parentRef to a Gateway.
#[derive(Clone, Debug)]
pub(super) struct GatewayRef {
    /// Index in `spec.parentRefs`.
    pub(super) index: u32,
    /// `namespace`, when given.
    pub(super) namespace: Option<Box<str>>,
    pub(super) name: Box<str>,
    /// Position of `spec.parentRefs[index].name`.
    pub(super) name_pos: Option<Pos>,
}

/// Facts of one route rule.
#[derive(Clone, Debug)]
pub(super) struct RuleFacts {
    /// Position of `spec.rules[i]`.
    pub(super) pos: Option<Pos>,
    /// Whether `timeouts.request` is set.
    pub(super) has_timeout: bool,
    /// The backendRefs to an AIServiceBackend that have a name, in order.
    pub(super) backends: Box<[BackendUse]>,
    /// The model names the rule matches on, in order (see [`super::rule_models`]).
    pub(super) models: Box<[ModelUse]>,
}

/// A backendRef of a rule to an AIServiceBackend.
#[derive(Clone, Debug)]
pub(super) struct BackendUse {
    /// Index in the rule's `backendRefs`.
    pub(super) index: u32,
    /// `namespace`, when given.
    pub(super) namespace: Option<Box<str>>,
    pub(super) name: Box<str>,
    /// `modelNameOverride`, when a string.
    pub(super) model_override: Option<Box<str>>,
    /// Position of `name`.
    pub(super) name_pos: Option<Pos>,
    /// Position of `modelNameOverride` (of the backendRef when there is none).
    pub(super) override_pos: Option<Pos>,
}

/// A model name a rule matches on.
#[derive(Clone, Debug)]
pub(super) struct ModelUse {
    /// Index in the rule's `matches`.
    pub(super) match_index: u32,
    /// Index in that match's `headers`.
    pub(super) header_index: u32,
    pub(super) model: Box<str>,
    /// Position of the header's `value`.
    pub(super) pos: Option<Pos>,
    /// The number of header conditions of the match (its Gateway API precedence).
    pub(super) specificity: u32,
    /// The match's other `Exact` header conditions (lower-case name, value), to tell whether two
    /// matches of one model can apply to the same request.
    pub(super) other_exact: Box<[(Box<str>, Box<str>)]>,
}

/// Facts of an AIServiceBackend.
#[derive(Clone, Debug)]
pub(super) struct ServiceBackendFacts {
    /// Position of `metadata.name`.
    pub(super) name_pos: Option<Pos>,
    /// `spec.backendRef`, when it names an Envoy Gateway Backend.
    pub(super) backend: Option<BackendRef>,
    /// `spec.backendSecurityPolicyRef.name` and its position. Only kept when `spec.backendRef`
    /// has a name (the rules skip the policy reference otherwise).
    pub(super) policy: Option<(Box<str>, Option<Pos>)>,
}

/// `spec.backendRef` of an AIServiceBackend, pointing at a Backend.
#[derive(Clone, Debug)]
pub(super) struct BackendRef {
    /// `namespace`, when given.
    pub(super) namespace: Option<Box<str>>,
    pub(super) name: Box<str>,
    /// Position of `spec.backendRef.name`.
    pub(super) name_pos: Option<Pos>,
}

/// Facts of a BackendSecurityPolicy.
#[derive(Clone, Debug)]
pub(super) struct PolicyFacts {
    /// `spec.type`, or `""`.
    pub(super) policy_type: Box<str>,
    /// The targetRefs to an AIServiceBackend: (index, name, position of the name).
    pub(super) targets: Box<[PolicyTarget]>,
    /// `spec.targetRefs` is there and an empty list; its position.
    pub(super) empty_targets: Option<Option<Pos>>,
}

fn boxed(s: Option<&str>) -> Option<Box<str>> {
    s.map(Box::from)
}

impl Facts {
    /// Extracts the facts of one object. Cheap (one walk over the fields the rules read), so it
    /// can run in parallel per object; `release` must be the one later given to
    /// [`super::check_facts`].
    pub fn of(object: &Object, release: Release) -> Facts {
        let view = ObjectView::at(Node::tracked(object.value()));
        let positions = object.positions();
        let namespace = view.namespace();
        let name = view.name();
        let group = view.group();
        let spec = view.spec();
        let kind = match (group, object.kind()) {
            (AI_GATEWAY_GROUP, "AIGatewayRoute") => KindFacts::Route(Box::new(route_facts(
                positions,
                &view,
                RouteView::new(spec),
                namespace,
            ))),
            (AI_GATEWAY_GROUP, "AIServiceBackend") => KindFacts::ServiceBackend(Box::new(
                service_backend_facts(positions, &view, ServiceBackendView::new(spec)),
            )),
            (AI_GATEWAY_GROUP, "BackendSecurityPolicy") => {
                KindFacts::Policy(Box::new(policy_facts(positions, spec)))
            }
            (ENVOY_GATEWAY_GROUP, "Backend") => {
                KindFacts::Backend(view.name_node().position(positions))
            }
            (GATEWAY_API_GROUP, "Gateway") => KindFacts::Gateway,
            (GATEWAY_API_GROUP, "HTTPRoute") => {
                KindFacts::HttpRoute(http_route_backends(HttpRouteView::new(spec)))
            }
            (AI_GATEWAY_GROUP, "QuotaPolicy") => KindFacts::Attached(Box::new(attached_facts(
                positions,
                AttachedKind::Quota,
                spec,
            ))),
            (ENVOY_GATEWAY_GROUP, "BackendTrafficPolicy") => KindFacts::Attached(Box::new(
                attached_facts(positions, AttachedKind::TrafficPolicy, spec),
            )),
            (AI_GATEWAY_GROUP, "MCPRoute") => KindFacts::Attached(Box::new(attached_facts(
                positions,
                AttachedKind::McpRoute,
                spec,
            ))),
            _ => KindFacts::Other,
        };
        // The oracle checks names itself for the kinds it knows; ask it only when the lint would
        // have something to say.
        let bad_name = name.is_some_and(|n| {
            !super::is_dns1123_subdomain(n)
                || namespace.is_some_and(|ns| !super::is_dns1123_label(ns))
        });
        let invalid_name =
            if bad_name && !crate::oracle::oracle(release).knows_kind(group, object.kind()) {
                check_names(object).map(Box::new)
            } else {
                None
            };
        Facts {
            file: object.origin().map(|o| Arc::clone(&o.file)),
            namespace: boxed(namespace),
            name: boxed(name),
            kind,
            invalid_name,
        }
    }

    /// The namespace the rules resolve references in: `metadata.namespace`, or `""` for an
    /// object that names none. Such an object lives in the namespace it will be applied to
    /// (`kubectl apply -n`, kustomize, Flux), the same for all of them, so references between
    /// objects without a namespace resolve among themselves.
    pub(super) fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    /// `metadata.name`, or `""`.
    pub(super) fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// The kind other objects refer to this one as, if any.
    pub(super) fn target(&self) -> Option<Target> {
        match self.kind {
            KindFacts::Gateway => Some(Target::Gateway),
            KindFacts::ServiceBackend(_) => Some(Target::ServiceBackend),
            KindFacts::Backend(_) => Some(Target::Backend),
            KindFacts::Policy(_) => Some(Target::Policy),
            KindFacts::Route(_) | KindFacts::HttpRoute(_) => Some(Target::HttpRoute),
            _ => None,
        }
    }

    /// The identity of the object, as [`Object::object_ref`] gives it.
    pub(super) fn object_ref(&self) -> Option<ObjectRef> {
        let (group, kind) = match &self.kind {
            KindFacts::Route(_) => (AI_GATEWAY_GROUP, "AIGatewayRoute"),
            KindFacts::ServiceBackend(_) => (AI_GATEWAY_GROUP, "AIServiceBackend"),
            KindFacts::Policy(_) => (AI_GATEWAY_GROUP, "BackendSecurityPolicy"),
            KindFacts::Backend(_) => (ENVOY_GATEWAY_GROUP, "Backend"),
            KindFacts::Gateway => (GATEWAY_API_GROUP, "Gateway"),
            KindFacts::HttpRoute(_) => (GATEWAY_API_GROUP, "HTTPRoute"),
            KindFacts::Attached(a) => match a.kind {
                AttachedKind::Quota => (AI_GATEWAY_GROUP, "QuotaPolicy"),
                AttachedKind::TrafficPolicy => (ENVOY_GATEWAY_GROUP, "BackendTrafficPolicy"),
                AttachedKind::McpRoute => (AI_GATEWAY_GROUP, "MCPRoute"),
            },
            // Other kinds never get a diagnostic from the rules (only the name lint, which is
            // decided at extraction).
            KindFacts::Other => return None,
        };
        let name = self.name.as_deref()?;
        Some(ObjectRef::new(group, kind, self.namespace.as_deref(), name))
    }

    /// [`Facts::object_ref`], or for an object without a name its kind and namespace (as
    /// [`ObjectRef::unnamed`]), for diagnostics.
    fn diagnostic_object(&self) -> Option<ObjectRef> {
        if self.name.is_some() {
            return self.object_ref();
        }
        // Rare (the object is already an error): a copy with an empty name.
        Facts {
            name: Some("".into()),
            ..self.clone()
        }
        .object_ref()
    }

    /// File, line and column of a position in this object.
    pub(super) fn source_location(&self, pos: Option<Pos>) -> SourceLocation {
        SourceLocation {
            file: self.file.as_deref().map(str::to_owned),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
        }
    }

    /// Fills in a new diagnostic's location and object, as [`Object::locate_diagnostic`] does.
    pub(super) fn locate(&self, mut diagnostic: Diagnostic, pos: Option<Pos>) -> Diagnostic {
        if diagnostic.location.line.is_none() {
            diagnostic.location = self.source_location(pos);
        }
        if diagnostic.object.is_none() {
            diagnostic.object = self.diagnostic_object();
        }
        diagnostic
    }

    /// Bytes this value owns on the heap (an estimate: allocator rounding not counted).
    pub fn heap_bytes(&self) -> usize {
        fn s(b: &Option<Box<str>>) -> usize {
            b.as_ref().map_or(0, |b| b.len())
        }
        let mut n = s(&self.namespace) + s(&self.name);
        if let Some(d) = &self.invalid_name {
            n += std::mem::size_of::<Diagnostic>() + d.message.len();
        }
        n += match &self.kind {
            KindFacts::Route(r) => {
                let mut n = std::mem::size_of::<RouteFacts>();
                n += r.gateway_refs.len() * std::mem::size_of::<GatewayRef>();
                n += r
                    .gateway_refs
                    .iter()
                    .map(|g| s(&g.namespace) + g.name.len())
                    .sum::<usize>();
                n += r.gateways.len() * 32;
                n += r
                    .gateways
                    .iter()
                    .map(|g| g.0.len() + g.1.len())
                    .sum::<usize>();
                n += r.parents.iter().map(|p| 16 + p.len()).sum::<usize>();
                n += r
                    .costs
                    .iter()
                    .map(|c| 48 + c.0.len() + c.1.len() + c.2.len())
                    .sum::<usize>();
                n += r.rules.len() * std::mem::size_of::<RuleFacts>();
                for rule in &r.rules {
                    n += rule.backends.len() * std::mem::size_of::<BackendUse>();
                    n += rule
                        .backends
                        .iter()
                        .map(|b| s(&b.namespace) + b.name.len() + s(&b.model_override))
                        .sum::<usize>();
                    n += rule.models.len() * std::mem::size_of::<ModelUse>();
                    n += rule
                        .models
                        .iter()
                        .map(|m| {
                            m.model.len()
                                + m.other_exact
                                    .iter()
                                    .map(|(a, b)| 32 + a.len() + b.len())
                                    .sum::<usize>()
                        })
                        .sum::<usize>();
                }
                n
            }
            KindFacts::ServiceBackend(a) => {
                std::mem::size_of::<ServiceBackendFacts>()
                    + a.backend
                        .as_ref()
                        .map_or(0, |b| s(&b.namespace) + b.name.len())
                    + a.policy.as_ref().map_or(0, |p| p.0.len())
            }
            KindFacts::Policy(p) => {
                std::mem::size_of::<PolicyFacts>()
                    + p.policy_type.len()
                    + p.targets.iter().map(|t| 40 + t.1.len()).sum::<usize>()
            }
            KindFacts::HttpRoute(b) => b.iter().map(|(ns, n)| 32 + s(ns) + n.len()).sum(),
            KindFacts::Attached(a) => {
                std::mem::size_of::<AttachedFacts>()
                    + a.refs
                        .iter()
                        .map(|r| {
                            std::mem::size_of::<RefFact>()
                                + r.path.len()
                                + s(&r.namespace)
                                + r.name.len()
                        })
                        .sum::<usize>()
                    + a.quota_models.iter().map(|q| 40 + q.1.len()).sum::<usize>()
            }
            KindFacts::Backend(_) | KindFacts::Gateway | KindFacts::Other => 0,
        };
        n
    }
}

fn route_facts<'a>(
    positions: Option<&[Pos]>,
    object: &ObjectView<'a>,
    route: RouteView<'a>,
    namespace: Option<&str>,
) -> RouteFacts {
    let ns = namespace.unwrap_or("");
    let at_or_spec = |a: Option<Node<'a>>| {
        a.or(route.spec())
            .unwrap_or(object.root())
            .position(positions)
    };

    let mut gateway_refs = Vec::new();
    let mut gateways: Vec<(Box<str>, Box<str>)> = Vec::new();
    let mut parents: Vec<Box<str>> = Vec::new();
    for (i, r) in route.parent_refs().enumerate() {
        parents.push(
            format!(
                "{}/{}/{}/{}/{}",
                r.group,
                r.kind,
                r.namespace.unwrap_or(ns),
                r.name.unwrap_or(""),
                r.node.str_field("sectionName").unwrap_or("")
            )
            .into(),
        );
        let Some(name) = r.name else {
            continue;
        };
        if r.kind != "Gateway" {
            continue;
        }
        gateways.push((r.namespace.unwrap_or(ns).into(), name.into()));
        gateway_refs.push(GatewayRef {
            index: i as u32,
            namespace: boxed(r.namespace),
            name: name.into(),
            name_pos: r.name_node().and_then(|n| n.position(positions)),
        });
    }
    parents.sort();
    // v0.3 also allowed targetRefs (deprecated) instead of parentRefs.
    for t in route.target_refs() {
        if let Some(name) = t.name {
            gateways.push((ns.into(), name.into()));
        }
    }
    gateways.sort();
    gateways.dedup();

    let cost_map: BTreeMap<&str, (&str, &str)> = route
        .costs()
        .map(|c| {
            (
                c.metadata_key.unwrap_or(""),
                (c.cost_type.unwrap_or(""), c.cel.unwrap_or("")),
            )
        })
        .collect();

    let rule_facts: Vec<RuleFacts> = route.rules().map(|r| rule_facts(positions, r)).collect();
    RouteFacts {
        rule_count: rule_facts.len(),
        rules_pos: at_or_spec(route.rules_node()),
        parents_pos: at_or_spec(route.parent_refs_node()),
        costs_pos: at_or_spec(route.costs_node()),
        gateway_refs: gateway_refs.into(),
        gateways: gateways.into(),
        parents: parents.into(),
        costs: cost_map
            .into_iter()
            .map(|(k, (t, c))| (k.into(), t.into(), c.into()))
            .collect(),
        rules: rule_facts.into(),
    }
}

fn rule_facts(positions: Option<&[Pos]>, rule: RuleView<'_>) -> RuleFacts {
    let mut backends = Vec::new();
    for b in rule.backend_refs() {
        if !b.is_ai_service_backend() {
            continue;
        }
        let Some(name) = b.reference.name else {
            continue;
        };
        let [name_at, override_at] = b.reference.node.fields(["name", "modelNameOverride"]);
        backends.push(BackendUse {
            index: b.index as u32,
            namespace: boxed(b.reference.namespace),
            name: name.into(),
            model_override: boxed(b.model_name_override),
            name_pos: name_at.and_then(|n| n.position(positions)),
            override_pos: override_at.unwrap_or(b.reference.node).position(positions),
        });
    }
    let mut models = Vec::new();
    for m in rule.model_names() {
        let (specificity, other_exact) = match rule.matches().nth(m.match_index) {
            Some(mv) => (
                mv.specificity() as u32,
                mv.exact_conditions()
                    .into_iter()
                    .filter(|(name, _)| name != MODEL_NAME_HEADER)
                    .map(|(name, value)| (name.into(), value.into()))
                    .collect(),
            ),
            None => (0, Box::default()),
        };
        models.push(ModelUse {
            match_index: m.match_index as u32,
            header_index: m.header_index as u32,
            model: m.value.into(),
            pos: m.value_node().and_then(|x| x.position(positions)),
            specificity,
            other_exact,
        });
    }
    RuleFacts {
        pos: rule.node().position(positions),
        has_timeout: rule.request_timeout().is_some(),
        backends: backends.into(),
        models: models.into(),
    }
}

fn service_backend_facts(
    positions: Option<&[Pos]>,
    object: &ObjectView<'_>,
    asb: ServiceBackendView<'_>,
) -> ServiceBackendFacts {
    let mut facts = ServiceBackendFacts {
        name_pos: object.name_node().position(positions),
        backend: None,
        policy: None,
    };
    let Some(r) = asb.backend_ref() else {
        return facts;
    };
    let Some(name) = r.name else {
        return facts;
    };
    if r.is(ENVOY_GATEWAY_GROUP, "Backend") {
        facts.backend = Some(BackendRef {
            namespace: boxed(r.namespace),
            name: name.into(),
            name_pos: r.name_node().and_then(|n| n.position(positions)),
        });
    }
    if let Some(pr) = asb.policy_ref()
        && let Some(name) = pr.name
    {
        facts.policy = Some((
            name.into(),
            pr.name_node().and_then(|n| n.position(positions)),
        ));
    }
    facts
}

fn policy_facts(positions: Option<&[Pos]>, spec: Option<Node<'_>>) -> PolicyFacts {
    let policy = PolicyView::new(spec);
    let empty_targets = spec
        .and_then(|s| s.field("targetRefs"))
        .filter(|t| t.value().as_array().is_some_and(Vec::is_empty))
        .map(|t| t.position(positions));
    let mut targets = Vec::new();
    for t in policy.target_refs() {
        let r = t.reference;
        let Some(name) = r.name else {
            continue;
        };
        if !r.is(AI_GATEWAY_GROUP, "AIServiceBackend") {
            continue;
        }
        targets.push((
            t.index as u32,
            name.into(),
            r.name_node().and_then(|n| n.position(positions)),
        ));
    }
    PolicyFacts {
        policy_type: policy.policy_type().unwrap_or("").into(),
        targets: targets.into(),
        empty_targets,
    }
}

fn http_route_backends(route: HttpRouteView<'_>) -> Box<[NamedRef]> {
    route
        .backend_refs()
        .filter(|b| b.is(ENVOY_GATEWAY_GROUP, "Backend"))
        .filter_map(|b| Some((boxed(b.namespace), b.name?.into())))
        .collect()
}

/// The references of a QuotaPolicy (`targetRefs`), BackendTrafficPolicy (`targetRef`,
/// `targetRefs`) or MCPRoute (`parentRefs`, `backendRefs`) that name kinds a folder holds, and a
/// QuotaPolicy's per-model quota names.
fn attached_facts(
    positions: Option<&[Pos]>,
    kind: AttachedKind,
    spec: Option<Node<'_>>,
) -> AttachedFacts {
    let mut refs = Vec::new();
    let mut quota_models = Vec::new();
    let mut push = |path: String, r: Reference<'_>| {
        let target = match (r.group, r.kind) {
            (AI_GATEWAY_GROUP, "AIServiceBackend") => Target::ServiceBackend,
            (ENVOY_GATEWAY_GROUP, "Backend") => Target::Backend,
            (GATEWAY_API_GROUP, "Gateway") => Target::Gateway,
            (GATEWAY_API_GROUP, "HTTPRoute") => Target::HttpRoute,
            _ => return,
        };
        let Some(name) = r.name else {
            return;
        };
        refs.push(RefFact {
            path: path.into(),
            target,
            namespace: boxed(r.namespace),
            name: name.into(),
            name_pos: r.name_node().and_then(|n| n.position(positions)),
        });
    };
    let Some(spec) = spec else {
        return AttachedFacts {
            kind,
            refs: Box::default(),
            quota_models: Box::default(),
        };
    };
    let list = |key: &str| {
        spec.field(key)
            .map(|n| n.items().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    match kind {
        AttachedKind::Quota | AttachedKind::TrafficPolicy => {
            if let Some(t) = spec.field("targetRef") {
                // Policy target references have no defaults; a namespace is never written.
                push("spec.targetRef".to_owned(), Reference::read(t, "", ""));
            }
            for (i, t) in list("targetRefs").into_iter().enumerate() {
                push(format!("spec.targetRefs[{i}]"), Reference::read(t, "", ""));
            }
            for (i, q) in list("perModelQuotas").into_iter().enumerate() {
                if let Some(m) = q.field("modelName")
                    && let Some(name) = m.as_str()
                {
                    quota_models.push((i as u32, name.into(), m.position(positions)));
                }
            }
        }
        AttachedKind::McpRoute => {
            for (i, r) in list("parentRefs").into_iter().enumerate() {
                push(
                    format!("spec.parentRefs[{i}]"),
                    Reference::read(r, GATEWAY_API_GROUP, "Gateway"),
                );
            }
            for (i, r) in list("backendRefs").into_iter().enumerate() {
                push(
                    format!("spec.backendRefs[{i}]"),
                    Reference::read(r, "", "Service"),
                );
            }
        }
    }
    AttachedFacts {
        kind,
        refs: refs.into(),
        quota_models: quota_models.into(),
    }
}
