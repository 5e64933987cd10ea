"""The `timeline` command line: parse options, call the library, print.

The group and the options its commands share are in timeline.cli.app; each command group
has a module of its own, imported when one of its commands is run (COMMAND_MODULES). Library
modules are imported inside the commands, so that `timeline --help` stays instant.
"""

from timeline.cli.app import EXPORT_FORMATS, PARTS, ROW_FORMATS, cli

__all__ = ["EXPORT_FORMATS", "PARTS", "ROW_FORMATS", "cli", "main"]


def main() -> None:
    cli(prog_name="timeline")
