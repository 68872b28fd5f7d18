"""Domain `net`."""
