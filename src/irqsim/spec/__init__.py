"""Data the user writes: board profiles and scenarios, validated with file:line errors."""
