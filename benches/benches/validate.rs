//! Each validation layer on its own, and `validate` as a whole: the structural schema checks
//! (defaults + OpenAPI), the CEL rules, the cross-object rules.
#![allow(missing_docs)] // criterion_group! defines an undocumented `pub fn benches`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nrp_llm_config::oracle::{Checks, Layers, oracle};
use nrp_llm_config::{Release, validate};
use nrp_llm_config_benches::{Fleet, load_in_memory, sizes};
use rayon::prelude::*;
use std::time::Duration;

fn layers(c: &mut Criterion) {
    let release = Release::V1_1;
    let o = oracle(release);
    let mut g = c.benchmark_group("validate");
    g.sample_size(10).warm_up_time(Duration::from_millis(500));
    for &n in sizes() {
        let set = load_in_memory(&Fleet::generate(n, 42));
        // Compile schemas and CEL programs outside the measurement.
        assert!(!validate::validate(&set, release).has_errors());
        g.measurement_time(Duration::from_secs(if n >= 10_000 { 15 } else { 3 }));
        for (name, layers) in [("structural", Layers::Structural), ("cel", Layers::Cel)] {
            let checks = Checks {
                layers,
                cel_fast_path: true,
            };
            g.bench_with_input(BenchmarkId::new(name, n), &set, |b, set| {
                b.iter(|| {
                    set.objects()
                        .par_iter()
                        .map(|x| o.validate_with(x.value(), checks).len())
                        .sum::<usize>()
                });
            });
        }
        g.bench_with_input(BenchmarkId::new("cross_object", n), &set, |b, set| {
            b.iter(|| validate::cross::check(set, release).len());
        });
        g.bench_with_input(BenchmarkId::new("all", n), &set, |b, set| {
            b.iter(|| validate::validate(set, release).len());
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = layers
}
criterion_main!(benches);
