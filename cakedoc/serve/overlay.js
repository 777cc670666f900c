/* make serve: the last build's problems over the page, each with file:line.
   Injected into every HTML page the preview serves (cakedoc/serve/app.py),
   after sphinx-autobuild's reload script; reads /_serve/status.json, which
   cakedoc/serve/rebuild.py writes after every build. */
(function () {
  "use strict";
  fetch("/_serve/status.json", { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (status) {
      if (!status || status.ok) return;
      var box = document.createElement("section");
      box.id = "cake-serve-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1rem 1.5rem;background:#3b0a0a;color:#fff;" +
        "font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.5)";
      var heading = document.createElement("h2");
      heading.textContent = "Build failed: this page is from the last good build";
      heading.style.cssText = "margin:0 0 .5rem;font-size:16px;color:#ffb4b4";
      box.appendChild(heading);
      var list = document.createElement("ul");
      list.style.cssText = "margin:0;padding-left:1.2rem";
      status.problems.forEach(function (problem) {
        var item = document.createElement("li");
        var where = document.createElement("strong");
        where.className = "cake-serve-location";
        where.textContent = problem.location;
        item.appendChild(where);
        item.appendChild(document.createTextNode(": " + problem.message));
        item.style.whiteSpace = "pre-wrap";
        list.appendChild(item);
      });
      box.appendChild(list);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Hide");
      close.style.cssText = "position:absolute;top:.5rem;right:.75rem;font-size:18px;" +
        "background:none;border:0;color:#fff;cursor:pointer";
      close.onclick = function () { box.remove(); };
      box.appendChild(close);
      document.body.appendChild(box);
    })
    .catch(function () {});
})();
