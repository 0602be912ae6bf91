//! `graph`: draw the objects of a folder (or dump, catalog, `git:REV:PATH`) and their references.

use crate::Outcome;
use crate::args::GraphFormat;
use crate::inputs;
use crate::output::Streams;
use nrp_llm_config::Release;
use nrp_llm_config::graph::Graph;

pub(crate) fn run(path: &str, format: GraphFormat, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let set = match inputs::load(path, Release::default(), None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let graph = Graph::from_config_set(&set);
    let text = match format {
        GraphFormat::Mermaid => graph.to_mermaid(),
        GraphFormat::Dot => graph.to_dot(),
    };
    s.out.write_all(text.as_bytes())?;
    Ok(Outcome::Ok)
}
