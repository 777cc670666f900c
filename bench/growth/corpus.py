"""The growth corpus: a copy of the project grown to N× its pages and glossary terms.

    python -m bench.growth.corpus N [DEST]     (default DEST: _build/bench/growth/N<N>)

Enters: the project as it is (``docs/``, ``glossary/``, ``conf.py``,
``cakedoc/``, the Makefile, ``tools/``) and N ≥ 1.  Leaves: DEST, a project
that builds strictly (``make html``) and passes ``make review``, with, per
language, N copies of every content page and N copies of every glossary
entry, made from the real ones:

* copy k (k = 2…N) of page ``p`` is ``p-c<k>.md``; copy k of entry ``id`` is
  ``glossary/<id>-c<k>.md`` with ``id: <id>-c<k>`` and its ``related`` ids
  those of copy k, and its names numbered (高带宽内存 #3, HBM #3: one name is
  one Sphinx term) — except the entries of the five layers (and the whole
  stack), which stay one each however long the guide (cakedoc.layers: the
  review treats them as everyday words, 芯片, 应用);
* in a page of copy k, every ``{term}`` target is copy k's entry, every
  ``{doc}`` target copy k's page (the glossary stays the one glossary), the
  title says which copy it is (``（副本 k）`` / ``(copy k)``: the same number in
  both languages, so the review still pairs and compares the blocks), and
  each Mermaid diagram gets a comment line naming the copy, so its source —
  hence its cache key — differs from every other copy's and a cold build
  renders N× the diagrams (the generated ``{stack-diagram}`` is the same in
  every copy, as it would be in a real larger guide: the cache serves it);
* copy k also has a part page ``index-c<k>``, the home page's text with its
  toctree listing copy k's pages; the home page's toctree lists the parts;
* pages that render the glossary (``{cake-glossary}``) or list the sources
  (``{source-list}``) are not copied: a guide has one glossary, which grows
  with the terms, and one sources page (the registry, ``sources/``, is
  copied as it is: the copies cite the same sources);
* the review sidecars of every page written or changed are signed off again
  with the project's own machinery (:func:`cakedoc.review.accept.accept`), as
  a reviewer would after checking the copy (which is the checked original).

N = 1 is the project itself, copied.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import yaml

from cakedoc.glossary.stubs import is_generated
from cakedoc.layers import LAYER_IDS
from cakedoc.review.accept import accept
from cakedoc.review.pages import Project

ROOT = Path(__file__).resolve().parents[2]
GROWTH = ROOT / "_build" / "bench" / "growth"
#: What a copy takes from the project (the rest: tests, bench, .git, _build).
COPIED = ("conf.py", "Makefile", "pyproject.toml", "cakedoc", "docs", "glossary", "sources", "tools")
IGNORED = shutil.ignore_patterns("__pycache__", "node_modules", "*.egg-info", ".venv")
LANGS = ("zh", "en")
TITLE = {"zh": "（副本 {k}）", "en": " (copy {k})"}
ROLE = re.compile(r"\{(term|doc)\}`([^`]*?)`")
TARGET = re.compile(r"^(.*?)(\s*)<([^<>]+)>$", re.S)
FENCE = re.compile(r"^(`{3,})\s*(\{mermaid\}|mermaid)\s*$")


def suffix(k: int) -> str:
    return f"-c{k}"


def copyable(pages_dir: Path) -> list[str]:
    """The pages that are copied: all but the home page, the glossary and the
    sources page (a guide has one of each: the registry lists each source
    once, and a second {source-list} of a group is an error)."""
    names = []
    for path in sorted(pages_dir.rglob("*.md")):
        if path.name == "README.md" or path.suffix != ".md":
            continue
        name = path.relative_to(pages_dir).with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        if name == "index" or is_generated(name) or "{cake-glossary}" in text or "{source-list}" in text:
            continue
        names.append(name)
    return names


def rewrite_roles(text: str, k: int, pages: set[str]) -> str:
    """``{term}`` targets to copy k's entries, ``{doc}`` targets to its pages."""

    def one(match: re.Match[str]) -> str:
        role, body = match.groups()
        found = TARGET.match(body)
        shown, space, target = found.groups() if found else (None, "", body)
        if role == "term":
            if target in LAYER_IDS:
                return match.group(0)  # five layers, however long the guide
            target += suffix(k)
        elif target.split("#")[0] in pages | {"index"}:
            page, _, anchor = target.partition("#")
            target = page + suffix(k) + (f"#{anchor}" if anchor else "")
        else:
            return match.group(0)
        if shown is None:
            # A bare {doc}`chips` shows the page title; keep that, new target.
            return f"{{{role}}}`{target}`" if role == "doc" else f"{{{role}}}`{body} <{target}>`"
        return f"{{{role}}}`{shown}{space}<{target}>`"

    return ROLE.sub(one, text)


def rewrite_page(text: str, k: int, lang: str, pages: set[str]) -> str:
    """A page (or the home page) as copy k has it."""
    lines = rewrite_roles(text, k, pages).split("\n")
    out: list[str] = []
    titled = False
    fence: str | None = None  # the fence of the Mermaid block we are in
    toctree: str | None = None  # the fence of the toctree we are in
    options_done = False
    for line in lines:
        if not titled and line.startswith("# "):
            line += TITLE[lang].format(k=k)
            titled = True
        elif fence is not None:
            if line.strip() == fence:
                fence = None
            elif not options_done and not line.startswith(":") and line.strip():
                # The first line of the diagram's source ("flowchart LR"):
                # a comment after it makes the source this copy's own.
                out.append(line)
                line = f"  %% growth corpus, copy {k}"
                options_done = True
        elif toctree is not None:
            if line.strip() == toctree:
                toctree = None
            elif line.strip() in pages and not line.startswith(":"):
                line = line.rstrip() + suffix(k)
            elif line.strip() and not line.startswith(":"):
                continue  # the glossary and sources pages: one each, in the home page's toctree only
        else:
            opened = FENCE.match(line)
            if opened:
                fence, options_done = opened.group(1), False
            elif re.match(r"^`{3,}\{toctree\}\s*$", line):
                toctree = line.split("{")[0]
        out.append(line)
    return "\n".join(out)


def add_parts(index_text: str, n: int) -> str:
    """The home page's toctree with the parts index-c2 … index-cN after its pages."""
    lines = index_text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"^`{3,}\{toctree\}", line))
    fence = lines[start].split("{")[0]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == fence)
    parts = [f"index{suffix(k)}" for k in range(2, n + 1)]
    return "\n".join(lines[:end] + parts + lines[end:])


#: The front-matter keys that hold names; a copy's are its own (see rewrite_entry).
NAMED = ("zh", "en", "abbr")
NAME_LISTS = ("aliases", "variants", "forbidden")


def rewrite_entry(text: str, k: int) -> str:
    """A glossary entry as copy k has it: its id, names, related ids and roles.

    Every name gets the copy's number (高带宽内存 #3, HBM #3; a bare 3 would
    match text such as 数据中心 3 GW): the glossary makes each name and alias
    a Sphinx term, and two entries with one name are a duplicate term, which
    a strict build refuses.  The pages of copy k keep
    their text (高带宽内存) and link copy k's entry by id, as a reader sees it."""
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["id"] = data["id"] + suffix(k)
    for key in NAMED:
        if data.get(key):
            data[key] = f"{data[key]} #{k}"
    for key in NAME_LISTS:
        for lang, names in (data.get(key) or {}).items():
            data[key][lang] = [f"{name} #{k}" for name in names or []]
    if "gloss" in data and data["gloss"]:
        data["gloss"] = f"{data['gloss']} #{k}"
    data["related"] = [item + ("" if item in LAYER_IDS else suffix(k)) for item in data.get("related", [])]
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)
    return "---\n" + dumped + "---\n" + rewrite_roles(body, k, set())


def ignored(folder: str, names: list[str]) -> set[str]:
    """What copy_project leaves out: caches, installs, and the glossary's
    generated pages (docs/<lang>/glossary/: each build writes its own)."""
    left_out = set(IGNORED(folder, names))
    if Path(folder).parent == ROOT / "docs" and "glossary" in names:
        left_out.add("glossary")
    return left_out


def copy_project(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignored)
        else:
            shutil.copy2(source, dest / name)
    # The renderer finds mermaid under <project>/tools/npm/node_modules.
    (dest / "tools" / "npm" / "node_modules").symlink_to(ROOT / "tools" / "npm" / "node_modules")
    # Sidecars of the originals are regenerated for the copies; nothing else
    # of the original sidecars changes.


def grow(n: int, dest: Path | None = None) -> Path:
    """Write the N× copy to *dest* (default _build/bench/growth/N<n>); returns it."""
    if n < 1:
        raise ValueError("N must be at least 1")
    dest = dest or GROWTH / f"N{n}"
    copy_project(dest)
    pages = copyable(dest / "docs" / "zh")
    page_set = set(pages)
    written: list[str] = []
    for k in range(2, n + 1):
        for lang in LANGS:
            folder = dest / "docs" / lang
            for page in pages + ["index"]:
                text = (folder / f"{page}.md").read_text(encoding="utf-8")
                target = folder / f"{page}{suffix(k)}.md"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(rewrite_page(text, k, lang, page_set), encoding="utf-8")
        written += [page + suffix(k) for page in pages + ["index"]]
    if n > 1:
        for lang in LANGS:
            index = dest / "docs" / lang / "index.md"
            index.write_text(add_parts(index.read_text(encoding="utf-8"), n), encoding="utf-8")
        written.append("index")
        glossary = dest / "glossary"
        entries = [path for path in sorted(glossary.glob("*.md"))
                   if path.name != "README.md" and path.stem not in LAYER_IDS]
        for k in range(2, n + 1):
            for path in entries:
                (glossary / f"{path.stem}{suffix(k)}.md").write_text(
                    rewrite_entry(path.read_text(encoding="utf-8"), k), encoding="utf-8")
    sign_off(dest, written)
    return dest


def sign_off(dest: Path, pages: list[str]) -> None:
    """Sign off the pages the generator wrote, with cakedoc.review's accept."""
    os.environ.setdefault("GIT_AUTHOR_NAME", "growth corpus")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "growth@bench.invalid")
    project = Project.create(dest, "zh")
    for page in pages:
        accept(project, page)


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit():
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    dest = grow(int(argv[0]), Path(argv[1]).resolve() if len(argv) > 1 else None)
    print(f"growth corpus: {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
