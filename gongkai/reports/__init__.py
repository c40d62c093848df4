"""The statutory annual report and statistics, computed from live data."""
