"""The Sitzungsmappen pages: list, edit and fill meeting decks, server-rendered beside the explorer.

Reading is open to everyone; every change is a POST by a logged-in user (admin or not)
carrying the session's CSRF token. The explorer's "Zur Sitzungsmappe" button leads to
``/sitzungsmappen/neu`` with the view's address; that address is checked here (theme
page, indicator, year, Gemeinde of the Kreis) before ``data_access.decks`` stores it.
The presentation and the PDF/PowerPoint exports live elsewhere; these pages only link them.
To a public reader an internal deck (``data_access.access``) does not exist: left out of the
list, its page answers like an unknown deck; in a public deck, the views of internal indicators
are left out. A logged-in reader sees everything, internal decks with a small badge.
Every text comes from ``webpages.messages``, in the request's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

import security
import texts
from data_access import access, decks
from data_access.decks import DeckError, DeckSpec, SlideSpec
from data_access.geodata import Boundaries
from data_access.store import Store
from exports import downloads
from layouts.pages import PAGES
from layouts.theme_base import ThemePage
from webpages import format_datetime, messages, page_headers, page_language

MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_ID_LENGTH = 200  # longer than any indicator or series id
SHOWN_LENGTH = 60  # how much of a bad value a message repeats
NEW_PATH_SLUG = "neu"  # /sitzungsmappen/neu is the add form, so no deck may live there
# A view may only point at a theme page the explorer has.
THEME_PAGES: dict[str, ThemePage] = {page.slug: page for page in PAGES}


@dataclass(frozen=True)
class ViewAddress:
    """A checked explorer view: what ``add_view`` stores and what the pages show of it."""

    theme: str
    indicator: str
    year: int | None
    gemeinde: str | None
    theme_title: str
    indicator_name: str
    gemeinde_name: str

    @property
    def year_label(self) -> str:
        return messages.LATEST_YEAR if self.year is None else str(self.year)

    def explorer_path(self) -> str:
        """The explorer's own address of this view; empty parameters are left out (the explorer's default)."""
        query = {"indikator": self.indicator, "jahr": self.year, "gemeinde": self.gemeinde}
        filled = {key: value for key, value in query.items() if value not in (None, "")}
        return f"/{self.theme}" + (f"?{urlencode(filled)}" if filled else "")


@dataclass(frozen=True)
class ViewRow:
    """One view of the deck page: the stored words plus the names a reader needs."""

    slide: SlideSpec
    address: ViewAddress
    first: bool
    last: bool


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_LENGTH else value[: SHOWN_LENGTH - 1] + "…"


def _indicator_name(store: Store, indicator_id: str) -> str | None:
    if not indicator_id or len(indicator_id) > MAX_ID_LENGTH or not indicator_id.isprintable():
        return None
    try:
        return store.spec(indicator_id).name
    except KeyError:
        return None


def parse_year(raw: str) -> int | None:
    """An empty field means the latest year; anything else must be a plausible calendar year (``ValueError``)."""
    raw = raw.strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise ValueError(raw)
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(raw)
    return year


def check_view(store: Store, boundaries: Boundaries, values: Mapping[str, str]) -> tuple[ViewAddress | None, list[str]]:
    """The view named by ``thema``, ``indikator``, ``jahr`` and ``gemeinde``, or every reason it is none.

    A missing indicator means the theme page's default, as in the explorer.
    """
    problems: list[str] = []
    theme = values.get("thema", "").strip()
    page = THEME_PAGES.get(theme)
    if not theme:
        problems.append(messages.THEME_MISSING)
    elif page is None:
        problems.append(messages.THEME_UNKNOWN.format(value=_shown(theme)))
    indicator = values.get("indikator", "").strip() or (page.default_indicator if page else "")
    name = _indicator_name(store, indicator)
    if not indicator:
        problems.append(messages.INDICATOR_MISSING)
    elif name is None:
        problems.append(messages.INDICATOR_UNKNOWN.format(value=_shown(indicator)))
    raw_year = values.get("jahr", "")
    try:
        year = parse_year(raw_year)
    except ValueError:
        year = None
        problems.append(messages.YEAR_INVALID.format(value=_shown(raw_year.strip()), low=MIN_YEAR, high=MAX_YEAR))
    gemeinden = {g.ags: g.name for g in boundaries.gemeinden}
    gemeinde = values.get("gemeinde", "").strip() or None
    if gemeinde is not None and gemeinde not in gemeinden:
        problems.append(messages.GEMEINDE_UNKNOWN.format(value=_shown(gemeinde), kreis=boundaries.title))
    if problems or page is None or name is None:
        return None, problems
    return (
        ViewAddress(
            theme=theme,
            indicator=indicator,
            year=year,
            gemeinde=gemeinde,
            theme_title=page.title,
            indicator_name=name,
            gemeinde_name=gemeinden[gemeinde] if gemeinde else messages.NO_GEMEINDE,
        ),
        [],
    )


def describe(store: Store, boundaries: Boundaries, slide: SlideSpec) -> ViewAddress:
    """A stored view with readable names; a theme or indicator gone since shows its id instead of failing."""
    gemeinden = {g.ags: g.name for g in boundaries.gemeinden}
    return ViewAddress(
        theme=slide.theme,
        indicator=slide.indicator,
        year=slide.year,
        gemeinde=slide.gemeinde,
        theme_title=THEME_PAGES[slide.theme].title if slide.theme in THEME_PAGES else slide.theme,
        indicator_name=_indicator_name(store, slide.indicator) or slide.indicator,
        gemeinde_name=gemeinden.get(slide.gemeinde, slide.gemeinde) if slide.gemeinde else messages.NO_GEMEINDE,
    )


def for_reader(deck: DeckSpec | None, who: access.Access) -> DeckSpec | None:
    """The deck as ``who`` may see it: ``None`` when it is internal to them, else without the views they may not see."""
    if deck is None or not who.allows(access.DECK, deck.slug):
        return None
    if who.sees_internal:
        return deck
    return replace(deck, views=tuple(slide for slide in deck.views if downloads.allows(who, slide.indicator)))


def _actor() -> str:
    """Who changes a deck, for the audit log: the logged-in user (every POST here has one)."""
    user = security.current_user()
    return user.name if user is not None else "unbekannt"


def create_deck(store: Store, name: str) -> DeckSpec:
    """``decks.create_deck``, but never at ``/sitzungsmappen/neu``: that address belongs to the add form."""
    slug = decks.slugify(name)
    if slug != NEW_PATH_SLUG:
        return decks.create_deck(store, name, actor=_actor())
    taken = {deck.slug for deck in decks.list_decks(store)}
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return decks.create_deck(store, name, slug=f"{slug}-{n}", actor=_actor())


def _render(template: str, status: int = 200, **context: object) -> tuple[str, int]:
    return render_template(f"webpages/{template}", **context), status


def _error(status: int, title: str, message: str) -> tuple[str, int]:
    return _render("decks_error.html", status, title=title, message=message)


def _login_url() -> str:
    """The login page, coming back to this page afterwards (as ``security.admin_required`` does)."""
    return url_for(security.LOGIN_ENDPOINT, weiter=request.full_path.rstrip("?"))


def switch_source() -> str:
    """Where the language switch of a page answering a POST leads: the page the form belongs to."""
    slug = (request.view_args or {}).get("slug")
    if request.endpoint == "decks.add":
        values = {key: request.form.get(key, "") for key in ("thema", "indikator", "jahr", "gemeinde")}
        return url_for("decks.add", **{key: value for key, value in values.items() if value})
    if isinstance(slug, str):
        return url_for("decks.deck_page", slug=slug)
    return url_for("decks.deck_list")


def create_blueprint(store: Store, boundaries: Boundaries, kreis_title: str) -> Blueprint:
    """The pages ``/sitzungsmappen…`` for one store and the Kreis's Gemeinden."""
    bp = Blueprint("decks", __name__, template_folder="templates")

    @bp.context_processor
    def page_context() -> dict[str, object]:
        root = request.script_root
        return {
            **page_language(switch_source()),
            "app_title": texts.APP_TITLE.format(kreis=kreis_title),
            "user": security.current_user(),
            "csrf_token": security.csrf_token,
            "csrf_field": security.CSRF_FIELD,
            "assets_url": root + "/assets/",
            "root": root,
            "login_url": _login_url(),
            "name_limit": decks.NAME_LIMIT,
            "heading_limit": decks.HEADING_LIMIT,
            "note_limit": decks.NOTE_LIMIT,
        }

    @bp.before_request
    def guard() -> tuple[str, int] | None:
        """Every change needs a logged-in user and the session's CSRF token, checked before any view runs."""
        if request.method != "POST":
            return None
        if security.current_user() is None:
            abort(403)
        if not security.csrf_valid():
            return _error(400, messages.CSRF_TITLE, messages.CSRF_FAILED)
        return None

    bp.after_request(page_headers)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        status = error.code or 500
        if status == 403:
            return _error(403, messages.FORBIDDEN_TITLE, messages.LOGIN_NEEDED)
        if status == 404:
            return _error(404, messages.NOT_FOUND_TITLE, messages.PAGE_MISSING)
        if status == 405:
            return _error(405, messages.METHOD_TITLE, messages.METHOD)
        if status == 400:
            return _error(400, messages.BAD_REQUEST_TITLE, messages.BAD_REQUEST)
        return error

    def deck_missing(slug: str) -> tuple[str, int]:
        return _error(404, messages.NOT_FOUND_TITLE, messages.DECK_MISSING.format(slug=_shown(slug)))

    def deck_url(slug: str, view_id: int | None = None) -> str:
        anchor = f"#ansicht-{view_id}" if view_id is not None else ""
        return url_for(".deck_page", slug=slug) + anchor

    # -- the list ------------------------------------------------------------------

    def list_body(status: int = 200, error: str | None = None, name: str = "") -> tuple[str, int]:
        who = security.reader_access()
        shown = (for_reader(deck, who) for deck in decks.list_decks(store))
        rows = [
            {
                "deck": deck,
                "changed": format_datetime(deck.updated_at, local=True),
                "internal": who.is_internal(access.DECK, deck.slug),
            }
            for deck in shown
            if deck is not None
        ]
        return _render("decks.html", status, rows=rows, error=error, name=name)

    @bp.get("/sitzungsmappen")
    def deck_list() -> tuple[str, int]:
        return list_body()

    @bp.post("/sitzungsmappen")
    def create() -> Response | tuple[str, int]:
        name = request.form.get("name", "")
        try:
            deck = create_deck(store, name)
        except DeckError as error:
            return list_body(400, error=str(error), name=name)
        flash(messages.CREATED.format(name=deck.name))
        return redirect(deck_url(deck.slug))

    # -- one deck ------------------------------------------------------------------

    def deck_body(deck: DeckSpec, status: int = 200, error: str | None = None) -> tuple[str, int]:
        who = security.reader_access()
        internal = who.is_internal(access.DECK, deck.slug)
        shown = for_reader(deck, who)
        if shown is None:  # only a logged-in reader changes a deck, so this is a guard, not a path
            return deck_missing(deck.slug)
        deck = shown
        rows = [
            ViewRow(slide, describe(store, boundaries, slide), i == 0, i == len(deck.views) - 1)
            for i, slide in enumerate(deck.views)
        ]
        changed = format_datetime(deck.updated_at, local=True)
        return _render("decks_deck.html", status, deck=deck, rows=rows, changed=changed, error=error, internal=internal)

    @bp.get("/sitzungsmappen/<slug>")
    def deck_page(slug: str) -> tuple[str, int]:
        who = security.reader_access()
        deck = decks.get_deck(store, slug) if who.allows(access.DECK, slug) else None
        deck = for_reader(deck, who)
        return deck_body(deck) if deck else deck_missing(slug)

    def change(
        slug: str, action: Callable[[], None], done: str, view_id: int | None = None
    ) -> Response | tuple[str, int]:
        """Run one change and say ``done``; a refused change shows the deck page again with the reason."""
        if decks.get_deck(store, slug) is None:
            return deck_missing(slug)
        try:
            action()
        except DeckError as error:
            deck = decks.get_deck(store, slug)
            return deck_body(deck, 400, error=str(error)) if deck else deck_missing(slug)
        flash(done)
        return redirect(deck_url(slug, view_id))

    @bp.post("/sitzungsmappen/<slug>/umbenennen")
    def rename(slug: str) -> Response | tuple[str, int]:
        name = request.form.get("name", "")
        shown = " ".join(name.split())  # as rename_deck stores it
        return change(
            slug, lambda: decks.rename_deck(store, slug, name, actor=_actor()), messages.RENAMED.format(name=shown)
        )

    @bp.post("/sitzungsmappen/<slug>/loeschen")
    def delete(slug: str) -> Response | tuple[str, int]:
        deck = decks.get_deck(store, slug)
        if deck is None:
            return deck_missing(slug)
        if request.form.get("bestaetigt") != "ja":
            return deck_body(deck, 400, error=messages.DELETE_UNCONFIRMED)
        try:
            decks.delete_deck(store, slug, actor=_actor())
        except DeckError as error:  # deleted by someone else a moment ago
            return deck_body(deck, 400, error=str(error))
        flash(messages.DECK_DELETED.format(name=deck.name))
        return redirect(url_for(".deck_list"))

    @bp.post("/sitzungsmappen/<slug>/ansichten/<int:view_id>/bearbeiten")
    def edit_view(slug: str, view_id: int) -> Response | tuple[str, int]:
        heading, note = request.form.get("ueberschrift", ""), request.form.get("notiz", "")
        return change(
            slug,
            lambda: decks.update_view(store, slug, view_id, heading, note, actor=_actor()),
            messages.VIEW_SAVED,
            view_id,
        )

    @bp.post("/sitzungsmappen/<slug>/ansichten/<int:view_id>/nach-oben")
    def move_up(slug: str, view_id: int) -> Response | tuple[str, int]:
        return change(
            slug, lambda: decks.move_view(store, slug, view_id, -1, actor=_actor()), messages.VIEW_MOVED, view_id
        )

    @bp.post("/sitzungsmappen/<slug>/ansichten/<int:view_id>/nach-unten")
    def move_down(slug: str, view_id: int) -> Response | tuple[str, int]:
        return change(
            slug, lambda: decks.move_view(store, slug, view_id, 1, actor=_actor()), messages.VIEW_MOVED, view_id
        )

    @bp.post("/sitzungsmappen/<slug>/ansichten/<int:view_id>/entfernen")
    def remove_view(slug: str, view_id: int) -> Response | tuple[str, int]:
        return change(slug, lambda: decks.delete_view(store, slug, view_id, actor=_actor()), messages.VIEW_REMOVED)

    # -- add a view from the explorer --------------------------------------------

    def add_body(
        address: ViewAddress | None, values: Mapping[str, str], problems: list[str], status: int = 200
    ) -> tuple[str, int]:
        """The add form; it offers the most recently changed deck first, the usual place for the next view."""
        known = decks.list_decks(store)
        chosen = values.get("mappe", known[0].slug if known else "")
        return _render(
            "decks_add.html", status, address=address, values=values, problems=problems, decks=known, chosen=chosen
        )

    @bp.route("/sitzungsmappen/neu", methods=["GET", "POST"])
    def add() -> Response | tuple[str, int]:
        """Show what the explorer's view would store, then store it (in a new deck if a name is given)."""
        if security.current_user() is None:
            return redirect(_login_url())
        source = request.args if request.method == "GET" else request.form
        values = {key: source.get(key, "") for key in ("thema", "indikator", "jahr", "gemeinde")}
        address, problems = check_view(store, boundaries, values)
        if request.method == "GET" or address is None:
            return add_body(address, values, problems, 200 if address else 400)
        form = {key: request.form.get(key, "") for key in ("mappe", "neue_mappe", "ueberschrift", "notiz")}
        values |= form
        try:
            slug = add_to_deck(address, form)
        except DeckError as error:
            return add_body(address, values, [str(error)], 400)
        flash(messages.VIEW_ADDED)
        return redirect(deck_url(slug))

    def add_to_deck(address: ViewAddress, form: Mapping[str, str]) -> str:
        """Store the view in the chosen or a new deck; a new deck is removed again when the view is refused."""
        chosen, new_name = form["mappe"].strip(), form["neue_mappe"].strip()
        if chosen and new_name:
            raise DeckError(messages.DECK_CHOSEN_TWICE)
        if not chosen and not new_name:
            raise DeckError(messages.DECK_NOT_CHOSEN)
        if chosen and decks.get_deck(store, chosen) is None:
            raise DeckError(messages.DECK_MISSING.format(slug=_shown(chosen)))
        slug = chosen or create_deck(store, new_name).slug
        try:
            decks.add_view(
                store,
                slug,
                address.theme,
                address.indicator,
                address.year,
                address.gemeinde,
                form["ueberschrift"],
                form["notiz"],
                actor=_actor(),
            )
        except DeckError:
            if not chosen:
                decks.delete_deck(store, slug, actor=_actor())
            raise
        return slug

    return bp
