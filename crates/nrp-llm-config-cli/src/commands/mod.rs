//! One module per subcommand.

mod fmt;
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
        Command::Fmt {
            check,
            drop_comments,
            paths,
        } => fmt::run(check, drop_comments, &paths),
    }
}
