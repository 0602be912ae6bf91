//! One module per subcommand.

mod convert;
mod fmt;
mod graph;
mod plan;
mod render;
mod schema;
mod validate;

use crate::Outcome;
use crate::args::{Cli, Command};

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Validate {
            release,
            output,
            paths,
        } => validate::run(release, output, &paths),
        Command::Plan {
            current,
            desired,
            release,
            output,
            exit_code,
            allow_empty,
            applyset,
            adopt,
            namespace,
            allow_mass_delete,
        } => plan::run(&plan::PlanArgs {
            current,
            desired,
            release,
            output,
            exit_code,
            allow_empty,
            applyset,
            adopt,
            namespace,
            allow_mass_delete,
        }),
        Command::Render {
            catalog,
            current,
            out,
            release,
        } => render::run_render(&catalog, current.as_deref(), &out, release),
        Command::Import { path, release } => render::run_import(&path, release),
        Command::Fmt {
            check,
            drop_comments,
            paths,
        } => fmt::run(check, drop_comments, &paths),
        Command::Graph { path, format } => graph::run(&path, format),
        Command::Schema { name } => schema::run(name.as_deref()),
        Command::Convert {
            to,
            drop_comments,
            paths,
        } => convert::run(to, drop_comments, &paths),
    }
}
