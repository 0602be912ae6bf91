#!/usr/bin/env bash
# Builds the Python package into a virtualenv and runs pytest, mypy's stubtest and mypy --strict.
# Needs only Rust, Python 3.9+ and pip reaching PyPI. Run from anywhere:
#   bash bindings/python/test.sh
# NRP_PY_VENV   the virtualenv to use (default: <repo>/target/py-venv, created when missing)
# NRP_PY_RELEASE=1  build with optimisations (default: the dev profile, sharing target/ with cargo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
python="${PYTHON:-python3}"
venv="${NRP_PY_VENV:-$root/target/py-venv}"

step() { printf '\n==> %s\n' "$*"; }

if [ ! -x "$venv/bin/python" ]; then
  step "virtualenv $venv"
  "$python" -m venv "$venv"
fi
py="$venv/bin/python"
step "pip install maturin pytest mypy"
"$py" -m pip install --quiet --upgrade "maturin>=1.9.4,<2" pytest mypy typing_extensions

step "build and install nrp_llm_config (maturin develop)"
profile=()
if [ "${NRP_PY_RELEASE:-0}" = 1 ]; then profile=(--release); fi
(cd "$here" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
  "$venv/bin/maturin" develop --quiet ${profile[@]+"${profile[@]}"})

step "pytest"
(cd "$here" && "$py" -m pytest -q -p no:cacheprovider tests)

# Run from outside the source tree, so that mypy sees the stubs once (through the install).
step "stubtest (the stubs against the built module)"
(cd "$CARGO_TARGET_DIR" && "$py" -m mypy.stubtest nrp_llm_config)

# The example must type-check in strict mode with the generated typed dicts (tests/test_types.py
# also runs mypy over the ten deliberate mistakes of tests/typing/spec_mistakes.py).
step "mypy --strict (example notebook, typed spec literals)"
(cd "$CARGO_TARGET_DIR" && "$py" -m mypy --strict --no-error-summary \
  "$root/examples/python/catalog_notebook.py" "$here/tests/typing/spec_fixed.py")

step "example script"
(cd "$CARGO_TARGET_DIR" && "$py" "$root/examples/python/catalog_notebook.py" >/dev/null)
