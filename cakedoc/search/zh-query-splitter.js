/* Query splitter for the Chinese search (cakedoc.search.zh).
 * Latin words split as Sphinx does; each run of Han characters is cut into
 * the longest words the search index holds, so a query such as 高带宽内存
 * finds pages indexed under 高带宽 + 内存.  Written in ES5+regex so it runs
 * wherever searchtools.js does. */
var splitQuery = function (query) {
  var index = (typeof Search !== "undefined" && Search._index) ? Search._index : null;
  var known = function (word) {
    return index !== null && (
      Object.prototype.hasOwnProperty.call(index.terms, word) ||
      Object.prototype.hasOwnProperty.call(index.titleterms, word));
  };
  var out = [];
  query.split(/[^\p{Letter}\p{Number}_]+/u).forEach(function (chunk) {
    (chunk.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []).forEach(function (run) {
      if (!/\p{Script=Han}/u.test(run) || known(run) || index === null) {
        out.push(run);
        return;
      }
      var i = 0;
      while (i < run.length) {
        var j = run.length;
        while (j > i + 1 && !known(run.slice(i, j))) j--;
        // A lone character the index lacks cannot match anything (the
        // index drops one-character words), so it must not veto the rest.
        if (j > i + 1 || known(run.slice(i, j))) out.push(run.slice(i, j));
        i = j;
      }
    });
  });
  return out.filter(function (term) { return term; });
};
