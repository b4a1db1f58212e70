// okrs site script: draws the charts, runs the objective search and the
// filters. Every page works without it; it adds, it does not replace.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  html.classList.remove("no-js");
  html.classList.add("js");
  var root = doc.body.getAttribute("data-root") || "";

  // Charts: each [data-chart] element has its ECharts option as JSON in
  // the <script type="application/json"> with the id "<id>-option". When
  // data-chart names a kind, the option is laid over that kind's base,
  // which okrs writes before this script (OKRS_CHART_BASES).
  var bases = window.OKRS_CHART_BASES || {};

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  // over lays option over base: objects key by key, lists item by item;
  // anything else the option gives wins.
  function over(base, option) {
    if (Array.isArray(base) && Array.isArray(option)) {
      return option.map(function (item, i) {
        return i < base.length ? over(base[i], item) : item;
      });
    }
    if (isObject(base) && isObject(option)) {
      var out = {};
      Object.keys(base).forEach(function (k) { out[k] = base[k]; });
      Object.keys(option).forEach(function (k) {
        out[k] = k in base ? over(base[k], option[k]) : option[k];
      });
      return out;
    }
    return option;
  }

  // Charts are drawn when they come into view, so that a page shows its
  // text and numbers first and does no work for charts nobody scrolls to.
  // ECharts itself is loaded when the first chart is about to show, and
  // not before the page has loaded: the text is painted first. Charts
  // are drawn one per task (queue), so that the page answers a tap
  // between two of them. Each chart's box has its height in the page, so
  // nothing moves when it is drawn. A page that is printed whole (the
  // report) draws every chart once it has loaded (data-draw="all"), so
  // that printing finds them drawn.
  var charts = [];
  var waiting = null;
  var queue = [];

  function afterLoad(cb) {
    var later = function () {
      if (window.requestIdleCallback) window.requestIdleCallback(cb, { timeout: 500 });
      else setTimeout(cb, 0);
    };
    if (doc.readyState === "complete") later();
    else window.addEventListener("load", later);
  }

  function withECharts(cb) {
    if (window.echarts) return cb();
    if (waiting) return waiting.push(cb);
    waiting = [cb];
    afterLoad(function () {
      var script = doc.createElement("script");
      script.src = doc.body.getAttribute("data-echarts");
      // The first chart is drawn in a task of its own, not in the one
      // that ran ECharts' script.
      script.onload = function () {
        setTimeout(function () {
          var cbs = waiting;
          waiting = [];
          cbs.forEach(function (f) { f(); });
        }, 0);
      };
      script.onerror = noCharts;
      doc.head.appendChild(script);
    });
  }

  // drawSoon draws els one per task, after those queued before them.
  function drawSoon(els) {
    var idle = !queue.length;
    queue = queue.concat(els);
    if (idle) withECharts(next);
  }

  function next() {
    var el = queue.shift();
    if (!el) return;
    draw(el);
    if (queue.length) setTimeout(next, 0);
  }

  // noCharts shows the data tables in the charts' place: the binary was
  // built without ECharts, or it could not be loaded.
  function noCharts() {
    html.classList.add("no-charts");
    doc.querySelectorAll("[data-chart]").forEach(function (el) {
      var fig = el.closest("figure");
      var details = fig && fig.querySelector("details");
      if (details) details.open = true;
    });
  }

  // fit gives a chart's SVG a viewBox, so that on paper it scales to the
  // width of its column instead of keeping the window's.
  function fit(el) {
    var svg = el.querySelector("svg");
    if (svg) svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
  }

  // trees holds, for a tree (Sankey) chart's box, its columns and the
  // label width and right margin its option asks for. Its labels share the
  // chart's width with the columns: each label is as wide as its column
  // leaves room for (at most the option's width, the right margin keeping
  // its distance), so that no label runs into the next column at any width
  // or on paper.
  var trees = window.WeakMap && new WeakMap();

  function treeLabels(el, width) {
    var t = trees && trees.get(el);
    if (!t || !width) return null;
    var w = Math.max(40, Math.min(t.width, Math.floor((width - 8 - t.gap - 20 * (t.cols - 1)) / t.cols)));
    return { right: w + t.gap, label: { width: w } };
  }

  function fitTree(c, el) {
    var t = treeLabels(el, el.getBoundingClientRect().width);
    if (t) c.setOption({ series: [t] });
  }

  // resizer lays a chart out again when its box changes width; its first
  // call, for the width the chart was just drawn at, does nothing.
  var widths = window.WeakMap && new WeakMap();
  var resizer = widths && window.ResizeObserver && new ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      var c = window.echarts.getInstanceByDom(e.target);
      var w = e.contentRect.width;
      if (w === widths.get(e.target)) return;
      widths.set(e.target, w);
      if (c && w > 0) {
        fitTree(c, e.target);
        c.resize();
        c.getZr().flush();
        fit(e.target);
      }
    });
  });

  function draw(el) {
    if (el.hasAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "");
    var data = doc.getElementById(el.id + "-option");
    if (!data) return;
    var option;
    try {
      option = JSON.parse(data.textContent);
    } catch (e) {
      return;
    }
    var base = bases[el.getAttribute("data-chart")];
    if (base) option = over(base, option);
    var tree = option.series && option.series[0];
    if (trees && tree && tree.type === "sankey" && tree.label && tree.label.width) {
      var cols = 1;
      (tree.data || []).forEach(function (d) { cols = Math.max(cols, (d.depth || 0) + 1); });
      trees.set(el, { cols: cols, width: tree.label.width, gap: (parseFloat(tree.right) || 0) - tree.label.width });
      var t = treeLabels(el, el.getBoundingClientRect().width);
      if (t) {
        tree.right = t.right;
        tree.label.width = t.label.width;
      }
    }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    fit(el);
    charts.push(chart);
    if (resizer) {
      widths.set(el, el.getBoundingClientRect().width);
      resizer.observe(el);
    }
  }

  function drawCharts() {
    var nodes = Array.prototype.slice.call(doc.querySelectorAll("[data-chart]"));
    if (!nodes.length) return;
    if (!doc.body.getAttribute("data-echarts")) return noCharts();
    if (doc.body.getAttribute("data-draw") === "all" || !window.IntersectionObserver) {
      drawSoon(nodes);
    } else {
      var seen = new IntersectionObserver(function (entries) {
        var shown = entries.filter(function (e) { return e.isIntersecting; }).map(function (e) { return e.target; });
        shown.forEach(function (el) { seen.unobserve(el); });
        if (shown.length) drawSoon(shown);
      }, { rootMargin: "100px 0px" });
      nodes.forEach(function (el) { seen.observe(el); });
    }
    // Paper: every chart that ECharts can still draw is drawn, then laid
    // out at the width it has on the page (print.css scales the SVG to
    // its column); afterwards, at the window's width again.
    // The height is the page's: on paper the box's own height is auto.
    var relayout = function () {
      if (window.echarts) nodes.forEach(draw);
      charts.forEach(function (c) {
        var el = c.getDom();
        fitTree(c, el);
        c.resize({ height: parseFloat(el.style.height) || undefined });
        c.getZr().flush(); // now: printing draws no more frames
        fit(el);
      });
    };
    window.addEventListener("beforeprint", relayout);
    window.addEventListener("afterprint", relayout);
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      if (print.addEventListener) print.addEventListener("change", relayout);
    }
  }

  // Search over the objectives of every cycle. The index is scripts that
  // set globals (fetch() of a JSON file fails from file://): a manifest,
  // window.OKRS_SEARCH_PARTS, and the parts it lists, which add to
  // window.OKRS_SEARCH. They are loaded when the reader first uses the
  // search box, so that pages of a large organization do not all parse
  // them, and run in the order they are listed.
  function setupSearch() {
    var box = doc.querySelector("[data-search]");
    if (!box) return;
    box.classList.add("is-ready");
    var input = box.querySelector("input");
    var list = box.querySelector("ul");
    var status = box.querySelector("[aria-live]");
    var entries = null;
    var waiting = [];
    function load(src, onload) {
      var script = doc.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = onload;
      script.onerror = function () {
        status.textContent = "The search index could not be loaded.";
      };
      doc.head.appendChild(script);
    }
    function loaded() {
      entries = (window.OKRS_SEARCH || []).map(function (e) {
        return { e: e, text: [e.t, e.m, e.c, e.s, e.o].join(" ").toLowerCase() };
      });
      waiting.forEach(function (f) { f(); });
      waiting = [];
    }
    function withIndex(cb) {
      if (entries) return cb();
      waiting.push(cb);
      if (waiting.length > 1) return;
      load(box.getAttribute("data-search"), function () {
        var parts = window.OKRS_SEARCH_PARTS || [];
        var left = parts.length;
        window.OKRS_SEARCH = [];
        if (!left) return loaded();
        parts.forEach(function (p) {
          load(root + p, function () {
            if (--left === 0) loaded();
          });
        });
      });
    }
    function close() {
      list.hidden = true;
      list.textContent = "";
    }
    function run() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) {
        close();
        status.textContent = "";
        return;
      }
      var hits = entries.filter(function (x) {
        return words.every(function (w) { return x.text.indexOf(w) >= 0; });
      });
      hits.slice(0, 12).forEach(function (x) {
        var li = doc.createElement("li");
        var a = doc.createElement("a");
        a.href = root + x.e.u;
        var title = doc.createElement("span");
        title.className = "hit-title";
        title.textContent = x.e.t;
        var meta = doc.createElement("span");
        meta.className = "hit-meta";
        meta.textContent = x.e.i + " " + x.e.s + " · " + x.e.m + " · " + x.e.c;
        a.appendChild(title);
        a.appendChild(meta);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!hits.length) {
        var li = doc.createElement("li");
        li.className = "hit-none";
        li.textContent = "No objective matches.";
        list.appendChild(li);
      }
      list.hidden = false;
      status.textContent = hits.length + (hits.length === 1 ? " objective" : " objectives") + " found";
    }
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () { withIndex(run); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) {
          ev.preventDefault();
          first.focus();
        }
      } else if (ev.key === "Escape") {
        input.value = "";
        close();
      }
    });
    list.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(doc.activeElement);
      if (ev.key === "ArrowDown" && i < links.length - 1) {
        ev.preventDefault();
        links[i + 1].focus();
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (i > 0) links[i - 1].focus();
        else input.focus();
      } else if (ev.key === "Escape") {
        close();
        input.focus();
      }
    });
    doc.addEventListener("click", function (ev) {
      if (!box.contains(ev.target)) close();
    });
  }

  // The objectives filter of a cycle page (text, state, team, labels) and
  // of a team page (labels). A label chip is a toggle button: pressed
  // chips show the objectives that carry any of their labels, on the
  // objective or one of its key results; none pressed shows all.
  function setupFilter() {
    var form = doc.querySelector("[data-filter]");
    if (!form) return;
    form.classList.add("is-ready");
    var text = form.querySelector("[data-filter-text]");
    var state = form.querySelector("[data-filter-state]");
    var team = form.querySelector("[data-filter-team]");
    var chips = Array.prototype.slice.call(form.querySelectorAll("[data-label]"));
    var count = form.querySelector("[data-filter-count]");
    var rows = doc.querySelectorAll("[data-row]");
    function apply() {
      var words = text ? text.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var picked = chips.filter(function (c) { return c.getAttribute("aria-pressed") === "true"; })
        .map(function (c) { return c.getAttribute("data-label"); });
      var shown = 0;
      rows.forEach(function (r) {
        var labels = JSON.parse(r.getAttribute("data-labels") || "[]");
        var ok = words.every(function (w) { return r.getAttribute("data-search").indexOf(w) >= 0; }) &&
          (!state || !state.value || r.getAttribute("data-state") === state.value) &&
          (!team || !team.value || r.getAttribute("data-team") === team.value) &&
          (!picked.length || picked.some(function (l) { return labels.indexOf(l) >= 0; }));
        r.hidden = !ok;
        if (ok) shown++;
      });
      doc.querySelectorAll("[data-group]").forEach(function (g) {
        g.hidden = !g.querySelector("[data-row]:not([hidden])");
      });
      count.textContent = shown + " of " + rows.length + " objectives" +
        (picked.length ? " labelled " + picked.join(" or ") : "");
    }
    [text, state, team].forEach(function (el) {
      if (!el) return;
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    chips.forEach(function (c) {
      c.addEventListener("click", function () {
        c.setAttribute("aria-pressed", c.getAttribute("aria-pressed") === "true" ? "false" : "true");
        apply();
      });
    });
    // On load every row is shown, unless the browser restored what the
    // reader had typed (back to the page): only the count is written.
    if ([text, state, team].some(function (el) { return el && el.value; })) apply();
    else count.textContent = rows.length + " of " + rows.length + " objectives";
  }

  drawCharts();
  setupSearch();
  setupFilter();
})();
