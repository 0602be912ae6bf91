//! One module per subcommand. Each `run` writes through the [`Streams`] it is given.

mod convert;
mod fmt;
mod graph;
mod import;
mod plan;
mod render;
mod schema;
mod validate;
mod verify;

use crate::Outcome;
use crate::args::{Cli, Command};
use crate::output::Streams;

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli, s: &mut Streams<'_>) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Validate {
            release,
            output,
            paths,
        } => validate::run(release, output, &paths, s),
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
        } => plan::run(
            &plan::PlanArgs {
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
            },
            s,
        ),
        Command::Render {
            catalog,
            current,
            out,
            release,
        } => render::run(&catalog, current.as_deref(), &out, release, s),
        Command::Import { path, release } => import::run(&path, release, s),
        Command::Fmt {
            check,
            drop_comments,
            paths,
        } => fmt::run(check, drop_comments, &paths, s),
        Command::Graph { path, format } => graph::run(&path, format, s),
        Command::Schema { name } => schema::run(name.as_deref(), s),
        Command::Convert {
            to,
            drop_comments,
            paths,
        } => convert::run(to, drop_comments, &paths, s),
        Command::Verify {
            desired,
            gateway,
            api_key_env,
            probe,
            timeout,
            parent,
            embedding_models,
            output,
        } => verify::run(
            &verify::VerifyArgs {
                desired,
                gateway,
                api_key_env,
                probe,
                timeout,
                parent,
                embedding_models,
                output,
            },
            s,
        ),
    }
}
