import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";

// The command line (dist/cli.js) uses the library through src/index.ts only; that import stays
// an import of the bundle beside it, so the CLI shares one copy of numfuse (and its worker)
// instead of bundling a second one.
const cliUsesIndex: Plugin = {
  name: "cli-uses-index",
  setup(build) {
    const ext = build.initialOptions.format === "cjs" ? "cjs" : "js";
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]/.test(args.importer) ? { path: `./index.${ext}`, external: true } : undefined);
  },
};

export default defineConfig({
  entry: { index: "src/index.ts", worker: "runtime/worker.ts", cli: "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node18",
  splitting: false,
  // import.meta.url (the worker script beside the bundle) in the CommonJS build too
  shims: true,
  // comlink and acorn (np.evaluate's parser) are bundled in: a browser loading the ESM build
  // (and its module workers, which see no import map) then needs nothing else
  noExternal: ["comlink", "acorn"],
  esbuildPlugins: [cliUsesIndex],
});
