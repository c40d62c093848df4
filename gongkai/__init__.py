"""Gongkai (公开): an open government transparency platform for a Chinese district government."""

__version__ = "0.1.0"
