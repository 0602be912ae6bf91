//! `render`: compile a catalog into the admin guide's models-config folder layout.

use crate::Outcome;
use crate::inputs;
use crate::output::{Reporter, Streams};
use nrp_llm_config::{Catalog, Release};
use std::path::{Path, PathBuf};

pub(crate) fn run(
    catalog: &Path,
    current: Option<&str>,
    out: &Path,
    release: Release,
    s: &mut Streams<'_>,
) -> anyhow::Result<Outcome> {
    let current_set = match current {
        Some(c) => match inputs::load(c, release, None) {
            Ok(set) => Some(set),
            Err(e) => return inputs::report(e, s),
        },
        None => None,
    };
    let name = catalog.display().to_string();
    let compiled = nrp_llm_config::document::read_text(catalog, &Default::default())
        .map_err(|e| nrp_llm_config::Diagnostics::from(vec![e.diagnostic().clone()]))
        .and_then(|text| {
            let set = Catalog::compile_str(&text, &name, current_set.as_ref(), release)?;
            // The files the catalog names (`file:`) for the objects it places.
            let placement = Catalog::from_yaml_str(&text, &name)
                .map(|c| c.placement(&set))
                .unwrap_or_default();
            Ok((set, placement))
        });
    let (set, placement) = match compiled {
        Ok(set) => set,
        Err(d) => {
            Reporter::stderr().diagnostics(s.err, &*d)?;
            return Ok(Outcome::Findings);
        }
    };
    // Objects keep the file they are in (in --out); new ones go where the catalog says, else to
    // the file they have in --current when that is a folder, else next to their siblings.
    let current_base = current.map(PathBuf::from).filter(|p| p.is_dir());
    let report = match set.write_folder_placed(
        out,
        current_set.as_ref(),
        current_base.as_deref(),
        &placement,
    ) {
        Ok(r) => r,
        Err(nrp_llm_config::WriteError::Edit(d)) => {
            // Nothing was written: the reason, located, with its hint.
            Reporter::stderr().diagnostic(s.err, &d)?;
            return Ok(Outcome::Failed);
        }
        Err(e) => return Err(e.into()),
    };
    for rel in &report.written {
        writeln!(s.out, "wrote {}", out.join(rel).display())?;
    }
    for rel in &report.removed {
        writeln!(s.out, "removed {}", out.join(rel).display())?;
    }
    writeln!(
        s.err,
        "{} object(s) in {} file(s): {} written, {} unchanged, {} removed",
        set.len(),
        report.written.len() + report.unchanged.len(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    )?;
    Ok(Outcome::Ok)
}
