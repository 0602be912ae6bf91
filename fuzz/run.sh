#!/usr/bin/env bash
# Seeds the corpora from the project's fixtures and runs every fuzz target for SECONDS each.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it use
# the sanitizer flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load loader_diff scan_diff validate plan catalog)
export RUSTC_BOOTSTRAP=1
seed() {
  local dir="corpus/$1"
  mkdir -p "$dir"
  find ../tests/fixtures ../upstream/ai-gateway/*/crdcel ../examples -name '*.yaml' -size -64k | while read -r f; do
    cp "$f" "$dir/$(echo "$f" | tr '/.' '__')"
  done
}
for t in "${targets[@]}"; do
  seed "$t"
  if [ "$t" = plan ]; then
    # Pairs: the example folder's files against each other.
    for a in ../examples/nrp/models-config/gatewayroute/*.yaml; do
      for b in ../examples/nrp/models-config/gatewayroute/*.yaml; do
        { cat "$a"; printf '\n===\n'; cat "$b"; } > "corpus/plan/pair_$(basename "$a")_$(basename "$b")"
      done
    done
  fi
  echo "==> fuzzing $t for ${secs}s"
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
    2>&1 | tee "fuzz-$t.log" | grep -E "^(#[0-9]+.*(DONE|pulse)|==|SUMMARY|Done)" || true
  grep -E "^Done|stat::number_of_executed_units" "fuzz-$t.log" | tail -2 || true
done
