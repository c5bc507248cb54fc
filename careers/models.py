"""Models of the careers app."""
