"""Registers the single-wire sensor parts behind rp2's frozen drivers: dht22/dht11 (``dht``)."""

from . import dht  # noqa: F401 - registration side effects
