// Starts `dmap lsp` for .dmap files. The language client library is the only dependency
// (`npm install` in this folder).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

exports.activate = function activate(context) {
  const config = vscode.workspace.getConfiguration("dmap");
  const server = { command: config.get("path"), args: ["lsp", "--debounce", String(config.get("debounce"))] };
  client = new LanguageClient("dmap", "dmap", server, { documentSelector: [{ scheme: "file", language: "dmap" }, { scheme: "untitled", language: "dmap" }] });
  context.subscriptions.push(client);
  return client.start();
};

exports.deactivate = function deactivate() {
  return client ? client.stop() : undefined;
};
