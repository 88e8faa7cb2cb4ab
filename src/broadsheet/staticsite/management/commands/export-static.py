"""`broadsheet export-static` (the module's name is the command's, hyphen and all)."""

from broadsheet.staticsite.command import Command

__all__ = ["Command"]
