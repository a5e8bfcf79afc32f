"""Output-format exporters (installed as ``articlekit.exporters``)."""
