-- dmap for Neovim: the .dmap filetype, `#` comments, and the `dmap lsp` language server.
-- Put this file in ~/.config/nvim/plugin/ (or source it from init.lua). Neovim 0.7 or later.
-- Highlighting: editors/neovim/syntax/dmap.vim into ~/.config/nvim/syntax/.
local cmd = { "dmap", "lsp" }  -- or the full path of dmap

vim.cmd([[autocmd BufRead,BufNewFile *.dmap setfiletype dmap]])

vim.api.nvim_create_autocmd("FileType", {
  pattern = "dmap",
  callback = function(args)
    vim.bo[args.buf].commentstring = "# %s"
    vim.bo[args.buf].expandtab = true
    vim.bo[args.buf].shiftwidth = 2
    local config = { name = "dmap", cmd = cmd, root_dir = vim.fn.getcwd() }
    if vim.lsp.start then
      vim.lsp.start(config)                                         -- Neovim 0.8+
    else
      local client = vim.lsp.start_client(config)                   -- Neovim 0.7
      if client then vim.lsp.buf_attach_client(args.buf, client) end
    end
  end,
})
