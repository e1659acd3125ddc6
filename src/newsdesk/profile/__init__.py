"""Newsroom profiles: the portal's name, texts, topics and house limits."""
