"""YAML read with libyaml when PyYAML was built with it (its wheels are): the lexicon files are
read on every process start and every publish, and the pure-Python reader takes ten times as
long for the same data."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """What `yaml.safe_load` returns, and the same `yaml.YAMLError` on bad input."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
