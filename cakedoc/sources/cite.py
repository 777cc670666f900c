"""``{footcite}`key``` and ``{footcite}`key1,key2```: a page cites the registry.

The spelling is sphinxcontrib-bibtex's; the implementation is ours, because
a source carries what BibTeX does not (both languages, the as-of date, the
report it was reached through, the confidence in words).

In: the role in a page (or the glossary's ``## sources``).  Out: a footnote
reference per key and, once per page and key, a footnote holding the
source's full reference in the page's language (:mod:`.render`).  The
footnotes are ordinary auto-numbered docutils footnotes, so MyST sorts them
with the page's own ``[^note]`` footnotes, and the HTML, the PDF (LaTeX
``\\footnote``) and the EPUB (notes) show them as they show any footnote.

Checked, each at file and line (a strict build fails):

- a key missing from the registry — at the role's line;
- a registry entry no page cites (nor reaches through ``via``) — at the
  entry's file, in a build whose pages list the registry (``{source-list}``:
  the sources page lists exactly the registry, so it must all be cited);
- a group of the registry no ``{source-list}`` shows, or one shown twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from cakedoc.languages import language_of
from cakedoc.sources import registry, render

logger = logging.getLogger(__name__)
PREFIX = "source-"


def stamp_of(env: BuildEnvironment) -> tuple[tuple[str, int], ...]:
    """Each registry file with its modification time."""
    directory = Path(env.srcdir, env.config.cake_sources_dir).resolve()
    return tuple((path.name, path.stat().st_mtime_ns) for path in sorted(directory.glob("*.yaml")))


def sources_of(env: BuildEnvironment) -> dict[str, registry.Source]:
    """The registry, read once per build (and again when a file changed).

    The files' times are taken once per build (see new_build): each page's
    citations asked for them, a ``stat`` per registry file each time."""
    cached = getattr(env, "_cake_sources", None)
    if cached is not None and getattr(env, "_cake_sources_checked", False):
        return cached[1]
    directory = Path(env.srcdir, env.config.cake_sources_dir).resolve()
    stamp = stamp_of(env)
    env._cake_sources_checked = True
    if cached is None or cached[0] != stamp:
        try:
            cached = (stamp, registry.load(directory))
        except registry.RegistryError as error:
            logger.warning("sources: %s", error.message, location=f"{error.path}:{error.line}",
                           type="cake", subtype="sources")
            cached = (stamp, {})
        env._cake_sources = cached  # not pickled: see env_state below
    return cached[1]


def record(env: BuildEnvironment, key: str) -> None:
    """*key* is cited by the page being read.  Kept in the environment, so
    each page's keys once, without where: every build loads and saves them
    (1.7 MB of the 40x copy's 14.7 MB environment with the locations)."""
    env.cake_citations.setdefault(env.docname, set()).add(key)


def known(env: BuildEnvironment, key: str, location: str) -> bool:
    if key in sources_of(env):
        return True
    logger.warning("sources: %r is no key of the registry (%s/); add sources/%s.yaml or fix "
                   "the key", key, env.config.cake_sources_dir, key, location=location,
                   type="cake", subtype="sources")
    return False


def keys_of(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


class FootCite(SphinxRole):
    """A footnote reference per cited key."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        source, line = self.get_source_info()
        location = f"{source}:{line}"
        found: list[nodes.Node] = []
        for key in keys_of(self.text):
            record(self.env, key)
            if not known(self.env, key, location):
                found.append(nodes.literal(key, key))
                continue
            reference = nodes.footnote_reference("", auto=1, refname=PREFIX + key,
                                                 cake_source=key)
            reference.source, reference.line = source, line
            self.inliner.document.note_autofootnote_ref(reference)
            self.inliner.document.note_footnote_ref(reference)
            found.append(reference)
        return found, []


class SourceFootnotes(SphinxTransform):
    """One footnote per cited key, before docutils numbers the footnotes
    (620) and MyST sorts them (618)."""

    default_priority = 610

    def apply(self, **kwargs: Any) -> None:
        sources = sources_of(self.env)
        lang = language_of(self.config).code
        seen: set[str] = set()
        for reference in list(self.document.findall(nodes.footnote_reference)):
            key = reference.get("cake_source")
            if key is None or key in seen or key not in sources:
                continue
            seen.add(key)
            footnote = nodes.footnote("", auto=1, classes=["cake-source"])
            footnote["names"].append(PREFIX + key)
            footnote.source, footnote.line = reference.source, reference.line
            footnote += nodes.paragraph("", "", *render.reference(sources[key], sources, lang))
            self.document.note_autofootnote(footnote)
            self.document.note_explicit_target(footnote, footnote)
            self.document += footnote


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """A changed registry (a file edited, added or removed) re-reads every page
    that cites a source or lists the registry: their footnotes and tables are
    the registry's text, which Sphinx does not know they depend on."""
    stamp, previous = stamp_of(env), getattr(env, "cake_sources_stamp", None)
    env.cake_sources_stamp = stamp
    if previous is None or previous == stamp:
        return []
    return sorted((set(env.cake_citations) | set(env.cake_source_lists)) - removed)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.cake_citations.pop(docname, None)
    env.cake_source_lists.pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.cake_citations:
            env.cake_citations[docname] = other.cake_citations[docname]
        if docname in other.cake_source_lists:
            env.cake_source_lists[docname] = other.cake_source_lists[docname]


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Every entry cited, every group listed once — in a build that lists the registry."""
    if not any(env.cake_source_lists.values()):
        return
    sources = sources_of(env)
    cited = registry.reached_through(sources, {key for keys in env.cake_citations.values()
                                               for key in keys})
    for key in sorted(set(sources) - cited):
        logger.warning("sources: no page cites %r: cite it ({footcite}`%s`) or remove "
                       "sources/%s.yaml", key, key, key,
                       location=f"{sources[key].path}:1", type="cake", subtype="sources")
    listed: dict[str, str] = {}
    for docname, lists in sorted(env.cake_source_lists.items()):
        for group, location in lists:
            if group in listed:
                logger.warning("sources: the group %r is listed twice (also at %s)", group,
                               listed[group], location=location, type="cake", subtype="sources")
            listed[group] = location
    for key, source in sorted(sources.items()):
        if source.layer not in listed:
            logger.warning("sources: %r is in the group %r, which no {source-list} shows",
                           key, source.layer, location=f"{source.path}:{source.line_of('layer')}",
                           type="cake", subtype="sources")


def env_state(app: Sphinx) -> None:
    """The citations and source lists of each page, kept in the environment."""
    for name in ("cake_citations", "cake_source_lists"):
        if not hasattr(app.env, name):
            setattr(app.env, name, {})
    new_build(app, app.env, [])


def new_build(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A build looks at the registry's files again, once (sources_of)."""
    env._cake_sources_checked = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("footcite", FootCite())
    app.add_transform(SourceFootnotes)
    app.connect("builder-inited", env_state)
    app.connect("env-before-read-docs", new_build)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
