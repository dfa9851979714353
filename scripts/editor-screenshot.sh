#!/usr/bin/env bash
# The screenshot in docs/editors.md: Neovim (with editors/neovim) in tmux, editing a bundled map
# with a misspelt route, hover open; the terminal is captured with its colours, turned into HTML
# and rendered by scripts/screenshot.sh. Needs nvim, tmux and chromium.
#
#   scripts/editor-screenshot.sh [OUTPUT.png]      (default docs/images/editor-neovim.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/images/editor-neovim.png}
swift build -c release --product dmap >/dev/null
work=$(mktemp -d)
trap 'tmux kill-session -t dmapshot 2>/dev/null || true; rm -rf "$work"' EXIT
sed 's/-> billing_team$/-> biling_team/' decision-maps/customer-triage.dmap > "$work/triage.dmap"
line=$(grep -n "biling_team" "$work/triage.dmap" | head -1 | cut -d: -f1)
export PATH="$PWD/.build/release:$PATH"
tmux new-session -d -s dmapshot -x 132 -y 34 \
  "nvim -u NONE -i NONE -n --cmd 'set rtp^=$PWD/editors/neovim' --cmd 'luafile $PWD/editors/neovim/dmap.lua' \
   -c 'syntax on' -c 'set termguicolors number signcolumn=yes' -c 'set background=dark' -c 'hi NormalFloat guibg=#2d2d30 guifg=#d4d4d4' $work/triage.dmap"
sleep 3
# The misspelt route's line, centred; hover over the field `category` on it.
tmux send-keys -t dmapshot ":call cursor($line, stridx(getline($line), 'category') + 1)" Enter
tmux send-keys -t dmapshot "zz"
sleep 1
tmux send-keys -t dmapshot ":lua vim.lsp.buf.hover()" Enter
sleep 2
tmux capture-pane -t dmapshot -e -p > "$work/screen.ansi"
python3 - "$work/screen.ansi" "$work/screen.html" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
palette = ["#1e1e1e", "#f44747", "#6a9955", "#d7ba7d", "#569cd6", "#c586c0", "#4ec9b0", "#d4d4d4",
           "#808080", "#f44747", "#b5cea8", "#dcdcaa", "#9cdcfe", "#c586c0", "#4ec9b0", "#ffffff"]
def color256(n):
    if n < 16: return palette[n]
    if n < 232:
        n -= 16; steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10; return "#%02x%02x%02x" % (v, v, v)
state = {}
def apply(params):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0: state.clear()
        elif c == 1: state["bold"] = True
        elif c == 3: state["italic"] = True
        elif c == 4: state["underline"] = True
        elif c == 7: state["reverse"] = True
        elif c == 22: state.pop("bold", None)
        elif c == 23: state.pop("italic", None)
        elif c == 24: state.pop("underline", None)
        elif c == 27: state.pop("reverse", None)
        elif 30 <= c <= 37: state["fg"] = palette[c - 30]
        elif 90 <= c <= 97: state["fg"] = palette[c - 82]
        elif 40 <= c <= 47: state["bg"] = palette[c - 40]
        elif 100 <= c <= 107: state["bg"] = palette[c - 92]
        elif c == 39: state.pop("fg", None)
        elif c == 49: state.pop("bg", None)
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes): state[key] = color256(codes[i + 2]); i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes): state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5]); i += 4
        i += 1
def style():
    fg, bg = state.get("fg", "#d4d4d4"), state.get("bg", "#1e1e1e")
    if state.get("reverse"): fg, bg = bg, fg
    s = "color:%s;background:%s" % (fg, bg)
    if state.get("bold"): s += ";font-weight:bold"
    if state.get("italic"): s += ";font-style:italic"
    if state.get("underline"): s += ";text-decoration:underline"
    return s
out = []
for line in text.split("\n"):
    parts, pos = [], 0
    for m in re.finditer(r"\x1b\[([0-9;]*)m", line):
        if m.start() > pos: parts.append('<span style="%s">%s</span>' % (style(), html.escape(line[pos:m.start()])))
        apply(m.group(1)); pos = m.end()
    if pos < len(line): parts.append('<span style="%s">%s</span>' % (style(), html.escape(line[pos:])))
    out.append("".join(parts))
page = ('<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e}'
        'pre{margin:0;padding:8px;font:14px/1.3 "DejaVu Sans Mono",monospace;color:#d4d4d4}</style></head>'
        '<body><pre id="screen">' + "\n".join(out) + "</pre></body></html>")
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
scripts/screenshot.sh "$work/screen.html" "$out" --size 1120x620 --expect screen
echo "wrote $out"
