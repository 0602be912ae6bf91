//! Loading a generated models-config folder from disk (parallel parse with positions), the
//! single-threaded parse of the same files for comparison, and the streaming validation of the
//! folder (`validate::validate_paths`: load, every layer, cross-object rules, as the CLI does).
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn benches`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nrp_llm_config::document::{Limits, parse_str};
use nrp_llm_config::{ConfigSet, Release, document::yaml_files, validate};
use nrp_llm_config_benches::{Fleet, sizes};
use std::time::Duration;

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10).warm_up_time(Duration::from_millis(500));
    for &n in sizes() {
        let dir = tempfile::tempdir().unwrap();
        Fleet::generate(n, 42).write(dir.path()).unwrap();
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 20 } else { 4 }));
        g.bench_with_input(BenchmarkId::new("folder", n), &dir, |b, dir| {
            b.iter(|| ConfigSet::load(&[dir.path()], &Limits::default()).len());
        });
        g.bench_with_input(BenchmarkId::new("validate_paths", n), &dir, |b, dir| {
            b.iter(|| {
                let r = validate::validate_paths(&[dir.path()], Release::V1_1, &Limits::default());
                assert!(!r.diagnostics.has_errors());
                r.objects
            });
        });
        let files: Vec<(String, String)> = yaml_files(dir.path())
            .unwrap()
            .into_iter()
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        g.bench_with_input(BenchmarkId::new("parse_1_thread", n), &files, |b, files| {
            b.iter(|| {
                files
                    .iter()
                    .map(|(name, text)| parse_str(text, name, &Limits::default()).unwrap().len())
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = load
}
criterion_main!(benches);
