//! Reading the live state with `kubectl`, and running kubectl for `apply`.
//!
//! A plan against a cluster needs the live objects the tool may change or delete, with their
//! `managedFields` (so that the comparison knows which fields are this tool's, see
//! [`mod@crate::plan`]). [`DumpRequest::for_desired`] works out what to read from DESIRED and the
//! plan options — the ApplySet parent `ConfigMap`, and the managed kinds in the namespaces the
//! ApplySet covers, selected by its `part-of` label (all of them with
//! [`PlanOptions::adopt`]) — and [`Kubectl::read_live`] runs the `kubectl get` commands and
//! reads their output. [`DumpRequest::commands`] gives the same commands for people who dump
//! by hand (`nrp-llm-config dump-command`).
//!
//! [`apply_plan`] runs a plan's steps with kubectl, with a server-side dry run first, progress,
//! a clean stop at the first failure and a bounded wait for the routes to be accepted.
//!
//! kubectl runs as a subprocess with the caller's environment (`KUBECONFIG` included) and the
//! [`Kubectl`] settings (`--context`, `--kubeconfig`). A failure names the command, gives
//! kubectl's message, and a hint for the usual causes (no such context, forbidden, CRD not
//! installed, cluster unreachable).

mod apply;

pub use apply::{ApplyError, ApplyOptions, ApplyReport, Progress, apply_plan};

use crate::config_set::ConfigSet;
use crate::document::{Limits, Loaded, parse_str};
use crate::object_ref::ObjectRef;
use crate::oracle::oracle;
use crate::plan::applyset::{PART_OF_LABEL, additional_namespaces};
use crate::plan::{PlanError, PlanOptions, shell_quote};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// How to run kubectl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kubectl {
    /// The program (default `kubectl`, found on `PATH`).
    pub program: PathBuf,
    /// `--context`, when given.
    pub context: Option<String>,
    /// `--kubeconfig`, when given (otherwise kubectl reads `KUBECONFIG` or `~/.kube/config`).
    pub kubeconfig: Option<PathBuf>,
}

impl Default for Kubectl {
    fn default() -> Self {
        Kubectl {
            program: PathBuf::from("kubectl"),
            context: None,
            kubeconfig: None,
        }
    }
}

/// A kubectl command failed or could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// The program could not be started.
    #[error("cannot run {program}: {source}; install kubectl or pass --kubectl PATH")]
    NotFound {
        /// The program.
        program: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// kubectl exited with an error.
    #[error("`{command}` failed{}: {}{}", .code.map(|c| format!(" (exit {c})")).unwrap_or_default(), .stderr.trim_end(), hint(.stderr))]
    Failed {
        /// The command line, shell-quoted.
        command: String,
        /// The exit code (none when killed by a signal).
        code: Option<i32>,
        /// What kubectl printed on standard error.
        stderr: String,
    },
    /// kubectl's output is not the YAML it should be.
    #[error("`{command}` printed output that cannot be read as objects: {message}")]
    Unreadable {
        /// The command line.
        command: String,
        /// What is wrong with it.
        message: String,
    },
    /// What to read cannot be worked out from DESIRED (the ApplySet's namespace).
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// A hint for kubectl's usual failures, or nothing.
fn hint(stderr: &str) -> &'static str {
    let s = stderr.to_ascii_lowercase();
    if s.contains("context") && (s.contains("does not exist") || s.contains("not found")) {
        "\nhint: check --context (kubectl config get-contexts) and KUBECONFIG"
    } else if s.contains("forbidden") {
        "\nhint: the account may not get/list these resources in this namespace; ask for read access (and apply/delete for `apply`)"
    } else if s.contains("doesn't have a resource type") || s.contains("no matches for kind") {
        "\nhint: the AI Gateway or Envoy Gateway CRDs are not installed in this cluster, or --release names another release"
    } else if s.contains("unable to connect")
        || s.contains("connection refused")
        || s.contains("no such host")
    {
        "\nhint: the cluster cannot be reached; check the network, the context's server and VPN"
    } else {
        ""
    }
}

/// What to read from a cluster for a plan (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpRequest {
    /// The ApplySet parent: name and namespace.
    pub parent: (String, String),
    /// The namespaces whose managed objects are read, sorted (the parent's, DESIRED's and the
    /// plan's namespace; the live parent may add more, see [`Kubectl::read_live`]).
    pub namespaces: Vec<String>,
    /// The label selector of the members (`applyset.kubernetes.io/part-of=<ID>`), or `None`
    /// to read every object of the managed kinds ([`PlanOptions::adopt`]).
    pub selector: Option<String>,
    /// `kubectl get`'s resource list of the managed kinds (`plural.group,...`).
    pub resources: String,
}

impl DumpRequest {
    /// What to read for planning towards `desired` with `options`: fails when the ApplySet's
    /// namespace cannot be told (DESIRED's managed objects in several namespaces, or none,
    /// and no `--namespace`).
    pub fn for_desired(desired: &ConfigSet, options: &PlanOptions) -> Result<Self, PlanError> {
        let mut namespaces: BTreeSet<String> = BTreeSet::new();
        for o in desired.objects() {
            let Some(r) = o.object_ref() else { continue };
            if !options.is_managed(&r.group, &r.kind) {
                continue;
            }
            match r.namespace.clone().or_else(|| options.namespace.clone()) {
                Some(ns) => {
                    namespaces.insert(ns);
                }
                None => {
                    return Err(PlanError::NamespaceRequired {
                        objects: vec![r.clone()],
                    });
                }
            }
        }
        let name = options.applyset.name.clone();
        let explicit = options
            .applyset
            .namespace
            .clone()
            .or_else(|| options.namespace.clone());
        let parent_ns = match (explicit, namespaces.len()) {
            (Some(ns), _) => ns,
            (None, 1) => namespaces.first().cloned().unwrap_or_default(),
            (None, _) => {
                return Err(PlanError::ApplySetNamespace {
                    name,
                    namespaces: namespaces.into_iter().collect(),
                });
            }
        };
        namespaces.insert(parent_ns.clone());
        let id = options
            .applyset
            .clone()
            .in_namespace(parent_ns.clone())
            .id()
            .unwrap_or_default();
        let o = oracle(options.release);
        let mut resources: Vec<String> = options
            .served_managed_kinds()
            .into_iter()
            .map(|(g, k)| {
                let plural = o
                    .plural(g, k)
                    .map_or_else(|| format!("{}s", k.to_ascii_lowercase()), str::to_owned);
                if g.is_empty() {
                    plural
                } else {
                    format!("{plural}.{g}")
                }
            })
            .collect();
        resources.sort();
        Ok(DumpRequest {
            parent: (name, parent_ns),
            namespaces: namespaces.into_iter().collect(),
            selector: (!options.adopt).then(|| format!("{PART_OF_LABEL}={id}")),
            resources: resources.join(","),
        })
    }

    /// The `kubectl get` of the parent (nothing when it does not exist yet).
    pub fn parent_args(&self) -> Vec<String> {
        let (name, ns) = &self.parent;
        [
            "get",
            "configmap",
            name,
            "-n",
            ns,
            "-o",
            "yaml",
            "--show-managed-fields",
            "--ignore-not-found",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// The `kubectl get` of the members in one namespace.
    pub fn members_args(&self, namespace: &str) -> Vec<String> {
        let mut a: Vec<String> = ["get", &self.resources, "-n", namespace]
            .map(str::to_owned)
            .to_vec();
        if let Some(sel) = &self.selector {
            a.push("-l".into());
            a.push(sel.clone());
        }
        a.extend(["-o", "yaml", "--show-managed-fields"].map(str::to_owned));
        a
    }

    /// The commands [`Kubectl::read_live`] runs, one shell-quoted line each, for people who
    /// dump by hand (`{ LINE; echo ---; LINE; } > live.yaml`). Namespaces that only the live
    /// parent lists are not known here.
    pub fn commands(&self, kubectl: &Kubectl) -> Vec<String> {
        let mut out = vec![kubectl.command_line(&self.parent_args())];
        for ns in &self.namespaces {
            out.push(kubectl.command_line(&self.members_args(ns)));
        }
        out
    }
}

impl Kubectl {
    /// The global flags (`--context`, `--kubeconfig`) followed by `args`.
    pub fn args(&self, args: &[String]) -> Vec<String> {
        let mut a = Vec::new();
        if let Some(c) = &self.context {
            a.push(format!("--context={c}"));
        }
        if let Some(k) = &self.kubeconfig {
            a.push(format!("--kubeconfig={}", k.display()));
        }
        a.extend(args.iter().cloned());
        a
    }

    /// The command line of `args`, shell-quoted.
    pub fn command_line(&self, args: &[String]) -> String {
        std::iter::once(self.program.display().to_string())
            .chain(self.args(args))
            .map(|w| shell_quote(&w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Runs kubectl with `args` (and `stdin`, when given) and returns its standard output.
    pub fn run(&self, args: &[String], stdin: Option<&str>) -> Result<String, ClusterError> {
        let full = self.args(args);
        let mut child = Command::new(&self.program)
            .args(&full)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| ClusterError::NotFound {
                program: self.program.display().to_string(),
                source,
            })?;
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A kubectl that exits early closes the pipe; its exit status tells what happened.
            let _ = pipe.write_all(text.as_bytes());
        }
        let out = child
            .wait_with_output()
            .map_err(|source| ClusterError::NotFound {
                program: self.program.display().to_string(),
                source,
            })?;
        if !out.status.success() {
            return Err(ClusterError::Failed {
                command: self.command_line(args),
                code: out.status.code(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Reads the live state for planning towards `desired`: the ApplySet parent, then the
    /// managed objects in every namespace the ApplySet covers (those of [`DumpRequest`] and
    /// those the live parent's `applyset.kubernetes.io/additional-namespaces` lists).
    pub fn read_live(
        &self,
        desired: &ConfigSet,
        options: &PlanOptions,
    ) -> Result<ConfigSet, ClusterError> {
        let request = DumpRequest::for_desired(desired, options)?;
        let mut loaded = Loaded::default();
        let parent = self.run(&request.parent_args(), None)?;
        let mut namespaces: BTreeSet<String> = request.namespaces.iter().cloned().collect();
        let parent_objects = self.parse(&request.parent_args(), &parent)?;
        for o in &parent_objects {
            namespaces.extend(additional_namespaces(o.value()));
        }
        loaded.objects.extend(parent_objects);
        for ns in &namespaces {
            let args = request.members_args(ns);
            let text = self.run(&args, None)?;
            loaded.objects.extend(self.parse(&args, &text)?);
        }
        Ok(ConfigSet::from_loaded(loaded))
    }

    fn parse(
        &self,
        args: &[String],
        text: &str,
    ) -> Result<Vec<crate::document::Object>, ClusterError> {
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let name = format!("kubectl {}", args.join(" "));
        parse_str(text, &name, &Limits::default()).map_err(|e| ClusterError::Unreadable {
            command: self.command_line(args),
            message: e.to_string(),
        })
    }
}

/// `kubectl`'s resource name of an object's kind for `delete` and `get`: `kind.group` in
/// lowercase (`kind` alone for the core group).
pub fn resource_of(r: &ObjectRef) -> String {
    let kind = r.kind.to_ascii_lowercase();
    if r.group.is_empty() {
        kind
    } else {
        format!("{kind}.{}", r.group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names() {
        let r = ObjectRef::new("aigateway.envoyproxy.io", "AIGatewayRoute", Some("n"), "r");
        assert_eq!(resource_of(&r), "aigatewayroute.aigateway.envoyproxy.io");
        let c = ObjectRef::new("", "ConfigMap", Some("n"), "c");
        assert_eq!(resource_of(&c), "configmap");
    }
    use crate::document::parse_str;

    fn desired(ns: &[&str]) -> ConfigSet {
        let text: String = ns
            .iter()
            .enumerate()
            .map(|(i, ns)| {
                format!("---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {{name: b{i}, namespace: {ns}}}\nspec: {{}}\n")
            })
            .collect();
        ConfigSet::from_objects(parse_str(&text, "d.yaml", &Limits::default()).unwrap())
    }

    #[test]
    fn the_request_follows_desired_and_the_options() {
        let r = DumpRequest::for_desired(&desired(&["nrp-llm"]), &PlanOptions::default()).unwrap();
        assert_eq!(
            r.parent,
            ("nrp-llm-config".to_owned(), "nrp-llm".to_owned())
        );
        assert_eq!(r.namespaces, ["nrp-llm"]);
        assert_eq!(
            r.resources,
            "aigatewayroutes.aigateway.envoyproxy.io,aiservicebackends.aigateway.envoyproxy.io,\
             backends.gateway.envoyproxy.io,backendsecuritypolicies.aigateway.envoyproxy.io,\
             gatewayconfigs.aigateway.envoyproxy.io,mcproutes.aigateway.envoyproxy.io,\
             quotapolicies.aigateway.envoyproxy.io"
        );
        // A release without QuotaPolicy (and GatewayConfig) is not asked for them.
        let old = PlanOptions {
            release: crate::Release::V0_4,
            ..PlanOptions::default()
        };
        let r4 = DumpRequest::for_desired(&desired(&["nrp-llm"]), &old).unwrap();
        assert_eq!(
            r4.resources,
            "aigatewayroutes.aigateway.envoyproxy.io,aiservicebackends.aigateway.envoyproxy.io,\
             backends.gateway.envoyproxy.io,backendsecuritypolicies.aigateway.envoyproxy.io,\
             mcproutes.aigateway.envoyproxy.io"
        );
        let id = crate::plan::ApplySet::default()
            .in_namespace("nrp-llm")
            .id()
            .unwrap();
        assert_eq!(
            r.selector,
            Some(format!("applyset.kubernetes.io/part-of={id}"))
        );
        let k = Kubectl {
            context: Some("nautilus".into()),
            ..Kubectl::default()
        };
        assert_eq!(
            r.commands(&k),
            [
                "kubectl --context=nautilus get configmap nrp-llm-config -n nrp-llm -o yaml --show-managed-fields --ignore-not-found".to_owned(),
                format!("kubectl --context=nautilus get {} -n nrp-llm -l applyset.kubernetes.io/part-of={id} -o yaml --show-managed-fields", r.resources),
            ]
        );
        let adopt = PlanOptions {
            adopt: true,
            ..PlanOptions::default()
        };
        assert_eq!(
            DumpRequest::for_desired(&desired(&["nrp-llm"]), &adopt)
                .unwrap()
                .selector,
            None
        );
        assert!(matches!(
            DumpRequest::for_desired(&desired(&["a", "b"]), &PlanOptions::default()),
            Err(PlanError::ApplySetNamespace { .. })
        ));
        let ns = PlanOptions {
            namespace: Some("a".into()),
            ..PlanOptions::default()
        };
        let r = DumpRequest::for_desired(&desired(&["a", "b"]), &ns).unwrap();
        assert_eq!(r.namespaces, ["a", "b"]);
    }

    #[test]
    fn failures_name_the_command_and_hint() {
        let k = Kubectl {
            program: PathBuf::from("/nonexistent/kubectl"),
            ..Kubectl::default()
        };
        let e = k.run(&["version".into()], None).unwrap_err();
        assert!(e.to_string().contains("--kubectl PATH"), "{e}");
        let e = ClusterError::Failed {
            command: "kubectl get x".into(),
            code: Some(1),
            stderr: "error: the server doesn't have a resource type \"aigatewayroutes\"\n".into(),
        };
        let text = e.to_string();
        assert!(
            text.starts_with("`kubectl get x` failed (exit 1): error: the server"),
            "{text}"
        );
        assert!(text.contains("CRDs are not installed"), "{text}");
    }
}
