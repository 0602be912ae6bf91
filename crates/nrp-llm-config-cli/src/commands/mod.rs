//! One module per subcommand. Each `run` writes through the [`Streams`] it is given.

mod apply;
mod convert;
mod fmt;
mod graph;
mod import;
mod key;
mod model;
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
            namespace,
            paths,
        } => validate::run(release, output, namespace.as_deref(), &paths, s),
        Command::Plan {
            inputs,
            from_cluster,
            cluster,
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
                inputs,
                from_cluster,
                cluster,
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
        Command::Apply {
            desired,
            from_cluster: _,
            cluster,
            release,
            dry_run,
            yes,
            wait,
            applyset,
            adopt,
            namespace,
            allow_mass_delete,
            allow_empty,
        } => apply::run(
            &apply::ApplyArgs {
                desired,
                cluster,
                options: nrp_llm_config::PlanOptions {
                    allow_empty,
                    allow_mass_delete,
                    ..plan::options(release, applyset, adopt, namespace)
                },
                dry_run,
                yes,
                wait,
            },
            s,
        ),
        Command::DumpCommand {
            desired,
            release,
            applyset,
            adopt,
            namespace,
            cluster,
        } => plan::dump_command(
            &desired,
            &plan::options(release, applyset, adopt, namespace),
            &cluster,
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
        Command::Graph {
            path,
            format,
            namespace,
        } => graph::run(&path, format, namespace.as_deref(), s),
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
        Command::Model { command } => model::run(command, s),
        Command::Key { command } => key::run(command, s),
    }
}
