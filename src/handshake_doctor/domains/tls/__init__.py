"""Domain `tls`."""
