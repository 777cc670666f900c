/* Slim a rendered mermaid SVG without changing how it looks (cakedoc.diagrams.renderer).
 *
 * mermaid writes every diagram with its whole stylesheet (rules for shapes,
 * animations and diagram types the drawing does not have), twelve arrow-head
 * markers of which it uses one or two, its own bookkeeping in data-*
 * attributes (base64 edge points), and coordinates to 16 digits.  Each page
 * carries each diagram twice (light and dark), so this is most of a diagram
 * page's weight.  Removed here, in the browser that drew it, so selectors are
 * tested against the real drawing:
 *   - CSS rules (and selectors in a list) that match no element;
 *     @keyframes that no remaining rule animates with; other @-rules stay;
 *   - markers that nothing refers to with url(#id);
 *   - data-* attributes, unless a remaining rule selects on them.
 * Coordinates keep mermaid's 16 digits: rounding them, even to 1/1000 px,
 * moves glyphs and arrow heads by a pixel here and there.
 */
window.cakeSlimSvg = (function () {
  // Cut text at top-level separators, outside quotes and brackets: the
  // rules of a stylesheet end at their closing brace (kept, and the text is
  // kept as written: re-serialising would expand colours and spacing), the
  // selectors of a list at commas (dropped).
  function cut(text, open, close, separator) {
    var out = [], depth = 0, start = 0, quote = null;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quote) { if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === open) depth++;
      else if (c === close) depth--;
      if (depth === 0 && c === separator) {
        out.push(text.slice(start, separator === close ? i + 1 : i));
        start = i + 1;
      }
    }
    if (separator !== close) out.push(text.slice(start));
    return out.map(function (piece) { return piece.trim(); }).filter(Boolean);
  }

  // Could this selector match something in the drawing?  States (:hover)
  // and pseudo-elements are ignored, so a rule for them is kept whenever
  // the element it styles exists; an unparsable selector is kept.
  function used(svg, selector) {
    var plain = selector.replace(/::?[\w-]+(\([^)]*\))?/g, "").trim();
    if (!plain || /[>+~]$/.test(plain)) return true;
    try {
      return svg.matches(plain) || svg.querySelector(plain) !== null;
    } catch (error) {
      return true;
    }
  }

  function slimCss(css, svg) {
    var kept = [], keyframes = [];
    cut(css, "{", "}", "}").forEach(function (rule) {
      if (/^@keyframes\s/.test(rule)) { keyframes.push(rule); return; }
      if (rule[0] === "@") { kept.push(rule); return; }
      var brace = rule.indexOf("{");
      var live = cut(rule.slice(0, brace), "(", ")", ",").filter(function (s) { return used(svg, s); });
      if (live.length) kept.push(live.join(",") + rule.slice(brace));
    });
    var text = kept.join("");
    keyframes.forEach(function (rule) {
      var name = rule.match(/^@keyframes\s+([\w-]+)/)[1];
      if (new RegExp("animation[^;}]*\\b" + name + "\\b").test(text)) text += rule;
    });
    return text;
  }

  return function (text) {
    var box = document.createElement("div");
    box.innerHTML = text;
    document.body.appendChild(box);  // attached, so selectors match in context
    try {
      var svg = box.querySelector("svg");
      var styles = Array.prototype.slice.call(svg.querySelectorAll("style"));
      styles.forEach(function (style) { style.textContent = slimCss(style.textContent, svg); });
      var css = styles.map(function (style) { return style.textContent; }).join("");
      var all = [svg].concat(Array.prototype.slice.call(svg.querySelectorAll("*")));
      all.forEach(function (el) {
        Array.prototype.slice.call(el.attributes).forEach(function (attr) {
          if (attr.name.indexOf("data-") === 0 && css.indexOf("[" + attr.name) < 0) {
            el.removeAttribute(attr.name);
          }
        });
      });
      // Markers are referenced as url(#id) from attributes (marker-end) or CSS.
      var referenced = {};
      var note = function (value) {
        value.replace(/url\(["']?#([^"')]+)["']?\)/g, function (_, id) { referenced[id] = true; });
      };
      note(css);
      all.forEach(function (el) {
        if (el.closest("marker")) return;
        Array.prototype.slice.call(el.attributes).forEach(function (attr) { note(attr.value); });
      });
      Array.prototype.slice.call(svg.querySelectorAll("marker")).forEach(function (marker) {
        if (!referenced[marker.id]) marker.remove();
      });
      return svg.outerHTML;
    } finally {
      box.remove();
    }
  };
})();
