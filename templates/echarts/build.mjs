// Bundles entry.js with the pinned esbuild into one minified script that
// sets window.echarts: `node echarts/build.mjs OUT` (make assets writes
// vendor/echarts.min.js; TestEChartsPinned writes a temporary file and
// compares it with the committed one byte for byte).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const out = process.argv[2];
if (!out) {
  console.error("usage: node echarts/build.mjs OUT.js");
  process.exit(2);
}
await build({
  entryPoints: [fileURLToPath(new URL("entry.js", import.meta.url))],
  outfile: out,
  bundle: true,
  format: "iife",
  globalName: "echarts",
  minify: true,
  target: "es2017",
  // ECharts' development warnings are behind this check.
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
});
