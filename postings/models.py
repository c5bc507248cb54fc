"""Models of the postings app."""
