"""What a theme page is made of; theme modules fill one of these."""

from __future__ import annotations

from dataclasses import dataclass

import language
from data_access import catalogue


@dataclass(frozen=True, eq=False)
class ThemePage(language.Localized):
    """A theme page; ``intro`` and ``heading`` answer in English with ``lang=en`` (``intro_en``, ``heading_en``)."""

    slug: str
    intro: str
    default_indicator: str
    heading: str = ""  # a page that is no catalogue theme names itself ("Weitere Daten")
    intro_en: str = ""
    heading_en: str = ""

    _ENGLISH = ("intro", "heading")

    @property
    def title(self) -> str:
        return self.heading or catalogue.theme(self.slug).title

    @property
    def path(self) -> str:
        return f"/{self.slug}"

    @property
    def indicators(self) -> tuple[catalogue.IndicatorSpec, ...]:
        return catalogue.indicators_for_theme(self.slug)
