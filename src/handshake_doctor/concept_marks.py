"""Literal pre-checks for concepts.py, in a module light enough for every explain run.

Every wording of concepts.CONCEPTS contains one of ANY_CONCEPT; every object of
concepts.OBJECTS contains one of OBJECT_MARKS, or a digit right after ':' (host:port) or after
'com' (COM3). tests/explain_input/test_false_positives.py checks the tables against them.
"""

ANY_CONCEPT = (
    "denied", "permitted", "eacces", "eperm", "errno", "permissionerror", "busy", "in use",
    "being used", "sharing_violation", "lock", "no such", "enoent", "enodev", "enxio",
    "filenotfound", "cannot find", "file_not_found", "does not exist", "input/output", "eio",
    "i/o error", "timed out", "timeout", "time out", "timedout", "deadline", "refused",
    "not functioning", "gen_failure", "does not recognize the command", "bad_command",
    "operation has been aborted", "properly respond", "semaphore timeout",
    "reset", "forcibly", "winerror",
)

OBJECT_MARKS = ("://", "/dev/", "vid", "idvendor", "usb", "id ", "id:", ".pem", ".crt", ".cer", ".der", ".key", ".p12", ".pfx", ".jks")
