"""The annotation text: how an Article's parts are laid out for the NLP stage."""

from __future__ import annotations

from .models import Article, Block

SEPARATOR = "\n\n"


def compose_text(article: Article) -> tuple[str, list[Block]]:
    """Join headline, dek, captions and paragraphs into one text, recording each block's span."""
    parts: list[tuple[str, int, str]] = [("title", 0, article.title)]
    if article.dek:
        parts.append(("dek", 0, article.dek))
    parts += [("caption", i, c.text) for i, c in enumerate(article.captions)]
    parts += [("paragraph", i, p) for i, p in enumerate(article.paragraphs)]
    blocks, chunks, offset = [], [], 0
    for kind, index, text in parts:
        blocks.append(Block(kind=kind, index=index, start=offset, end=offset + len(text)))
        chunks.append(text)
        offset += len(text) + len(SEPARATOR)
    return SEPARATOR.join(chunks), blocks
