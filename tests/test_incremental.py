"""What an incremental rebuild keeps from the last build gives the bytes a clean build gives.

A one-page edit must cost about the same whatever the size of the book
(issue #17, bench/growth): so the build keeps, between builds, what it
would otherwise make again from every page or term: here, the parsed
glossary (cakedoc.glossary.entries).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


# -- the parsed glossary ---------------------------------------------------------------

def test_the_glossary_is_parsed_again_only_where_a_file_changed(tmp_path: Path,
                                                               monkeypatch) -> None:
    """cakedoc.glossary.entries keeps parsed entries by the digest of their
    bytes, across builds through a file: an unchanged entry is not parsed
    again, an edited one is, even when its size and modification time stay
    the same."""
    from cakedoc.glossary import entries as module
    from conftest import ROOT

    glossary = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", glossary)
    kept = tmp_path / "parsed.pickle"
    first = module.load(glossary)
    module.save_parsed(kept, "v1", glossary)
    module._PARSED.clear()  # a new process
    parsed: list[str] = []
    read_entry = module.read_entry
    monkeypatch.setattr(module, "read_entry",
                        lambda path, raw=None: parsed.append(path.name) or read_entry(path, raw))
    module.restore_parsed(kept, "v1")
    assert module.load(glossary) == first and parsed == []
    hbm = glossary / "hbm.md"
    text, stat = hbm.read_text(encoding="utf-8"), hbm.stat()
    edited = text.replace("en: high-bandwidth memory", "en: high-bandwidth memorx")
    assert edited != text and len(edited) == len(text)
    hbm.write_text(edited, encoding="utf-8")
    os.utime(hbm, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert module.load(glossary)["hbm"].en == "high-bandwidth memorx"
    assert parsed == ["hbm.md"]
    module._PARSED.clear()  # entries parsed by other code are not taken
    module.restore_parsed(kept, "v2")
    module.load(glossary)
    assert len(parsed) == len(first) + 1
