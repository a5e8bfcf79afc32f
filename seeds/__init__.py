"""The sample sources bundled with articlekit (installed as ``articlekit.seeds``) and their expected records."""
