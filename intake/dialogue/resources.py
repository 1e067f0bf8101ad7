"""What the engine loads on first use, loaded up front.

The message catalog and the work-type vocabulary are YAML files, and each OpenCC converter
reads its dictionaries: about 0.1 s of CPU in all. A process that serves workers loads them
before its first turn, so that no worker's message waits for them.
"""

from __future__ import annotations

from intake.dialogue.catalog import default_catalog
from intake.dialogue.extract.normalize import normalize
from intake.dialogue.extract.work_type import work_type_vocabulary
from intake.dialogue.script import detect_script


def load_resources() -> None:
    """Load the catalog, the vocabularies and the OpenCC converters (idempotent)."""
    default_catalog()
    work_type_vocabulary()
    normalize("預熱")
    detect_script("預熱")  # builds all three converters, the replies' s2tw too
