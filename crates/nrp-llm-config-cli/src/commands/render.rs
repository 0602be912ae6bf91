//! `render`: compile a catalog into the admin guide's models-config folder layout, and `import`:
//! read a models-config folder back into a catalog.

use crate::Outcome;
use crate::inputs;
use crate::output::Reporter;
use nrp_llm_config::{Catalog, Release, layout};
use std::path::{Path, PathBuf};

fn print_diagnostics(d: &[nrp_llm_config::Diagnostic]) {
    let mut r = Reporter::stderr();
    for x in d {
        r.diagnostic(x);
    }
}

pub(crate) fn run_render(
    catalog: &Path,
    current: Option<&str>,
    out: &Path,
    release: Release,
) -> anyhow::Result<Outcome> {
    let current_set = match current {
        Some(c) => match inputs::load(c, release, None) {
            Ok(s) => Some(s),
            Err(e) => return inputs::report(e),
        },
        None => None,
    };
    let cat = match Catalog::from_path(catalog) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d.0);
            return Ok(Outcome::Findings);
        }
    };
    let set = match cat.compile(current_set.as_ref(), release) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&d.0);
            return Ok(Outcome::Findings);
        }
    };
    // Objects keep the file they are in (in --out, else in --current when that is a folder).
    let current_base = current.map(PathBuf::from).filter(|p| p.is_dir());
    let report = layout::write_folder(&set, out, current_set.as_ref(), current_base.as_deref())?;
    for rel in &report.written {
        println!("wrote {}", out.join(rel).display());
    }
    for rel in &report.removed {
        println!("removed {}", out.join(rel).display());
    }
    eprintln!(
        "{} object(s) in {} file(s): {} written, {} unchanged, {} removed",
        set.len(),
        report.written.len() + report.unchanged.len(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    Ok(Outcome::Ok)
}

pub(crate) fn run_import(path: &str, release: Release) -> anyhow::Result<Outcome> {
    let set = match inputs::load(path, release, None) {
        Ok(s) => s,
        Err(e) => return inputs::report(e),
    };
    let (catalog, notes) = Catalog::import(&set);
    print_diagnostics(&notes);
    print!("{}", catalog.to_yaml());
    Ok(Outcome::Ok)
}
