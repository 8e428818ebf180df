"""The indicator catalogue: what each indicator measures, how it aggregates and how it is computed.

The facts live in ``catalogue.toml`` (one ``[[indicator]]`` per indicator, following
``INDICATORS.md``); this module loads that file once at import, checks it and exposes it
as frozen dataclasses. ``aggregation`` says how a higher level is formed from Gemeinden:
``ratio`` = Σ numerator / Σ denominator × ``scale``, ``sum`` = Σ values. Averaging
percentages is never offered.

A ``recipe`` says how the importer derives an indicator from imported base series: a list
of :class:`Variant` tried in order, the first that yields a value for a (region, period)
wins. ``[[table]]`` rules tell the importer how to treat a table (``TABLE_RULES``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import language

CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")

POLARITIES = frozenset({-1, 0, 1})
AGGREGATIONS = frozenset({"ratio", "sum", "none"})
OFFICIAL_LEVELS = frozenset({"Gemeinde", "Kreis"})
REFERENCES = frozenset({"Jahr", "31.12.", "01.03.", "Schuljahr"})
VARIANT_KINDS = frozenset({"value", "ratio", "sum", "growth"})
DASH_RULES = frozenset({"zero", "none"})
BASES = frozenset({"Fortschreibung", "Zensus"})

# Classic Regionaldatenbank codes end in their regional depth: -4 (Kreise), -5 (Gemeinden),
# -B (all levels) or combinations such as -4-B. ffcsv / GENESIS-Online codes do not.
_CLASSIC_CODE = re.compile(r"^(\d{5}-\d{2}-\d{2})(?:-[1-5])?(?:-B)?$", re.IGNORECASE)
_DAY_MONTH = re.compile(r"^(0[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])\.$")


# -- dataclasses ------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Theme(language.Localized):
    slug: str
    title: str
    title_en: str = ""

    _ENGLISH = ("title",)


@dataclass(frozen=True)
class DemoRange:
    """Plausible ranges for synthetic demo data: level at 2015 and 2024 per reference region."""

    kreis: tuple[float, float]
    land: tuple[float, float]
    bund: tuple[float, float]
    base_share: float  # denominator (ratio) or count per inhabitant (sum)
    spread: float  # relative spread between Gemeinden
    suppress_small: bool = False


@dataclass(frozen=True)
class Selector:
    """Which imported series a recipe reads.

    ``tables`` are table stems (alternatives, first present wins); ``match`` the label parts
    that must appear (anything unnamed resolves to its total); ``sum`` instead of ``match``
    adds several matched series (age bands). ``year_offset`` shifts the period relative to
    the numerator's; ``date`` ("31.12.") picks the period with that day and month.
    """

    tables: tuple[str, ...]
    match: tuple[str, ...] = ()
    sum: tuple[tuple[str, ...], ...] = ()
    year_offset: int = 0
    date: str | None = None


@dataclass(frozen=True)
class Variant:
    """One way to compute an indicator: a published value, a ratio, a sum or a growth rate."""

    kind: str
    value: Selector | None = None
    numerator: Selector | None = None
    denominator: Selector | None = None
    parts: tuple[Selector, ...] = ()
    series: Selector | None = None
    years: int | None = None

    @property
    def selectors(self) -> tuple[Selector, ...]:
        single = (self.value, self.numerator, self.denominator, self.series)
        return tuple(s for s in single if s is not None) + self.parts


@dataclass(frozen=True, eq=False)
class IndicatorSpec(language.Localized):
    id: str
    theme: str
    name: str
    short_name: str
    unit: str
    definition: str
    source: str
    polarity: int
    decimals: int
    level: str
    aggregation: str
    scale: float = 1.0
    reference: str = "Jahr"
    breaks: tuple[tuple[int, str], ...] = ()
    official_level: str = "Kreis"  # where official figures exist: "Gemeinde" or "Kreis"
    tables: tuple[str, ...] = ()
    name_en: str = ""
    short_name_en: str = ""
    definition_en: str = ""
    unit_en: str = ""
    level_en: str = ""
    source_en: str = ""
    breaks_en: tuple[tuple[int, str], ...] = ()
    demo: DemoRange | None = None
    demo_derived: str | None = None  # demo values derived from this indicator instead of a range
    recipe: tuple[Variant, ...] = ()

    _ENGLISH = ("name", "short_name", "definition", "unit", "level", "source", "breaks")

    @property
    def recipe_stems(self) -> frozenset[str]:
        """Every table stem any variant of the recipe may read."""
        return frozenset(stem for v in self.recipe for s in v.selectors for stem in s.tables)


@dataclass(frozen=True)
class TableRule:
    """How the importer treats one table, a statistic (``12531``) or a table family."""

    stem: str
    no_sum: str | None = None  # why cells must not be summed; None = summing is fine
    no_sum_years: tuple[int, ...] = ()  # no_sum only for these years; empty = always
    dash: str | None = None  # "-" means "zero" or "none"; None = decided by unit elsewhere
    basis: str | None = None  # population basis: "Fortschreibung" or "Zensus"


@dataclass(frozen=True)
class Catalogue:
    themes: tuple[Theme, ...]
    indicators: tuple[IndicatorSpec, ...]
    table_rules: dict[str, TableRule] = field(default_factory=dict)


# -- table codes and rules --------------------------------------------------


def table_stem(code: str) -> str:
    """The table code without its regional-depth suffix; other codes come back unchanged.

    >>> table_stem("22543-02-02-4-B"), table_stem("12411-0043"), table_stem("AI-N-01-2-5")
    ('22543-02-02', '12411-0043', 'AI-N-01-2-5')
    """
    code = code.strip()
    found = _CLASSIC_CODE.match(code)
    return found.group(1) if found else code


def _rule_keys(stem: str) -> Iterator[str]:
    """``12411-07-01`` → ``12411``, ``12411-07``, ``12411-07-01``: general first."""
    pieces = stem.split("-")
    for end in range(1, len(pieces) + 1):
        yield "-".join(pieces[:end])


def table_rule(stem: str, rules: Mapping[str, TableRule] | None = None) -> TableRule | None:
    """The rule for a table stem (a full code is reduced to its stem first).

    Rules for a statistic (``12411``) apply to all its tables; a rule for the stem itself
    overrides their fields. None when no rule applies.
    """
    rules = TABLE_RULES if rules is None else rules
    stem = table_stem(stem)
    found = [rules[key] for key in _rule_keys(stem) if key in rules]
    if not found:
        return None
    merged = TableRule(stem=stem)
    for rule in found:
        merged = TableRule(
            stem=stem,
            no_sum=rule.no_sum if rule.no_sum is not None else merged.no_sum,
            no_sum_years=rule.no_sum_years if rule.no_sum is not None else merged.no_sum_years,
            dash=rule.dash if rule.dash is not None else merged.dash,
            basis=rule.basis if rule.basis is not None else merged.basis,
        )
    return merged


# -- loading and validation -------------------------------------------------


class _Context:
    """Where a value sits in the file, for error messages that name indicator and field."""

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        self.where = where

    def error(self, message: str) -> ValueError:
        return ValueError(f"{self.path.name}, {self.where}: {message}")

    def table(self, raw: object, name: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.error(f"Feld '{name}' muss eine Tabelle sein")
        return raw

    def known_keys(self, raw: Mapping[str, Any], allowed: set[str], name: str) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise self.error(f"unbekannte Felder in '{name}': {', '.join(unknown)}")

    def text(self, raw: Mapping[str, Any], key: str, *, required: bool = True, default: str = "") -> str:
        if key not in raw:
            if required:
                raise self.error(f"Pflichtfeld '{key}' fehlt")
            return default
        value = raw[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(f"Feld '{key}' muss ein nicht leerer Text sein (gefunden: {value!r})")
        return value

    def integer(self, raw: Mapping[str, Any], key: str, default: int | None = None) -> int:
        if key not in raw:
            if default is None:
                raise self.error(f"Pflichtfeld '{key}' fehlt")
            return default
        value = raw[key]
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"Feld '{key}' muss eine ganze Zahl sein (gefunden: {value!r})")
        return value

    def number(self, raw: Mapping[str, Any], key: str) -> float:
        if key not in raw:
            raise self.error(f"Pflichtfeld '{key}' fehlt")
        value = raw[key]
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.error(f"Feld '{key}' muss eine Zahl sein (gefunden: {value!r})")
        return float(value)

    def choice(self, value: object, key: str, allowed: frozenset[Any]) -> Any:
        if value is None:  # TOML has no null: the key is missing
            raise self.error(f"Pflichtfeld '{key}' fehlt")
        if value not in allowed or isinstance(value, bool):
            options = ", ".join(repr(a) for a in sorted(allowed, key=str))
            raise self.error(f"Feld '{key}' muss einer der Werte {options} sein (gefunden: {value!r})")
        return value

    def texts(self, raw: Mapping[str, Any], key: str, *, required: bool = False) -> tuple[str, ...]:
        if key not in raw:
            if required:
                raise self.error(f"Pflichtfeld '{key}' fehlt")
            return ()
        value = raw[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(f"Feld '{key}' muss eine Liste nicht leerer Texte sein (gefunden: {value!r})")
        return tuple(value)


_SELECTOR_KEYS = {"table", "match", "sum", "year_offset", "date"}
_VARIANT_FIELDS = {
    "value": ("value",),
    "ratio": ("numerator", "denominator"),
    "sum": ("parts",),
    "growth": ("series", "years"),
}


def _selector(raw: object, ctx: _Context, name: str) -> Selector:
    data = ctx.table(raw, name)
    ctx.known_keys(data, _SELECTOR_KEYS, name)
    tables_raw = data.get("table")
    tables = (tables_raw,) if isinstance(tables_raw, str) else tables_raw
    if not isinstance(tables, list | tuple) or not tables or not all(isinstance(t, str) for t in tables):
        raise ctx.error(f"'{name}.table' muss ein Tabellenstamm oder eine Liste davon sein (gefunden: {tables_raw!r})")
    for stem in tables:
        if not stem.strip():
            raise ctx.error(f"'{name}.table' enthält einen leeren Tabellenstamm")
        if table_stem(stem) != stem:
            raise ctx.error(f"'{name}.table' nennt '{stem}': bitte den Stamm '{table_stem(stem)}' angeben")
    if ("match" in data) == ("sum" in data):
        raise ctx.error(f"'{name}' braucht genau eines der Felder 'match' oder 'sum'")
    match: tuple[str, ...] = ()
    sums: tuple[tuple[str, ...], ...] = ()
    if "match" in data:
        match_raw = data["match"]
        if not isinstance(match_raw, list) or not all(isinstance(m, str) and m.strip() for m in match_raw):
            raise ctx.error(f"'{name}.match' muss eine Liste nicht leerer Texte sein (gefunden: {match_raw!r})")
        match = tuple(match_raw)
    else:
        sum_raw = data["sum"]
        valid = isinstance(sum_raw, list) and sum_raw
        valid = valid and all(
            isinstance(group, list) and group and all(isinstance(m, str) and m.strip() for m in group)
            for group in sum_raw
        )
        if not valid:
            raise ctx.error(
                f"'{name}.sum' muss eine nicht leere Liste von Listen von Texten sein (gefunden: {sum_raw!r})"
            )
        sums = tuple(tuple(group) for group in sum_raw)
    year_offset = ctx.integer(data, "year_offset", default=0)
    date = data.get("date")
    if date is not None and (not isinstance(date, str) or not _DAY_MONTH.match(date)):
        raise ctx.error(f"'{name}.date' muss die Form 'TT.MM.' haben, z. B. '31.12.' (gefunden: {date!r})")
    return Selector(tuple(tables), match, sums, year_offset, date)


def _variant(raw: object, ctx: _Context, index: int) -> Variant:
    name = f"recipe[{index}]"
    data = ctx.table(raw, name)
    kind = ctx.choice(data.get("kind"), f"{name}.kind", VARIANT_KINDS)
    required = _VARIANT_FIELDS[kind]
    ctx.known_keys(data, {"kind", *required}, f"{name} (kind = {kind!r})")
    for key in required:
        if key not in data:
            raise ctx.error(f"'{name}' (kind = {kind!r}) braucht das Feld '{key}'")
    if kind == "value":
        return Variant(kind, value=_selector(data["value"], ctx, f"{name}.value"))
    if kind == "ratio":
        return Variant(
            kind,
            numerator=_selector(data["numerator"], ctx, f"{name}.numerator"),
            denominator=_selector(data["denominator"], ctx, f"{name}.denominator"),
        )
    if kind == "sum":
        parts = data["parts"]
        if not isinstance(parts, list) or not parts:
            raise ctx.error(f"'{name}.parts' muss eine nicht leere Liste von Selektoren sein")
        return Variant(kind, parts=tuple(_selector(p, ctx, f"{name}.parts[{i}]") for i, p in enumerate(parts)))
    years = ctx.integer(data, "years")
    if years < 1:
        raise ctx.error(f"'{name}.years' muss mindestens 1 sein (gefunden: {years})")
    return Variant(kind, series=_selector(data["series"], ctx, f"{name}.series"), years=years)


def _pair(raw: Mapping[str, Any], key: str, ctx: _Context) -> tuple[float, float]:
    value = raw.get(key)
    valid = isinstance(value, list) and len(value) == 2
    if not valid or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise ctx.error(f"'demo.{key}' muss [Wert 2015, Wert 2024] sein (gefunden: {value!r})")
    return (float(value[0]), float(value[1]))


def _demo(raw: object, ctx: _Context) -> tuple[DemoRange | None, str | None]:
    data = ctx.table(raw, "demo")
    if not data:
        return None, None
    if "derived" in data:
        ctx.known_keys(data, {"derived"}, "demo")
        return None, ctx.text(data, "derived")
    ctx.known_keys(data, {"kreis", "land", "bund", "base_share", "spread", "suppress_small"}, "demo")
    suppress = data.get("suppress_small", False)
    if not isinstance(suppress, bool):
        raise ctx.error(f"'demo.suppress_small' muss true oder false sein (gefunden: {suppress!r})")
    base_share = ctx.number(data, "base_share")
    spread = ctx.number(data, "spread")
    if base_share <= 0 or spread < 0:
        raise ctx.error("'demo.base_share' muss größer als 0 und 'demo.spread' mindestens 0 sein")
    ranges = (_pair(data, "kreis", ctx), _pair(data, "land", ctx), _pair(data, "bund", ctx))
    return DemoRange(*ranges, base_share=base_share, spread=spread, suppress_small=suppress), None


def _breaks(raw: Mapping[str, Any], ctx: _Context, label: str = "label") -> tuple[tuple[int, str], ...]:
    """``breaks`` as (year, label); ``label="label_en"`` reads the English labels (empty if any lacks one)."""
    items = raw.get("breaks", [])
    if not isinstance(items, list):
        raise ctx.error("'breaks' muss eine Liste von { year = …, label = … } sein")
    out = []
    for i, item in enumerate(items):
        data = ctx.table(item, f"breaks[{i}]")
        ctx.known_keys(data, {"year", "label", "label_en"}, f"breaks[{i}]")
        text = ctx.text(data, label, required=label == "label")
        if not text:
            return ()
        out.append((ctx.integer(data, "year"), text))
    return tuple(out)


_INDICATOR_KEYS = {
    "id", "theme", "name", "short_name", "unit", "definition", "source", "polarity", "decimals", "level",
    "aggregation", "scale", "reference", "breaks", "official_level", "tables", "name_en", "short_name_en",
    "definition_en", "unit_en", "level_en", "source_en", "demo", "recipe",
}  # fmt: skip


def _indicator(raw: object, index: int, themes: set[str], path: Path) -> IndicatorSpec:
    ident = raw.get("id") if isinstance(raw, dict) else None
    ctx = _Context(path, f"Indikator {ident!r}" if isinstance(ident, str) else f"Indikator Nr. {index + 1}")
    data = ctx.table(raw, "indicator")
    ctx.known_keys(data, _INDICATOR_KEYS, "indicator")
    if not isinstance(ident, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", ident):
        raise ctx.error(f"Feld 'id' muss aus Kleinbuchstaben, Ziffern und _ bestehen (gefunden: {ident!r})")
    theme_slug = ctx.text(data, "theme")
    if theme_slug not in themes:
        raise ctx.error(f"Feld 'theme' nennt das unbekannte Thema {theme_slug!r}")
    decimals = ctx.integer(data, "decimals")
    if decimals < 0:
        raise ctx.error(f"Feld 'decimals' darf nicht negativ sein (gefunden: {decimals})")
    scale = ctx.number(data, "scale") if "scale" in data else 1.0
    if scale <= 0:
        raise ctx.error(f"Feld 'scale' muss größer als 0 sein (gefunden: {scale})")
    if "recipe" not in data:
        raise ctx.error("Pflichtfeld 'recipe' fehlt (für eigene Daten des Landkreises: recipe = [])")
    if not isinstance(data["recipe"], list):
        raise ctx.error("Feld 'recipe' muss eine Liste von Varianten sein")
    demo, demo_derived = _demo(data.get("demo", {}), ctx)
    return IndicatorSpec(
        id=ident,
        theme=theme_slug,
        name=ctx.text(data, "name"),
        short_name=ctx.text(data, "short_name"),
        unit=ctx.text(data, "unit"),
        definition=ctx.text(data, "definition"),
        source=ctx.text(data, "source"),
        polarity=ctx.choice(data.get("polarity"), "polarity", POLARITIES),
        decimals=decimals,
        level=ctx.text(data, "level"),
        aggregation=ctx.choice(data.get("aggregation"), "aggregation", AGGREGATIONS),
        scale=scale,
        reference=ctx.choice(data.get("reference", "Jahr"), "reference", REFERENCES),
        breaks=_breaks(data, ctx),
        official_level=ctx.choice(data.get("official_level"), "official_level", OFFICIAL_LEVELS),
        tables=ctx.texts(data, "tables"),
        name_en=ctx.text(data, "name_en", required=False),
        short_name_en=ctx.text(data, "short_name_en", required=False),
        definition_en=ctx.text(data, "definition_en", required=False),
        unit_en=ctx.text(data, "unit_en", required=False),
        level_en=ctx.text(data, "level_en", required=False),
        source_en=ctx.text(data, "source_en", required=False),
        breaks_en=_breaks(data, ctx, "label_en"),
        demo=demo,
        demo_derived=demo_derived,
        recipe=tuple(_variant(v, ctx, i) for i, v in enumerate(data["recipe"])),
    )


def _table_rule(raw: object, index: int, path: Path) -> TableRule:
    stem = raw.get("stem") if isinstance(raw, dict) else None
    ctx = _Context(path, f"Tabellenregel {stem!r}" if isinstance(stem, str) else f"Tabellenregel Nr. {index + 1}")
    data = ctx.table(raw, "table")
    ctx.known_keys(data, {"stem", "no_sum", "no_sum_years", "dash", "basis"}, "table")
    stem = ctx.text(data, "stem")
    if table_stem(stem) != stem:
        raise ctx.error(f"Feld 'stem' nennt '{stem}': bitte den Stamm '{table_stem(stem)}' angeben")
    years = data.get("no_sum_years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        raise ctx.error(f"Feld 'no_sum_years' muss eine Liste von Jahren sein (gefunden: {years!r})")
    if years and "no_sum" not in data:
        raise ctx.error("Feld 'no_sum_years' ohne 'no_sum'")
    return TableRule(
        stem=stem,
        no_sum=ctx.text(data, "no_sum") if "no_sum" in data else None,
        no_sum_years=tuple(years),
        dash=ctx.choice(data["dash"], "dash", DASH_RULES) if "dash" in data else None,
        basis=ctx.choice(data["basis"], "basis", BASES) if "basis" in data else None,
    )


def load(path: Path | str = CATALOGUE_FILE) -> Catalogue:
    """Read and check a catalogue file; a ValueError names the file, the indicator and the field."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path.name}: kein gültiges TOML: {exc}") from exc
    top = _Context(path, "Dateiebene")
    top.known_keys(data, {"theme", "indicator", "table"}, "Datei")

    themes = []
    for i, raw in enumerate(data.get("theme", [])):
        ctx = _Context(path, f"Thema Nr. {i + 1}")
        item = ctx.table(raw, "theme")
        ctx.known_keys(item, {"slug", "title", "title_en"}, "theme")
        themes.append(
            Theme(ctx.text(item, "slug"), ctx.text(item, "title"), ctx.text(item, "title_en", required=False))
        )
    slugs = [t.slug for t in themes]
    if not themes or len(set(slugs)) != len(slugs):
        raise top.error("es braucht mindestens ein [[theme]], jedes mit eigenem 'slug'")

    indicators = [_indicator(raw, i, set(slugs), path) for i, raw in enumerate(data.get("indicator", []))]
    seen: set[str] = set()
    for spec in indicators:
        if spec.id in seen:
            raise _Context(path, f"Indikator {spec.id!r}").error("die id kommt mehrfach vor")
        seen.add(spec.id)
    for spec in indicators:
        if spec.demo_derived is not None and spec.demo_derived not in seen:
            raise _Context(path, f"Indikator {spec.id!r}").error(
                f"'demo.derived' nennt den unbekannten Indikator {spec.demo_derived!r}"
            )
    for slug in slugs:
        if not any(spec.theme == slug for spec in indicators):
            raise top.error(f"das Thema {slug!r} hat keine Indikatoren")

    rules: dict[str, TableRule] = {}
    for i, raw in enumerate(data.get("table", [])):
        rule = _table_rule(raw, i, path)
        if rule.stem in rules:
            raise _Context(path, f"Tabellenregel {rule.stem!r}").error("der Stamm kommt mehrfach vor")
        rules[rule.stem] = rule
    return Catalogue(tuple(themes), tuple(indicators), rules)


# -- the loaded catalogue ---------------------------------------------------

_CATALOGUE = load()

THEMES: tuple[Theme, ...] = _CATALOGUE.themes
INDICATORS: tuple[IndicatorSpec, ...] = _CATALOGUE.indicators
TABLE_RULES: dict[str, TableRule] = _CATALOGUE.table_rules

_BY_ID = {spec.id: spec for spec in INDICATORS}
_THEMES_BY_SLUG = {theme.slug: theme for theme in THEMES}


def indicator(indicator_id: str) -> IndicatorSpec:
    """Look up one indicator; a KeyError names the unknown id."""
    return _BY_ID[indicator_id]


def theme(slug: str) -> Theme:
    return _THEMES_BY_SLUG[slug]


def indicators_for_theme(slug: str) -> tuple[IndicatorSpec, ...]:
    """Indicators of one theme in catalogue order (the order of the picker)."""
    return tuple(spec for spec in INDICATORS if spec.theme == slug)
