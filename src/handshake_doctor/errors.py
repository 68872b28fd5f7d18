"""Errors the CLI turns into one line and an exit code, never a traceback."""


class HsdoctorError(Exception):
    exit_code = 2


class UsageError(HsdoctorError):
    """Bad command line or bad input: exit 2."""

    exit_code = 2


class ProbeUnavailable(HsdoctorError):
    """The probe itself could not run (missing permission, missing service or library): exit 3."""

    exit_code = 3
