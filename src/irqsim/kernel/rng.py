"""Named, seeded random streams.

Each part draws from its own stream, derived from the run seed and the stream's name with
a stable hash (not Python's salted ``hash``), so adding a part or reordering draws in one
part never changes another part's randomness, and PYTHONHASHSEED has no effect.
"""

from __future__ import annotations

import hashlib
import random


class RandomStreams:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._streams: dict[str, random.Random] = {}

    def stream(self, name: str) -> random.Random:
        rng = self._streams.get(name)
        if rng is None:
            digest = hashlib.sha256(f"{self.seed}:{name}".encode()).digest()
            rng = random.Random(int.from_bytes(digest[:8], "big"))
            self._streams[name] = rng
        return rng
