-- End-to-end check of `dmap lsp` with Neovim's built-in LSP client (Neovim 0.7 or later), run
-- headless by NeovimTests.swift and scripts/nvim-e2e.sh:
--
--   DMAP=path/to/dmap MAP=file.dmap OUT=result.json nvim --headless -u NONE -i NONE -n -c 'luafile nvim-e2e.lua'
--
-- Attaches the server to MAP, waits for its diagnostics, asks for hover and definition at the
-- positions given in HOVER and DEFINITION ("line:character", 0-based), formats the buffer, and
-- writes what the editor received to OUT as JSON.
local function position(spec)
  local line, character = spec:match("(%d+):(%d+)")
  return { line = tonumber(line), character = tonumber(character) }
end

local result = { diagnostics = {} }
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("MAP")))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({ name = "dmap", cmd = { os.getenv("DMAP"), "lsp", "--debounce", "0" }, root_dir = vim.fn.getcwd() })
  vim.lsp.buf_attach_client(buf, client)
  result.attached = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  -- Lint follows the check phase: wait until the published set stops changing.
  local count = -1
  vim.wait(20000, function()
    local now = #vim.diagnostic.get(buf)
    if now == count then return true end
    count = now
    return false
  end, 300)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(result.diagnostics, { line = d.lnum, col = d.col, severity = d.severity, code = code })
  end
  local uri = vim.uri_from_bufnr(buf)
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", { textDocument = { uri = uri }, position = position(os.getenv("HOVER")) }, 10000)
  for _, response in pairs(hover or {}) do
    if response.result then result.hover = response.result.contents.value end
  end
  local definition = vim.lsp.buf_request_sync(buf, "textDocument/definition", { textDocument = { uri = uri }, position = position(os.getenv("DEFINITION")) }, 10000)
  for _, response in pairs(definition or {}) do
    if response.result and response.result[1] then result.definition = response.result[1].range.start end
  end
  vim.lsp.buf.formatting_sync(nil, 10000)
  result.formatted = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end)
if not ok then result.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("OUT"))
vim.cmd("qa!")
