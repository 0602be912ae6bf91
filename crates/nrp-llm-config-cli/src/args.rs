//! Command-line arguments (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use nrp_llm_config::Release;
use std::path::PathBuf;
use std::time::Duration;

/// Validate, plan and render Envoy AI Gateway configurations (NRP models-config).
#[derive(Debug, Parser)]
#[command(name = "nrp-llm-config", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Human-readable, with the source line of each problem.
    Text,
    /// Machine-readable JSON.
    Json,
}

/// Output format of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    /// One line per finding and per probe, then a summary line.
    Text,
    /// Machine-readable JSON: findings, probes and counts.
    Json,
}

/// Output format of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    /// Terraform-like `+ ~ -` lines under a header per phase, with details and a summary.
    Text,
    /// Machine-readable JSON, changes in apply order and every step.
    Json,
    /// A bash script of `kubectl apply --server-side` and `kubectl delete` calls, step by step.
    Kubectl,
    /// Markdown for a merge-request comment: a summary table, then each change's details.
    Markdown,
}

/// How to reach the cluster with kubectl (`plan --from-cluster`, `dump-command`).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ClusterArgs {
    /// kubectl context (default: the current context of KUBECONFIG).
    #[arg(long, value_name = "CONTEXT")]
    pub(crate) context: Option<String>,
    /// The kubectl program.
    #[arg(long, value_name = "PATH", default_value = "kubectl")]
    pub(crate) kubectl: PathBuf,
}

impl ClusterArgs {
    /// The library's kubectl settings.
    pub(crate) fn kubectl(&self) -> nrp_llm_config::cluster::Kubectl {
        nrp_llm_config::cluster::Kubectl {
            program: self.kubectl.clone(),
            context: self.context.clone(),
            kubeconfig: None,
        }
    }
}

/// Output format of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum GraphFormat {
    /// A Mermaid flowchart (renders in GitLab merge requests and Markdown).
    Mermaid,
    /// Graphviz DOT (`dot -Tpng`).
    Dot,
}

/// API version `convert` rewrites AI Gateway objects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConvertTarget {
    /// `aigateway.envoyproxy.io/v1beta1` (served from AI Gateway v1.1 on).
    #[value(name = "v1beta1")]
    V1beta1,
    /// `aigateway.envoyproxy.io/v1alpha1` (served by every release; deprecated in v1.1).
    #[value(name = "v1alpha1")]
    V1alpha1,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files or folders as the API server would, plus cross-object rules.
    Validate {
        /// AI Gateway release of the cluster: v0.3, v0.4, v0.5, v0.6, v0.7, v1.0 or v1.1 (default v1.1).
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        output: ReportFormat,
        /// Namespace of objects whose files name none (as `kubectl apply -n` places them;
        /// without it they share one namespace and refer to each other).
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        /// Files or folders (folders are read recursively: *.yaml, *.yml).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Show the ordered creates, updates and deletes that turn CURRENT into DESIRED.
    ///
    /// CURRENT and DESIRED are files, folders, `kind: List` dumps, catalog files, `git:REV:PATH`
    /// or `-` (standard input). With --from-cluster, give only DESIRED: CURRENT is read with
    /// kubectl (see `dump-command`).
    Plan {
        /// CURRENT DESIRED, or only DESIRED with --from-cluster. CURRENT is the state now (a
        /// `kubectl get ... -o yaml --show-managed-fields` dump, `-`, or a folder); DESIRED the
        /// state wanted (e.g. `models-config` or a catalog file).
        #[arg(value_name = "[CURRENT] DESIRED", num_args = 1..=2, required = true)]
        inputs: Vec<String>,
        /// Read CURRENT from the cluster with kubectl: the ApplySet parent and the managed
        /// kinds with its label (all of them with --adopt), with their managedFields.
        #[arg(long)]
        from_cluster: bool,
        #[command(flatten)]
        cluster: ClusterArgs,
        /// AI Gateway release of the cluster: v0.3, v0.4, v0.5, v0.6, v0.7, v1.0 or v1.1 (default v1.1).
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        output: PlanFormat,
        /// Exit 1 when there are changes (like `kubectl diff`).
        #[arg(long)]
        exit_code: bool,
        /// Allow a DESIRED state without managed objects (the plan then deletes all of them).
        #[arg(long)]
        allow_empty: bool,
        /// Name of the ApplySet parent ConfigMap that records which live objects are this
        /// tool's (default: nrp-llm-config, in the namespace of the managed objects).
        #[arg(long, value_name = "NAME")]
        applyset: Option<String>,
        /// Treat live objects of the managed kinds without an ApplySet label as this tool's
        /// (for the first run against objects applied by hand).
        #[arg(long)]
        adopt: bool,
        /// Namespace of objects whose files name none, and of the ApplySet parent.
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        /// Allow a plan that deletes every owned object of a kind, or more than half of them.
        #[arg(long)]
        allow_mass_delete: bool,
    },
    /// Plan against the live cluster and apply the plan step by step with kubectl.
    ///
    /// Reads CURRENT from the cluster (as `plan --from-cluster`), prints the plan, asks for
    /// confirmation on a terminal (--yes in CI), runs a server-side dry run of every step,
    /// then applies the steps in order with `kubectl apply --server-side
    /// --field-manager=nrp-llm-config`, stops at the first failure, and waits until the applied
    /// AIGatewayRoutes are accepted. Exit 0: done; 1: applied but a route was not accepted in
    /// time; 2: refused or failed (nothing, or the steps listed, applied: run again).
    Apply {
        /// The state wanted (a folder, file, catalog or `git:REV:PATH`).
        desired: String,
        /// CURRENT is always read from the cluster; accepted for symmetry with `plan`.
        #[arg(long)]
        from_cluster: bool,
        #[command(flatten)]
        cluster: ClusterArgs,
        /// AI Gateway release of the cluster.
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
        /// Only the server-side dry run: print the plan, check every step with the API
        /// server, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Apply without asking (required when standard input is not a terminal, as in CI).
        #[arg(long, short = 'y')]
        yes: bool,
        /// How long to wait for the applied AIGatewayRoutes to be accepted (`2m`, `90s`, `0`
        /// not to wait).
        #[arg(long, default_value = "2m", value_parser = parse_duration, value_name = "DURATION")]
        wait: std::time::Duration,
        /// Name of the ApplySet parent ConfigMap (default: nrp-llm-config).
        #[arg(long, value_name = "NAME")]
        applyset: Option<String>,
        /// Treat live objects of the managed kinds without an ApplySet label as this tool's.
        #[arg(long)]
        adopt: bool,
        /// Namespace of objects whose files name none, and of the ApplySet parent.
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        /// Allow a plan that deletes every owned object of a kind, or more than half of them.
        #[arg(long)]
        allow_mass_delete: bool,
        /// Allow a DESIRED state without managed objects.
        #[arg(long)]
        allow_empty: bool,
    },
    /// Print the kubectl commands that dump the live state `plan --from-cluster` reads, for
    /// people who dump by hand: `{ LINE; echo ---; LINE; } > live.yaml`.
    // The subcommand is `dump-command` (the command line that dumps), hence the name.
    #[allow(clippy::enum_variant_names)]
    DumpCommand {
        /// The state wanted (its namespaces decide what to read).
        desired: String,
        /// AI Gateway release of the cluster.
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
        /// Name of the ApplySet parent ConfigMap (default: nrp-llm-config).
        #[arg(long, value_name = "NAME")]
        applyset: Option<String>,
        /// Read every object of the managed kinds, not only the ApplySet's members.
        #[arg(long)]
        adopt: bool,
        /// Namespace of objects whose files name none, and of the ApplySet parent.
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        #[command(flatten)]
        cluster: ClusterArgs,
    },
    /// Compile a catalog into the models-config folder layout (atomic writes).
    Render {
        /// The catalog file.
        catalog: PathBuf,
        /// The current state, so that existing rules keep their route objects.
        #[arg(long)]
        current: Option<String>,
        /// The folder to write (`gatewayroute/`, `servicebackend/`, `backend/`, `securitypolicy.yaml`).
        #[arg(long)]
        out: PathBuf,
        /// AI Gateway release of the cluster.
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
    },
    /// Read a models-config folder (or dump) and print it as a catalog.
    Import {
        /// File, folder, dump or `git:REV:PATH`.
        path: String,
        /// AI Gateway release of the cluster.
        #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
        release: Release,
    },
    /// Rewrite YAML files in the canonical layout.
    Fmt {
        /// Do not write; list files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Rewrite files whose comments the canonical form cannot place, without their
        /// comments (by default comments are kept with their nodes).
        #[arg(long)]
        drop_comments: bool,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Draw the objects and their references (Gateway → AIGatewayRoute → AIServiceBackend →
    /// Backend, policies → targets); dangling references in red.
    Graph {
        /// File, folder, dump, catalog or `git:REV:PATH`.
        path: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "mermaid")]
        format: GraphFormat,
        /// Namespace of objects whose files name none (as `kubectl apply -n` places them).
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
    },
    /// Print the JSON Schema of the catalog format or of a kind (no argument: list the names).
    Schema {
        /// `catalog`, a kind (`AIGatewayRoute`: every API version) or `KIND/VERSION`.
        name: Option<String>,
    },
    /// Rewrite AI Gateway objects to another API version (atomic writes; all files or none).
    Convert {
        /// The API version to write.
        #[arg(long, value_enum)]
        to: ConvertTarget,
        /// Allow rewriting files that contain comments (the comments are lost).
        #[arg(long)]
        drop_comments: bool,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Compare a running gateway's /v1/models with the models DESIRED routes (exit 1 on a
    /// difference); with --probe, send each model one tiny request.
    ///
    /// DESIRED is a file, folder, dump, catalog file or `git:REV:PATH`.
    Verify {
        /// The configuration (e.g. `models-config` or a catalog file).
        desired: String,
        /// Base URL of the gateway (`https://llm.example.org`; a trailing `/v1` is dropped).
        #[arg(long, value_name = "URL")]
        gateway: String,
        /// Environment variable holding the API key, sent as `Authorization: Bearer` (the key
        /// itself is never printed).
        #[arg(long, value_name = "VAR")]
        api_key_env: Option<String>,
        /// Send one request per configured model (chat completions, or embeddings for models
        /// whose name contains "embed") and report status and latency.
        #[arg(long)]
        probe: bool,
        /// Time budget of each request (`10s`, `500ms`, `2m`).
        #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_timeout)]
        timeout: Duration,
        /// The Gateway behind the URL, when DESIRED's routes attach to several.
        #[arg(long, value_name = "[NAMESPACE/]NAME")]
        parent: Option<String>,
        /// A model to probe at /v1/embeddings although its name has no "embed" (repeatable).
        #[arg(long = "embedding-model", value_name = "MODEL")]
        embedding_models: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        output: VerifyFormat,
    },
    /// Add, remove or change a model in a models-config folder, editing its files in place.
    Model {
        /// What to do.
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Move backends to the API-key policy of a Secret, editing the folder's files in place.
    Key {
        /// What to do.
        #[command(subcommand)]
        command: KeyCommand,
    },
}

/// A request time budget: a number with `ms`, `s` or `m` (a bare number is seconds), more
/// than zero and at most ten minutes.
fn parse_timeout(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit_ms) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else {
        (s, 1000.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration such as 10s, 500ms or 2m"))?;
    let ms = value * unit_ms;
    if !(1.0..=600_000.0).contains(&ms) {
        return Err(format!("{s:?}: a timeout is between 1ms and 10m"));
    }
    Ok(Duration::from_millis(ms as u64))
}

/// `90s`, `2m`, `1h` or a number of seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let (n, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = n
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 90s, 2m)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("{s:?}: the unit must be s, m or h")),
    };
    Ok(std::time::Duration::from_secs(secs))
}

fn parse_release(s: &str) -> Result<Release, String> {
    s.parse::<Release>().map_err(|e| e.to_string())
}

/// What every folder-editing command (`model ...`, `key rotate`) takes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct EditArgs {
    /// The models-config folder to edit.
    pub(crate) folder: PathBuf,
    /// Print the change and the diff of the files; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// AI Gateway release of the cluster (the result is validated for it).
    #[arg(long, default_value_t = Release::default(), value_parser = parse_release)]
    pub(crate) release: Release,
}

/// `model add|remove|set`.
#[derive(Debug, Subcommand)]
pub(crate) enum ModelCommand {
    /// Add a model: its rule, and the AIServiceBackend, Backend and key policy target it needs.
    Add {
        /// Folder, --dry-run, --release.
        #[command(flatten)]
        edit: EditArgs,
        /// The model name clients ask for.
        name: String,
        /// The AIServiceBackend (and Backend) to send to; an existing one is reused.
        #[arg(long)]
        backend: String,
        /// Host name of a new Backend.
        #[arg(long, conflicts_with = "ip", requires = "port")]
        host: Option<String>,
        /// IP address of a new Backend.
        #[arg(long, requires = "port")]
        ip: Option<String>,
        /// Port of a new Backend.
        #[arg(long)]
        port: Option<u16>,
        /// The model name sent upstream (modelNameOverride).
        #[arg(long)]
        upstream_model: Option<String>,
        /// modelsOwnedBy: the owner /v1/models reports.
        #[arg(long)]
        owner: Option<String>,
        /// The Secret with the API key: the backend joins the key policy that uses it.
        #[arg(long)]
        key_secret: Option<String>,
        /// Request timeout of the rule (e.g. 1200s).
        #[arg(long)]
        timeout: Option<String>,
        /// The route object for the rule (default: the first with a free slot, else a new one).
        #[arg(long)]
        route: Option<String>,
    },
    /// Remove a model: its rule and whatever only it used.
    Remove {
        /// Folder, --dry-run, --release.
        #[command(flatten)]
        edit: EditArgs,
        /// The model name.
        name: String,
    },
    /// Change a model's backend(s), upstream model, owner or timeout (an empty value removes
    /// the field).
    Set {
        /// Folder, --dry-run, --release.
        #[command(flatten)]
        edit: EditArgs,
        /// The model name.
        name: String,
        /// The one AIServiceBackend the model goes to.
        #[arg(long, conflicts_with = "members")]
        backend: Option<String>,
        /// The model name sent upstream (modelNameOverride).
        #[arg(long)]
        upstream_model: Option<String>,
        /// modelsOwnedBy.
        #[arg(long)]
        owner: Option<String>,
        /// Request timeout of the rule.
        #[arg(long)]
        timeout: Option<String>,
        /// An AIServiceBackend of a combined model (repeat for each, in order).
        #[arg(long = "member", value_name = "BACKEND")]
        members: Vec<String>,
    },
}

/// `key rotate`.
#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Move the named AIServiceBackends to the API-key policy that uses Secret S (created when
    /// needed), out of their old key policies.
    Rotate {
        /// Folder, --dry-run, --release.
        #[command(flatten)]
        edit: EditArgs,
        /// The Secret with the new key.
        #[arg(long)]
        secret: String,
        /// An AIServiceBackend to move (repeat for each; NAMESPACE/NAME when ambiguous).
        #[arg(long = "backend", value_name = "BACKEND", required = true)]
        backends: Vec<String>,
    },
}
