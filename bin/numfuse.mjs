#!/usr/bin/env node
// The `numfuse` command: the built CLI (dist/cli.js, from src/cli/). `numfuse --help`.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
