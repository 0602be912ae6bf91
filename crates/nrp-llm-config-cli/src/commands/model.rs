//! `model add|remove|set`: edit a models-config folder in place through the library's model
//! operations (`nrp_llm_config::ops`), and the glue every folder-editing command shares.

use crate::Outcome;
use crate::args::{EditArgs, ModelCommand};
use crate::output::{Reporter, Streams};
use nrp_llm_config::ops::{self, AddModel, Edited, SetModel};
use nrp_llm_config::{ConfigSet, Diagnostics};

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

/// Opens the folder, runs `op` on its objects and prints the change lines; then prints the diff
/// (`--dry-run`) or writes the files. Nothing is written when the folder cannot be read (exit
/// 2), the operation fails (its diagnostics, exit 1) or the files cannot be edited exactly
/// (exit 2).
pub(crate) fn edit(
    args: &EditArgs,
    s: &mut Streams<'_>,
    op: impl FnOnce(&ConfigSet) -> Result<Edited, Diagnostics>,
) -> anyhow::Result<Outcome> {
    let mut folder = match folder::Folder::open(&args.folder) {
        Ok(f) => f,
        Err(d) => {
            Reporter::stderr().diagnostics(s.err, &*d)?;
            writeln!(
                s.err,
                "nothing written: {} cannot be read",
                args.folder.display()
            )?;
            return Ok(Outcome::Failed);
        }
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
        let diff = folder.diff()?;
        write!(s.out, "{diff}")?;
        writeln!(s.err, "dry run: nothing written")?;
        return Ok(Outcome::Ok);
    }
    let report = folder.save()?;
    for rel in &report.written {
        writeln!(s.err, "wrote {}", args.folder.join(rel).display())?;
    }
    for rel in &report.removed {
        writeln!(s.err, "removed {}", args.folder.join(rel).display())?;
    }
    Ok(Outcome::Ok)
}

/// Stand-in for the library's `Folder` (format-preserving edits) until it lands: the same
/// calls, writing through [`ConfigSet::write_folder`].
mod folder {
    use nrp_llm_config::{ConfigSet, Diagnostics, Limits, PlanOptions, WriteReport, plan};
    use std::path::{Path, PathBuf};

    pub(crate) struct Folder {
        root: PathBuf,
        current: ConfigSet,
        desired: ConfigSet,
    }

    impl Folder {
        pub(crate) fn open(path: &Path) -> Result<Folder, Diagnostics> {
            let set = ConfigSet::load(&[path], &Limits::default());
            if set
                .problems()
                .iter()
                .any(nrp_llm_config::Diagnostic::is_error)
            {
                return Err(Diagnostics::from(set.problems().to_vec()));
            }
            Ok(Folder {
                root: path.to_owned(),
                desired: set.clone(),
                current: set,
            })
        }

        pub(crate) fn objects(&self) -> &ConfigSet {
            &self.desired
        }

        pub(crate) fn replace(&mut self, desired: ConfigSet) {
            self.desired = desired;
        }

        pub(crate) fn diff(&self) -> anyhow::Result<String> {
            let options = PlanOptions {
                allow_mass_delete: true,
                ..PlanOptions::default()
            };
            Ok(plan(&self.current, &self.desired, &options)?.to_text(false))
        }

        pub(crate) fn save(&self) -> anyhow::Result<WriteReport> {
            Ok(self
                .desired
                .write_folder(&self.root, Some(&self.current), Some(&self.root))?)
        }
    }
}
