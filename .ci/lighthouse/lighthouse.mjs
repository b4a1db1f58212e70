// make lighthouse: scores one page of every type of a built site with
// Lighthouse, as a phone (Lighthouse's default mobile emulation and
// throttling) and as a desktop, and prints a Markdown table. The site is
// served over HTTP from this process; the browser is CHROME_PATH (Debian's
// chromium by default).
//
//   [LH_ONLY=dashboard,report] node lighthouse.mjs SITE_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";

const allPages = [
  ["dashboard", "index.html"],
  ["cycles", "cycles/index.html"],
  ["cycle (running)", "cycles/2026-Q4/index.html"],
  ["cycle (ended)", "cycles/2026-Q3/index.html"],
  ["teams", "teams/index.html"],
  ["team", "teams/payments/index.html"],
  ["objective", "teams/payments/2026-Q4/effortless-checkout.html"],
  ["roadmap", "roadmap/index.html"],
  ["alignment", "alignment/2026-Q4.html"],
  ["RACI", "raci/index.html"],
  ["health", "health/index.html"],
  ["people", "people/index.html"],
  ["report", "report/2026-Q4.html"],
];
// LH_ONLY=dashboard,report scores only those.
const only = (process.env.LH_ONLY || "").split(",").filter(Boolean);
const pages = only.length ? allPages.filter(([name]) => only.includes(name)) : allPages;

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const root = path.resolve(process.argv[2] || "public");
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(body);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const score = (lhr, id) => Math.round(lhr.categories[id].score * 100);
const rows = [];
try {
  for (const [name, page] of pages) {
    const row = [name];
    for (const config of [undefined, desktopConfig]) {
      const result = await lighthouse(base + page, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
      }, config);
      const lhr = result.lhr;
      const a = lhr.audits;
      row.push(score(lhr, "performance"), score(lhr, "accessibility"),
        a["cumulative-layout-shift"].numericValue.toFixed(3),
        (a["largest-contentful-paint"].numericValue / 1000).toFixed(1) + " s",
        Math.round(a["total-blocking-time"].numericValue) + " ms");
    }
    rows.push(row);
    process.stderr.write(`lighthouse: ${name} done\n`);
  }
} finally {
  await chrome.kill();
  server.close();
}

console.log("| page | mobile perf. | mobile a11y | mobile CLS | mobile LCP | mobile TBT | desktop perf. | desktop a11y | desktop CLS | desktop LCP | desktop TBT |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log("| " + r.join(" | ") + " |");
