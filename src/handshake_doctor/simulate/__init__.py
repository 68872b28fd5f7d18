"""Device simulators: a pure device codec behind a transport (a pty, or pyserial's ``hsdsim://``).

Why here and not in the domains: the codecs are the domains' (``domains/bootloaders/*/protocol.py``,
``domains/serial/sim_*.py``) and are shared with the probes; this package holds only the I/O
around them (pty, URL handler, run loop) and the line physics applied between the two ends.
"""
