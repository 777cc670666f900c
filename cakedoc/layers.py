"""The five layers of the cake: the one definition every other piece uses.

The stack diagram, the glossary's layer tags and the page map all read this
table, so a layer is named the same way everywhere, in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layer:
    id: str  #: also the docname of the layer's page
    zh: str
    en: str
    zh_blurb: str
    en_blurb: str


#: Bottom to top: each layer stands on the one before it.
LAYERS: tuple[Layer, ...] = (
    Layer("energy", "能源", "Energy", "电力与冷却", "power, grid and cooling"),
    Layer("chips", "芯片", "Chips", "GPU、HBM 与互连", "GPUs, HBM and interconnect"),
    Layer("infrastructure", "基础设施", "Infrastructure", "AI 工厂与集群", "AI factories and clusters"),
    Layer("models", "模型", "Models", "训练与推理", "training and inference"),
    Layer("applications", "应用", "Applications", "创造经济价值", "where value is created"),
)

LAYER_IDS = tuple(layer.id for layer in LAYERS)

#: A tag for terms that concern the whole stack rather than one layer.
WHOLE_STACK = "stack"
WHOLE_STACK_NAMES = {"zh": "整个堆栈", "en": "whole stack"}


def layer_name(layer_id: str, lang: str) -> str:
    """The name of a layer (or of the whole stack) in ``lang`` ("zh"/"en")."""
    if layer_id == WHOLE_STACK:
        return WHOLE_STACK_NAMES[lang]
    for layer in LAYERS:
        if layer.id == layer_id:
            return getattr(layer, lang)
    raise KeyError(f"unknown layer {layer_id!r}; layers are {', '.join(LAYER_IDS)} or {WHOLE_STACK}")
