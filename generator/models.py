"""Stage objects: Article -> Annotations -> Brief, plain data that round-trips through JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["person", "organization", "place", "group", "event", "law", "other"]


class Data(BaseModel):
    """Base for stage objects: strict fields, JSON round-trip via to_json/from_json."""

    model_config = ConfigDict(extra="forbid")

    def to_json(self) -> str:
        """Serialize to compact, key-stable JSON."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes):
        """Parse JSON produced by to_json."""
        return cls.model_validate_json(text)


# --- Article -------------------------------------------------------------------------------


class Author(Data):
    name: str
    role: str | None = None


class Caption(Data):
    text: str
    credit: str | None = None


class Article(Data):
    """One source article as read from briefs/: metadata plus clean text, no NLP."""

    source_path: str
    """Path of the source file, posix, relative to the project root (e.g. briefs/x.txt)."""
    format: str
    """Reader that produced it: txt, md or html."""
    digest: str
    """sha256 of the source bytes; the cache key's content half."""
    slug: str
    title: str
    dek: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[Author] = Field(default_factory=list)
    source: str | None = None
    """The outlet (e.g. 'The Hankyoreh')."""
    dateline: str | None = None
    """The place a wire story was filed from, as written (e.g. 'SEOUL')."""
    url: str | None = None
    captions: list[Caption] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    language: str = "en"
    draft: bool = False
    summary: str | None = None


class Block(Data):
    """A piece of the annotation text: where it starts and what part of the article it is."""

    kind: Literal["title", "dek", "caption", "paragraph"]
    index: int
    start: int
    end: int


# --- Annotations ---------------------------------------------------------------------------


class Mention(Data):
    start: int
    end: int
    text: str


class Entity(Data):
    id: str
    """Stable slug of the canonical name, unique within its type."""
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    acronym: str | None = None
    role: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    salience: float = 0.0
    in_credit: bool = False
    """True when the entity appears only in a byline or photo credit."""
    confidence: float = 1.0


class Quote(Data):
    text: str
    """The quoted words, verbatim from the article."""
    speaker: str | None = None
    """Canonical name of the speaking entity, or a title when no name is known."""
    speaker_type: Literal["person", "organization", "title", "unknown"] = "unknown"
    role: str | None = None
    cue: str | None = None
    """The reporting verb as written (e.g. 'stated', 'continued')."""
    paragraph: int | None = None
    """Index into article.paragraphs (0-based), or None for a quote outside the body."""
    start: int = 0
    end: int = 0
    channel: str | None = None
    """An outlet that relayed the words ('Reuters reported that ...'), never the speaker."""
    partial: bool = False
    """Short attributed phrase (under five words): kept, but not a callout."""
    confidence: float = 1.0
    pinned: bool = False
    """An editor pinned it in the sidecar: always a callout, before the others."""
    nested: bool = False
    """Quoted inside another quotation (the outer one is the callout)."""
    group: int | None = None
    """Index in Annotations.quotes of the first piece when a quotation is split around its
    attribution or runs on into the next paragraph; None for a first or only piece."""


class ResolutionRef(Data):
    number: int
    year: int | None = None
    regime: str | None = None
    evidence: list[Mention] = Field(default_factory=list)
    known: bool = True
    """False when the knowledge base has no entry for this number."""
    symbol: str | None = None
    """UN document symbol, e.g. 'S/RES/2270 (2016)' (from the knowledge base)."""
    adopted: date | None = None
    """Adoption date (New York), when the knowledge base has it verified."""
    vote: str | None = None
    """The vote as the knowledge base states it, e.g. 'unanimous (15-0-0)'."""


class RegimeRef(Data):
    id: str
    name: str | None = None
    """Short display name of the regime (from the knowledge base)."""
    issuer: str | None = None
    target: str | None = None
    evidence: list[Mention] = Field(default_factory=list)
    explicit: bool = True


class Sanctions(Data):
    resolutions: list[ResolutionRef] = Field(default_factory=list)
    regimes: list[RegimeRef] = Field(default_factory=list)


class Sentence(Data):
    start: int
    end: int


class Aside(Data):
    """A clause a sentence still stands without (appositive, relative, bracketed, ...)."""

    start: int
    end: int
    kind: str


class Problem(Data):
    """Something an editor should know: file, line, stable code, message with the fix."""

    path: str
    line: int | None = None
    severity: Literal["error", "warning", "info"] = "error"
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity} {self.code}: {self.message}"


class Annotations(Data):
    """What the NLP stage found, as char offsets into the annotation text."""

    text: str
    """The annotation text: title, dek, captions and paragraphs joined by blank lines."""
    blocks: list[Block] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    asides: list[Aside] = Field(default_factory=list)
    """Droppable clauses (char spans); key points are shortened only by removing these."""
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    sanctions: Sanctions = Field(default_factory=Sanctions)
    problems: list[Problem] = Field(default_factory=list)
    pipeline: str = ""
    """Fingerprint of the pipeline that produced these annotations."""

    def block_at(self, offset: int) -> Block | None:
        """Return the block containing a character offset."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None

    def paragraph_at(self, offset: int) -> int | None:
        """Return the body paragraph index containing a character offset, if any."""
        block = self.block_at(offset)
        return block.index if block and block.kind == "paragraph" else None


# --- Brief (view model) --------------------------------------------------------------------


class SidebarItem(Data):
    name: str
    type: EntityType
    url: str
    """Link to the entity page, relative to the brief page."""
    role: str | None = None
    acronym: str | None = None
    mentions: int = 0


class Callout(Data):
    text: str
    speaker: str | None = None
    role: str | None = None
    speaker_url: str | None = None
    anchor: str | None = None
    pinned: bool = False
    speaker_type: str | None = None
    channel: str | None = None
    """The outlet that relayed the words, shown as 'via ...'."""
    quote: int | None = None
    """Index in Annotations.quotes of the (first piece of the) quotation shown; text joins its pieces."""


class KeyPoint(Data):
    text: str
    anchor: str | None = None
    by_editor: bool = False
    """True when an editor wrote this point in the sidecar file instead of the machine."""


class Fact(Data):
    """One displayed fact and where it comes from."""

    label: str
    value: str
    sources: list[str] = Field(default_factory=list)
    caveat: str | None = None
    """What is not confirmed, for a fact the knowledge base marks as partly verified."""


class BoxResolution(Data):
    number: int
    title: str
    url: str | None = None
    facts: list[Fact] = Field(default_factory=list)
    trigger_sentence: str | None = None
    trigger_anchor: str | None = None
    sources: list[str] = Field(default_factory=list)
    symbol: str | None = None
    regime_name: str | None = None
    regime_url: str | None = None
    measures: list[Fact] = Field(default_factory=list)
    """The resolution's measures that matter for this article, most relevant first."""


class BoxRegime(Data):
    id: str
    name: str
    url: str | None = None
    issuer: str | None = None
    target: str | None = None
    status: str | None = None
    sources: list[str] = Field(default_factory=list)
    """Sources of the status."""
    status_caveat: str | None = None
    contested: bool = False
    measures: list[Fact] = Field(default_factory=list)
    """The regime's measures that matter for this article, most relevant first."""
    trigger_sentence: str | None = None
    trigger_anchor: str | None = None


class SanctionsBox(Data):
    regimes: list[BoxRegime] = Field(default_factory=list)
    resolutions: list[BoxResolution] = Field(default_factory=list)


class ScreeningMatch(Data):
    """A person or organization of the article that resembles an entry of a sanctions list."""

    name: str
    """The name as extracted from the article (a full name or an expanded acronym)."""
    matched: str
    """The name (or alias) in the export that it resembles."""
    score: int
    """Similarity, 0-100 (rapidfuzz token-sort ratio)."""
    kind: str
    """person or organization."""
    entry_id: str
    datasets: list[str] = Field(default_factory=list)
    url: str | None = None


class Screening(Data):
    """Matches against a local OpenSanctions export, with what a reader must know about it."""

    export: str
    """File name of the export."""
    export_date: str | None = None
    licence: str = "CC BY-NC 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by-nc/4.0/"
    matches: list[ScreeningMatch] = Field(default_factory=list)


class Paragraph(Data):
    anchor: str
    text: str
    links: list[tuple[int, int, str]] = Field(default_factory=list)
    """(start, end, url) spans inside text that link to entity pages; offsets are local."""


class RelatedBrief(Data):
    slug: str
    title: str
    url: str
    date: str | None = None
    score: float = 0.0
    shared: list[str] = Field(default_factory=list)
    """Names of the most telling entities and resolutions the two briefs share."""


class Brief(Data):
    """Everything a brief template needs, already selected and ordered."""

    slug: str
    source_path: str
    title: str
    dek: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[Author] = Field(default_factory=list)
    source: str | None = None
    url: str | None = None
    tags: list[str] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(default_factory=list)
    callouts: list[Callout] = Field(default_factory=list)
    sanctions_box: SanctionsBox = Field(default_factory=SanctionsBox)
    screening: Screening | None = None
    """Sanctions-list screening of the brief's people and organizations, when configured."""
    people: list[SidebarItem] = Field(default_factory=list)
    organizations: list[SidebarItem] = Field(default_factory=list)
    places: list[SidebarItem] = Field(default_factory=list)
    credits: list[str] = Field(default_factory=list)
    captions: list[Caption] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    related: list[RelatedBrief] = Field(default_factory=list)
    editor_note: str | None = None
    draft: bool = False
