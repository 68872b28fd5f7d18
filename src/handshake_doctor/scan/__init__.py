"""``hsdoctor scan``: the full probe for every endpoint of a fleet, streamed, bounded, resumable.

Why a package of its own: a scan is a loop over the public probe entry (``handshake_doctor.api``)
plus the things a loop needs (a target list, an engine, a store, reports); it knows no domain.
See docs/SCAN.md.
"""
