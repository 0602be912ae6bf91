//! Command-line arguments (clap derive).

use clap::{Parser, Subcommand, ValueEnum};
use nrp_llm_config::Release;
use std::path::PathBuf;

/// Validate, plan and render Envoy AI Gateway configurations (NRP models-config).
#[derive(Debug, Parser)]
#[command(name = "nrp-llm-config", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Human-readable, with the source line of each problem.
    Text,
    /// Machine-readable JSON.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files or folders as the API server would, plus cross-object rules.
    Validate {
        /// AI Gateway release of the cluster: v0.3, v0.4, v0.5 or v1.1.
        #[arg(long, default_value = "v1.1", value_parser = parse_release)]
        release: Release,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        output: ReportFormat,
        /// Files or folders (folders are read recursively: *.yaml, *.yml).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Rewrite YAML files in the canonical layout.
    Fmt {
        /// Do not write; list files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Allow rewriting files that contain comments (the comments are lost).
        #[arg(long)]
        drop_comments: bool,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn parse_release(s: &str) -> Result<Release, String> {
    s.parse::<Release>().map_err(|e| e.to_string())
}
