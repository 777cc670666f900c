"""The guide's two languages: the one table of what each is called and titled.

Each language is its own Sphinx build (``-D language=zh_CN`` or ``en``).  A
``-D`` override is applied after ``conf.py`` has run, so conf.py cannot set a
per-language value with an ``if``: it writes a table of them,
``cake_language_settings`` (one row per language, every value visible there),
and :func:`apply_language_settings` copies the build's row into the
configuration — the one ``config-inited`` handler of cakedoc that sets
configuration values.  Tools outside Sphinx (the landing page, the root files,
the review) read :data:`LANGUAGES` and :data:`DEFAULT` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    # Types only: the translation review reads LANGUAGES without Sphinx.
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Language:
    """One language of the guide."""

    code: str  #: folder name under docs/ and the HTML output: "zh", "en"
    sphinx: str  #: Sphinx's ``language`` value
    bcp47: str  #: for ``<html lang>`` and ``hreflang``
    name: str  #: the language's name in itself, for the language switch
    title: str  #: the guide's title in this language
    subtitle: str  #: names the essay the guide explains
    author: str  #: who the guide is by, in this language
    og_locale: str  #: OpenGraph's language_TERRITORY
    colon: str  #: between a title and its subtitle: full-width in Chinese
    description_limit: int  #: longest page description, in characters (what search results show)


LANGUAGES: dict[str, Language] = {
    "zh": Language(
        code="zh",
        sphinx="zh_CN",
        bcp47="zh-CN",
        name="中文",
        title="AI 五层蛋糕",
        subtitle="读懂黄仁勋《AI 是个五层蛋糕》：能源、芯片、基础设施、模型、应用",
        author="《AI 五层蛋糕》编写组",
        og_locale="zh_CN",
        colon="：",
        description_limit=110,
    ),
    "en": Language(
        code="en",
        sphinx="en",
        bcp47="en",
        name="English",
        title="The Five-Layer Cake",
        subtitle="A guide to Jensen Huang's essay “AI Is a 5-Layer Cake”: energy, chips, infrastructure, models, applications",
        author="The Five-Layer Cake authors",
        og_locale="en_US",
        colon=": ",
        description_limit=200,
    ),
}


#: The language a reader whose preferred language is none of the guide's is
#: offered: hreflang ``x-default``, the landing page's fallback, the root 404.
DEFAULT = "en"


def language_of(config: Config) -> Language:
    """The guide language a build is for, from Sphinx's ``language`` setting."""
    for language in LANGUAGES.values():
        if config.language == language.sphinx:
            return language
    known = ", ".join(lang.sphinx for lang in LANGUAGES.values())
    raise ConfigError(
        f"cakedoc: language {config.language!r} is not one of the guide's languages "
        f"({known}); build with -D language=<one of them>"
    )


def counterparts(config: Config) -> list[Language]:
    """The other languages of the guide, for a build's language."""
    this = language_of(config)
    return [lang for lang in LANGUAGES.values() if lang != this]


def apply_language_settings(app: Sphinx, config: Config) -> None:
    """Copy the build's row of conf.py's ``cake_language_settings`` into the
    configuration (before Sphinx's own handlers, which expand ``%Y``)."""
    language = language_of(config)
    row = config.cake_language_settings.get(language.sphinx)
    if row is None:
        raise ConfigError(f"cakedoc: cake_language_settings in conf.py has no row for "
                          f"{language.sphinx!r}")
    for name, value in row.items():
        if name not in config:
            raise ConfigError(f"cakedoc: cake_language_settings[{language.sphinx!r}] sets "
                              f"{name!r}, which is no configuration value")
        setattr(config, name, value)


def add_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    language = language_of(app.config)
    context["cake_language"] = language
    context["cake_languages"] = LANGUAGES


def setup(app: Sphinx) -> dict[str, Any]:
    # Per-language values, keyed by Sphinx's language code (see conf.py).
    app.add_config_value("cake_language_settings", {}, "", types=[dict])
    app.connect("config-inited", apply_language_settings)
    app.connect("html-page-context", add_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
