"""Disclosing bodies (公开主体), staff users and their roles per agency."""
