// newsdesk preview patcher. Runs in an isolated world (the page itself runs no
// script): replaces only the nodes whose rendering changed, so the scroll
// position stays and nothing flickers.
(function () {
  "use strict";
  if (window.__newsdesk) return;

  // Top-level body blocks carry data-source-line; a line shift above a block
  // changes only that attribute, which is updated in place.
  var LINE_ATTR = "data-source-line";

  function key(node) {
    if (node.nodeType !== 1) return node.nodeType + ":" + node.nodeValue;
    if (!node.hasAttribute(LINE_ATTR)) return node.outerHTML;
    var clone = node.cloneNode(false);
    clone.removeAttribute(LINE_ATTR);
    return clone.outerHTML + node.innerHTML;
  }

  function syncAttributes(target, source) {
    var i, a;
    for (i = target.attributes.length - 1; i >= 0; i--) {
      a = target.attributes[i];
      if (!source.hasAttribute(a.name)) target.removeAttribute(a.name);
    }
    for (i = 0; i < source.attributes.length; i++) {
      a = source.attributes[i];
      if (target.getAttribute(a.name) !== a.value) target.setAttribute(a.name, a.value);
    }
  }

  function sameShell(a, b) {
    return a.nodeType === 1 && b.nodeType === 1 && a.tagName === b.tagName &&
      a.id === b.id && a.childNodes.length > 0 && b.childNodes.length > 0 &&
      !a.hasAttribute(LINE_ATTR);
  }

  var stats = { replaced: 0 };

  function patchChildren(oldParent, newParent) {
    var o = Array.prototype.slice.call(oldParent.childNodes);
    var n = Array.prototype.slice.call(newParent.childNodes);
    var ok = o.map(key), nk = n.map(key);
    var s = 0;
    while (s < o.length && s < n.length && ok[s] === nk[s]) {
      if (o[s].nodeType === 1) syncAttributes(o[s], n[s]);
      s++;
    }
    var eo = o.length, en = n.length;
    while (eo > s && en > s && ok[eo - 1] === nk[en - 1]) {
      if (o[eo - 1].nodeType === 1) syncAttributes(o[eo - 1], n[en - 1]);
      eo--; en--;
    }
    if (eo - s === 1 && en - s === 1 && sameShell(o[s], n[s])) {
      syncAttributes(o[s], n[s]);
      patchChildren(o[s], n[s]);
      return;
    }
    // Containers (regions with an id) that still line up are patched inside,
    // so a change in the body does not rebuild the FAQs below it.
    if (eo - s === en - s) {
      var aligned = true;
      for (var i = s; i < eo; i++) {
        if (!(sameShell(o[i], n[i]) || (o[i].nodeType === 1 && n[i].nodeType === 1 &&
              o[i].tagName === n[i].tagName && o[i].id && o[i].id === n[i].id))) {
          aligned = false; break;
        }
      }
      if (aligned && eo - s > 1) {
        for (var j = s; j < eo; j++) {
          syncAttributes(o[j], n[j]);
          patchChildren(o[j], n[j]);
        }
        return;
      }
    }
    var anchor = eo < o.length ? o[eo] : null;
    for (var r = s; r < eo; r++) { oldParent.removeChild(o[r]); stats.replaced++; }
    for (var k = s; k < en; k++) {
      oldParent.insertBefore(document.importNode(n[k], true), anchor);
      stats.replaced++;
    }
  }

  function parseBlocks(blocks) {
    var t = document.createElement("template");
    t.innerHTML = blocks.join("\n");
    return Array.prototype.slice.call(t.content.children);
  }

  window.__newsdesk = {
    generation: 0,
    // An incremental body patch (newsdesk.render.body_patch.BodyPatch.to_json):
    // replace/shift operations on the top-level blocks of #article-body.
    patchBody: function (p, generation) {
      var body = document.getElementById("article-body");
      if (!body) throw new Error("the page has no #article-body");
      var replaced = 0;
      if (p.full) {
        body.replaceChildren.apply(body, parseBlocks(p.blocks));
        replaced = p.blocks.length;
      } else {
        p.ops.forEach(function (op) {
          var kids = body.children, i;
          if (op.op === "replace") {
            var anchor = kids[op.index + op.remove] || null;
            for (i = 0; i < op.remove; i++) body.removeChild(kids[op.index]);
            parseBlocks(op.blocks).forEach(function (n) { body.insertBefore(n, anchor); });
            replaced += op.blocks.length;
          } else {
            for (i = op.index; i < op.index + op.count; i++) {
              var line = parseInt(kids[i].getAttribute(LINE_ATTR), 10);
              if (!isNaN(line)) kids[i].setAttribute(LINE_ATTR, String(line + op.delta));
            }
          }
        });
      }
      this.generation = generation;
      return { generation: generation, replaced: replaced, scrollY: window.scrollY, body: true };
    },
    patch: function (html, generation) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      stats.replaced = 0;
      if (document.title !== doc.title) document.title = doc.title;
      syncAttributes(document.documentElement, doc.documentElement);
      patchChildren(document.head, doc.head);
      syncAttributes(document.body, doc.body);
      patchChildren(document.body, doc.body);
      this.generation = generation;
      return { generation: generation, replaced: stats.replaced, scrollY: window.scrollY };
    },
    // Scroll sync (newsdesk/ui/scroll_sync.py): where the body blocks are...
    geometry: geometry,
    // ...and a scroll that is not reported back (no feedback loop).
    scrollTo: function (y) {
      window.scrollTo(0, y);
      ignoreY = window.scrollY;
      // The scroll event of this change is dispatched before the next
      // animation frame callbacks run; after that, every scroll is the user's.
      requestAnimationFrame(function () { ignoreY = null; });
      return window.scrollY;
    },
  };

  // -- scroll sync: reports go to the editor through a QWebChannel object
  // (installed in this isolated world by preview.py), never to the page.
  var bridge = null, ignoreY = null, geometryQueued = false, geometryKey = "",
    inView = [];

  function geometry() {
    var body = document.getElementById("article-body");
    var base = window.scrollY;
    var out = {
      lines: [], tops: [], bottom: 0, scrollY: base,
      viewport: window.innerHeight, height: document.documentElement.scrollHeight,
    };
    if (!body) return out;
    var kids = body.children;
    for (var i = 0; i < kids.length; i++) {
      var line = parseInt(kids[i].getAttribute(LINE_ATTR), 10);
      if (isNaN(line) || kids[i].getClientRects().length === 0) continue;  // hidden
      out.lines.push(line);
      out.tops.push(kids[i].getBoundingClientRect().top + base);
    }
    out.bottom = body.getBoundingClientRect().bottom + base;
    return out;
  }

  // Cheap fingerprint of the layout: when it changed since the last report,
  // the block tops go out before the scroll that may come from the change
  // (scroll anchoring after an image loaded above).
  function layoutKey() {
    var body = document.getElementById("article-body");
    return document.documentElement.scrollHeight + ":" + window.innerWidth + ":" +
      window.innerHeight + ":" + (body ? body.offsetTop + ":" + body.offsetHeight : "");
  }

  function sendGeometry() {
    geometryKey = layoutKey();
    bridge.report_geometry(JSON.stringify(geometry()));
  }

  function pushGeometry() {
    if (!bridge || geometryQueued) return;
    geometryQueued = true;
    requestAnimationFrame(function () {
      geometryQueued = false;
      sendGeometry();
    });
  }

  function blockLine(target) {
    var body = document.getElementById("article-body");
    var node = target && target.nodeType === 1 ? target : target && target.parentElement;
    if (!body || !node || !body.contains(node) || node === body) return null;
    while (node.parentElement !== body) node = node.parentElement;
    for (; node; node = node.previousElementSibling) {  // a block without a line
      var line = parseInt(node.getAttribute(LINE_ATTR), 10);  // belongs to the one above
      if (!isNaN(line)) return line;
    }
    return null;
  }

  // The body blocks in view and their viewport tops, as of the last scroll.
  function blocksInView() {
    var body = document.getElementById("article-body");
    if (!body) return [];
    var kids = body.children, lo = 0, hi = kids.length, out = [], mid, r;
    while (lo < hi) {
      mid = (lo + hi) >> 1;
      if (kids[mid].getBoundingClientRect().bottom < 0) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < kids.length && out.length < 8; i++) {
      r = kids[i].getBoundingClientRect();
      if (r.top > window.innerHeight) break;
      out.push({ el: kids[i], top: r.top });
    }
    return out;
  }

  // A scroll that leaves a block in view where it was is the browser keeping
  // the view steady while blocks above changed size (scroll anchoring after a
  // patch or an image load), not the reader: reported as such, after the new
  // block tops.
  window.addEventListener("scroll", function () {
    var steady = inView.some(function (b) {
      return b.el.isConnected && Math.abs(b.el.getBoundingClientRect().top - b.top) < 1;
    });
    inView = blocksInView();
    if (ignoreY !== null && Math.abs(window.scrollY - ignoreY) < 1) return;
    ignoreY = null;
    if (!bridge) return;
    if (layoutKey() !== geometryKey) sendGeometry();
    bridge.report_scroll(window.scrollY, steady);
  }, { passive: true });

  // A plain click on a body block puts the editor's cursor there. Links keep
  // their own behaviour (they open in the system browser); selecting text
  // or modified clicks do nothing.
  document.addEventListener("click", function (e) {
    if (!bridge || e.button !== 0 || e.detail > 1 || e.ctrlKey || e.shiftKey || e.altKey ||
        e.metaKey) return;  // a double click selects a word in the preview
    var el = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
    if (!el || el.closest("a[href], button, summary, input, textarea, select")) return;
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    var line = blockLine(el);
    if (line !== null) bridge.report_click(line);
  });

  // Block tops move when images load, the window resizes or the text reflows.
  if (window.ResizeObserver && document.body) {
    new ResizeObserver(pushGeometry).observe(document.body);
  }
  window.addEventListener("resize", pushGeometry);

  if (typeof QWebChannel !== "undefined" && window.qt && window.qt.webChannelTransport) {
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      bridge = channel.objects.newsdeskScroll || null;
      inView = blocksInView();
      pushGeometry();
    });
  }
})();
