"""Review: the queue, unmatched facility names, corrections and NGO findings."""
