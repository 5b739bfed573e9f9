"""news-briefs: annotated news briefs from articles, built into a static site with MkDocs."""

__version__ = "0.1.0"
