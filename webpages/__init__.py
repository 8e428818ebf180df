"""The login and the data page: server-rendered Flask pages beside the Dash explorer.

``create_blueprint`` returns the blueprint ``create_app`` registers; ``/daten/protokoll``
shows the audit log (``data_access.audit``) to admins. An upload is
checked first (a dry run of ``data_access.importing.import_bytes``), kept on disk
under a random token, and imported only when the admin confirms the preview.
Every POST carries the session's CSRF token (``security``); every text is German.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

import security
import texts
from config import Settings
from data_access import audit, catalogue
from data_access.importers.detect import FORMAT_NAMES
from data_access.importers.template import template_csv
from data_access.importing import SIGN_NAMES, FileSummary, ImportRefused, import_bytes
from data_access.models import AuditEntry, ImportBatch
from data_access.regions import Scope
from data_access.store import Store
from webpages import messages
from webpages.uploads import PendingUploads
from webpages.workbook import template_xlsx

log = logging.getLogger("bildungsmonitor")

TEMPLATE_NAME = "bildungsmonitor_vorlage"
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
    """dd.mm.yyyy hh:mm; ``local`` converts a stored UTC time (naive from SQLite) to German time."""
    if value is None:
        return "–"
    if local:
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(LOCAL_TIME)
    return value.strftime("%d.%m.%Y %H:%M")


def format_count(value: object) -> str:
    """German thousands separator (12.345); ``–`` when the count is unknown."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else "–"


def indicator_name(indicator_id: str) -> str:
    try:
        return catalogue.indicator(indicator_id).name
    except KeyError:
        return indicator_id


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
                "file": texts.DEMO_LABEL if demo else batch.source_file,
                "format": "–" if demo else FORMAT_NAMES.get(batch.format, info.get("format") or batch.format or "–"),
                "table": batch.table_code,
                "title": batch.table_title,
                "stand": format_datetime(batch.stand),
                "imported_at": format_datetime(batch.imported_at, local=True),
                "imported_by": batch.imported_by or "–",
                "rows": format_count(batch.rows),
                "new": format_count(info.get("new")),
                "changed": format_count(info.get("changed")),
            }
        )
    return rows


def audit_rows(entries: list[AuditEntry]) -> list[dict[str, str]]:
    """The rows of the audit page: German time and German words for the action."""
    return [
        {
            "at": format_datetime(entry.at, local=True),
            "actor": entry.actor,
            "action": audit.action_name(entry.action),
            "subject": entry.subject or "–",
            "detail": entry.detail,
        }
        for entry in entries
    ]


def _render(template: str, status: int = 200, **context: object) -> tuple[str, int]:
    return render_template(f"webpages/{template}", **context), status


def _error(status: int, title: str, message: str) -> tuple[str, int]:
    return _render("error.html", status, title=title, message=message)


def create_blueprint(store: Store, settings: Settings, title: str) -> Blueprint:
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
        return {
            "app_title": title,
            "user": security.current_user(),
            "csrf_token": security.csrf_token,
            "csrf_field": security.CSRF_FIELD,
            "limit_bytes": limit,
            "limit_mb": settings.import_limit_mb,
            "explorer_url": request.script_root + "/",
            "assets_url": request.script_root + "/assets/",
        }

    bp.add_app_template_filter(format_count, "de_count")
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

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        status = error.code or 500
        if status == 413:
            return _error(413, messages.TOO_LARGE_TITLE, messages.TOO_LARGE.format(limit=settings.import_limit_mb))
        if status == 403:
            return _error(403, messages.FORBIDDEN_TITLE, security.NOT_ALLOWED)
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

    @bp.get("/daten/vorlage.csv")
    def template_csv_download() -> Response:
        """Public: the empty template holds no data, and colleagues without a login fill it in."""
        return Response(
            template_csv().encode("utf-8-sig"),  # the BOM lets Excel read the umlauts
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}.csv"'},
        )

    @bp.get("/daten/vorlage.xlsx")
    def template_xlsx_download() -> Response:
        return Response(
            template_xlsx(),
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
            sign_names=SIGN_NAMES,
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
            return _error(413, messages.TOO_LARGE_TITLE, messages.TOO_LARGE.format(limit=settings.import_limit_mb))
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
            return result_page(500, error=messages.CHECK_FAILED.format(reason=type(error).__name__))
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
            return result_page(500, error=messages.IMPORT_FAILED.format(reason=type(error).__name__))
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
        return redirect(url_for(".data_page"))

    return bp
