//! The format-preserving edit layer: opening a generated folder (`Folder::open`: reading every
//! file and keeping its text) and working out the in-place edits for a desired state 60 edits
//! away (`Folder::changes`: per file, the kept, replaced and removed documents, each edited
//! document parsed again and comment-checked).
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn benches`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nrp_llm_config::folder::Folder;
use nrp_llm_config_benches::{Fleet, load_in_memory, sizes};
use std::time::Duration;

fn edits(c: &mut Criterion) {
    let mut g = c.benchmark_group("edit");
    g.sample_size(10).warm_up_time(Duration::from_millis(500));
    for &n in sizes() {
        let a = Fleet::generate(n, 42);
        let desired = load_in_memory(&a.with_changes(60, 42));
        let dir = tempfile::tempdir().unwrap();
        a.write(dir.path()).unwrap();
        let mut folder = Folder::open(dir.path()).unwrap();
        folder.replace(desired);
        assert!(!folder.changes().unwrap().is_empty());
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 20 } else { 3 }));
        g.bench_with_input(BenchmarkId::new("open", n), &n, |bench, _| {
            bench.iter(|| Folder::open(dir.path()).unwrap().objects().len());
        });
        g.bench_with_input(BenchmarkId::new("60_changes", n), &n, |bench, _| {
            bench.iter(|| folder.changes().unwrap().len());
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = edits
}
criterion_main!(benches);
