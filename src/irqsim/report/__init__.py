"""Results for people and machines: text summary, JSON document, exporters."""
