#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli, built from src/cli.
import { cli } from '../dist/cli/index.js';

process.exitCode = await cli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
