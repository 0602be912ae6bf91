//! A fake `kubectl` over a [`Cluster`] kept in a state file: the subset of kubectl that the
//! plan's script, `plan --from-cluster` and `apply` use, with kubectl's output lines and exit
//! codes, so that tests can run them end to end without an API server.
//!
//! - `apply --server-side --field-manager=M [--force-conflicts] [--dry-run=server] -f -|FILE`:
//!   server-side apply of every object read (documents or a `kind: List`); a conflict fails with
//!   kubectl's message and exit 1, naming the manager and field.
//! - `get RESOURCE[,RESOURCE...] [NAME] [-n NS | -A] [-l KEY=VALUE] -o yaml|json
//!   [--show-managed-fields]`: a `kind: List` (`NotFound` and exit 1 for a missing named object).
//! - `delete RESOURCE [-n NS] NAME [--ignore-not-found]`.
//! - Global flags `--context`, `--kubeconfig`, `--request-timeout` are accepted; `--context`
//!   must name `FAKE_KUBECTL_CONTEXT` when that is set (a wrong context fails as kubectl does).
//!
//! Environment: `FAKE_KUBECTL_STATE` (the state file, a JSON dump; required),
//! `FAKE_KUBECTL_FAIL_AT=N` (the N-th mutating call, counted from 1 across processes in
//! `<state>.calls`, fails with a server error and changes nothing), `FAKE_KUBECTL_CONTROLLER=0`
//! (no controller: by default every applied AI Gateway object gets the controller's finalizer,
//! and every AIGatewayRoute an `Accepted` status). Every call is appended to `<state>.log`.

use crate::cluster::{Cluster, object_ref};
use nrp_llm_config::document::{Limits, parse_str, to_yaml};
use nrp_llm_config::{ObjectRef, Release};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a run printed and its exit code.
#[derive(Debug, Default)]
pub struct Output {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Output {
    fn fail(message: impl Into<String>) -> Self {
        Output {
            code: 1,
            stdout: String::new(),
            stderr: message.into(),
        }
    }
}

/// The controller's finalizer on AI Gateway objects.
pub const FINALIZER: &str = "aigateway.envoyproxy.io/finalizer";

struct Args {
    words: Vec<String>,
    flags: HashMap<String, Vec<String>>,
}

/// Flags that take a value (`--flag value` or `--flag=value`).
const VALUE_FLAGS: [&str; 11] = [
    "-n",
    "--namespace",
    "-l",
    "--selector",
    "-o",
    "--output",
    "-f",
    "--filename",
    "--context",
    "--kubeconfig",
    "--field-manager",
];

fn parse_args(argv: &[String]) -> Args {
    let mut words = Vec::new();
    let mut flags: HashMap<String, Vec<String>> = HashMap::new();
    let mut i = 0;
    let mut only_words = false;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if only_words || !a.starts_with('-') || a == "-" {
            words.push(a.clone());
            continue;
        }
        if a == "--" {
            only_words = true;
            continue;
        }
        if let Some((k, v)) = a.split_once('=') {
            flags.entry(k.to_owned()).or_default().push(v.to_owned());
        } else if VALUE_FLAGS.contains(&a.as_str()) && i < argv.len() {
            flags.entry(a.clone()).or_default().push(argv[i].clone());
            i += 1;
        } else {
            flags.entry(a.clone()).or_default().push(String::new());
        }
    }
    Args { words, flags }
}

impl Args {
    fn get(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .find_map(|n| self.flags.get(*n).and_then(|v| v.last()))
            .map(String::as_str)
    }

    fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }
}

/// The state file and what goes with it.
struct State {
    path: PathBuf,
}

impl State {
    fn load(&self) -> Result<Cluster, String> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "[]".to_owned(),
            Err(e) => return Err(format!("cannot read {}: {e}", self.path.display())),
        };
        let dump: Vec<Value> = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a JSON dump: {e}", self.path.display()))?;
        Ok(Cluster::load(Release::V1_1, &dump))
    }

    fn save(&self, cluster: &Cluster) -> Result<(), String> {
        let text = serde_json::to_string_pretty(&cluster.dump()).unwrap_or_default();
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, &self.path))
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    fn side(&self, ext: &str) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(ext);
        PathBuf::from(p)
    }

    /// Counts a mutating call; true when this one is to fail.
    fn failing(&self, fail_at: Option<u64>) -> bool {
        let calls = self.side(".calls");
        let n: u64 = std::fs::read_to_string(&calls)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
            + 1;
        let _ = std::fs::write(&calls, n.to_string());
        fail_at == Some(n)
    }
}

/// The lowercase singular and plural names of a kind (`backend`, `backends`; `...policy`,
/// `...policies`).
fn names_of(kind: &str) -> [String; 2] {
    let k = kind.to_ascii_lowercase();
    let plural = match k.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{k}s"),
    };
    [k, plural]
}

/// Does `resource` (`kind`, `kinds`, `kind.group`, `kinds.group`) name objects of this
/// group and kind?
fn names(resource: &str, group: &str, kind: &str) -> bool {
    let (name, g) = match resource.split_once('.') {
        Some((n, g)) => (n, g),
        None => (resource, ""),
    };
    let ok_group = if resource.contains('.') {
        g == group
    } else {
        true
    };
    ok_group
        && names_of(kind)
            .iter()
            .any(|n| n == &name.to_ascii_lowercase())
}

/// Runs the fake kubectl with these arguments, standard input and environment.
pub fn run(argv: &[String], stdin: &str, env: &HashMap<String, String>) -> Output {
    let Some(state) = env.get("FAKE_KUBECTL_STATE") else {
        return Output::fail("fake kubectl: FAKE_KUBECTL_STATE is not set\n");
    };
    let state = State {
        path: PathBuf::from(state),
    };
    let _ = append(&state.side(".log"), &format!("{}\n", argv.join(" ")));
    let args = parse_args(argv);
    if let (Some(want), Some(got)) = (env.get("FAKE_KUBECTL_CONTEXT"), args.get(&["--context"]))
        && want != got
    {
        return Output::fail(format!("error: context \"{got}\" does not exist\n"));
    }
    let fail_at = env.get("FAKE_KUBECTL_FAIL_AT").and_then(|s| s.parse().ok());
    let controller = env.get("FAKE_KUBECTL_CONTROLLER").map(String::as_str) != Some("0");
    let result = match args.words.first().map(String::as_str) {
        Some("apply") => apply(&args, stdin, &state, fail_at, controller),
        Some("get") => get(&args, &state),
        Some("delete") => delete(&args, &state, fail_at),
        Some("version") => Ok(Output {
            code: 0,
            stdout: "Client Version: v1.34.0 (fake)\n".into(),
            stderr: String::new(),
        }),
        Some(other) => Err(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n"
        )),
        None => Err("error: no command\n".into()),
    };
    result.unwrap_or_else(Output::fail)
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

fn apply(
    args: &Args,
    stdin: &str,
    state: &State,
    fail_at: Option<u64>,
    controller: bool,
) -> Result<Output, String> {
    if !args.has("--server-side") {
        return Err("fake kubectl: only server-side apply is modelled\n".into());
    }
    let manager = args
        .get(&["--field-manager"])
        .unwrap_or("kubectl")
        .to_owned();
    let text = match args.get(&["-f", "--filename"]) {
        Some("-") | None => stdin.to_owned(),
        Some(file) => std::fs::read_to_string(file).map_err(|e| format!("error: {file}: {e}\n"))?,
    };
    let objects = parse_str(&text, "-", &Limits::default())
        .map_err(|e| format!("error: error parsing -: {e}\n"))?;
    let dry_run = args.get(&["--dry-run"]) == Some("server");
    if !dry_run && state.failing(fail_at) {
        return Err("Error from server (InternalError): an error on the server (\"injected failure\") has prevented the request from succeeding\n".into());
    }
    let mut cluster = state.load()?;
    let force = args.has("--force-conflicts");
    let mut out = String::new();
    let namespace = args.get(&["-n", "--namespace"]);
    for o in objects {
        let mut v = o.value().clone();
        if v.pointer("/metadata/namespace").is_none()
            && let Some(ns) = namespace
        {
            v["metadata"]["namespace"] = json!(ns);
        }
        let r = object_ref(&v);
        if let Err(conflict) = cluster.apply(&v, &manager, force) {
            return Err(format!(
                "error: Apply failed with conflicts: {conflict}\n\
                 Please review the fields above--they currently have other managers.\n"
            ));
        }
        if controller && r.group == "aigateway.envoyproxy.io" {
            run_controller(&mut cluster, &r);
        }
        let suffix = if dry_run { " (server dry run)" } else { "" };
        out.push_str(&format!(
            "{}/{} serverside-applied{suffix}\n",
            resource_name(&r),
            r.name
        ));
    }
    if !dry_run {
        state.save(&cluster)?;
    }
    Ok(Output {
        code: 0,
        stdout: out,
        stderr: String::new(),
    })
}

/// What the AI Gateway controller does to an object it reconciles: its finalizer, and an
/// accepted status on routes.
fn run_controller(cluster: &mut Cluster, r: &ObjectRef) {
    let has = cluster
        .get_object(r)
        .and_then(|v| v.pointer("/metadata/finalizers"))
        .and_then(Value::as_array)
        .is_some_and(|f| f.iter().any(|x| x == FINALIZER));
    if !has {
        cluster.update(r, "envoy-ai-gateway-controller", |v| {
            let f = v["metadata"]
                .as_object_mut()
                .map(|m| m.entry("finalizers").or_insert_with(|| json!([])));
            if let Some(Value::Array(f)) = f {
                f.push(json!(FINALIZER));
            }
        });
    }
    if r.kind == "AIGatewayRoute" {
        cluster.set_status(
            r,
            json!({"conditions": [{"type": "Accepted", "status": "True", "reason": "Accepted",
                "message": "Route accepted", "lastTransitionTime": "2026-10-01T12:00:00Z"}]}),
        );
    }
}

/// `kind.group` in lowercase, as kubectl prints it (just `kind` for the core group).
fn resource_name(r: &ObjectRef) -> String {
    let kind = r.kind.to_ascii_lowercase();
    if r.group.is_empty() {
        kind
    } else {
        format!("{kind}.{}", r.group)
    }
}

fn get(args: &Args, state: &State) -> Result<Output, String> {
    let Some(resources) = args.words.get(1) else {
        return Err("error: You must specify the type of resource to get.\n".into());
    };
    let name = args.words.get(2);
    let namespace = if args.has("-A") || args.has("--all-namespaces") {
        None
    } else {
        Some(args.get(&["-n", "--namespace"]).unwrap_or("default"))
    };
    let selector: Vec<(String, Option<String>)> = args
        .get(&["-l", "--selector"])
        .map(|s| {
            s.split(',')
                .filter(|t| !t.is_empty())
                .map(|t| match t.split_once('=') {
                    Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                    None => (t.to_owned(), None),
                })
                .collect()
        })
        .unwrap_or_default();
    let cluster = state.load()?;
    let show_managed = args.has("--show-managed-fields");
    let mut items = Vec::new();
    for v in cluster.dump() {
        let r = object_ref(&v);
        if !resources
            .split(',')
            .any(|res| names(res, &r.group, &r.kind))
        {
            continue;
        }
        if namespace.is_some_and(|ns| r.namespace.as_deref() != Some(ns)) {
            continue;
        }
        if name.is_some_and(|n| *n != r.name) {
            continue;
        }
        let labels = v.pointer("/metadata/labels");
        let selected = selector.iter().all(|(k, want)| {
            let have = labels.and_then(|l| l.get(k)).and_then(Value::as_str);
            match want {
                Some(w) => have == Some(w.as_str()),
                None => have.is_some(),
            }
        });
        if !selected {
            continue;
        }
        let mut v = v;
        if !show_managed && let Some(m) = v["metadata"].as_object_mut() {
            m.remove("managedFields");
        }
        items.push(v);
    }
    if name.is_some() && items.is_empty() && args.has("--ignore-not-found") {
        return Ok(Output::default());
    }
    if let Some(n) = name
        && items.is_empty()
    {
        return Err(format!(
            "Error from server (NotFound): {resources} \"{n}\" not found\n"
        ));
    }
    // A named object is printed alone, as kubectl does; otherwise a List.
    let list = match (name, items.len()) {
        (Some(_), 1) => items.remove(0),
        _ => json!({"apiVersion": "v1", "kind": "List", "items": items,
            "metadata": {"resourceVersion": ""}}),
    };
    let stdout = match args.get(&["-o", "--output"]) {
        Some("json") => serde_json::to_string_pretty(&list).unwrap_or_default() + "\n",
        Some("yaml") => to_yaml(&[list]),
        other => {
            return Err(format!(
                "fake kubectl: output {other:?} is not modelled (use -o yaml or -o json)\n"
            ));
        }
    };
    Ok(Output {
        code: 0,
        stdout,
        stderr: String::new(),
    })
}

fn delete(args: &Args, state: &State, fail_at: Option<u64>) -> Result<Output, String> {
    let (Some(resource), Some(name)) = (args.words.get(1), args.words.get(2)) else {
        return Err("error: resource(s) were provided, but no name was specified\n".into());
    };
    let dry_run = args.get(&["--dry-run"]) == Some("server");
    if !dry_run && state.failing(fail_at) {
        return Err("Error from server (InternalError): an error on the server (\"injected failure\") has prevented the request from succeeding\n".into());
    }
    let namespace = args.get(&["-n", "--namespace"]).unwrap_or("default");
    let mut cluster = state.load()?;
    let found = cluster.refs().into_iter().find(|r| {
        names(resource, &r.group, &r.kind)
            && r.namespace.as_deref() == Some(namespace)
            && &r.name == name
    });
    match found {
        Some(r) => {
            if !dry_run {
                cluster.delete(&r);
                state.save(&cluster)?;
            }
            Ok(Output {
                code: 0,
                stdout: format!(
                    "{} \"{}\" deleted{}\n",
                    resource_name(&r),
                    r.name,
                    if dry_run { " (server dry run)" } else { "" }
                ),
                stderr: String::new(),
            })
        }
        None if args.has("--ignore-not-found") => Ok(Output::default()),
        None => Err(format!(
            "Error from server (NotFound): {resource} \"{name}\" not found\n"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(dir: &Path, args: &str, stdin: &str) -> Output {
        let env: HashMap<String, String> = [(
            "FAKE_KUBECTL_STATE".to_owned(),
            dir.join("state.json").display().to_string(),
        )]
        .into();
        let argv: Vec<String> = args.split(' ').map(str::to_owned).collect();
        run(&argv, stdin, &env)
    }

    #[test]
    fn apply_get_delete_round_trip() {
        let dir = std::env::temp_dir().join(format!("fake-kubectl-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let route = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata: {name: r, namespace: n}\nspec:\n  parentRefs: [{name: gw}]\n  rules: []\n";
        let o = call(&dir, "apply --server-side --field-manager=me -f -", route);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(
            o.stdout,
            "aigatewayroute.aigateway.envoyproxy.io/r serverside-applied\n"
        );
        let o = call(
            &dir,
            "get aigatewayroutes.aigateway.envoyproxy.io -n n -o yaml --show-managed-fields",
            "",
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stdout.contains("kind: List"), "{}", o.stdout);
        assert!(o.stdout.contains(FINALIZER), "{}", o.stdout);
        assert!(o.stdout.contains("manager: envoy-ai-gateway-controller"));
        assert!(o.stdout.contains("type: Accepted"));
        let o = call(&dir, "get aigatewayroutes -n other -o yaml", "");
        assert!(!o.stdout.contains("name: r"), "{}", o.stdout);
        let changed = route.replace("name: gw", "name: gw2");
        let o = call(
            &dir,
            "apply --server-side --field-manager=other -f -",
            &changed,
        );
        assert_eq!(o.code, 1);
        assert!(o.stderr.contains("conflict"), "{}", o.stderr);
        let o = call(
            &dir,
            "delete aigatewayroute.aigateway.envoyproxy.io -n n r",
            "",
        );
        assert_eq!(
            o.stdout,
            "aigatewayroute.aigateway.envoyproxy.io \"r\" deleted\n"
        );
        let o = call(
            &dir,
            "delete aigatewayroute.aigateway.envoyproxy.io -n n r",
            "",
        );
        assert_eq!(o.code, 1);
        let o = call(
            &dir,
            "delete aigatewayroute.aigateway.envoyproxy.io -n n r --ignore-not-found",
            "",
        );
        assert_eq!(o.code, 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
