(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var known = data.entities, alias = data.alias;
  var tip = document.getElementById("tip");

  // Graphviz's own <title> and xlink:title would show as plain browser tooltips on top of
  // ours: keep their text as data and drop them.
  document.querySelectorAll(".figure svg").forEach(function (svg) {
    svg.querySelectorAll("title").forEach(function (title) {
      var g = title.parentNode;
      if (g.classList && g.classList.contains("node")) {
        g.setAttribute("data-name", title.textContent);
      }
      title.remove();
    });
    svg.querySelectorAll("a").forEach(function (a) {
      var words = a.getAttributeNS(XLINK, "title");
      if (words !== null) {
        a.setAttribute("data-tip", words);
        a.removeAttributeNS(XLINK, "title");
      }
    });
    svg.querySelectorAll("g.node").forEach(function (g) {
      if (destination(g)) g.setAttribute("data-go", "");
    });
  });

  function entityOf(node) {
    var name = node.getAttribute("data-name") || "";
    var key = Object.prototype.hasOwnProperty.call(alias, name) ? alias[name] : name;
    return Object.prototype.hasOwnProperty.call(known, key) ? known[key] : null;
  }

  function destination(node) {
    var d = entityOf(node);
    if (!d) return null;
    var here = node.closest("[data-stem]");
    if (d.diagram && document.getElementById(d.diagram) &&
        !(here && here.getAttribute("data-stem") === d.diagram)) {
      return {id: d.diagram, node: d.node, words: "Click: open its school diagram"};
    }
    return {id: d.entry, words: "Click: read its entry on this page"};
  }

  function add(parent, tag, cls, words) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (words !== undefined) el.textContent = words;
    parent.appendChild(el);
    return el;
  }

  // -- the diagrams: opened at a readable size, moved and zoomed --------------------------

  var READ_PX = 11;  // a diagram too large to show whole opens with its smallest text this high
  // ... and shows whole (or as wide as the page) when that keeps text this high: 9.9 px, the
  // size the screen theme's cards are laid out for in the 1118 px column (views/cards.py).
  var FIT_PX = 9.9;
  var MIN_SCALE = 0.02, MAX_SCALE = 4, STEP = 1.25;
  var viewers = {};

  function Viewer(section) {
    var self = this;
    var stage = section.querySelector(".stage");
    var svg = stage.querySelector("svg");
    var level = section.querySelector(".zoom .level");
    var graph = svg.querySelector("g.graph") || svg;
    this.section = section;
    this.stage = stage;
    this.svg = svg;

    // Its own legend is hidden (the page has one key for all), and so is the white sheet
    // behind it: what is left, the drawing, is the box the diagram is shown in.
    var legend = svg.querySelector('g[id$="-legend"]');
    if (legend) legend.setAttribute("display", "none");
    caption(section, graph);
    var sheet = graph.querySelector(":scope > polygon");
    if (sheet) sheet.setAttribute("display", "none");
    var box = svg.viewBox.baseVal;
    var widthPx = svg.width.baseVal.value || box.width;
    var unit = box && box.width ? widthPx / box.width : 1;  // px at 100% for one unit
    var m = graph.transform && graph.transform.baseVal.consolidate();
    m = m ? m.matrix : svg.createSVGMatrix();
    var b = graph.getBBox();
    var pad = 6;
    var x0 = m.a * b.x + m.e - pad, y0 = m.d * b.y + m.f - pad;
    var w = m.a * b.width + 2 * pad, h = m.d * b.height + 2 * pad;
    if (b.width > 0 && b.height > 0) {
      svg.setAttribute("viewBox", [x0, y0, w, h].join(" "));
    } else {
      x0 = box.x; y0 = box.y; w = box.width; h = box.height;
    }
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.width = w * unit;   // px at 100%
    this.height = h * unit;
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (t) {
      if (legend && legend.contains(t)) return;
      var size = parseFloat(t.getAttribute("font-size"));
      if (size > 0 && size < smallest) smallest = size;
    });
    // The scale at which the smallest text is READ_PX high.
    this.readable = isFinite(smallest) ? READ_PX / (smallest * Math.abs(m.a) * unit) : 1;
    this.scale = 1;
    this.mode = "";

    this.apply = function (s, cx, cy, mode) {
      s = Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
      if (cx === undefined) { cx = stage.clientWidth / 2; cy = stage.clientHeight / 2; }
      var ox = (stage.scrollLeft + cx) / self.scale, oy = (stage.scrollTop + cy) / self.scale;
      self.scale = s;
      self.mode = mode || "";
      svg.style.width = self.width * s + "px";
      svg.style.height = self.height * s + "px";
      stage.scrollLeft = ox * s - cx;
      stage.scrollTop = oy * s - cy;
      if (level) level.textContent = Math.round(s * 100) + "%";
      section.querySelectorAll(".zoom button[data-zoom]").forEach(function (button) {
        var which = button.getAttribute("data-zoom");
        if (which === "fit" || which === "full") {
          button.setAttribute("aria-pressed", String(which === self.mode));
        }
      });
    };
    this.room = function () {
      var max = parseFloat(getComputedStyle(stage).maxHeight);
      return {w: Math.max(50, stage.clientWidth), h: isFinite(max) ? max : window.innerHeight};
    };
    this.fit = function () {
      var r = self.room();
      return Math.min(r.w / self.width, r.h / self.height);
    };
    // How it opens: whole when that is readable; else as wide as the page when that is;
    // else at the readable size, to be moved about (never above 100% unless text is small).
    this.open = function () {
      var r = self.room(), all = self.fit(), across = r.w / self.width;
      var least = self.readable * FIT_PX / READ_PX;
      var s = all >= least ? all : across >= least ? across : 0;
      s = s ? Math.min(s, Math.max(1, least)) : self.readable;
      self.apply(s, 0, 0, s === all ? "fit" : s === 1 ? "full" : "");
      self.start();
    };
    // Where it opens: at its top, across at the boxes of its first screenful (a drawing
    // whose first boxes sit in its middle opens there, not on an empty corner).
    this.start = function () {
      stage.scrollTop = 0;
      stage.scrollLeft = 0;
      if (stage.scrollWidth <= stage.clientWidth) return;
      var top = svg.getBoundingClientRect(), left = Infinity, right = -Infinity;
      svg.querySelectorAll("g.node").forEach(function (g) {
        if (legend && legend.contains(g)) return;
        var r = g.getBoundingClientRect();
        if (r.width && r.top - top.top < stage.clientHeight) {
          left = Math.min(left, r.left - top.left);
          right = Math.max(right, r.right - top.left);
        }
      });
      if (!isFinite(left)) return;
      var room = stage.clientWidth;
      stage.scrollLeft = right - left <= room ? (left + right - room) / 2 : left - 12;
    };
    this.zoom = function (which, cx, cy) {
      if (which === "in") self.apply(self.scale * STEP, cx, cy);
      else if (which === "out") self.apply(self.scale / STEP, cx, cy);
      else if (which === "fit") self.apply(self.fit(), cx, cy, "fit");
      else if (which === "full") self.apply(1, cx, cy, "full");
    };
    this.open();
    grab(this);
  }

  // The diagram's heading (the question, its title, what it shows) moves out of the
  // drawing: the page says the question once, and the section's heading the title; what
  // is left (what it shows) is the caption under that heading.
  function caption(section, graph) {
    var runs = [];
    graph.querySelectorAll(":scope > text").forEach(function (t) {
      var size = t.getAttribute("font-size");
      if (!runs.length || runs[runs.length - 1].size !== size) runs.push({size: size, words: []});
      runs[runs.length - 1].words.push(t.textContent);
      t.setAttribute("display", "none");
    });
    var said = [document.querySelector("h1"), section.querySelector("h3")].map(function (el) {
      return el ? squash(el.textContent) : "";
    });
    var left = runs.map(function (run) { return squash(run.words.join(" ")); })
      .filter(function (words) { return words && said.indexOf(words) < 0; });
    if (!left.length) return;
    var p = document.createElement("p");
    p.className = "shows";
    p.textContent = left.join(" ");
    section.querySelector(".diagram-head").after(p);
  }
  function squash(words) { return words.replace(/\s+/g, " ").trim(); }

  // Drag with a mouse or pen (a touch pans natively), zoom with Ctrl/⌘ and the wheel (a
  // trackpad's pinch), or with two fingers.
  function grab(v) {
    var stage = v.stage, drag = null, moved = false, pinch = null;
    stage.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType === "touch" || ev.button !== 0) return;
      drag = {x: ev.clientX, y: ev.clientY, left: stage.scrollLeft, top: stage.scrollTop,
              id: ev.pointerId};
      moved = false;
    });
    stage.addEventListener("pointermove", function (ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) {
        moved = true;
        stage.classList.add("dragging");
        stage.setPointerCapture(ev.pointerId);
        hide();
      }
      stage.scrollLeft = drag.left - dx;
      stage.scrollTop = drag.top - dy;
    });
    function end() {
      drag = null;
      stage.classList.remove("dragging");
    }
    stage.addEventListener("pointerup", end);
    stage.addEventListener("pointercancel", end);
    // A drag is not a click on the box it ended on.
    stage.addEventListener("click", function (ev) {
      if (moved) { ev.stopPropagation(); ev.preventDefault(); moved = false; }
    }, true);
    stage.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      var r = stage.getBoundingClientRect();
      var dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      v.apply(v.scale * Math.exp(-dy * 0.002), ev.clientX - r.left, ev.clientY - r.top);
    }, {passive: false});
    function spread(t) {
      return Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY) || 1;
    }
    stage.addEventListener("touchstart", function (ev) {
      if (ev.touches.length !== 2) { pinch = null; return; }
      pinch = {d: spread(ev.touches), s: v.scale};
    }, {passive: true});
    stage.addEventListener("touchmove", function (ev) {
      if (!pinch || ev.touches.length !== 2) return;
      ev.preventDefault();
      var r = stage.getBoundingClientRect(), t = ev.touches;
      v.apply(pinch.s * spread(t) / pinch.d, (t[0].clientX + t[1].clientX) / 2 - r.left,
              (t[0].clientY + t[1].clientY) / 2 - r.top);
    }, {passive: false});
    stage.addEventListener("touchend", function (ev) {
      if (ev.touches.length < 2) pinch = null;
    });
    stage.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var which = {"+": "in", "=": "in", "-": "out", "0": "fit", "1": "full"}[ev.key];
      if (!which) return;
      ev.preventDefault();
      v.zoom(which);
    });
  }

  document.querySelectorAll("section.diagram").forEach(function (section) {
    try {
      viewers[section.id] = new Viewer(section);
    } catch (e) {
      // A drawing the viewer cannot measure stays as drawn, at its own size.
      section.classList.add("plain");
    }
  });
  var width = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth === width) return;  // a phone's toolbar, not a new width
    width = window.innerWidth;
    Object.keys(viewers).forEach(function (k) {
      if (viewers[k].mode === "fit") viewers[k].zoom("fit");
    });
  });

  // -- tooltips -------------------------------------------------------------------------

  function fill(node) {
    tip.replaceChildren();
    var d = entityOf(node);
    if (!d) {
      var a = node.querySelector("a[data-tip]");
      if (!a) return false;
      add(tip, "p", "text", a.getAttribute("data-tip"));
      return true;
    }
    add(tip, "p", "head", d.head);
    if (d.title) add(tip, "p", "title", d.title);
    if (d.text) add(tip, "p", "text", d.text);
    if (d.quote) add(tip, "p", "quote", "\u201c" + d.quote + "\u201d");
    if (d.rows && d.rows.length) {
      var dl = add(tip, "dl");
      d.rows.forEach(function (row) {
        add(dl, "dt", "", row[0]);
        var dd = add(dl, "dd");
        row[1].forEach(function (line, i) {
          if (i) dd.appendChild(document.createElement("br"));
          dd.appendChild(document.createTextNode(line));
        });
      });
    }
    var go = destination(node);
    if (go) add(tip, "p", "go", go.words);
    return true;
  }

  function place(x, y) {
    var pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + pad + w > window.innerWidth ? Math.max(4, x - pad - w) : x + pad;
    var top = y + pad + h > window.innerHeight ? Math.max(4, y - pad - h) : y + pad;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  var current = null, lastX = 0, lastY = 0;
  function show(node, x, y) {
    if (node !== current) {
      current = node;
      if (!fill(node)) { hide(); return; }
      tip.hidden = false;
    }
    place(x, y);
  }
  function hide() { current = null; tip.hidden = true; }

  function under(el) {
    return el && el.closest ? el.closest(".figure g.node, .figure g.edge") : null;
  }
  document.addEventListener("mouseover", function (ev) {
    if (document.querySelector(".stage.dragging")) return;
    var node = under(ev.target);
    if (node) show(node, ev.clientX, ev.clientY); else hide();
  });
  document.addEventListener("mousemove", function (ev) {
    lastX = ev.clientX;
    lastY = ev.clientY;
    if (current) place(lastX, lastY);
  });
  // Scrolling moves the page (or a diagram) under a still pointer: show what is under it.
  document.addEventListener("scroll", function () {
    if (!current) return;
    var node = under(document.elementFromPoint(lastX, lastY));
    if (node) show(node, lastX, lastY); else hide();
  }, {passive: true, capture: true});

  // -- going to a box or an entry ---------------------------------------------------------

  function flash(el) {
    el.classList.remove("flash");
    void el.getBoundingClientRect();
    el.classList.add("flash");
    el.addEventListener("animationend", function () { el.classList.remove("flash"); },
                        {once: true});
  }

  function go(target) {
    var el = document.getElementById(target.id);
    if (!el) return;
    hide();
    if (location.hash === "#" + target.id) el.scrollIntoView(); else location.hash = target.id;
    if (target.node) {
      var node = el.querySelector('g.node[data-name="' + CSS.escape(target.node) + '"]');
      if (node) {
        var v = viewers[target.id];
        if (v && v.scale < v.readable) v.apply(v.readable);
        node.scrollIntoView({block: "center", inline: "center"});
        flash(node);
      }
    }
  }

  document.addEventListener("click", function (ev) {
    var node = ev.target.closest && ev.target.closest(".figure g.node");
    if (node) {
      var target = destination(node);
      if (target) { ev.preventDefault(); go(target); }
      return;
    }
    var link = ev.target.closest && ev.target.closest("a[data-node]");
    if (link) {
      ev.preventDefault();
      go({id: link.getAttribute("href").slice(1), node: link.getAttribute("data-node")});
      return;
    }
    var button = ev.target.closest && ev.target.closest(".zoom button[data-zoom]");
    if (button) {
      var v = viewers[button.closest(".diagram").id];
      if (v) v.zoom(button.getAttribute("data-zoom"));
      return;
    }
    var keyButton = ev.target.closest && ev.target.closest(".show-key");
    if (keyButton) { toggleKey(keyButton); return; }
    if (openKey && !(ev.target.closest && ev.target.closest(".key-pop"))) toggleKey(null);
  });

  // The key beside any diagram: a copy of the page's one key, under the diagram's buttons.
  var openKey = null;
  function toggleKey(button) {
    if (openKey) {
      openKey.pop.remove();
      openKey.button.setAttribute("aria-expanded", "false");
      var was = openKey.button;
      openKey = null;
      if (was === button) return;
    }
    var groups = document.querySelector("#key .key-groups");
    if (!button || !groups) return;
    var pop = document.createElement("div");
    pop.className = "key key-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Key");
    pop.appendChild(groups.cloneNode(true));
    button.closest(".diagram").querySelector(".figure").before(pop);
    button.setAttribute("aria-expanded", "true");
    openKey = {pop: pop, button: button};
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && openKey) {
      var button = openKey.button;
      toggleKey(null);
      button.focus();
    }
  });

  // -- a page served by `argmap watch --serve` reloads itself after each rebuild ------------

  var STATUS = "/.argmap/status";
  var KEPT = "argmap-view:" + location.pathname;
  var meta = document.querySelector('meta[name="argmap-page"]');
  var mine = meta ? meta.content : "";

  function keep() {
    var figures = {};
    Object.keys(viewers).forEach(function (k) {
      var v = viewers[k];
      figures[k] = {s: v.scale, x: v.stage.scrollLeft, y: v.stage.scrollTop, mode: v.mode};
    });
    try {
      sessionStorage.setItem(KEPT, JSON.stringify({x: scrollX, y: scrollY, figures: figures}));
    } catch (e) { /* private mode: the page reloads at its top */ }
  }

  function restore() {
    var kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
      sessionStorage.removeItem(KEPT);
    } catch (e) { kept = null; }
    if (!kept) return;
    Object.keys(kept.figures || {}).forEach(function (k) {
      var v = viewers[k], f = kept.figures[k];
      if (!v || !(f.s > 0)) return;
      v.apply(f.mode === "fit" ? v.fit() : f.s, 0, 0, f.mode);
      v.stage.scrollLeft = f.x;
      v.stage.scrollTop = f.y;
    });
    window.scrollTo(kept.x || 0, kept.y || 0);
  }

  var banner = null;
  function say(words, lines, kind) {
    if (!banner) {
      banner = add(document.body, "div", "", undefined);
      banner.id = "live";
      banner.setAttribute("role", "status");
    }
    banner.replaceChildren();
    banner.className = kind || "";
    banner.hidden = !words;
    if (!words) return;
    add(banner, "p", "", words);
    if (lines && lines.length) {
      var list = add(banner, "ul");
      lines.slice(0, 8).forEach(function (line) { add(list, "li", "", line); });
      if (lines.length > 8) add(banner, "p", "", "and " + (lines.length - 8) + " more");
    }
  }

  function poll() {
    fetch(STATUS, {cache: "no-store"}).then(function (r) {
      if (r.status === 404) return null;  // not argmap's server: nothing to watch
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (s) {
      if (!s) return;
      if (s.page && s.digest && s.digest !== mine) {
        keep();
        if (location.pathname === s.page) location.reload(); else location.replace(s.page);
        return;
      }
      if (s.building) say("Rebuilding\u2026", [], "busy");
      else if (s.problems && s.problems.length && !s.built) {
        say("The last save did not build (" + (s.summary || "problems") +
            "): this page shows the build before it.", s.problems, "bad");
      } else say("");
      setTimeout(poll, 600);
    }).catch(function () {
      say("The preview has stopped (argmap watch is not running): this page stays as it is.",
          [], "bad");
      setTimeout(poll, 3000);
    });
  }

  var local = ["127.0.0.1", "localhost", "[::1]"].indexOf(location.hostname) >= 0;
  if (location.protocol === "http:" && local && window.fetch) {
    restore();
    poll();
  }
})();
