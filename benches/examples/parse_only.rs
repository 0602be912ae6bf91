//! Parses every YAML file of a folder on one thread and does nothing else: the baseline the
//! `validate` wall time is compared with in `benches/compare/`.
//!
//! ```text
//! cargo run --release -p nrp-llm-config-benches --example parse_only -- [--loader|--reference] [--repeat N] DIR
//! ```
//!
//! `--repeat N` reads the folder N times and reports the fastest pass (useful on a busy machine).
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
    let mut repeat = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--loader" => loader = true,
            "--reference" => reference = true,
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            _ => dir = Some(std::path::PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: parse_only [--loader|--reference] [--repeat N] DIR");
        return ExitCode::from(2);
    };
    let mut best = f64::INFINITY;
    let mut files = Vec::new();
    let mut docs = 0usize;
    for _ in 0..repeat {
        match parse_folder(&dir, loader, reference) {
            Ok((f, d, elapsed)) => {
                files = f;
                docs = d;
                best = best.min(elapsed);
            }
            Err(code) => return code,
        }
    }
    let elapsed = best;
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
        // And how many of those the line scanner read, before the granit-parser event loop.
        let scanned = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .filter(|t| {
                nrp_llm_config::document::fast_paths_separately(t, &Limits::default())
                    .0
                    .is_some()
            })
            .count();
        println!(
            "{scanned} of {} files read by the line scanner",
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

/// One timed pass over the folder: (files, documents, seconds).
fn parse_folder(
    dir: &std::path::Path,
    loader: bool,
    reference: bool,
) -> Result<(Vec<std::path::PathBuf>, usize, f64), ExitCode> {
    let start = Instant::now();
    let files = match yaml_files(dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return Err(ExitCode::FAILURE);
        }
    };
    let mut docs = 0usize;
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                return Err(ExitCode::FAILURE);
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
                    return Err(ExitCode::FAILURE);
                }
            }
        } else {
            match serde_saphyr::from_multiple::<serde_json::Value>(&text) {
                Ok(v) => docs += v.len(),
                Err(e) => {
                    eprintln!("{}: {e}", f.display());
                    return Err(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok((files, docs, start.elapsed().as_secs_f64()))
}
