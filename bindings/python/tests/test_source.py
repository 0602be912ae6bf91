"""Inputs (core module `source`): Python reads paths and specs as the CLI does, and plans the same."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

import nrp_llm_config as nlc

# No user or system git configuration, and an identity, so that commits work on any machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "NRP Admin",
    "GIT_AUTHOR_EMAIL": "admin@nrp.example.org",
    "GIT_COMMITTER_NAME": "NRP Admin",
    "GIT_COMMITTER_EMAIL": "admin@nrp.example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}


def cli(root: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs the `nrp-llm-config` binary of the workspace at `root` (built by cargo when stale)
    in the working directory."""
    cmd = ["cargo", "run", "--quiet", "--manifest-path", str(root / "Cargo.toml"),
           "-p", "nrp-llm-config-cli", "--", *args]
    env = {**os.environ, **GIT_ENV, "NO_COLOR": "1"}
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)


def git(repo: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                   capture_output=True)


CATALOG = "examples/nrp/catalog.yaml"
FOLDER = "examples/nrp/models-config"
DUMP = "examples/nrp/live/cluster-dump.yaml"


@pytest.mark.parametrize(
    ("current", "desired", "summary"),
    [
        (FOLDER, CATALOG, {"create": 0, "update": 0, "delete": 0}),
        (DUMP, CATALOG, {"create": 0, "update": 4, "delete": 2}),
        (CATALOG, DUMP, {"create": 2, "update": 4, "delete": 0}),
        (DUMP, FOLDER, {"create": 0, "update": 4, "delete": 2}),
    ],
)
def test_cli_and_python_give_the_same_plan(
    current: str,
    desired: str,
    summary: dict[str, int],
    root: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A catalog file is compiled against the current state on both sides (not read as objects)."""
    monkeypatch.chdir(root)
    out = cli(root, "plan", current, desired, "--output", "json")
    text = cli(root, "plan", current, desired)
    p = nlc.plan(current, desired)
    assert out.returncode == text.returncode == 0, out.stderr + text.stderr
    assert p.summary == summary
    assert p.to_json() + "\n" == out.stdout
    assert str(p) == text.stdout
    # A path object reads the same as the string.
    assert nlc.plan(root / current, root / desired).to_json() == p.to_json()


def test_load_compiles_a_catalog_file(catalog_path: pathlib.Path, models_config: pathlib.Path) -> None:
    compiled = nlc.load(catalog_path)
    assert {o["kind"] for o in compiled} == {
        "AIGatewayRoute", "AIServiceBackend", "Backend", "BackendSecurityPolicy", "QuotaPolicy"}
    assert not nlc.plan(models_config, compiled)


def test_invalid_catalog_file_raises_validation_error(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "catalog.yaml"
    f.write_text("apiVersion: nrp-llm-config/v1\nkind: Catalog\n")
    with pytest.raises(nlc.ValidationError) as info:
        nlc.plan(nlc.ConfigSet(), str(f))
    assert info.value.errors()[0]["file"] == str(f)
    assert str(info.value).startswith("desired could not be read completely")


def test_git_revisions_read_as_in_the_cli(
    tmp_path: pathlib.Path,
    models_config: pathlib.Path,
    root: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(models_config, repo / "models-config")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "models")
    route = repo / "models-config" / "backend" / "nrp.yaml"
    route.write_text(route.read_text().replace("port: 5000", "port: 5001", 1))
    monkeypatch.chdir(repo)

    at_head = nlc.load("git:HEAD:models-config")
    assert at_head.objects() == nlc.load(models_config).objects()
    p = nlc.plan("git:HEAD:models-config", "git::models-config")
    assert p.summary == {"create": 0, "update": 1, "delete": 0}
    out = cli(root, "plan", "git:HEAD:models-config", "git::models-config", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert p.to_json() + "\n" == out.stdout
    # load() keeps going past a bad file, at a revision as in a folder; plan() refuses it.
    (repo / "models-config" / "broken.yaml").write_text("kind: [unclosed\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    [problem] = nlc.load("git:HEAD:models-config").problems()
    assert problem["file"] == "git:HEAD:models-config/broken.yaml"
    with pytest.raises(nlc.ValidationError, match="current could not be read completely"):
        nlc.plan("git:HEAD:models-config", "models-config")
    # A pathlib path is a path, even when it looks like a spec.
    with pytest.raises(FileNotFoundError, match="git:HEAD:models-config: no such file"):
        nlc.load(pathlib.Path("git:HEAD:models-config"))
    with pytest.raises(ValueError, match="expected git:REV:PATH"):
        nlc.load("git:HEAD")
    with pytest.raises(OSError, match="git ls-tree"):
        nlc.plan("git:no-such-revision:models-config", "models-config")
    with pytest.raises(ValueError, match="must not start with '-'"):
        nlc.load("git:--help:models-config")
