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
  };
})();
