#!/usr/bin/env bash
# The end-to-end editor test: Neovim's built-in LSP client, headless, attached to `dmap lsp` on a
# bundled map (diagnostics, hover, definition, formatting). Installs Neovim with apt when it is
# missing (Debian/Ubuntu; needs root), then runs the test, which `swift test` otherwise skips.
#
#   scripts/nvim-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null; then
  echo "nvim-e2e: installing neovim (apt-get)…"
  apt-get update -qq && apt-get install -y -qq neovim >/dev/null
fi
nvim --version | head -1
swift test --filter NeovimTests
