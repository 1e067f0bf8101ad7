"""Benchmarks and evaluation sets (run as scripts; not timed tests)."""
