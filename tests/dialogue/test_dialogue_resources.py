"""The engine's files and converters load before the first turn, not during it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# A fresh interpreter: the test session has long since loaded everything.
PROBE = textwrap.dedent(
    """
    import asyncio
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import opencc
    import yaml

    from intake import dialogue as dl

    dl.load_resources()
    loaded = []
    real_load, real_init = yaml.safe_load, opencc.OpenCC.__init__

    def safe_load(*args, **kwargs):
        loaded.append("yaml")
        return real_load(*args, **kwargs)

    def init(self, *args, **kwargs):
        loaded.append("opencc")
        real_init(self, *args, **kwargs)

    yaml.safe_load, opencc.OpenCC.__init__ = safe_load, init
    ctx = dl.SimpleDialogueContext(now=datetime(2025, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    state = dl.new_state("terminal:probe")
    for text in ("同意", "我叫劉滿倉，電話13937112345，在柳河鎮紮鋼筋，欠了三萬五"):
        state = asyncio.run(dl.step(state, dl.UserInput.from_text(text), ctx)).state
    assert state.script == "traditional" and state.draft.work_type == "钢筋工", state
    print(",".join(loaded))
    """
)


def test_after_load_resources_a_turn_loads_no_file_or_converter() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == ""
