#!/usr/bin/env bash
# Runs every test of the project (Rust and Python) from a fresh clone. Installs what it needs.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Snapshots never update silently: a mismatch or a new snapshot fails the run.
export INSTA_UPDATE=no

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
if command -v rustup >/dev/null 2>&1; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi

step "graphviz (dot renders the graph command's DOT output in the tests)"
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq graphviz >/dev/null
  else
    echo "dot (graphviz) is missing and this is not root: install graphviz, or the graph test fails" >&2
  fi
fi

step "gitlab-ci-local and rsync (the GitLab pipeline test runs the template with them)"
if ! command -v rsync >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq rsync >/dev/null
  else
    echo "rsync is missing and this is not root: install rsync, or the pipeline test fails" >&2
  fi
fi
GCL=target/tools/gitlab-ci-local
if [ ! -x "$GCL/node_modules/.bin/gitlab-ci-local" ]; then
  # 4.61 is the last release that runs on Node 20.
  npm install --silent --no-audit --no-fund --prefix "$GCL" gitlab-ci-local@4.61.0 >/dev/null
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit, integration, doc tests)"
# The CLI's apply tests run the test kit's fake kubectl from the target folder.
cargo build -q -p nrp-llm-config-testkit --bins
cargo test --workspace --no-fail-fast 2>&1 | tee target/test-output.txt
grep -q "test result: ok" target/test-output.txt

step "no stray snapshot files"
if find . -path ./target -prune -o \( -name '*.snap.new' -o -name '*.pending-snap' \) -print | grep -q .; then
  echo "unreviewed snapshots found (run 'cargo insta review')" >&2
  exit 1
fi

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "cargo package -p nrp-llm-config (the packaged library builds on its own)"
# The library leaves the Kubernetes version to its users; this build picks one, as docs.rs does
# ([package.metadata.docs.rs]). Verification compiles in the workspace's target dir, so only the
# library itself is compiled again. --allow-dirty: the working tree is what is tested.
cargo package -p nrp-llm-config --features k8s-openapi/latest --allow-dirty --quiet

if [ -f bindings/python/pyproject.toml ]; then
  step "python bindings"
  bash bindings/python/test.sh
fi

echo
echo "all checks passed"
