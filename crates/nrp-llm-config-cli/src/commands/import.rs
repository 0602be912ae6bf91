//! `import`: read a models-config folder (or dump, `git:REV:PATH`) back into a catalog.

use crate::Outcome;
use crate::inputs;
use crate::output::{Reporter, Streams};
use nrp_llm_config::{Catalog, Release};

pub(crate) fn run(path: &str, release: Release, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    let set = match inputs::load(path, release, None) {
        Ok(set) => set,
        Err(e) => return inputs::report(e, s),
    };
    let (catalog, notes) = Catalog::import_folder(&set, std::path::Path::new(path));
    Reporter::stderr().diagnostics(s.err, &notes)?;
    s.out.write_all(catalog.to_yaml().as_bytes())?;
    Ok(Outcome::Ok)
}
