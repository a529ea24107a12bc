"""NumPy implementations of what the course teaches, written to be read."""
