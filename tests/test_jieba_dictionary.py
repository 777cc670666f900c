"""cakedoc.search.jieba_dictionary: jieba's dictionary, loaded faster, and exactly jieba's."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from cakedoc.search import jieba_dictionary


class FakeTokenizer:
    """What the loader touches of jieba.dt, over a small dictionary file."""

    def __init__(self, dictionary: Path) -> None:
        self.dictionary = str(dictionary)
        self.FREQ: dict[str, int] = {}
        self.total = 0
        self.initialized = False
        self.loaded_by_jieba = 0

    def initialize(self) -> None:
        self.FREQ = {"高": 0, "高带": 0, "高带宽": 120, "内": 0, "内存": 4000}
        self.total = 4120
        self.loaded_by_jieba += 1
        self.initialized = True


@pytest.fixture
def tokenizer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTokenizer:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("高带宽 120\n内存 4000\n", encoding="utf-8")
    return FakeTokenizer(dictionary)


def test_first_load_is_jiebas_own_then_the_cache_gives_the_same(tokenizer: FakeTokenizer) -> None:
    jieba_dictionary.load(tokenizer)
    assert tokenizer.loaded_by_jieba == 1
    again = FakeTokenizer(Path(tokenizer.dictionary))
    jieba_dictionary.load(again)
    assert again.loaded_by_jieba == 0 and again.initialized
    assert (again.FREQ, again.total) == (tokenizer.FREQ, tokenizer.total)


def test_a_damaged_cache_falls_back_to_jieba(tokenizer: FakeTokenizer) -> None:
    jieba_dictionary.load(tokenizer)
    path = jieba_dictionary.cache_path(tokenizer)
    path.write_bytes(path.read_bytes()[:-3])
    again = FakeTokenizer(Path(tokenizer.dictionary))
    jieba_dictionary.load(again)
    assert again.loaded_by_jieba == 1 and again.FREQ == tokenizer.FREQ


def test_a_changed_dictionary_file_is_a_new_cache(tokenizer: FakeTokenizer) -> None:
    before = jieba_dictionary.cache_path(tokenizer)
    Path(tokenizer.dictionary).write_text("高带宽 1200\n内存 4000\n", encoding="utf-8")
    assert jieba_dictionary.cache_path(tokenizer) != before


def small_jieba(dictionary: Path):
    import jieba

    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.initialize()
    return tokenizer


def test_added_words_get_the_frequencies_jieba_gives_them(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The words added with kept frequencies leave jieba's dictionary as
    add_word alone leaves it; the second time no frequency is suggested."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("高 900\n带宽 300\n高带宽 120\n内存 4000\n存储 800\n", encoding="utf-8")
    words = ["高带宽内存", "高带宽存储器", "内存带宽"]
    plain = small_jieba(dictionary)
    for word in words:
        plain.add_word(word)
    first = small_jieba(dictionary)
    jieba_dictionary.add_words(first, words)
    again = small_jieba(dictionary)
    monkeypatch.setattr(type(again), "suggest_freq", lambda *args: pytest.fail("suggested"))
    jieba_dictionary.add_words(again, words)
    for tokenizer in (first, again):
        assert (tokenizer.FREQ, tokenizer.total) == (plain.FREQ, plain.total)
    assert list(again.cut("高带宽内存和内存带宽")) == list(plain.cut("高带宽内存和内存带宽"))
