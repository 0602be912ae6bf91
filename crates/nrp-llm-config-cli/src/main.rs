//! Command-line interface of nrp-llm-config: validate, plan, render and format Envoy AI Gateway
//! configurations.
//!
//! Exit codes: 0 success (also when the reader of standard output goes away, as with
//! `| head -1`); 1 invalid input (`validate`), differences (`fmt --check`) or changes
//! (`plan --exit-code`); 2 usage or I/O error.

mod args;
mod commands;
mod inputs;
mod output;

use clap::Parser;

/// mimalloc (its 2.x line, see Cargo.toml): the loader and validators allocate millions of small
/// strings and maps; measured faster than glibc malloc on a 10,000-model folder (see
/// benches/compare/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// What a command reports back to `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: invalid input, differences or changes.
    Findings,
    /// Exit 2: usage or I/O error (already printed).
    Failed,
}

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let mut streams = output::Streams {
        out: &mut out,
        err: &mut err,
    };
    let result = commands::run(cli, &mut streams).and_then(|outcome| {
        streams.out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        // The reader went away (`| head -1`): nobody is left to tell, and nothing failed.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(streams.err, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
