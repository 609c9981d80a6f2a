"""Composition layer: settings, the command line, and the glue between stages."""

__version__ = "0.1.0"
