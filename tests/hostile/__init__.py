"""A corpus of hostile fictional articles and the helpers that build it into a site."""
