"""The .newsdesk document file: one SQLite database per article, with its images
and its revision history."""
