"""A real YAML language server (the one VS Code and Neovim use) completes, explains and checks a ruleset
from afterview's schema, reached through the documented modeline."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

SERVER = Path(__file__).parent / "js" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SERVER.exists(), reason="npm ci --prefix tests/js installs yaml-language-server")]


class LanguageServer:
    """A language server over stdio: JSON-RPC messages framed by Content-Length headers."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline().decode()) not in ("\r\n", ""):
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        return reply.get("result")

    def wait(self, wanted: Any, timeout: float = 60) -> dict[str, Any]:
        """The next message ``wanted`` accepts; answers the server's own requests meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
            if "method" in message and "id" in message:  # a request from the server
                result = [self.settings] * len(message["params"]["items"]) \
                    if message["method"] == "workspace/configuration" else None
                self.send({"id": message["id"], "result": result})
            elif wanted(message):
                return message

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


RULESET = """\
# yaml-language-server: $schema={schema}
id: industry-nonprofit
title: Nonprofits
titel: typo
extends: [default]
rules:
  - id: follow-up
    kind: task
    
"""


@pytest.fixture
def server() -> Any:
    settings = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}
    lsp = LanguageServer(settings)
    yield lsp
    lsp.close()


def test_completion_hover_and_diagnostics_from_the_schema(server: LanguageServer, afterview_cli: Any,
                                                           tmp_path: Path) -> None:
    assert afterview_cli("schema", "--write", str(tmp_path / "schemas")).code == 0
    schema_uri = (tmp_path / "schemas" / "ruleset.schema.json").as_uri()
    document = tmp_path / "industry-nonprofit.yaml"
    text = RULESET.format(schema=schema_uri)
    document.write_text(text)
    uri = document.as_uri()
    server.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
        "textDocument": {"completion": {"completionItem": {"snippetSupport": True}},
                         "hover": {"contentFormat": ["markdown", "plaintext"]}},
        "workspace": {"configuration": True}}})
    server.send({"method": "initialized", "params": {}})
    server.send({"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": server.settings}}})
    server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})

    diagnostics = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"]["uri"] == uri and m["params"]["diagnostics"])
    found = [(d["range"]["start"]["line"], d["message"]) for d in diagnostics["params"]["diagnostics"]]
    assert (3, "Property titel is not allowed.") in found

    completion = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                            "position": {"line": 8, "character": 4}})
    items = completion["items"] if isinstance(completion, dict) else completion
    labels = {item["label"] for item in items}
    assert {"timing", "when", "title", "templates", "done_by", "sources"} <= labels
    assert "kind" not in labels  # already there

    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 7, "character": 5}})
    contents = hover["contents"]
    value = contents["value"] if isinstance(contents, dict) else str(contents)
    assert "task (a dated step), milestone (a date to know), quiet (a period to wait)" in value
