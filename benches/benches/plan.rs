//! `plan` between two generated folders that differ by 60 edits (the plan validates the desired
//! state first, as the CLI does).
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn benches`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nrp_llm_config::plan::{PlanOptions, plan};
use nrp_llm_config_benches::{Fleet, load_in_memory, sizes};
use std::time::Duration;

fn plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    g.sample_size(10).warm_up_time(Duration::from_millis(500));
    for &n in sizes() {
        let a = Fleet::generate(n, 42);
        let b = a.with_changes(60, 42);
        let (current, desired) = (load_in_memory(&a), load_in_memory(&b));
        let options = PlanOptions::default();
        assert!(!plan(&current, &desired, &options).unwrap().is_empty());
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 20 } else { 3 }));
        g.bench_with_input(BenchmarkId::new("60_changes", n), &n, |bench, _| {
            bench.iter(|| plan(&current, &desired, &options).unwrap().changes.len());
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = plans
}
criterion_main!(benches);
