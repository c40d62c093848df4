"""Shared foundations: the audit log, request context, PII masking and Chinese text helpers."""
