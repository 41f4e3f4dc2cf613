"""Facilities: the registry (one matcher), statistics releases and their column drift."""
