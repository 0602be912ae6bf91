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
    // Each object's file is recorded where it differs from the layout's default.
    let (catalog, mut notes) = Catalog::import_folder(&set, std::path::Path::new(path));
    // The folder's comments go with the catalog entries they belong to; the rest are named.
    let (text, comment_notes) = catalog.to_yaml_with_comments(&set);
    notes.extend(comment_notes);
    Reporter::stderr().diagnostics(s.err, &notes)?;
    s.out.write_all(text.as_bytes())?;
    Ok(Outcome::Ok)
}
