"""The deck store (data_access.decks) against a temporary SQLite file: addresses, order, limits, German errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import decks
from data_access.decks import DeckError
from data_access.models import Deck, DeckView

INDICATOR = "betreuungsquote_u3"
THEME = "fruehkindliche-bildung"


def counts(store) -> tuple[int, int]:
    """(decks, views) as stored: what "nothing written" is checked against."""
    with store.sessions() as session:
        return session.scalar(select(func.count(Deck.id))), session.scalar(select(func.count(DeckView.id)))


def deck_with_views(store, n: int = 3, name: str = "Schulausschuss März") -> decks.DeckSpec:
    deck = decks.create_deck(store, name)
    for i in range(n):
        decks.add_view(store, deck.slug, THEME, INDICATOR, 2020 + i, None, f"Folie {i + 1}")
    spec = decks.get_deck(store, deck.slug)
    assert spec is not None
    return spec


def headings(store, slug: str) -> list[str]:
    deck = decks.get_deck(store, slug)
    assert deck is not None
    assert [v.position for v in deck.views] == list(range(1, len(deck.views) + 1))  # no gaps, no doubles
    return [v.heading for v in deck.views]


# -- addresses ------------------------------------------------------------------


def test_slug_from_a_name_with_umlauts(store):
    deck = decks.create_deck(store, "Schulausschuss März")
    assert deck.slug == "schulausschuss-maerz"
    assert deck.name == "Schulausschuss März"
    assert decks.slugify("Größe über Äcker") == "groesse-ueber-aecker"


def test_same_address_from_another_name_gets_a_number(store):
    assert decks.create_deck(store, "Schulausschuss März").slug == "schulausschuss-maerz"
    assert decks.create_deck(store, "Schulausschuss – März!").slug == "schulausschuss-maerz-2"
    assert decks.create_deck(store, "schulausschuss maerz").slug == "schulausschuss-maerz-3"


def test_same_name_in_other_case_is_refused(store):
    decks.create_deck(store, "Schulausschuss März")
    with pytest.raises(DeckError, match="Eine Sitzungsmappe „SCHULAUSSCHUSS MÄRZ“ gibt es schon"):
        decks.create_deck(store, "SCHULAUSSCHUSS MÄRZ")
    assert counts(store) == (1, 0)


def test_long_name_gives_a_short_address_that_stays_unique(store):
    name = "Jugendhilfeausschuss " * 5
    first, second = decks.create_deck(store, name), decks.create_deck(store, name + "2")
    assert len(first.slug) <= decks.SLUG_LIMIT and len(second.slug) <= decks.SLUG_LIMIT
    assert first.slug != second.slug and decks.valid_slug(second.slug)


def test_rename_keeps_the_address(store):
    deck = deck_with_views(store, 1)
    decks.rename_deck(store, deck.slug, "  Kreistag   Juni ")
    renamed = decks.get_deck(store, deck.slug)
    assert renamed is not None and renamed.name == "Kreistag Juni" and renamed.slug == "schulausschuss-maerz"
    assert decks.get_deck(store, "kreistag-juni") is None


def test_rename_to_a_taken_name_is_refused(store):
    decks.create_deck(store, "Kreistag")
    other = decks.create_deck(store, "Schulausschuss")
    with pytest.raises(DeckError, match="gibt es schon"):
        decks.rename_deck(store, other.slug, "kreistag")
    assert decks.get_deck(store, other.slug).name == "Schulausschuss"


@pytest.mark.parametrize("slug", ["", "Gross", "a/b", "x" * 61, "<script>"])
def test_impossible_addresses_are_no_deck(store, slug):
    assert not decks.valid_slug(slug)
    assert decks.get_deck(store, slug) is None


# -- order ----------------------------------------------------------------------


def test_move_up_and_down_and_stay_at_the_ends(store):
    deck = deck_with_views(store, 3)
    first, second, third = (v.id for v in deck.views)
    decks.move_view(store, deck.slug, first, -1)  # already at the top
    assert headings(store, deck.slug) == ["Folie 1", "Folie 2", "Folie 3"]
    decks.move_view(store, deck.slug, third, 1)  # already at the bottom
    assert headings(store, deck.slug) == ["Folie 1", "Folie 2", "Folie 3"]
    decks.move_view(store, deck.slug, first, 1)
    assert headings(store, deck.slug) == ["Folie 2", "Folie 1", "Folie 3"]
    decks.move_view(store, deck.slug, third, -1)
    assert headings(store, deck.slug) == ["Folie 2", "Folie 3", "Folie 1"]
    decks.move_view(store, deck.slug, second, 1)
    assert headings(store, deck.slug) == ["Folie 3", "Folie 2", "Folie 1"]


def test_delete_view_renumbers(store):
    deck = deck_with_views(store, 4)
    decks.delete_view(store, deck.slug, deck.views[1].id)
    assert headings(store, deck.slug) == ["Folie 1", "Folie 3", "Folie 4"]
    added = decks.add_view(store, deck.slug, THEME, INDICATOR, heading="Folie 5")
    assert added.position == 4
    assert headings(store, deck.slug) == ["Folie 1", "Folie 3", "Folie 4", "Folie 5"]


def test_a_view_of_another_deck_cannot_be_changed(store):
    mine, other = deck_with_views(store, 1), deck_with_views(store, 1, name="Kreistag")
    foreign = other.views[0].id
    for change in (
        lambda: decks.update_view(store, mine.slug, foreign, "x", "y"),
        lambda: decks.move_view(store, mine.slug, foreign, 1),
        lambda: decks.delete_view(store, mine.slug, foreign),
    ):
        with pytest.raises(DeckError, match="gehört nicht \\(mehr\\) zur Sitzungsmappe „Schulausschuss März“"):
            change()
    assert headings(store, other.slug) == ["Folie 1"]


def test_update_view_changes_heading_and_note(store):
    deck = deck_with_views(store, 2)
    decks.update_view(store, deck.slug, deck.views[1].id, "  Neue Überschrift ", "Bitte langsam erklären.")
    view = decks.get_deck(store, deck.slug).views[1]
    assert (view.heading, view.note) == ("Neue Überschrift", "Bitte langsam erklären.")


def test_delete_deck_removes_its_views(store):
    keep = deck_with_views(store, 2, name="Kreistag")
    gone = deck_with_views(store, 3)
    decks.delete_deck(store, gone.slug)
    assert decks.get_deck(store, gone.slug) is None
    assert counts(store) == (1, 2)
    assert headings(store, keep.slug) == ["Folie 1", "Folie 2"]
    with pytest.raises(DeckError, match="Die Sitzungsmappe „schulausschuss-maerz“ gibt es nicht \\(mehr\\)"):
        decks.delete_deck(store, gone.slug)


def test_list_shows_the_most_recently_changed_first(store):
    old, new = decks.create_deck(store, "Alt"), decks.create_deck(store, "Neu")
    assert [d.slug for d in decks.list_decks(store)] == [new.slug, old.slug]
    decks.add_view(store, old.slug, THEME, INDICATOR)
    assert [d.slug for d in decks.list_decks(store)] == [old.slug, new.slug]


# -- limits and refusals ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Bitte einen Namen für die Sitzungsmappe angeben."),
        ("   ", "Bitte einen Namen für die Sitzungsmappe angeben."),
        ("x" * 121, "Der Name ist zu lang: höchstens 120 Zeichen (hier 121)."),
        ("!!! ??? …", "Der Name braucht mindestens einen Buchstaben oder eine Ziffer."),
    ],
)
def test_bad_names_are_refused_in_german(store, name, message):
    with pytest.raises(DeckError) as refused:
        decks.create_deck(store, name)
    assert str(refused.value) == message
    assert counts(store) == (0, 0)


def test_a_name_of_exactly_the_limit_is_fine(store):
    assert decks.create_deck(store, "x" * decks.NAME_LIMIT).name == "x" * 120


def test_long_heading_and_note_are_refused_and_nothing_is_written(store):
    deck = decks.create_deck(store, "Kreistag")
    with pytest.raises(DeckError, match="Die Überschrift ist zu lang: höchstens 200 Zeichen \\(hier 201\\)"):
        decks.add_view(store, deck.slug, THEME, INDICATOR, heading="x" * 201)
    with pytest.raises(DeckError, match="Die Notiz ist zu lang: höchstens 4000 Zeichen"):
        decks.add_view(store, deck.slug, THEME, INDICATOR, note="x" * 4001)
    assert counts(store) == (1, 0)


def test_unknown_indicator_is_refused_and_nothing_is_written(store):
    deck = decks.create_deck(store, "Kreistag")
    with pytest.raises(DeckError, match="Den Indikator „gibt_es_nicht“ gibt es nicht."):
        decks.add_view(store, deck.slug, THEME, "gibt_es_nicht")
    with pytest.raises(DeckError, match="gibt es nicht"):
        decks.add_view(store, deck.slug, THEME, "s-99999-00-00-4-xyz")  # an unknown base series
    assert counts(store) == (1, 0)
    assert decks.get_deck(store, deck.slug).updated_at == deck.updated_at


def test_view_in_an_unknown_deck_is_refused(store):
    with pytest.raises(DeckError, match="Die Sitzungsmappe „fehlt“ gibt es nicht"):
        decks.add_view(store, "fehlt", THEME, INDICATOR)
    assert counts(store) == (0, 0)


def test_a_deck_holds_at_most_the_view_limit(store):
    deck = deck_with_views(store, decks.VIEW_LIMIT, name="Kreistag")
    assert len(deck.views) == 60
    with pytest.raises(DeckError, match="hat schon 60 Ansichten, mehr passen nicht"):
        decks.add_view(store, deck.slug, THEME, INDICATOR)
    assert counts(store) == (1, 60)


def test_explicit_address_is_checked(store):
    with pytest.raises(DeckError, match="kann keine Adresse einer Sitzungsmappe sein"):
        decks.create_deck(store, "Kreistag", slug="Kreis Tag")
    decks.create_deck(store, "Kreistag", slug="kt")
    with pytest.raises(DeckError, match="Die Sitzungsmappe „kt“ gibt es schon"):
        decks.create_deck(store, "Kreistag 2", slug="kt")
    assert counts(store) == (1, 0)


# -- the example deck -----------------------------------------------------------------


def test_seed_example_has_three_views_of_three_themes(store):
    deck = decks.seed_example(store)
    assert deck.slug == decks.EXAMPLE_SLUG and deck.name == decks.EXAMPLE_NAME
    assert len(deck.views) == 3
    assert len({v.theme for v in deck.views}) == 3
    assert [v.position for v in deck.views] == [1, 2, 3]
    assert sum(v.gemeinde is not None for v in deck.views) == 1
    assert all(v.note for v in deck.views)
    for view in deck.views:
        store.spec(view.indicator)  # every indicator is one the store knows


def test_seed_example_again_replaces_it(store):
    first = decks.seed_example(store)
    decks.add_view(store, first.slug, THEME, INDICATOR, heading="dazu")
    again = decks.seed_example(store)
    assert len(again.views) == 3 and "dazu" not in [v.heading for v in again.views]
    assert counts(store) == (1, 3)
