"""Licence and penalty publicity (双公示) in the national data standard."""
