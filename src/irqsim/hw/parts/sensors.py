"""Registers the single-wire sensor parts behind rp2's frozen drivers: dht22/dht11 (``dht``)
and ds18b20 (``onewire`` + ``ds18x20``)."""

from . import dht, ds18b20  # noqa: F401 - registration side effects
