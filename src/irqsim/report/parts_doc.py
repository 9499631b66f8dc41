"""The parts' final state as plain JSON data (``parts`` in the ``irqsim run --json`` document).

``Result.parts`` holds each part's ``summary()`` (hw/parts/*: an OLED's screen rows, a
WS2812 strip's colours, a UART peer's received text, ...). Summaries are written by many
hands and may hold tuples, bytes, sets, non-string keys or non-finite floats, so the
document goes through :func:`json_safe`: the same inputs always give the same text
(keys sorted, sets sorted, no ``NaN`` that strict JSON readers reject), and binary state
is hex when small and left out when large (an OLED's image is its ``screen`` rows here; its
PNG is a file, named by the part's ``png`` attribute, never inline).
"""

from __future__ import annotations

import math
from pathlib import PurePath

MAX_INLINE_BYTES = 4096   # bytes values larger than this are left out (their length is kept)


def json_safe(value):
    """``value`` as JSON-ready data, deterministic for equal inputs."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        # strict JSON has no NaN / Infinity; a summary that holds one says "no value"
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((json_safe(v) for v in value), key=repr)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if len(data) > MAX_INLINE_BYTES:
            return {"omitted_bytes": len(data)}
        return data.hex()
    if isinstance(value, PurePath):
        return value.as_posix()
    if hasattr(value, "item") and callable(value.item):   # numpy scalars, should a part hold one
        return json_safe(value.item())
    return str(value)


def parts_document(result) -> dict:
    """Part id -> JSON-safe summary, ids sorted; an ssd1306 with ``png = "..."`` also names
    the file it wrote (``png``), relative to the scenario, as the scenario wrote it."""
    specs = {spec.id: spec for spec in getattr(result.scenario, "parts", ())}
    out = {}
    for pid in sorted(result.parts):
        doc = json_safe(result.parts[pid])
        spec = specs.get(pid)
        png = spec.attrs.get("png") if spec is not None else None
        if png and isinstance(doc, dict) and "png" not in doc:
            doc["png"] = str(png)
            doc = dict(sorted(doc.items()))
        out[str(pid)] = doc
    return out
