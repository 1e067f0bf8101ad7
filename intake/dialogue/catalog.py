"""The message catalog: every text the worker sees, from `messages.zh-Hans.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOG_FILE = Path(__file__).with_name("messages.zh-Hans.yaml")


class Catalog:
    def __init__(self, data: dict[str, Any]) -> None:
        # every node by its dotted key: a turn looks up about twenty texts
        self._nodes: dict[str, Any] = {}

        def walk(node: Any, prefix: str) -> None:
            if prefix:
                self._nodes[prefix[:-1]] = node
            if isinstance(node, dict):
                for k, v in node.items():
                    walk(v, f"{prefix}{k}.")

        walk(data, "")

    @classmethod
    def load(cls, path: Path = CATALOG_FILE) -> Catalog:
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")))

    def raw(self, key: str) -> Any:
        try:
            return self._nodes[key]
        except KeyError:
            raise KeyError(f"message catalog has no key {key!r}") from None

    def text(self, key: str, **values: object) -> str:
        template = self.raw(key)
        if not isinstance(template, str):
            raise KeyError(f"message catalog key {key!r} is not a text")
        return template.format(**values) if values else template


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return Catalog.load()
