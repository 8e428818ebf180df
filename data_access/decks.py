"""Sitzungsmappen (meeting decks): named, ordered views kept in the store.

A deck is prepared at the desk and shown in the committee room, so what it stores is
the view's address (theme, indicator, year, highlighted Gemeinde) plus the words the
presenter adds (heading, speaker note), never a rendered figure: the deck shows the
data as they are when it is presented or exported. Every change happens in one
transaction; a bad name or an unknown deck raises ``DeckError`` with a German message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.models import Deck, DeckView
from data_access.store import Store

NAME_LIMIT = 120
HEADING_LIMIT = 200
NOTE_LIMIT = 4000
VIEW_LIMIT = 60  # views per deck: a meeting, not an archive
SLUG_LIMIT = 60
EXAMPLE_SLUG = "beispiel"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


class DeckError(ValueError):
    """A deck change that cannot be made; the message says why, in German."""


@dataclass(frozen=True)
class SlideSpec:
    """One stored view of a deck."""

    id: int
    position: int
    theme: str
    indicator: str
    year: int | None
    gemeinde: str | None
    heading: str
    note: str


@dataclass(frozen=True)
class DeckSpec:
    slug: str
    name: str
    updated_at: dt.datetime
    views: tuple[SlideSpec, ...]


def slugify(name: str) -> str:
    """The deck's address from its name: "Schulausschuss März 2025" → "schulausschuss-maerz-2025"."""
    text = unicodedata.normalize("NFKD", name.translate(_UMLAUTS))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:SLUG_LIMIT].rstrip("-")


def valid_slug(slug: object) -> bool:
    """Whether ``slug`` can be a deck address at all (checked before any query)."""
    return isinstance(slug, str) and 0 < len(slug) <= SLUG_LIMIT and re.fullmatch(r"[a-z0-9-]+", slug) is not None


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DeckError("Bitte einen Namen für die Sitzungsmappe angeben.")
    if len(name) > NAME_LIMIT:
        raise DeckError(f"Der Name ist zu lang: höchstens {NAME_LIMIT} Zeichen (hier {len(name)}).")
    if not slugify(name):
        raise DeckError("Der Name braucht mindestens einen Buchstaben oder eine Ziffer.")
    return name


def _clean_text(value: str | None, limit: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DeckError(f"{what} ist zu lang: höchstens {limit} Zeichen (hier {len(value)}).")
    return value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _deck(session: Session, slug: str) -> Deck:
    deck = session.scalar(select(Deck).where(Deck.slug == slug)) if valid_slug(slug) else None
    if deck is None:
        raise DeckError(f"Die Sitzungsmappe „{slug}“ gibt es nicht (mehr).")
    return deck


def _views(session: Session, deck: Deck) -> list[DeckView]:
    return list(session.scalars(select(DeckView).where(DeckView.deck_id == deck.id).order_by(DeckView.position)))


def _spec(session: Session, deck: Deck) -> DeckSpec:
    views = tuple(
        SlideSpec(v.id, i, v.theme, v.indicator, v.year, v.gemeinde, v.heading or "", v.note or "")
        for i, v in enumerate(_views(session, deck), start=1)
    )
    updated = deck.updated_at if deck.updated_at.tzinfo else deck.updated_at.replace(tzinfo=dt.UTC)
    return DeckSpec(deck.slug, deck.name, updated, views)


def list_decks(store: Store) -> list[DeckSpec]:
    """Every deck, the most recently changed first."""
    with store.sessions() as session:
        decks = session.scalars(select(Deck).order_by(Deck.updated_at.desc(), Deck.id.desc())).all()
        return [_spec(session, deck) for deck in decks]


def get_deck(store: Store, slug: str) -> DeckSpec | None:
    """The deck at ``slug``, or ``None`` when there is none (or the slug cannot be one)."""
    if not valid_slug(slug):
        return None
    with store.sessions() as session:
        deck = session.scalar(select(Deck).where(Deck.slug == slug))
        return _spec(session, deck) if deck else None


def _free_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(session.scalars(select(Deck.slug).where(Deck.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base[: SLUG_LIMIT - len(str(n)) - 1]}-{n}" in taken:
        n += 1
    return f"{base[: SLUG_LIMIT - len(str(n)) - 1]}-{n}"


def create_deck(store: Store, name: str, slug: str | None = None, actor: str = audit.SYSTEM) -> DeckSpec:
    """A new, empty deck; its address comes from the name unless given."""
    name = _clean_name(name)
    with store.sessions.begin() as session:
        if slug is not None:
            if not valid_slug(slug):
                raise DeckError(f"„{slug}“ kann keine Adresse einer Sitzungsmappe sein (nur a–z, 0–9 und -).")
            if session.scalar(select(Deck.id).where(Deck.slug == slug)) is not None:
                raise DeckError(f"Die Sitzungsmappe „{slug}“ gibt es schon.")
        if session.scalar(select(Deck.id).where(func.lower(Deck.name) == name.lower())) is not None:
            raise DeckError(f"Eine Sitzungsmappe „{name}“ gibt es schon.")
        now = _now()
        deck = Deck(slug=slug or _free_slug(session, name), name=name, created_at=now, updated_at=now)
        session.add(deck)
        session.flush()
        audit.record(session, actor, "deck_created", deck.slug, f"„{name}“")
        return _spec(session, deck)


def add_view(
    store: Store,
    slug: str,
    theme: str,
    indicator: str,
    year: int | None = None,
    gemeinde: str | None = None,
    heading: str = "",
    note: str = "",
    actor: str = audit.SYSTEM,
) -> SlideSpec:
    """Append a view to a deck; the indicator must be one the store knows."""
    heading = _clean_text(heading, HEADING_LIMIT, "Die Überschrift")
    note = _clean_text(note, NOTE_LIMIT, "Die Notiz")
    try:
        store.spec(indicator)
    except KeyError:
        raise DeckError(f"Den Indikator „{indicator}“ gibt es nicht.") from None
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        count = session.scalar(select(func.count()).where(DeckView.deck_id == deck.id)) or 0
        if count >= VIEW_LIMIT:
            raise DeckError(f"Die Sitzungsmappe „{deck.name}“ hat schon {VIEW_LIMIT} Ansichten, mehr passen nicht.")
        view = DeckView(
            deck_id=deck.id,
            position=count + 1,
            theme=theme,
            indicator=indicator,
            year=year,
            gemeinde=gemeinde or None,
            heading=heading,
            note=note,
        )
        session.add(view)
        deck.updated_at = _now()
        session.flush()
        audit.record(session, actor, "view_added", slug, f"Ansicht {count + 1}: {heading or indicator}")
        return SlideSpec(view.id, count + 1, theme, indicator, year, gemeinde or None, heading, note)


def rename_deck(store: Store, slug: str, name: str, actor: str = audit.SYSTEM) -> None:
    """A new name; the address stays, so links already sent keep working."""
    name = _clean_name(name)
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        clash = session.scalar(select(Deck.id).where(func.lower(Deck.name) == name.lower(), Deck.id != deck.id))
        if clash is not None:
            raise DeckError(f"Eine Sitzungsmappe „{name}“ gibt es schon.")
        audit.record(session, actor, "deck_renamed", slug, f"„{deck.name}“ → „{name}“")
        deck.name = name
        deck.updated_at = _now()


def _view(session: Session, deck: Deck, view_id: int) -> DeckView:
    view = session.get(DeckView, view_id) if isinstance(view_id, int) else None
    if view is None or view.deck_id != deck.id:
        raise DeckError(f"Diese Ansicht gehört nicht (mehr) zur Sitzungsmappe „{deck.name}“.")
    return view


def update_view(store: Store, slug: str, view_id: int, heading: str, note: str, actor: str = audit.SYSTEM) -> None:
    """Change the words of a view: its heading and its speaker note."""
    heading = _clean_text(heading, HEADING_LIMIT, "Die Überschrift")
    note = _clean_text(note, NOTE_LIMIT, "Die Notiz")
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        view = _view(session, deck, view_id)
        view.heading, view.note = heading, note
        deck.updated_at = _now()
        audit.record(session, actor, "view_edited", slug, f"Ansicht {view.position}: {heading or view.indicator}")


def move_view(store: Store, slug: str, view_id: int, offset: int, actor: str = audit.SYSTEM) -> None:
    """Move a view ``offset`` places (−1 up, +1 down); at either end it stays where it is."""
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        views = _views(session, deck)
        view = _view(session, deck, view_id)
        index = views.index(view)
        target = max(0, min(len(views) - 1, index + offset))
        views.insert(target, views.pop(index))
        _renumber(views)
        deck.updated_at = _now()
        if target != index:
            audit.record(session, actor, "view_moved", slug, f"Ansicht {index + 1} → {target + 1}")


def _renumber(views: list[DeckView]) -> None:
    for position, view in enumerate(views, start=1):
        view.position = position


def delete_view(store: Store, slug: str, view_id: int, actor: str = audit.SYSTEM) -> None:
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        views = _views(session, deck)
        view = _view(session, deck, view_id)
        audit.record(session, actor, "view_removed", slug, f"Ansicht {view.position}: {view.heading or view.indicator}")
        session.delete(view)
        views.remove(view)
        _renumber(views)
        deck.updated_at = _now()


def delete_deck(store: Store, slug: str, actor: str = audit.SYSTEM) -> None:
    with store.sessions.begin() as session:
        deck = _deck(session, slug)
        audit.record(session, actor, "deck_deleted", slug, f"„{deck.name}“")
        session.execute(delete(DeckView).where(DeckView.deck_id == deck.id))
        session.delete(deck)


# The example deck of the demo: one view from each of three themes, one with a highlighted Gemeinde.
EXAMPLE_NAME = "Beispiel: Schulausschuss"
EXAMPLE_VIEWS = (
    ("fruehkindliche-bildung", "betreuungsquote_u3", None, "Kita-Plätze für die Kleinsten", ""),
    ("allgemeinbildende-schulen", "anteil_abgaenger_ohne_hsa", "03453005", "Abschlüsse in Emstek", ""),
    ("migration-und-integration", "auslaenderanteil", None, "", ""),
)
EXAMPLE_NOTES = (
    "Quote der unter Dreijährigen in Betreuung; Bedarf im Norden des Kreises ansprechen.",
    "Emstek im Vergleich zu Kreis und Land; Entwicklung seit 2015 zeigen.",
    "Anteil der Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit; Verteilung über die Gemeinden.",
)


def seed_example(store: Store) -> DeckSpec:
    """The deck ``beispiel`` (three views, three themes), recreated if it exists."""
    if get_deck(store, EXAMPLE_SLUG) is not None:
        delete_deck(store, EXAMPLE_SLUG)
    create_deck(store, EXAMPLE_NAME, slug=EXAMPLE_SLUG)
    for (theme, indicator, gemeinde, heading, _), note in zip(EXAMPLE_VIEWS, EXAMPLE_NOTES, strict=True):
        add_view(store, EXAMPLE_SLUG, theme, indicator, None, gemeinde, heading, note)
    deck = get_deck(store, EXAMPLE_SLUG)
    assert deck is not None
    return deck
