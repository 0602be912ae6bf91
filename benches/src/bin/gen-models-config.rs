//! Writes a generated models-config folder (and optionally a changed copy) to disk.
//!
//! ```text
//! gen-models-config --models 10000 [--seed 42] [--changes 60 --changed-out DIR] OUT
//! ```

use nrp_llm_config_benches::Fleet;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-models-config --models N [--seed S] [--changes K --changed-out DIR] OUT";

fn main() -> ExitCode {
    let mut models = None;
    let mut seed = 42u64;
    let mut changes = 60usize;
    let mut changed_out: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let parsed: Result<(), String> = (|| {
            match a.as_str() {
                "--models" => {
                    models = Some(
                        value("--models")?
                            .parse()
                            .map_err(|e| format!("--models: {e}"))?,
                    )
                }
                "--seed" => {
                    seed = value("--seed")?
                        .parse()
                        .map_err(|e| format!("--seed: {e}"))?
                }
                "--changes" => {
                    changes = value("--changes")?
                        .parse()
                        .map_err(|e| format!("--changes: {e}"))?
                }
                "--changed-out" => changed_out = Some(value("--changed-out")?.into()),
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other if !other.starts_with('-') && out.is_none() => out = Some(other.into()),
                other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
            }
            Ok(())
        })();
        if let Err(e) = parsed {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    let (Some(models), Some(out)) = (models, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let fleet = Fleet::generate(models, seed);
    if let Err(e) = fleet.write(&out) {
        eprintln!("cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{}: {models} models, {} objects",
        out.display(),
        fleet.object_count()
    );
    if let Some(dir) = changed_out {
        let changed = fleet.with_changes(changes, seed);
        if let Err(e) = changed.write(&dir) {
            eprintln!("cannot write {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        println!(
            "{}: {} models, {} objects ({changes} edits)",
            dir.display(),
            changed.models.len(),
            changed.object_count()
        );
    }
    ExitCode::SUCCESS
}
