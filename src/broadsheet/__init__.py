"""Broadsheet: an open-source digital newspaper platform."""

__version__ = "0.1.0"
