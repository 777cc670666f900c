"""The diagram directives: ``{mermaid}`` (and bare mermaid fences) and ``{stack-diagram}``.

Both build on sphinxcontrib-mermaid's directive, so ``:caption:`` makes a
real figure with a caption and ``:alt:`` gives the text alternative.  Ours
adds the source position, so a broken diagram is reported at its file and
line, and the stack diagram is generated from the one table in
``cakedoc.layers`` instead of being copied onto every page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinxcontrib.mermaid import Mermaid, mermaid

from cakedoc.diagrams.marker import layer_marker
from cakedoc.languages import language_of
from cakedoc.layers import LAYER_IDS, LAYERS
from cakedoc.messages import _


class CakeMermaid(Mermaid):
    """sphinxcontrib-mermaid's directive, with the source position recorded."""

    def run(self, **kwargs: object) -> list[nodes.Node]:
        result = super().run(**kwargs)
        for node in result:
            for diagram in node.findall(mermaid):
                diagram.source, diagram.line = self.state_machine.get_source_and_line(self.lineno)
        return result


# Colours that read well on furo's light and dark backgrounds alike.
STACK_STYLE = """
  classDef layer fill:#e8ecfb,stroke:#4458b8,color:#111827,stroke-width:1px
  classDef current fill:#f6b73c,stroke:#9a5b00,color:#111827,stroke-width:3px"""

#: The stack diagram's caption and text alternative, for the whole stack and
#: with one layer highlighted, in English; cakedoc.po has the Chinese.
MESSAGES = {
    "caption": "The five-layer cake, bottom to top: energy, chips, infrastructure, models, "
               "applications",
    "caption-layer": "The five-layer cake: this page covers the {name} layer",
    "alt": "Five layers stacked bottom to top: energy, chips, infrastructure, models, "
           "applications; each layer supports the one above it",
    "alt-layer": "Five layers stacked bottom to top: energy, chips, infrastructure, models, "
                 "applications; the {name} layer is highlighted",
}


def stack_source(lang: str, highlight: str | None) -> str:
    """Mermaid source of the stack, bottom (energy) to top (applications)."""
    lines = ["flowchart BT"]
    for number, layer in enumerate(LAYERS, start=1):
        name = getattr(layer, lang)
        blurb = getattr(layer, f"{lang}_blurb")
        lines.append(f'  {layer.id}["{number} {name}<br>{blurb}"]')
    for lower, upper in zip(LAYERS, LAYERS[1:]):
        lines.append(f"  {lower.id} --> {upper.id}")
    lines.append(STACK_STYLE)
    plain = [layer.id for layer in LAYERS if layer.id != highlight]
    lines.append(f"  class {','.join(plain)} layer")
    if highlight:
        lines.append(f"  class {highlight} current")
    return "\n".join(lines) + "\n"


def layer_choice(argument: str) -> str:
    return directives.choice(argument, LAYER_IDS)


class StackDiagram(CakeMermaid):
    """``{stack-diagram}`` with an optional ``:highlight: <layer id>``.

    Highlighted, it is a layer page's marker (:mod:`.marker`): compact on
    screen, the full stack figure in the book."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec = {"highlight": layer_choice, "caption": directives.unchanged,
                   "alt": directives.unchanged}

    def get_mm_code(self) -> str:
        return stack_source(self.language, self.options.get("highlight"))

    def run(self, **kwargs: object) -> list[nodes.Node]:
        self.language = language_of(self.state.document.settings.env.config).code
        highlight = self.options.get("highlight")
        name = ""
        if highlight:
            name = next(getattr(l, self.language) for l in LAYERS if l.id == highlight)
        which = "-layer" if highlight else ""
        for option in ("caption", "alt"):
            self.options.setdefault(option, str(_(MESSAGES[option + which])).format(name=name))
        result = super().run(**kwargs)
        if not highlight:
            return result
        marker = layer_marker(layer=highlight, lang=self.language, label=self.options["caption"])
        marker.source, marker.line = self.state_machine.get_source_and_line(self.lineno)
        marker.extend(result)
        return [marker]
