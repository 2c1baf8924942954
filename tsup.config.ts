import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", worker: "runtime/worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node18",
  splitting: false,
  // import.meta.url (the worker script beside the bundle) in the CommonJS build too
  shims: true,
  // comlink is bundled in: a browser loading the ESM build (and its module workers, which
  // see no import map) then needs nothing else
  noExternal: ["comlink"],
});
