"""Scheduling: the single scheduler process, its leader lease and its jobs."""
