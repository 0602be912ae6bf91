//! Compiling a catalog of N models into AI Gateway objects (the catalog is imported from a
//! generated folder once, outside the measurement).
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn benches`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nrp_llm_config::{Catalog, Release};
use nrp_llm_config_benches::{Fleet, load_in_memory, sizes};
use std::time::Duration;

fn compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalog");
    g.sample_size(10).warm_up_time(Duration::from_millis(500));
    for &n in sizes() {
        let set = load_in_memory(&Fleet::generate(n, 42));
        let (catalog, _) = Catalog::import(&set);
        assert_eq!(catalog.models.len(), n);
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 10 } else { 3 }));
        g.bench_with_input(BenchmarkId::new("compile", n), &catalog, |b, catalog| {
            b.iter(|| catalog.compile(None, Release::V1_1).unwrap().len());
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = compile
}
criterion_main!(benches);
