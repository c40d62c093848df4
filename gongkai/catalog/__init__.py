"""The disclosure catalogue: domains, nine-element items and the standards system."""
