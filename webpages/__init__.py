"""The login and the data page: server-rendered Flask pages beside the Dash explorer.

``create_blueprint`` returns the blueprint ``create_app`` registers; ``/daten/protokoll``
shows the audit log (``data_access.audit``) to admins, ``/daten/sichtbarkeit`` lets them mark
indicators, imported series and decks internal (``data_access.access``). An upload is
checked first (a dry run of ``data_access.importing.import_bytes``), kept on disk
under a random token, and imported only when the admin confirms the preview.
Every POST carries the session's CSRF token (``security``). Every text comes from
``webpages.messages`` in the request's language (German, or English with ``lang=en``);
the header's language switch leads to the same page in the other language.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import string
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

import formatting
import language
import security
import texts
from config import Settings
from data_access import access, audit, catalogue
from data_access import decks as deck_store  # not ``decks``: that name is the submodule webpages.decks
from data_access.importers.detect import FORMAT_NAMES
from data_access.importers.template import template_csv
from data_access.importing import SIGN_NAMES, FileSummary, ImportRefused, import_bytes
from data_access.models import AuditEntry, ImportBatch
from data_access.regions import Scope
from data_access.store import Store, series_spec
from webpages import messages
from webpages.uploads import PendingUploads
from webpages.workbook import template_xlsx

log = logging.getLogger("bildungsmonitor")

TEMPLATE_NAME = "bildungsmonitor_vorlage"
MARK_FIELD = "markiert"  # the visibility form: "kind:key" of every ticked box (to be internal)
BEFORE_FIELD = "bisher"  # … and of every item that was internal when the page was drawn
MARK_ACTIONS = ("marked_internal", "marked_public")
UNKNOWN_SHOWN = 5  # unknown items a message names at most
AUDIT_LIMIT = 200
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The pages load only their own files: no inline script, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
try:
    LOCAL_TIME: dt.tzinfo | None = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # Windows without the tzdata package: the server's local time
    LOCAL_TIME = None


def page_headers(response: Response) -> Response:
    """Headers of every server-rendered page: own files only, no sniffing, no framing, never cached."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def local_target(value: str | None) -> str | None:
    """``value`` when it is a path on this server (``/daten``), else ``None``: no redirect leaves the app."""
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith("//"):
        return None
    if any(ch < " " or ch in "\\\x7f" for ch in value):  # browsers drop tabs and newlines: "/\t/x" is "//x"
        return None
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc else value


def format_datetime(value: dt.datetime | None, local: bool = False) -> str:
    """Date and time in the request's language: ``01.03.2024 14:05``, ``1 March 2024, 14:05``.

    ``local`` converts a stored UTC time (naive from SQLite) to German time.
    """
    if value is None:
        return messages.NO_VALUE
    if local:
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(LOCAL_TIME)
    time = messages.TIME.format(hour=value.hour, minute=value.minute)
    return messages.DATETIME.format(date=formatting.format_date(value.date()), time=time)


IMPORTER_TIME = "%d.%m.%Y %H:%M"  # how the importer's summary writes a table's "Stand"


def format_stand(value: str | None) -> str:
    """A table's "Stand" as the importer's summary gives it (``10.10.2017 11:06``), in the request's language."""
    if not value:
        return messages.NOT_GIVEN
    try:
        return format_datetime(dt.datetime.strptime(value, IMPORTER_TIME))
    except ValueError:
        return value


def format_count(value: object) -> str:
    """A count with the language's thousands separator (12.345, 12,345); ``–`` when the count is unknown."""
    if isinstance(value, bool) or not isinstance(value, int):
        return messages.NO_VALUE
    return formatting.format_number(value, 0)


_FORMAT_CODES = {name: code for code, name in FORMAT_NAMES.items()}


def format_name(value: str) -> str:
    """A file format by its code (``genesis``) or its German name (as a summary holds it), in the page's language."""
    code = value if value in FORMAT_NAMES else _FORMAT_CODES.get(value)
    return messages.FORMAT_NAMES.get(code, value) if code else value


def sign_name(sign: str) -> str:
    """What a special sign of a file means, in the page's language."""
    return messages.SIGN_NAMES.get(sign) or SIGN_NAMES.get(sign, sign)


def indicator_name(indicator_id: str) -> str:
    try:
        return catalogue.indicator(indicator_id).name
    except KeyError:
        return indicator_id


def view_count(count: int) -> str:
    """``1 Ansicht``, ``3 Ansichten`` (``1 view``, ``3 views``)."""
    template = messages.VIEW_COUNT_ONE if count == 1 else messages.VIEW_COUNT
    return template.format(count=format_count(count))


def fill(text: str, **parts: object) -> Markup:
    """A message with its placeholders filled: the message and plain values escaped, ``Markup`` (a link) kept."""
    return escape(text).format(**parts)


def link(url: str, label: str) -> Markup:
    """A link to place inside a message with :func:`fill`."""
    return Markup('<a href="{}">{}</a>').format(url, label)


def code(text: str) -> Markup:
    """Text set as code (an address, a name) inside a message with :func:`fill`."""
    return Markup("<code>{}</code>").format(text)


def language_switch(source: str) -> dict[str, str]:
    """The header's link to this page in the other language.

    A GET page switches to itself; after a POST (a refused form, an import preview) the address
    would not answer a GET, so the page names ``source``, where the form came from.
    """
    if request.method in ("GET", "HEAD"):
        source = request.script_root + request.full_path
    target = messages.LANGUAGE_SWITCH_TARGET
    return {
        "url": language.href(source, target),
        "label": messages.LANGUAGE_SWITCH,
        "lang": target,
        "title": messages.LANGUAGE_SWITCH_TITLE,
    }


def page_language(switch_source: str) -> dict[str, object]:
    """What every template of these pages reads: the catalogue ``m``, the language and its helpers."""
    return {
        "m": messages,
        "lang": language.current(),
        "language_switch": language_switch(switch_source),
        "lang_href": language.href,
        "explorer_url": language.href(request.script_root + "/"),
        "fill": fill,
        "link": link,
        "code": code,
        "view_count": view_count,
        "add_to_deck": texts.ADD_TO_DECK,
    }


def import_rows(batches: list[ImportBatch]) -> list[dict[str, object]]:
    """The import list of the data page: one row per batch, with the counts of its stored summary."""
    rows = []
    for batch in batches:
        try:
            info = json.loads(batch.summary) if batch.summary else {}
        except ValueError:
            info = {}
        demo = batch.kind == "demo"
        rows.append(
            {
                "demo": demo,
                "file": messages.DEMO_LABEL if demo else batch.source_file,
                "format": messages.NO_VALUE if demo else _batch_format(batch.format, info.get("format")),
                "table": batch.table_code,
                "title": batch.table_title,
                "stand": format_datetime(batch.stand),
                "imported_at": format_datetime(batch.imported_at, local=True),
                "imported_by": batch.imported_by or messages.NO_VALUE,
                "rows": format_count(batch.rows),
                "new": format_count(info.get("new")),
                "changed": format_count(info.get("changed")),
            }
        )
    return rows


def _batch_format(code: str | None, stored: str | None) -> str:
    if code in FORMAT_NAMES:
        return format_name(code)
    return format_name(stored or code or messages.NO_VALUE)


@functools.cache
def _recorded_pattern(template: str) -> re.Pattern[str]:
    """A German record template (``{count} Demowerte geschrieben.``) as a pattern; each placeholder matches any text."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def recorded(text: str) -> str:
    """A subject or detail of the audit log as recorded (German); on an English page in English, where known."""
    if not text or not language.is_english():
        return text
    with language.use(language.GERMAN):
        german = dict(messages.AUDIT_RECORDED)
    english = messages.AUDIT_RECORDED
    for key, template in german.items():
        match = _recorded_pattern(template).fullmatch(text)
        if match and key in english:
            values = match.groupdict()
            count = values.get("count", "")
            if count.isascii() and count.isdigit():
                values["count"] = format_count(int(count))
            return english[key].format(**values)
    return text


def mark_subject(subject: str) -> str:
    """The subject of a mark as recorded (``indicator betreuungsquote_u3``) with its kind in words."""
    kind, _, key = subject.partition(" ")
    name = messages.KIND_NAMES.get(kind)
    return messages.MARK_SUBJECT.format(kind=name, key=key) if name and key else subject


def audit_rows(entries: list[AuditEntry]) -> list[dict[str, str]]:
    """The rows of the audit page: German time, the action and the known records in the page's language."""
    return [
        {
            "at": format_datetime(entry.at, local=True),
            "actor": entry.actor,
            "action": messages.AUDIT_ACTIONS.get(entry.action, entry.action),
            "subject": (mark_subject(entry.subject) if entry.action in MARK_ACTIONS else recorded(entry.subject))
            or messages.NO_VALUE,
            "detail": recorded(entry.detail),
        }
        for entry in entries
    ]


# -- visibility: what is internal ------------------------------------------------------------


def markable(store: Store) -> dict[str, dict[str, str]]:
    """Everything that can be marked internal, by kind (``access.KINDS``): key → readable name.

    The catalogue's indicators, the imported base series and the decks; the visibility page and
    ``manage.py set-internal`` mark nothing else, whatever a form or a command line names.
    """
    return {
        access.INDICATOR: {spec.id: spec.name for spec in catalogue.INDICATORS},
        access.SERIES: {row.code: series_spec(row).name for row in store.series_rows()},
        access.DECK: {deck.slug: deck.name for deck in deck_store.list_decks(store)},
    }


def _mark_row(kind: str, key: str, name: str, marks: access.Access, **extra: object) -> dict[str, object]:
    return {
        "key": key,
        "name": name,
        "value": f"{kind}:{key}",
        "internal": marks.is_internal(kind, key),
        **extra,
    }


def _section(groups: list[dict[str, object]]) -> dict[str, object]:
    rows = [row for group in groups for row in group["rows"]]  # type: ignore[attr-defined]
    internal = sum(1 for row in rows if row["internal"])
    return {"groups": groups, "count": len(rows), "internal": internal}


def visibility_tables(store: Store) -> dict[str, object]:
    """The visibility page's tables: indicators by theme, series by table, decks, and marks left without an item."""
    marks = access.marks(store)
    indicators = [
        {
            "title": theme.title,
            "rows": [
                _mark_row(access.INDICATOR, spec.id, spec.name, marks)
                for spec in catalogue.indicators_for_theme(theme.slug)
            ],
        }
        for theme in catalogue.THEMES
    ]
    tables: dict[tuple[str, str], list[dict[str, object]]] = {}
    for row in store.series_rows():
        spec = series_spec(row)
        tables.setdefault((row.table_code, row.table_title), []).append(
            _mark_row(access.SERIES, row.code, spec.name, marks)
        )
    series = [{"title": " ".join(filter(None, key)), "rows": rows} for key, rows in tables.items()]
    deck_rows = [
        _mark_row(access.DECK, deck.slug, deck.name, marks, views=len(deck.views))
        for deck in deck_store.list_decks(store)
    ]
    known = {
        access.INDICATOR: {spec.id for spec in catalogue.INDICATORS},
        access.SERIES: {row["key"] for group in series for row in group["rows"]},
        access.DECK: {row["key"] for row in deck_rows},
    }
    orphans = [
        _mark_row(kind, key, "", marks, kind_name=messages.KIND_NAMES.get(kind, kind))
        for kind in access.KINDS
        for key in sorted(marks.internal.get(kind, frozenset()) - known[kind])
    ]
    return {
        "indicators": _section(indicators),
        "series": _section(series),
        "decks": _section([{"title": "", "rows": deck_rows}]),
        "orphans": orphans,
        "mark_field": MARK_FIELD,
        "before_field": BEFORE_FIELD,
    }


def apply_marks(store: Store, checked: list[str], before: list[str], actor: str) -> tuple[int, list[str]]:
    """Save the visibility form; the number of marks changed and the values skipped as unknown.

    Every ticked item (``kind:key``) becomes internal, every item that was internal when the page
    was drawn (``before``) and is unticked now becomes public again; an item marked by someone
    else since then is not in ``before`` and stays. Only items that exist are marked; a mark left
    from an item that is gone may still be lifted. Anything else is skipped, never created.
    """
    items = markable(store)
    current = access.marks(store)
    wanted: dict[tuple[str, str], bool] = {}
    unknown: list[str] = []
    for values, internal in ((before, False), (checked, True)):
        for value in values:
            kind, sep, key = value.partition(":")
            if sep and (key in items.get(kind, {}) or current.is_internal(kind, key)):
                wanted[(kind, key)] = internal
            elif value not in unknown:
                unknown.append(value)
    changed = 0
    for (kind, key), internal in sorted(wanted.items()):
        if current.is_internal(kind, key) != internal:
            changed += access.set_internal(store, kind, key, internal, actor)
    return changed, unknown


def marks_changed(count: int) -> str:
    """``Keine Markierung geändert.``, ``1 Markierung geändert.``, ``3 Markierungen geändert.``"""
    if count == 0:
        return messages.MARKS_UNCHANGED
    template = messages.MARKS_CHANGED_ONE if count == 1 else messages.MARKS_CHANGED
    return template.format(count=format_count(count))


def unknown_marks(values: list[str]) -> str:
    """The message for items a form named that do not exist (at most a few of them, shortened)."""
    named = [messages.QUOTED.format(text=value[:80]) for value in values[:UNKNOWN_SHOWN]]
    if len(values) > UNKNOWN_SHOWN:
        named.append("…")
    return messages.MARKS_UNKNOWN.format(items=messages.LIST_SEPARATOR.join(named))


def failure_status(error: Exception) -> int:
    """The status of a check or import that failed unexpectedly: 500 when the store, the disk or the memory
    gave up; 422 when the file did (a reader tripping over content it did not foresee, or content the store's
    constraints refuse). The message is the same; the transaction was rolled back either way."""
    server_side = isinstance(error, (OSError, MemoryError)) or (
        isinstance(error, SQLAlchemyError) and not isinstance(error, IntegrityError)
    )
    return 500 if server_side else 422


def _render(template: str, status: int = 200, **context: object) -> tuple[str, int]:
    return render_template(f"webpages/{template}", **context), status


def _error(status: int, title: str, message: str) -> tuple[str, int]:
    return _render("error.html", status, title=title, message=message)


def create_blueprint(store: Store, settings: Settings, kreis_title: str) -> Blueprint:
    """The pages ``/anmelden``, ``/abmelden`` and ``/daten…`` for one store and its settings."""
    bp = Blueprint(
        "webpages",
        __name__,
        template_folder="templates",
        static_folder="static",
        static_url_path="/daten/static",
    )
    uploads = PendingUploads(Path(settings.instance_dir) / "uploads")
    scope = Scope(settings.kreis)
    limit = settings.import_limit

    @bp.context_processor
    def page_context() -> dict[str, object]:
        # After a POST the switch leads to the form's own page: the login, else the data page.
        source = url_for(".login") if request.endpoint == "webpages.login" else url_for(".data_page")
        return {
            **page_language(source),
            "app_title": texts.APP_TITLE.format(kreis=kreis_title),
            "user": security.current_user(),
            "csrf_token": security.csrf_token,
            "csrf_field": security.CSRF_FIELD,
            "limit_bytes": limit,
            "limit_mb": format_count(settings.import_limit_mb),
            "assets_url": request.script_root + "/assets/",
        }

    bp.add_app_template_filter(format_count, "bm_count")
    bp.add_app_template_filter(format_stand, "bm_stand")
    bp.add_app_template_filter(format_name, "bm_format")
    bp.add_app_template_filter(sign_name, "bm_sign")
    bp.add_app_template_filter(indicator_name, "indicator_name")

    @bp.before_request
    def guard() -> tuple[str, int] | None:
        """Drop stale uploads; refuse every POST without the session's CSRF token before the view runs."""
        if request.endpoint == "webpages.static":
            return None
        uploads.purge()
        if request.method == "POST" and not security.csrf_valid():
            return _error(400, messages.CSRF_TITLE, messages.CSRF_FAILED)
        return None

    bp.after_request(page_headers)

    def too_large() -> str:
        return messages.TOO_LARGE.format(limit=format_count(settings.import_limit_mb))

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        status = error.code or 500
        if status == 413:
            return _error(413, messages.TOO_LARGE_TITLE, too_large())
        if status == 403:
            return _error(403, messages.FORBIDDEN_TITLE, texts.NOT_ALLOWED)
        if status == 405:
            return _error(405, messages.METHOD_TITLE, messages.METHOD)
        if status == 400:
            return _error(400, messages.BAD_REQUEST_TITLE, messages.BAD_REQUEST)
        return error

    # -- login -----------------------------------------------------------------

    @bp.route("/anmelden", methods=["GET", "POST"])
    def login() -> Response | tuple[str, int]:
        target = local_target(request.values.get("weiter"))
        user = security.current_user()
        notice = messages.NOT_ADMIN.format(name=user.name) if user and not user.is_admin else None
        if request.method == "GET":
            return _render("login.html", target=target, notice=notice, name="")
        name = request.form.get("benutzername", "").strip()
        password = request.form.get("passwort", "")
        address = security.client_address()
        limiter = security.limiter()
        if limiter.blocked(name, address):
            return _render("login.html", 429, target=target, error=messages.TOO_MANY_FAILURES, name=name)
        if not name or not password:
            return _render("login.html", 400, target=target, error=messages.LOGIN_MISSING, name=name)
        found = security.authenticate(store, name, password)
        if found is None:
            limiter.fail(name, address)
            return _render("login.html", 200, target=target, error=messages.LOGIN_FAILED, name=name)
        limiter.succeed(name)
        security.login(found)
        return redirect(target or url_for(".data_page"))

    @bp.post("/abmelden")
    def logout() -> Response:
        security.logout()
        flash(messages.LOGGED_OUT)
        return redirect(url_for(".login"))

    # -- data page -----------------------------------------------------------------

    def data_page_body(status: int = 200, error: str | None = None) -> tuple[str, int]:
        return _render("data.html", status, imports=import_rows(store.imports()), error=error)

    @bp.get("/daten")
    @security.admin_required
    def data_page() -> tuple[str, int]:
        return data_page_body()

    @bp.get("/daten/protokoll")
    @security.admin_required
    def audit_page() -> tuple[str, int]:
        return _render("audit.html", entries=audit_rows(audit.entries(store, AUDIT_LIMIT)), limit=AUDIT_LIMIT)

    @bp.get("/daten/sichtbarkeit")
    @security.admin_required
    def visibility_page() -> tuple[str, int]:
        return _render("visibility.html", **visibility_tables(store))

    @bp.post("/daten/sichtbarkeit")
    @security.admin_required
    def save_visibility() -> Response:
        """Save what changed; a crafted form marks nothing that does not exist."""
        user = security.current_user()
        assert user is not None  # admin_required
        changed, unknown = apply_marks(
            store, request.form.getlist(MARK_FIELD), request.form.getlist(BEFORE_FIELD), user.name
        )
        if unknown:
            log.warning("Sichtbarkeit: %d unbekannte Einträge von %s übergangen", len(unknown), user.name)
            flash(unknown_marks(unknown))
        flash(marks_changed(changed))
        return redirect(url_for(".visibility_page"))

    def _indicator_allowed() -> Callable[[str], bool]:
        reader = security.reader_access()
        return lambda indicator_id: reader.allows(access.INDICATOR, indicator_id)

    @bp.get("/daten/vorlage.csv")
    def template_csv_download() -> Response:
        """Public: the empty template holds no data, and colleagues without a login fill it in."""
        return Response(
            template_csv(_indicator_allowed()).encode("utf-8-sig"),  # the BOM lets Excel read the umlauts
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}.csv"'},
        )

    @bp.get("/daten/vorlage.xlsx")
    def template_xlsx_download() -> Response:
        return Response(
            template_xlsx(_indicator_allowed()),
            mimetype=XLSX_MIMETYPE,
            headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}.xlsx"'},
        )

    def result_page(
        status: int = 200,
        summary: FileSummary | None = None,
        done: bool = False,
        token: str | None = None,
        error: str | None = None,
        info: str | None = None,
    ) -> tuple[str, int]:
        return _render(
            "preview.html",
            status,
            summary=summary,
            done=done,
            token=token,
            error=error,
            info=info,
        )

    @bp.post("/daten/pruefen")
    @security.admin_required
    def check() -> tuple[str, int]:
        """Dry run of the upload: the preview says what an import would change; nothing is written."""
        user = security.current_user()
        assert user is not None  # admin_required
        file = request.files.get("datei")
        if file is None or not file.filename:
            return data_page_body(400, error=messages.NO_FILE)
        upload = uploads.save(file.stream, file.filename, user.name, limit)
        if upload is None:
            return _error(413, messages.TOO_LARGE_TITLE, too_large())
        try:
            summary = import_bytes(
                store, upload.path.read_bytes(), upload.name, scope, dry_run=True, user=user.name, limit=limit
            )
        except ImportRefused as refused:
            uploads.delete(upload.token)
            return result_page(422, error=str(refused))
        except Exception as error:  # the store or a reader failed unexpectedly: a message, never a traceback
            log.exception("Prüfung von %s fehlgeschlagen", upload.name)
            uploads.delete(upload.token)
            reason = type(error).__name__
            return result_page(failure_status(error), error=messages.CHECK_FAILED.format(reason=reason))
        if summary.already_imported:
            uploads.delete(upload.token)
            return result_page(info=messages.ALREADY_IMPORTED.format(name=upload.name))
        return result_page(summary=summary, token=upload.token)

    @bp.post("/daten/importieren")
    @security.admin_required
    def run_import() -> tuple[str, int]:
        """The real import of a checked upload; the upload is gone afterwards, whatever happened."""
        user = security.current_user()
        assert user is not None  # admin_required
        upload = uploads.get(request.form.get("upload", ""), user.name)
        if upload is None:
            return result_page(410, error=messages.UPLOAD_GONE)
        try:
            summary = import_bytes(
                store, upload.path.read_bytes(), upload.name, scope, user=user.name, actor=user.name, limit=limit
            )
        except ImportRefused as refused:
            return result_page(422, error=str(refused))
        except Exception as error:
            log.exception("Import von %s fehlgeschlagen", upload.name)
            reason = type(error).__name__
            return result_page(failure_status(error), error=messages.IMPORT_FAILED.format(reason=reason))
        finally:
            uploads.delete(upload.token)
        if summary.already_imported:
            return result_page(info=messages.ALREADY_IMPORTED.format(name=upload.name))
        log.info("%s importiert von %s", upload.name, user.name)
        return result_page(summary=summary, done=True, info=messages.IMPORTED.format(name=upload.name))

    @bp.post("/daten/abbrechen")
    @security.admin_required
    def cancel() -> Response:
        user = security.current_user()
        assert user is not None  # admin_required
        upload = uploads.get(request.form.get("upload", ""), user.name)
        if upload is not None:
            uploads.delete(upload.token)
            flash(messages.CANCELLED.format(name=upload.name))
        else:  # already imported, cancelled in another tab, expired, or a token that never was
            flash(messages.UPLOAD_GONE)
        return redirect(url_for(".data_page"))

    return bp
