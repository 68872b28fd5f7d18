"""One module per ``hsdoctor simulate DEVICE``: ``DESCRIPTION``, ``add_arguments``, ``run``."""
