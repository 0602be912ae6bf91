//! Parses every YAML file of a folder on one thread and does nothing else: the baseline the
//! `validate` wall time is compared with in `benches/compare/`.
//!
//! ```text
//! cargo run --release -p nrp-llm-config-benches --example parse_only -- [--loader|--reference] DIR
//! ```
//!
//! By default each file goes through serde-saphyr into `serde_json::Value`s with serde-saphyr's
//! default options (the plain parse). With `--loader` it goes through the project's own loader
//! (`document::parse_str`: duplicate keys, limits and per-field positions), still on one thread.
//! With `--reference` it goes through the loader's reference path
//! (`document::parse_str_reference`: serde-saphyr into a spanned tree, then JSON), which the
//! one-pass loader replaced.

use nrp_llm_config::document::{Limits, parse_str, parse_str_reference, yaml_files};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut loader = false;
    let mut reference = false;
    let mut dir = None;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--loader" => loader = true,
            "--reference" => reference = true,
            _ => dir = Some(std::path::PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: parse_only [--loader|--reference] DIR");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let files = match yaml_files(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut docs = 0usize;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                return ExitCode::FAILURE;
            }
        };
        if loader || reference {
            let load = if reference {
                parse_str_reference
            } else {
                parse_str
            };
            match load(&text, &f.display().to_string(), &Limits::default()) {
                Ok(o) => docs += o.len(),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            match serde_saphyr::from_multiple::<serde_json::Value>(&text) {
                Ok(v) => docs += v.len(),
                Err(e) => {
                    eprintln!("{}: {e}", f.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    if loader {
        // Outside the timing: how many files the one-pass loader read without falling back.
        let fast = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .filter(|t| nrp_llm_config::document::fast_path_accepts(t, &Limits::default()))
            .count();
        println!(
            "{fast} of {} files read by the one-pass loader alone",
            files.len()
        );
    }
    println!(
        "{} files, {docs} documents parsed in {elapsed:.3} s ({})",
        files.len(),
        if reference {
            "reference loader (serde-saphyr tree)"
        } else if loader {
            "project loader"
        } else {
            "serde-saphyr → serde_json::Value"
        }
    );
    ExitCode::SUCCESS
}
