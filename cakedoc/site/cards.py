"""Draw the social card of each language: the image shared links show.

    python -m cakedoc.site.cards        (rewrites cakedoc/site/cards/<lang>/social-card.png)

A 1200×630 PNG per language with the guide's title, its subtitle and the five
layers, drawn by Debian's Chromium from the tables in cakedoc.languages and
cakedoc.layers.  The PNGs are committed, so builds need no browser for them:
run this again after changing a title, a subtitle or a layer name.
cakedoc.site.social ships the language's card in its build (``_static/``).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from cakedoc.diagrams.renderer import CHROMIUM_ARGS, DEFAULT_CHROMIUM, FONT_FAMILY
from cakedoc.languages import LANGUAGES, Language
from cakedoc.layers import LAYERS

CARDS = Path(__file__).resolve().parent / "cards"
FILENAME = "social-card.png"
WIDTH, HEIGHT = 1200, 630
#: Bottom (energy) to top (applications), warm to cool.
LAYER_COLOURS = ("#f6b73c", "#f08c4a", "#d9677a", "#8f6bd8", "#4f7fe0")

CARD = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {width}px; height: {height}px; }}
  body {{ display: flex; align-items: center; gap: 56px; padding: 0 72px; box-sizing: border-box;
         background: #111827; color: #f9fafb; font-family: {font}; }}
  /* The CJK font's curly quotes are full-width unless asked for proportional ones. */
  :lang(en) {{ font-variant-east-asian: proportional-width; }}
  .text {{ flex: 1; }}
  h1 {{ font-size: 76px; line-height: 1.1; margin: 0 0 28px; }}
  p {{ font-size: 30px; line-height: 1.45; margin: 0; color: #d1d5db; }}
  .stack {{ display: flex; flex-direction: column-reverse; gap: 12px; width: 360px; }}
  .layer {{ border-radius: 14px; padding: 16px 24px; font-size: 32px; font-weight: 700;
           color: #111827; }}
</style></head><body>
<div class="text"><h1>{title}</h1><p>{subtitle}</p></div>
<div class="stack">{layers}</div>
</body></html>
"""


def card_html(language: Language) -> str:
    layers = "".join(
        f'<div class="layer" style="background:{colour}">{html.escape(getattr(layer, language.code))}</div>'
        for layer, colour in zip(LAYERS, LAYER_COLOURS)
    )
    return CARD.format(lang=language.bcp47, width=WIDTH, height=HEIGHT, font=FONT_FAMILY,
                       title=html.escape(language.title), subtitle=html.escape(language.subtitle),
                       layers=layers)


def card_path(code: str) -> Path:
    return CARDS / code / FILENAME


def draw_all() -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=DEFAULT_CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for language in LANGUAGES.values():
            page.set_content(card_html(language), wait_until="load")
            target = card_path(language.code)
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), type="png")
            written.append(target)
        browser.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m cakedoc.site.cards", file=sys.stderr)
        return 2
    for path in draw_all():
        print(f"cakedoc.site.cards: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
