"""The shape of the sanctions knowledge base files, checked with pydantic when they load."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Verified = Literal["yes", "partial", "no"]
State = Literal["active", "terminated", "contested", "dormant"]
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", value))


def _url_or_none(value: str | None) -> str | None:
    if value is not None and not _is_url(value):
        raise ValueError(f"source must be an http(s) URL, got {value!r}")
    return value


class KBModel(BaseModel):
    """Base for knowledge-base entries: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(KBModel):
    """One sourced fact; shown to readers only when verified (yes, or partial with a caveat)."""

    value: date | int | str | None = None
    source: str | None = None
    also: list[str] = Field(default_factory=list)
    verified: Verified = "no"
    checked: str | None = None
    caveat: str | None = None
    note: str | None = None

    @field_validator("verified", mode="before")
    @classmethod
    def _yes_no(cls, value):
        # YAML reads an unquoted yes/no as a boolean; editors should not have to quote them.
        if value is True:
            return "yes"
        if value is False or value is None:
            return "no"
        return value

    @field_validator("source")
    @classmethod
    def _source_is_url(cls, value):
        return _url_or_none(value)

    @field_validator("also")
    @classmethod
    def _also_are_urls(cls, value):
        for url in value:
            if not _is_url(url):
                raise ValueError(f"every entry of also must be an http(s) URL, got {url!r}")
        return value

    @model_validator(mode="after")
    def _verified_facts_are_complete(self):
        if self.verified == "no":
            return self
        if self.value is None or self.value == "":
            raise ValueError(f"a fact marked verified: {self.verified} needs a value (or mark it verified: no)")
        if not self.source:
            raise ValueError(f"a fact marked verified: {self.verified} needs a source URL")
        if self.verified == "partial" and not self.caveat:
            raise ValueError("a fact marked verified: partial needs a caveat saying what is not confirmed")
        if self.verified == "yes" and not self.checked:
            raise ValueError("a fact marked verified: yes needs `checked`: the sources that confirmed it")
        return self

    @property
    def shown(self) -> bool:
        """True when readers may see this fact."""
        return self.verified != "no" and self.value not in (None, "")

    @property
    def sources(self) -> list[str]:
        """The fact's source and further sources, in order."""
        return [self.source, *self.also] if self.source else list(self.also)


class DateFact(Fact):
    value: date | None = None


class IntFact(Fact):
    value: int | None = None


class TextFact(Fact):
    value: str | None = None


class LabeledFact(TextFact):
    label: str


class Measure(TextFact):
    topics: list[str] = Field(min_length=1)


class Event(KBModel):
    event: str
    date: date
    note: str | None = None


class Trigger(TextFact):
    events: list[Event] = Field(default_factory=list)


class Status(TextFact):
    state: State

    @model_validator(mode="after")
    def _contested_says_so(self):
        # A contested status must never read as flatly "in force" or "terminated".
        if self.state == "contested" and "contested" not in (self.value or "").lower():
            raise ValueError("a status with state: contested must say 'contested' in its value")
        return self


class Regime(KBModel):
    id: str = Field(pattern=_SLUG)
    name: str
    short_name: str
    issuer: str
    issuer_name: str | None = None
    target: str | None = None
    target_name: str
    committee: int | None = None
    source: str
    status: Status
    resolutions: list[int] = Field(default_factory=list)
    facts: list[LabeledFact] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)

    @field_validator("source")
    @classmethod
    def _source_is_url(cls, value):
        return _url_or_none(value)


class Resolution(KBModel):
    number: int = Field(ge=1, le=9999)
    year: int = Field(ge=1946, le=2100)
    regime: str
    symbol: str
    source: str
    adopted: DateFact
    meeting: IntFact | None = None
    vote: TextFact | None = None
    chapter_vii: TextFact | None = None
    trigger: Trigger | None = None
    measures: list[Measure] = Field(default_factory=list)

    @field_validator("source")
    @classmethod
    def _source_is_url(cls, value):
        return _url_or_none(value)

    @model_validator(mode="after")
    def _symbol_and_year_agree(self):
        expected = f"S/RES/{self.number} ({self.year})"
        if self.symbol != expected:
            raise ValueError(f"symbol must be {expected!r} for resolution {self.number} of {self.year}")
        if self.adopted.value and self.adopted.value.year != self.year:
            raise ValueError(f"adopted {self.adopted.value} is not in year {self.year}")
        return self


class Issuer(KBModel):
    id: str = Field(pattern=_SLUG)
    name: str
    short: str
    names: list[str] = Field(default_factory=list)
    exact: list[str] = Field(default_factory=list)


class Target(KBModel):
    id: str = Field(pattern=_SLUG)
    name: str
    names: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    exact: list[str] = Field(default_factory=list)
    default_issuer: str | None = None


class Phrase(KBModel):
    text: str | None = None
    tokens: list[dict] | None = None
    regime: str | None = None
    issuer: str | None = None
    issuer_hint: str | None = None
    default_target: str | None = None
    fallback: str | None = None
    requires_issuer: str | None = None
    requires_target: bool = False

    @model_validator(mode="after")
    def _one_pattern(self):
        if (self.text is None) == (self.tokens is None):
            raise ValueError("a phrase needs exactly one of `text` or `tokens`")
        if self.requires_target and not self.regime:
            raise ValueError("requires_target only applies to a phrase with a `regime`")
        return self


def _compile(value: str, groups: tuple[str, ...] = ()) -> str:
    try:
        pattern = re.compile(value)
    except re.error as error:
        raise ValueError(f"invalid regular expression: {error}") from None
    for group in groups:
        if group not in pattern.groupindex:
            raise ValueError(f"the regular expression needs a named group (?P<{group}>...)")
    return value


class ResolutionForm(KBModel):
    regex: str
    un: bool = False

    @field_validator("regex")
    @classmethod
    def _valid(cls, value):
        return _compile(value, ("num",))


class ResolutionReferences(KBModel):
    forms: list[ResolutionForm] = Field(min_length=1)
    continuation: str
    un_prefix: str

    @field_validator("continuation")
    @classmethod
    def _valid_list(cls, value):
        return _compile(value, ("num",))

    @field_validator("un_prefix")
    @classmethod
    def _valid_prefix(cls, value):
        return _compile(value)


class Context(KBModel):
    target_after: list[str] = Field(default_factory=list)
    issuer_after: list[str] = Field(default_factory=list)
    imposing_verbs: list[str] = Field(default_factory=list)
    other_senses: list[str] = Field(default_factory=list)
    not_default: list[str] = Field(default_factory=list)


# --- one model per kind of file -------------------------------------------------------------


class IssuersFile(KBModel):
    issuers: list[Issuer] = Field(min_length=1)


class TargetsFile(KBModel):
    targets: list[Target] = Field(min_length=1)


class RegimesFile(KBModel):
    regimes: list[Regime] = Field(min_length=1)


class ResolutionsFile(KBModel):
    resolutions: list[Resolution] = Field(min_length=1)


class DetectionFile(KBModel):
    phrases: list[Phrase] = Field(min_length=1)
    resolution_references: ResolutionReferences
    context: Context


class TopicsFile(KBModel):
    topics: dict[str, list[str]] = Field(min_length=1)
