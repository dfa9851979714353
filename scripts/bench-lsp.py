#!/usr/bin/env python3
"""Latency of `dmap lsp` (release build), measured as an editor sees it: over JSON-RPC on stdio.

    scripts/bench-lsp.py [REPEATS]        (default 30)

For each bundled map: every request kind, REPEATS times each (median and worst, ms). Then a
generated map with a 10,000-rule table: the time from didOpen (and from a one-character edit) to
the check-phase diagnostics and to the lint diagnostics. Targets (docs/editors.md): requests in
50 ms on the bundled maps, diagnostics of a 10,000-rule map within 1 s.
"""
import json, os, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["swift", "build", "-c", "release", "--product", "dmap"], cwd=root, check=True, stdout=subprocess.DEVNULL)
dmap = os.path.join(root, ".build", "release", "dmap")
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30


class Client:
    def __init__(self):
        self.p = subprocess.Popen([dmap, "lsp", "--debounce", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.id = 0
        self.pending = []

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += self.p.stdout.read(1)
        length = int([l for l in header.decode().split("\r\n") if l.lower().startswith("content-length")][0].split(":")[1])
        return json.loads(self.p.stdout.read(length))

    def wait(self, match):
        for i, m in enumerate(self.pending):
            if match(m):
                return self.pending.pop(i)
        while True:
            m = self.read()
            if match(m):
                return m
            self.pending.append(m)

    def request(self, method, params):
        self.id += 1
        self.send({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.id)

    def publication(self, uri, version):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri and m["params"].get("version") == version)


def find(text, needle, offset=0):
    """The 0-based line and character of the first `needle` in `text` (ASCII maps)."""
    i = text.index(needle) + offset
    line = text.count("\n", 0, i)
    return {"line": line, "character": i - (text.rfind("\n", 0, i) + 1)}


client = Client()
client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
print("requests on the bundled maps (ms: median / worst of %d)" % repeats)
print("  %-22s %12s %12s %12s %12s %12s %12s %12s" % ("map", "hover", "definition", "references", "completion", "symbols", "formatting", "codeAction"))
for name in ["customer-triage", "insurance-claims", "it-incidents"]:
    path = os.path.join(root, "decision-maps", name + ".dmap")
    text = open(path).read()
    uri = "file://" + path
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "dmap", "version": 1, "text": text}}})
    client.publication(uri, 1)
    client.publication(uri, 1)
    arrow = find(text, "-> ", 3)
    doc = {"uri": uri}
    requests = {
        "hover": ("textDocument/hover", {"textDocument": doc, "position": find(text, "\ninputs\n", 10)}),
        "definition": ("textDocument/definition", {"textDocument": doc, "position": arrow}),
        "references": ("textDocument/references", {"textDocument": doc, "position": arrow, "context": {"includeDeclaration": True}}),
        "completion": ("textDocument/completion", {"textDocument": doc, "position": arrow}),
        "symbols": ("textDocument/documentSymbol", {"textDocument": doc}),
        "formatting": ("textDocument/formatting", {"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": True}}),
        "codeAction": ("textDocument/codeAction", {"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}}, "context": {"diagnostics": []}}),
    }
    cells = []
    for label, (method, params) in requests.items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            response = client.request(method, params)
            times.append((time.perf_counter() - start) * 1000)
            assert "error" not in response, response
        cells.append("%5.1f / %4.1f" % (statistics.median(times), max(times)))
    print("  %-22s %s" % (name, " ".join("%12s" % c for c in cells)))

rules = 10000
lines = ['map "Generated"', "inputs", "  region one of north, south, east, west, central", "  amount number 0..1000000",
         "  tier one of gold, silver, bronze", "segments", "  all risk low otherwise", "routes", "  auto automated",
         '  desk team "Desk"  sla 4h  owner "Lead"', "decide rate (first)"]
regions = ["north", "south", "east", "west", "central"]
for i in range(rules):
    lines.append("  when region is %s and amount >= %d and amount < %d -> %s" % (regions[i % 5], (i // 5) * 100, (i // 5 + 1) * 100, "auto" if i % 3 else "desk"))
lines.append("  otherwise -> desk")
text = "\n".join(lines) + "\n"
uri = "file:///generated-10000.dmap"
print("a %d-rule table (%d KB): seconds until diagnostics are published" % (rules, len(text) // 1024))
for attempt in range(3):
    version = 10 * attempt + 1
    start = time.perf_counter()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "dmap", "version": version, "text": text}}})
    client.publication(uri, version)
    checked = time.perf_counter() - start
    linted_message = client.publication(uri, version)
    linted = time.perf_counter() - start
    start = time.perf_counter()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                 "params": {"textDocument": {"uri": uri, "version": version + 1},
                            "contentChanges": [{"range": {"start": {"line": 20, "character": 999}, "end": {"line": 20, "character": 999}}, "text": "  # edited"}]}})
    client.publication(uri, version + 1)
    edit_checked = time.perf_counter() - start
    client.publication(uri, version + 1)
    edit_linted = time.perf_counter() - start
    print("  open: check %.3f s, lint %.3f s (%d diagnostics); after an edit: check %.3f s, lint %.3f s"
          % (checked, linted, len(linted_message["params"]["diagnostics"]), edit_checked, edit_linted))
    client.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})

# The 10,000-rule `unique` table of lint-bench (about 5,000 conflicts: its lint takes seconds),
# edited while it is being linted: the edit's check diagnostics should not wait for the lint of the
# version before, which the server stops.
subprocess.run(["swift", "build", "-c", "release", "--product", "lint-bench"], check=True, stdout=subprocess.DEVNULL)
text = subprocess.run([".build/release/lint-bench", "--map", str(rules)], check=True, capture_output=True, text=True).stdout
uri = "file:///conflicts-10000.dmap"
print("lint-bench's %d-rule unique table: an edit while the version before is being linted" % rules)
for attempt in range(3):
    version = 10 * attempt + 1
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "dmap", "version": version, "text": text}}})
    client.publication(uri, version)
    start = time.perf_counter()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                 "params": {"textDocument": {"uri": uri, "version": version + 1},
                            "contentChanges": [{"range": {"start": {"line": 20, "character": 999}, "end": {"line": 20, "character": 999}}, "text": "  # edited"}]}})
    client.publication(uri, version + 1)
    edit_checked = time.perf_counter() - start
    linted_message = client.publication(uri, version + 1)
    edit_linted = time.perf_counter() - start
    print("  after the edit: check %.3f s, lint %.3f s (%d diagnostics)"
          % (edit_checked, edit_linted, len(linted_message["params"]["diagnostics"])))
    client.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
client.request("shutdown", None)
client.send({"jsonrpc": "2.0", "method": "exit"})
sys.exit(client.p.wait())
