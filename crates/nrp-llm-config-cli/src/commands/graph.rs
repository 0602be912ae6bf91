//! `graph`: draw the objects of a folder (or dump, catalog, `git:REV:PATH`) and their references.

use crate::Outcome;
use crate::args::GraphFormat;
use crate::inputs;
use crate::output::Streams;
use nrp_llm_config::graph::Graph;
use nrp_llm_config::{ConfigSet, Release};

pub(crate) fn run(
    path: &str,
    format: GraphFormat,
    namespace: Option<&str>,
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    let mut set = match inputs::load(path, Release::default(), None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    // Objects without a namespace go where `kubectl apply -n` would put them.
    if let Some(ns) = namespace {
        set = ConfigSet::from_objects(set.objects().iter().map(|o| o.in_namespace(ns)));
    }
    let graph = Graph::from_config_set(&set);
    let text = match format {
        GraphFormat::Mermaid => graph.to_mermaid(),
        GraphFormat::Dot => graph.to_dot(),
    };
    s.out.write_all(text.as_bytes())?;
    Ok(Outcome::Ok)
}
