//! One module per subcommand.

mod fmt;
mod plan;
mod render;
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
        } => plan::run(&plan::PlanArgs {
            current,
            desired,
            release,
            output,
            exit_code,
            allow_empty,
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
    }
}
