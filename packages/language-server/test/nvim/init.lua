-- Neovim 0.7 (Debian bookworm's): no vim.lsp.start, so vim.lsp.start_client + vim.lsp.buf_attach_client.
-- Opens TOCSCAN_FILE, starts tocscan-language-server for it, waits for its diagnostics, writes
-- vim.diagnostic.get() as JSON to TOCSCAN_OUT, stops the server and quits (exit 1 on timeout).
local env = vim.fn.environ()

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.TOCSCAN_FILE))
  local client_id = vim.lsp.start_client({
    name = 'tocscan',
    cmd = { env.TOCSCAN_NODE, env.TOCSCAN_LS_BIN, '--stdio' },
    root_dir = env.TOCSCAN_ROOT,
  })
  vim.lsp.buf_attach_client(0, client_id)
  local arrived = vim.wait(20000, function()
    return #vim.diagnostic.get(0) > 0
  end, 50)
  local diagnostics = vim.diagnostic.get(0)
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function()
    return vim.lsp.client_is_stopped(client_id)
  end, 50)
  vim.fn.writefile({ vim.fn.json_encode({ arrived = arrived, stopped = stopped, diagnostics = diagnostics }) }, env.TOCSCAN_OUT)
  if arrived and stopped then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

vim.api.nvim_create_autocmd('VimEnter', { callback = run })
