"""An example articlekit converter plugin: the ``netnews`` format (see :mod:`.netnews`)."""
