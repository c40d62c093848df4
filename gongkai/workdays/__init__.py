"""Statutory working-day calendar (工作日) and deadline arithmetic."""
