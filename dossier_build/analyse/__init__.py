"""Analysis stage: actors, topics, quotes, shared passages and discrepancies."""
