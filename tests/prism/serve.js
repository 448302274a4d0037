// Runs Prism's mock server for the contract tests (tests/e2e/contract.rs):
//
//   node serve.js SPEC PORT [temporary]
//
// Prism listens on 127.0.0.1:PORT (with 0, on a free port, which its log
// names: "Prism is listening on http://127.0.0.1:...") and validates every
// request against SPEC.
// It stops when this script's standard input closes, which happens when the
// test that started it ends, however it ends (even killed), and in any case
// after ten minutes: a test run never leaves a server behind. With
// `temporary`, SPEC is a copy made for this run, removed once Prism has
// stopped (Prism watches it while it runs).
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const [spec, port, temporary] = process.argv.slice(2);
if (!spec || !port) {
  console.error("usage: node serve.js SPEC PORT");
  process.exit(2);
}

const cli = path.join(__dirname, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
// `--seed` makes the answers to `Prefer: dynamic=true` the same on every run.
const prism = spawn(
  process.execPath,
  [cli, "mock", "--host", "127.0.0.1", "--port", port, "--seed", "1", spec],
  { stdio: ["ignore", "inherit", "inherit"] },
);

const stop = () => prism.kill();
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
setTimeout(stop, 10 * 60 * 1000).unref();
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, stop);
}
prism.on("exit", (code, signal) => {
  if (temporary === "temporary") {
    fs.rmSync(spec, { force: true });
  }
  process.exit(code ?? (signal ? 0 : 1));
});
