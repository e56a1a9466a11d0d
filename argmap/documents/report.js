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
    var node = under(ev.target);
    if (node) show(node, ev.clientX, ev.clientY); else hide();
  });
  document.addEventListener("mousemove", function (ev) {
    lastX = ev.clientX;
    lastY = ev.clientY;
    if (current) place(lastX, lastY);
  });
  // Scrolling moves the page under a still pointer: show what is under it now.
  window.addEventListener("scroll", function () {
    if (!current) return;
    var node = under(document.elementFromPoint(lastX, lastY));
    if (node) show(node, lastX, lastY); else hide();
  }, {passive: true});

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
    var button = ev.target.closest && ev.target.closest(".zoom button");
    if (button) {
      var section = button.closest(".diagram");
      var figure = section.querySelector(".figure");
      var full = button.getAttribute("data-zoom") === "full";
      figure.classList.toggle("full", full);
      figure.classList.toggle("fit", !full);
      section.querySelectorAll(".zoom button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    }
  });
})();
