"""The event log: the single record of a run that every statistic and exporter reads."""

from .log import EventLog, Kind

__all__ = ["EventLog", "Kind"]
