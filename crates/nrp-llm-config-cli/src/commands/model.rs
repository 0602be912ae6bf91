//! `model add|remove|set`: edit a models-config folder in place through the library's model
//! operations (`nrp_llm_config::ops`), and the glue every folder-editing command shares.

use crate::Outcome;
use crate::args::{EditArgs, ModelCommand};
use crate::output::{Reporter, Streams};
use nrp_llm_config::folder::Folder;
use nrp_llm_config::ops::{self, AddModel, Edited, SetModel};
use nrp_llm_config::{ConfigSet, Diagnostic, Diagnostics};

pub(crate) fn run(command: ModelCommand, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    match command {
        ModelCommand::Add {
            edit: args,
            name,
            backend,
            host,
            ip,
            port,
            upstream_model,
            owner,
            key_secret,
            timeout,
            route,
        } => {
            let add = AddModel {
                name,
                backend,
                host,
                ip,
                port,
                upstream_model,
                owner,
                key_secret,
                timeout,
                route,
            };
            edit(&args, s, |set| ops::add_model(set, &add, args.release))
        }
        ModelCommand::Remove { edit: args, name } => {
            edit(&args, s, |set| ops::remove_model(set, &name, args.release))
        }
        ModelCommand::Set {
            edit: args,
            name,
            backend,
            upstream_model,
            owner,
            timeout,
            members,
        } => {
            let change = SetModel {
                backend,
                upstream_model,
                owner,
                timeout,
                members,
            };
            edit(&args, s, |set| {
                ops::set_model(set, &name, &change, args.release)
            })
        }
    }
}

/// Opens the folder, runs `op` on its objects and prints the change lines (and the warnings
/// the operation introduced); then prints the diff (`--dry-run`) or writes the files through
/// the format-preserving edit layer. Nothing is written when the folder cannot be read (exit
/// 2), the operation is refused (its diagnostics, exit 1) or a file cannot be edited exactly
/// (exit 2).
pub(crate) fn edit(
    args: &EditArgs,
    s: &mut Streams<'_>,
    op: impl FnOnce(&ConfigSet) -> Result<Edited, Diagnostics>,
) -> anyhow::Result<Outcome> {
    if !args.folder.is_dir() {
        writeln!(
            s.err,
            "error: {} is not a folder\nnothing written",
            args.folder.display()
        )?;
        return Ok(Outcome::Failed);
    }
    let mut folder = match Folder::open(&args.folder) {
        Ok(f) => f,
        Err(e) => return refused(&e.diagnostics(), "the folder cannot be read", s),
    };
    let edited = match op(folder.objects()) {
        Ok(e) => e,
        Err(d) => {
            Reporter::stderr().diagnostics(s.err, &*d)?;
            writeln!(s.err, "nothing written")?;
            return Ok(Outcome::Findings);
        }
    };
    if edited.changes.is_empty() {
        writeln!(s.err, "nothing to change")?;
        return Ok(Outcome::Ok);
    }
    for line in &edited.changes {
        writeln!(s.out, "{line}")?;
    }
    Reporter::stderr().diagnostics(s.err, &edited.warnings)?;
    folder.replace(edited.set);
    if args.dry_run {
        return match folder.diff() {
            Ok(diff) => {
                write!(s.out, "{diff}")?;
                writeln!(s.err, "dry run: nothing written")?;
                Ok(Outcome::Ok)
            }
            Err(e) => refused(&[e.diagnostic().clone()], "the files cannot be edited", s),
        };
    }
    let report = match folder.save() {
        Ok(r) => r,
        Err(e) => return refused(&e.diagnostics(), "the files cannot be edited", s),
    };
    for rel in &report.written {
        writeln!(s.err, "wrote {}", args.folder.join(rel).display())?;
    }
    for rel in &report.removed {
        writeln!(s.err, "removed {}", args.folder.join(rel).display())?;
    }
    Ok(Outcome::Ok)
}

/// Prints why the folder cannot be read or edited; exit 2.
fn refused(d: &[Diagnostic], why: &str, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    Reporter::stderr().diagnostics(s.err, d)?;
    writeln!(s.err, "nothing written: {why}")?;
    Ok(Outcome::Failed)
}
