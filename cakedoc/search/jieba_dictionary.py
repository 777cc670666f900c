"""jieba's dictionary, loaded three times faster than jieba loads it.

Indexing any Chinese text needs jieba's prefix dictionary: 500 000 entries
that jieba unmarshals from its cache one object at a time (~0.55 s here,
as long as a whole no-op rebuild of the zh site).  Every zh rebuild that
writes a page pays it, so one edited page cost twice a no-op.  Kept as one
UTF-8 string of words and one array of counts, the same dictionary loads in
~0.15 s (``str.split`` and ``dict(zip(...))`` run in C).

Only the loading differs: the entries and the total are jieba's own, taken
from jieba after it has loaded them its way once; the result is compared
with jieba's when this cache is written (no cache if they differ).  The cache sits where jieba keeps
its own (the temp folder), named by jieba's version and dictionary file.

The glossary's words are added the same way (:func:`add_words`): with the
frequencies jieba suggested when they were first added, kept in the same
folder, so a build does not cut every term's name with the dictionary
again to suggest it (0.1 s for the 5,655 Chinese names at 40× the guide).

Pinned internals (jieba 0.42.1): the tokenizer's undocumented ``FREQ``,
``total``, ``initialized`` and ``dictionary`` attributes and its
``initialize()``.  It earns its keep by the zh one-page-edit budget of
``make bench`` (1.5× a no-op with it, 2.04× without).  If jieba changes them,
tests/test_jieba_dictionary.py (the loaded dictionary, and the one with the
words added, equal jieba's own) fails.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def dictionary_file(tokenizer: Any) -> Path:
    import jieba

    return Path(tokenizer.dictionary or Path(jieba.__file__).with_name("dict.txt"))


def cache_path(tokenizer: Any) -> Path:
    import jieba

    source = dictionary_file(tokenizer)
    stat = source.stat()
    key = json.dumps([jieba.__version__, str(source), stat.st_size, stat.st_mtime_ns])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"cakedoc-jieba-{digest}.bin"


def load(tokenizer: Any) -> None:
    """Initialise *tokenizer* (``jieba.dt``) from the fast cache, writing it
    first if it is missing or unreadable."""
    if tokenizer.initialized:
        return
    path = cache_path(tokenizer)
    try:
        freq, total = read(path)
    except (OSError, ValueError, KeyError):
        tokenizer.initialize()  # jieba's own way, once
        write(path, tokenizer.FREQ, tokenizer.total)
        return
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True


def read(path: Path) -> tuple[dict[str, int], int]:
    with path.open("rb") as stream:
        header = json.loads(stream.readline())
        words = stream.read(header["words"]).decode("utf-8").split("\n")
        counts = array.array("Q")
        counts.frombytes(stream.read())
    if len(words) != len(counts) or len(words) != header["entries"]:
        raise ValueError(f"{path} is damaged")
    return dict(zip(words, counts)), header["total"]


def write(path: Path, freq: dict[str, int], total: int) -> None:
    # Dictionary words never hold a newline: jieba reads them one per line.
    words = "\n".join(freq).encode("utf-8")
    counts = array.array("Q", freq.values())
    header = json.dumps({"entries": len(freq), "total": total, "words": len(words)})
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cakedoc-jieba-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(header.encode("ascii") + b"\n" + words + counts.tobytes())
    # A reader must get jieba's dictionary exactly, or nothing (then jieba's
    # own loading stays in use).
    if read(Path(temporary)) == (freq, total):
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def add_words(tokenizer: Any, words: list[str]) -> None:
    """``tokenizer.add_word(word)`` for each of *words*, in order, to a
    dictionary no word was added to yet, as jieba would: each with the
    frequency jieba suggested for it the first time (``suggest_freq`` cuts
    the word with the dictionary as it stands, so it depends on the words
    before it, the dictionary and its total, which name the file)."""
    key = json.dumps([str(cache_path(tokenizer)), tokenizer.total, words], ensure_ascii=False)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"cakedoc-jieba-words-{digest}.json"
    try:
        frequencies = json.loads(path.read_text(encoding="utf-8"))
        if len(frequencies) != len(words) or not all(isinstance(f, int) for f in frequencies):
            raise ValueError(f"{path} is damaged")
    except (OSError, ValueError):
        frequencies = []
        for word in words:
            tokenizer.add_word(word)  # jieba's own way, once
            frequencies.append(tokenizer.FREQ[word])
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cakedoc-jieba-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(frequencies, stream)
        os.replace(temporary, path)
        return
    for word, frequency in zip(words, frequencies):
        tokenizer.add_word(word, frequency)
