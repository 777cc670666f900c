/* cake-search.js: the guide's search page (cakedoc.search.stats).
 *
 * Replaces Sphinx 9.0.4's searchtools.js on the search page, which no longer
 * loads it (nor searchindex.js).  Why not Sphinx's extension points alone:
 * html_search_scorer's Scorer.score(result) sees one page at a time and not
 * the query, so it can weigh neither term frequency nor rarity, and cannot
 * add section or glossary hits; Sphinx's snippets need fetch(), which fails
 * from file://; and searchtools.js (22 KB) with searchindex.js would leave
 * no room for the statistics within the page budget (200 KB).  The page,
 * its messages (Sphinx's, translated by translations.js) and its markup
 * (#search-results, ul.search, p.search-summary) stay Sphinx's.
 *
 * Ranking: BM25F over "groups" (a page, or one glossary entry), from the
 * counts searchstats.js holds: a word's frequency in the body, normalised
 * by length, plus fixed weights when it is in the page title, a section
 * heading or a term's names.  The best section of a page gives the link.
 * A query naming a glossary term (any rendering, either language, declared
 * once in glossary/*.md) searches the term as a concept, every rendering
 * counting as the same word, and a query that is only a term's name shows
 * the entry first.
 *
 * window.CAKE_SEARCH_BASELINE (set by `make search-eval` only) runs
 * Sphinx's own search instead, with Sphinx's searchindex.js of the same
 * build, to compare.
 */
"use strict";

const CakeSearch = (() => {
  const DIGITS = "0123456789abcdefghijklmnopqrstuv";
  const MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ+*,.:;";
  const TITLE = 1, HEADING = 2, NAME = 4;
  // BM25F: a word's weight in each field, as if it occurred this many times
  // in an average body (page title > section heading > term name > body).
  const WEIGHTS = { title: 8, heading: 4, name: 3 };
  const K1 = 1.2, B = 0.75;
  const HAN = /\p{Script=Han}/u;
  const MAX_RESULTS = 30;
  const SNIPPET_CHARS = { zh: 70, en: 180 };

  let stats = null;
  let groups = null; // per group: {page, units, length, entry}
  let unitGroup = null;
  let pageFirstUnit = null; // per page: its first unit, whose title is the page's
  // Average lengths per kind of group: a glossary entry is measured against
  // entries, a page against pages (an entry is a tenth of a page).
  const avgGroupLength = { page: 1, entry: 1 };
  let avgUnitLength = 1;
  const postingCache = new Map();
  const pageText = new Map();
  const timings = [];

  const language = () => (document.documentElement.lang || "en").slice(0, 2);

  const normalize = (text) =>
    text.toLowerCase().replace(/[\s\-_/·・]+/g, " ").trim()
      .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, "");

  const simpleId = (title) =>
    title.toLowerCase().normalize("NFKD").replace(/[^\x00-\x7f]/g, "")
      .split(/\s+/).filter((w) => w).join(" ")
      .replace(/[^a-z0-9]+/g, "-").replace(/^[-0-9]+|-+$/g, "");

  const decode = (text) => {
    const numbers = [];
    let value = 0;
    for (const char of text) {
      const more = MORE.indexOf(char);
      if (more >= 0) value = value * 32 + more;
      else {
        numbers.push(value * 32 + DIGITS.indexOf(char));
        value = 0;
      }
    }
    return numbers;
  };

  /** [[unit, tf, fields], …] for a term, or [] */
  const postings = (term) => {
    if (!postingCache.has(term)) {
      const encoded = Object.prototype.hasOwnProperty.call(stats.terms, term) ? stats.terms[term] : "";
      const numbers = decode(encoded);
      const list = [];
      let unit = 0;
      for (let i = 0; i < numbers.length; i += 2) {
        unit += numbers[i];
        list.push([unit, numbers[i + 1] >> 3, numbers[i + 1] & 7]);
      }
      postingCache.set(term, list);
    }
    return postingCache.get(term);
  };

  const known = (term) => Object.prototype.hasOwnProperty.call(stats.terms, term);

  /** The Chinese index words that hold *word* inside them (高带宽内存 for
   * 带宽): jieba indexes a long word whole, and a reader may type part of it.
   * Looked up among the words holding its first two characters (indexed
   * once), not all of them: queryWords asks for every unknown slice of a
   * typed run.  Each list keeps the index's order, so partial counts add up
   * in the same order. */
  const partialCache = new Map();
  let hanPairs = null; // two UTF-16 code units → the Chinese index words holding them
  const partials = (word) => {
    if (!HAN.test(word) || word.length < 2) return [];
    if (hanPairs === null) {
      hanPairs = new Map();
      for (const term of Object.keys(stats.terms)) {
        if (!HAN.test(term)) continue;
        for (let i = 0; i + 2 <= term.length; i++) {
          const pair = term.slice(i, i + 2);
          const list = hanPairs.get(pair);
          if (!list) hanPairs.set(pair, [term]);
          else if (list[list.length - 1] !== term) list.push(term);
        }
      }
    }
    if (!partialCache.has(word))
      partialCache.set(word, (hanPairs.get(word.slice(0, 2)) || [])
        .filter((term) => term !== word && term.includes(word)));
    return partialCache.get(word);
  };

  /** A query word's postings: its own, and half the counts of the longer
   * words that hold it (merged once per word: rank asks twice, and a
   * common word holds thousands of units in a grown guide). */
  const PARTIAL = 0.5;
  const matchCache = new Map();
  const matches = (term) => {
    if (!matchCache.has(term)) matchCache.set(term, merge(term));
    return matchCache.get(term);
  };
  const merge = (term) => {
    const merged = new Map(postings(term).map(([unit, tf, fields]) => [unit, [unit, tf, fields]]));
    for (const longer of partials(term)) {
      for (const [unit, tf, fields] of postings(longer)) {
        const entry = merged.get(unit) || [unit, 0, 0];
        entry[1] += tf * PARTIAL;
        entry[2] |= fields;
        merged.set(unit, entry);
      }
    }
    return [...merged.values()].sort((a, b) => a[0] - b[0]);
  };

  const unitAnchor = (unit) => {
    const [, anchor, title, , , entry] = stats.units[unit];
    if (anchor === 0) return simpleId(title);
    if (anchor === "" && entry) return "term-" + entry;
    return anchor;
  };

  const setStats = (data) => {
    stats = data;
    groups = [];
    unitGroup = [];
    pageFirstUnit = [];
    const pageGroup = new Map();
    let unitTotal = 0;
    data.units.forEach(([page, , , length, , entry], unit) => {
      let group;
      if (entry) {
        group = groups.push({ page, units: [], length: 0, entry }) - 1;
      } else {
        if (!pageGroup.has(page)) pageGroup.set(page, groups.push({ page, units: [], length: 0, entry: "" }) - 1);
        group = pageGroup.get(page);
      }
      if (pageFirstUnit[page] === undefined) pageFirstUnit[page] = unit;
      groups[group].units.push(unit);
      groups[group].length += length;
      unitGroup.push(group);
      unitTotal += length;
    });
    for (const kind of ["page", "entry"]) {
      const lengths = groups.filter((g) => (kind === "entry") === !!g.entry).map((g) => g.length);
      avgGroupLength[kind] = Math.max(1, lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length));
    }
    avgUnitLength = Math.max(1, unitTotal / data.units.length);
  };

  /** Every name of every term, longest first (listed once), and each name's
   * pattern, made the first time the query holds the name.  Not all
   * patterns up front: a grown glossary has thousands of names (11,310 at
   * 40× the guide), and compiling and running a Unicode regex for each
   * took seconds before the first result; a query holds a few. */
  let names = null;
  const namePatterns = new Map();
  const termNames = () => {
    if (names === null) {
      names = [];
      for (const [entry, [, renderings]] of Object.entries(stats.glossary))
        for (const name of renderings) names.push([name, entry]);
      names.sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
    }
    return names;
  };

  const namePattern = (name) => {
    if (!namePatterns.has(name)) {
      // A Latin name is a whole word (and may take a plural); a Chinese
      // one is found anywhere.
      const head = HAN.test(name[0]) ? "" : "(?<![\\p{L}\\p{N}])";
      const tail = HAN.test(name.slice(-1)) ? "" : "(?:s|es)?(?![\\p{L}\\p{N}])";
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      namePatterns.set(name, new RegExp(head + escaped + tail, "u"));
    }
    return namePatterns.get(name);
  };

  /** The glossary entries a query names, longest names first, and what is left. */
  const namedEntries = (query) => {
    let rest = " " + normalize(query) + " ";
    const found = [];
    for (const [name, entry] of termNames()) {
      // A pattern matches only where its name is, as typed: a name that is
      // not in what is left of the query (most) needs no pattern.  Checked
      // against what is left, in the same order, so the result is the
      // patterns' own (taking a name out can make another: "x工厂y" leaves "x y").
      if (!rest.includes(name)) continue;
      const match = namePattern(name).exec(rest);
      if (!match) continue;
      if (!found.includes(entry)) found.push(entry);
      rest = rest.slice(0, match.index) + " " + rest.slice(match.index + match[0].length);
    }
    return [found, rest.trim()];
  };

  /** The index words of the rest of a query: Latin words stemmed as
   * Sphinx stems them, runs of 汉字 cut into the longest words the index
   * holds; stop words (Chinese function words included) dropped. */
  const queryWords = (text) => {
    const stemmer = new Stemmer();
    const words = [];
    const add = (word) => {
      if (!stopwords.has(word) && !words.includes(word)) words.push(word);
    };
    for (const chunk of text.split(/[^\p{L}\p{N}_]+/u)) {
      for (const run of chunk.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) {
        if (!HAN.test(run)) {
          const lower = run.toLowerCase();
          if (stopwords.has(lower) || /^\d+$/.test(lower) && !known(lower)) continue;
          const stemmed = stemmer.stemWord(lower);
          add(known(stemmed) ? stemmed : known(lower) ? lower : stemmed);
          continue;
        }
        let i = 0;
        while (i < run.length) {
          // The longest word the index holds; else the longest found only
          // inside longer words (审批 in 审批流程); else skip a character.
          let j = run.length;
          while (j > i + 1 && !known(run.slice(i, j))) j--;
          if (j === i + 1) {
            j = run.length;
            while (j > i + 1 && !partials(run.slice(i, j)).length) j--;
          }
          if (j > i + 1) add(run.slice(i, j));
          i = j;
        }
      }
    }
    return words;
  };

  const idf = (list) => {
    const seen = new Set(list.map(([unit]) => unitGroup[unit]));
    const n = groups.length, df = seen.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  const weighted = (tf, fields, length, average) =>
    ((fields & TITLE) ? WEIGHTS.title : 0) + ((fields & HEADING) ? WEIGHTS.heading : 0)
    + ((fields & NAME) ? WEIGHTS.name : 0) + tf / (1 - B + B * length / average);

  const saturate = (x) => (x * (K1 + 1)) / (K1 + x);

  /** How many of n query words a result must hold: all of one or two,
   * two thirds of a longer question (a reader's question holds words the
   * guide does not use). */
  const required = (n) => (n <= 2 ? n : Math.ceil((2 * n) / 3));

  /** Scores of groups and of units for the query terms.  A word the
   * guide never uses cannot tell pages apart and is left out. */
  const rank = (queryTerms, namedGroups = []) => {
    const groupScores = new Map(), unitScores = new Map(), groupMatches = new Map();
    const terms = queryTerms.filter((term) => matches(term).length);
    for (const term of terms) {
      const list = matches(term);
      if (!list.length) continue;
      const weight = idf(list);
      const perGroup = new Map();
      for (const [unit, tf, fields] of list) {
        const group = unitGroup[unit];
        const sum = perGroup.get(group) || [0, 0];
        sum[0] += tf;
        sum[1] |= fields;
        perGroup.set(group, sum);
        const length = stats.units[unit][3];
        unitScores.set(unit, (unitScores.get(unit) || 0)
          + weight * saturate(weighted(tf, fields, length, avgUnitLength)));
      }
      for (const [group, [tf, fields]] of perGroup) {
        groupScores.set(group, (groupScores.get(group) || 0)
          + weight * saturate(weighted(tf, fields, groups[group].length,
            avgGroupLength[groups[group].entry ? "entry" : "page"])));
        groupMatches.set(group, (groupMatches.get(group) || 0) + 1);
      }
    }
    // A page holding every word of the query before one holding some.
    for (const [group, score] of groupScores) {
      const matched = groupMatches.get(group);
      // An entry the query names qualifies whatever else the query holds.
      if (matched < required(terms.length) && !namedGroups.includes(group)) groupScores.delete(group);
      else groupScores.set(group, score * Math.pow(matched / terms.length, 2));
    }
    return [groupScores, unitScores];
  };

  const pageOf = (unit) => stats.pages[stats.units[unit][0]];
  const pageTitle = (page) => stats.units[pageFirstUnit[page]][2];

  /** [href, title, snippet lead, page docname, anchor] of a result. */
  const describe = (group, unitScores) => {
    const { page, units, entry } = groups[group];
    const docname = stats.pages[page];
    const suffix = DOCUMENTATION_OPTIONS.LINK_SUFFIX ?? ".html";
    if (entry) {
      const unit = units[0];
      const definition = stats.glossary[entry][2];
      // Under the glossary's title, also when the term is on a sheet of its layer.
      const titled = stats.glossaryPage ?? page;
      return [docname + suffix + "#" + unitAnchor(unit), `${stats.units[unit][2]} · ${pageTitle(titled)}`,
        definition, docname, unitAnchor(unit)];
    }
    let best = units[0];
    for (const unit of units) if ((unitScores.get(unit) || 0) > (unitScores.get(best) || 0)) best = unit;
    const [, , title, , lead] = stats.units[best];
    if (best === units[0]) return [docname + suffix, title, lead, docname, ""];
    const anchor = unitAnchor(best);
    return [docname + suffix + "#" + anchor, `${title} · ${pageTitle(page)}`, lead, docname, anchor];
  };

  const escapeHTML = (text) => text.replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  /** One regex for every form of the query's words in a text. */
  const highlighter = (words) => {
    const parts = [...new Set(words)].filter((w) => w && w.length > 1 || HAN.test(w))
      .sort((a, b) => b.length - a.length)
      .map((word) => {
        const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[\\s\\-]*");
        return HAN.test(word) ? escaped : `(?<![\\p{L}\\p{N}])${escaped}[\\p{L}]*`;
      });
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  };

  const marked = (text, regex) => {
    if (!regex) return escapeHTML(text);
    let out = "", last = 0;
    for (const match of text.matchAll(regex)) {
      if (!match[0]) continue;
      out += escapeHTML(text.slice(last, match.index)) + "<mark class=\"highlighted\">"
        + escapeHTML(match[0]) + "</mark>";
      last = match.index + match[0].length;
    }
    return out + escapeHTML(text.slice(last));
  };

  /** The passage of *text* around the first query word, with the words marked. */
  const passage = (text, regex) => {
    text = text.replace(/\s+/g, " ").trim();
    const width = SNIPPET_CHARS[language()] || 180;
    let start = 0;
    if (regex) {
      regex.lastIndex = 0;
      const first = regex.exec(text);
      regex.lastIndex = 0;
      if (first) start = Math.max(0, first.index - Math.floor(width / 3));
    }
    const cut = text.slice(start, start + width);
    return (start ? "…" : "") + marked(cut, regex) + (start + width < text.length ? "…" : "");
  };

  /** A section's own text in a fetched page (not its subsections'). */
  const sectionText = (doc, anchor) => {
    const main = doc.querySelector('[role="main"]') || doc.body;
    const node = anchor ? doc.getElementById(anchor) : main;
    if (!node) return "";
    const copy = node.cloneNode(true);
    copy.querySelectorAll(".headerlink, script, style, svg, pre, section section, h1, h2, h3")
      .forEach((el) => el.remove());
    return copy.textContent;
  };

  /** Served, the section's own text from the page (as Sphinx does); from
   * file:// pages cannot be read, and the lead in the index stays.  Each
   * page is fetched and each section read once. */
  const fillPassage = (element, docname, anchor, regex) => {
    if (!/^https?:$/.test(location.protocol)) return;
    const url = document.documentElement.dataset.content_root + docname
      + (DOCUMENTATION_OPTIONS.FILE_SUFFIX ?? ".html");
    if (!pageText.has(url)) pageText.set(url, fetch(url).then((r) => r.text()).then((html) =>
      [new DOMParser().parseFromString(html, "text/html"), new Map()]).catch(() => [null, null]));
    pageText.get(url).then(([doc, sections]) => {
      if (!doc) return;
      if (!sections.has(anchor)) sections.set(anchor, sectionText(doc, anchor));
      const text = sections.get(anchor);
      if (text.trim()) element.innerHTML = passage(text, regex);
      element.dataset.passage = "page";
    });
  };

  const render = (queryText, list) => {
    const [entries, rest] = namedEntries(queryText);
    const words = queryWords(rest);
    const terms = [...entries.map((entry) => "@" + entry), ...words];
    const entryGroups = entries.map((entry) => unitGroup[stats.glossary[entry][0]]);
    const [groupScores, unitScores] = rank(terms, entryGroups);
    // A query that is a term's name (and function words) gets the entry
    // first; in a longer question the entries are ranked like pages.
    const named = words.some((word) => known(word)) ? [] : entryGroups;
    const ranked = [...groupScores.entries()].filter(([group]) => !named.includes(group))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([group]) => group);
    const results = [...named, ...ranked].slice(0, MAX_RESULTS);

    // The words to mark: what was typed, and every rendering of a named term.
    const marks = [...rest.split(/[^\p{L}\p{N}_]+/u).filter((w) => w && !stopwords.has(w.toLowerCase())),
      ...words.filter((w) => HAN.test(w) || w.length > 2)];
    for (const entry of entries) marks.push(...stats.glossary[entry][1]);
    const regex = highlighter(marks.map((w) => w.toLowerCase()));
    // sphinx_highlight.js marks them on the page a result leads to (kept
    // when a result is followed: storage is written to disk, not per key).
    list.onclick = () => {
      try {
        localStorage.setItem("sphinx_highlight_terms", [...new Set(marks)].join(" "));
      } catch (error) {
        // storage may be switched off (or full); marking is a nicety
      }
    };

    const fragment = document.createDocumentFragment();
    const passages = [];
    for (const group of results) {
      const [href, title, lead, docname, anchor] = describe(group, unitScores);
      const item = document.createElement("li");
      item.classList.add(groups[group].entry ? "kind-title" : "kind-text", "cake-result");
      if (named.includes(group)) item.classList.add("cake-term-hit");
      const link = item.appendChild(document.createElement("a"));
      link.href = href;
      link.textContent = title;
      const context = item.appendChild(document.createElement("p"));
      context.classList.add("context");
      context.innerHTML = passage(lead, regex);
      if (!groups[group].entry) passages.push([context, docname, anchor]);
      fragment.appendChild(item);
    }
    list.appendChild(fragment);
    // The pages' own passages once the results are painted: fetching and
    // parsing up to MAX_RESULTS pages first held the first frame back (a
    // fifth of a second at 40× the guide).  Not for results a later
    // keystroke has replaced.
    requestAnimationFrame(() => setTimeout(() => {
      for (const [element, docname, anchor] of passages)
        if (element.isConnected) fillPassage(element, docname, anchor, regex);
    }));
    return results.length;
  };

  // Sphinx's messages, so translations.js has them in the reader's language.
  const summary = (count) => count
    ? Documentation.ngettext(
      "Search finished, found one page matching the search query.",
      "Search finished, found ${resultCount} pages matching the search query.",
      count).replace("${resultCount}", count)
    : Documentation.gettext(
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.");

  /** Sphinx's results markup: a heading, a summary line and the list. */
  const show = (queryText) => {
    const out = document.getElementById("search-results");
    while (out.lastChild) out.removeChild(out.lastChild);
    if (!queryText || !stats) return;
    const heading = out.appendChild(document.createElement("h2"));
    const line = out.appendChild(document.createElement("p"));
    line.classList.add("search-summary");
    const list = out.appendChild(document.createElement("ul"));
    list.setAttribute("role", "list");
    list.classList.add("search");
    const count = render(queryText, list);
    heading.textContent = Documentation.gettext("Search Results");
    line.innerText = summary(count);
  };

  /** The query in the address (?q=), and then what the reader types:
   * results of the last keystroke replace the others, and the time until
   * they are painted is kept (milliseconds) for `make search-eval`. */
  const init = () => {
    const queryText = new URLSearchParams(location.search).get("q") || "";
    const inputs = document.querySelectorAll('input[name="q"]');
    inputs.forEach((input) => {
      input.value = queryText;
      input.addEventListener("input", (event) => {
        const started = event.timeStamp;
        const text = input.value.trim();
        const url = new URL(location.href);
        url.searchParams.set("q", text);
        history.replaceState(null, "", url);
        show(text);
        requestAnimationFrame(() => setTimeout(() => timings.push(performance.now() - started)));
      });
    });
    show(queryText.trim());
    // Ready the first keystroke's work while the reader reads (after the
    // first results are painted, not before).
    requestAnimationFrame(() => setTimeout(() =>
      stats && (termNames(), partials("预热"), queryWords("warm up"))));
  };

  /** Sphinx's own search page, loaded in place of ours: the scripts this
   * page leaves out, in Sphinx's order, then Sphinx's index. */
  const baseline = () => {
    const root = document.documentElement.dataset.content_root;
    const load = (paths) => {
      if (!paths.length) return Search.loadIndex(root + "searchindex.js");
      const script = document.createElement("script");
      script.src = root + paths[0];
      script.onload = () => load(paths.slice(1));
      document.head.appendChild(script);
    };
    load(["_static/sphinx_highlight.js", "_static/searchtools.js"]);
  };

  if (window.CAKE_SEARCH_BASELINE) baseline();
  else _ready(init);

  return { setStats, show, timings, hasStats: () => stats !== null };
})();
