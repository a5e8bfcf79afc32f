"""Source-format converters (installed as ``articlekit.converters``)."""
