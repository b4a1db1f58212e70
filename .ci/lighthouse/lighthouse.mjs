// make lighthouse: scores one page of every type of a built site with
// Lighthouse, as a phone (Lighthouse's default mobile emulation and
// throttling) and as a desktop, and prints a Markdown table. The site is
// served over HTTP from this process; the browser is CHROME_PATH (Debian's
// chromium by default).
//
//   [LH_ONLY=dashboard,report,large] node lighthouse.mjs SITE_DIR [LARGE_SITE_DIR]
//
// With LARGE_SITE_DIR (a site of okrs-gen -size large), its dashboard is
// scored too, as the last row ("large" in LH_ONLY).
//
// Lighthouse scales the time the page's tasks took on this machine by its
// CPU slowdown (4x for mobile); on a loaded machine they take longer, and
// blocking time and scores are worse than a reader's phone would give. The
// "CPU" column is Lighthouse's benchmark index of the machine during that
// page's mobile run (about 1,000 and above for an idle desktop); compare
// rows only when it is alike. LH_CPU=N sets the phone's CPU slowdown to N
// instead of 4, as Lighthouse's throttling guide says to when the machine
// is slower than the one the 4x was chosen for (Chrome's DevTools take a
// benchmark index of about 260 for a low-end phone and 1,000 for a
// mid-range one: a machine that scores 300 is already a low-end phone).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as constants from "lighthouse/core/config/constants.js";
import * as chromeLauncher from "chrome-launcher";

// One page of every type the site has.
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
  ["person", "people/eve.html"],
  ["report", "report/2026-Q4.html"],
  ["report (ended)", "report/2026-Q3.html"],
  ["list", "cycles/2026-Q4/attention.html"],
  ["404", "404.html"],
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

// serve serves a site's folder on a port of the loopback address.
async function serve(dir) {
  const root = path.resolve(dir);
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
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

const sites = [await serve(process.argv[2] || "public")];
const targets = pages.map(([name, page]) => [name, sites[0].base + page]);
if (process.argv[3]) {
  sites.push(await serve(process.argv[3]));
  if (!only.length || only.includes("large")) {
    targets.push(["dashboard (large org)", sites[1].base + "index.html"]);
    targets.push(["people (large org)", sites[1].base + "people/index.html"]);
  }
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
// The phone: Lighthouse's defaults, with LH_CPU's slowdown if set.
const mobileConfig = process.env.LH_CPU ? {
  extends: "lighthouse:default",
  settings: { throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: Number(process.env.LH_CPU) } },
} : undefined;
const score = (lhr, id) => Math.round(lhr.categories[id].score * 100);
const rows = [];
try {
  for (const [name, url] of targets) {
    const row = [name];
    for (const config of [mobileConfig, desktopConfig]) {
      const result = await lighthouse(url, {
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
      if (config !== desktopConfig) row.push(Math.round(lhr.environment.benchmarkIndex));
    }
    rows.push(row);
    process.stderr.write(`lighthouse: ${name} done\n`);
  }
} finally {
  await chrome.kill();
  for (const s of sites) s.server.close();
}

console.log("| page | mobile perf. | mobile a11y | mobile CLS | mobile LCP | mobile TBT | CPU | desktop perf. | desktop a11y | desktop CLS | desktop LCP | desktop TBT |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log("| " + r.join(" | ") + " |");
