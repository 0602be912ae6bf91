"""verify() (core module `verify`): the example folder against a local OpenAI-compatible stub
gateway on 127.0.0.1, started by the test."""

from __future__ import annotations

import http.server
import json
import pathlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import nrp_llm_config as nlc

KEY = "sk-py-test-0d9e8f7a"
KEY_VAR = "NRP_VERIFY_PY_TEST_KEY"


class Stub:
    """What the stub serves and what it saw."""

    def __init__(self, models: list[tuple[str, str]]) -> None:
        self.models = models
        self.fail: dict[str, int] = {}
        self.seen: list[tuple[str, str, str | None, Any]] = []
        self.url = ""


def example_models(models_config: pathlib.Path) -> list[tuple[str, str]]:
    """(name, owner) of every rule of the example routes, read from the objects."""
    out = []
    for obj in nlc.load(models_config):
        if obj["kind"] != "AIGatewayRoute":
            continue
        for rule in obj["spec"]["rules"]:
            for m in rule["matches"]:
                for h in m["headers"]:
                    out.append((h["value"], rule.get("modelsOwnedBy", "Envoy AI Gateway")))
    assert len(out) == 23
    return out


@pytest.fixture
def stub(models_config: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stub]:
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv(KEY_VAR, KEY)
    state = Stub(example_models(models_config))

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            auth = self.headers.get("Authorization")
            state.seen.append(("GET", self.path, auth, None))
            if auth != f"Bearer {KEY}":
                self.reply(401, {"error": f"invalid credentials: {auth}"})
            elif self.path == "/v1/models":
                data = [{"id": i, "object": "model", "owned_by": o} for i, o in state.models]
                self.reply(200, {"object": "list", "data": data})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            auth = self.headers.get("Authorization")
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.seen.append(("POST", self.path, auth, body))
            status = state.fail.get(body["model"], 200)
            self.reply(status, {"echo": auth} if status != 200 else {"object": "ok"})

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def check_no_key(*texts: str) -> None:
    for t in texts:
        assert KEY not in t


def test_all_good(stub: Stub, models_config: pathlib.Path) -> None:
    report = nlc.verify(models_config, stub.url, api_key_env=KEY_VAR, probe=True)
    assert report.ok
    assert report.findings == []
    assert report.summary["configured"] == 23
    assert report.probes is not None and len(report.probes) == 23
    assert all(p["ok"] and p["status"] == 200 for p in report.probes)
    assert str(report).endswith("with their owners, probes: 23 ok, 0 failed.\n")
    assert {s[2] for s in stub.seen} == {f"Bearer {KEY}"}
    embed = [s for s in stub.seen if s[3] and s[3]["model"] == "qwen3-embedding"]
    assert [s[1] for s in embed] == ["/v1/embeddings"]
    check_no_key(str(report), repr(report), json.dumps(report.to_dict()))


def test_missing_extra_wrong_owner_and_probe_failure(
    stub: Stub, models_config: pathlib.Path
) -> None:
    stub.models = [(i, "SDSC" if i == "gemma" else o) for i, o in stub.models if i != "olmo"]
    stub.models.append(("llama-4-scout", "NRP"))
    stub.fail["kimi"] = 500
    report = nlc.verify(nlc.load(models_config), stub.url, api_key_env=KEY_VAR, probe=True)
    assert not report.ok
    kinds = [(f["kind"], f["model"]) for f in report.findings]
    assert kinds == [
        ("missing", "olmo"),
        ("extra", "llama-4-scout"),
        ("wrong_owner", "gemma"),
        ("probe_failed", "kimi"),
    ]
    failed = report.findings[3]
    assert failed["status"] == 500
    # The stub echoes the Authorization header in its error body: scrubbed.
    assert "Bearer ***" in failed["message"]
    check_no_key(str(report), json.dumps(report.to_dict()))


def test_errors(stub: Stub, models_config: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A key the gateway refuses: OSError with the status, key scrubbed from the echoed body.
    monkeypatch.setenv("NRP_VERIFY_PY_OTHER_KEY", "sk-wrong-key-123")
    with pytest.raises(OSError, match="HTTP 401") as err:
        nlc.verify(models_config, stub.url, api_key_env="NRP_VERIFY_PY_OTHER_KEY")
    assert "sk-wrong-key-123" not in str(err.value)
    assert "Bearer ***" in str(err.value)
    # No key variable.
    monkeypatch.delenv("NRP_VERIFY_PY_UNSET", raising=False)
    with pytest.raises(ValueError, match="NRP_VERIFY_PY_UNSET"):
        nlc.verify(models_config, stub.url, api_key_env="NRP_VERIFY_PY_UNSET")
    # Nothing listens: ConnectionError naming the URL.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ConnectionError, match=f"http://127.0.0.1:{port}/v1/models"):
        nlc.verify(models_config, f"http://127.0.0.1:{port}", api_key_env=KEY_VAR, timeout=2)
    with pytest.raises(ValueError, match="timeout"):
        nlc.verify(models_config, stub.url, timeout=0)
