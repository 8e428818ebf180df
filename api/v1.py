"""The data API, ``/api/v1``: thin over ``data_access``, JSON by default, CSV or XLSX on request.

Every answer is a list of flat objects, so a spreadsheet or a script can take it
as it is; ``format=xlsx`` gives a sheet "Daten" (observations also "Metadaten":
definition, unit, source, Stand, legend of signs, demo mark, request, download time).
Unknown ids answer 404, bad parameters 400, both with a JSON message;
no request reaches a 500 through its parameters.
To a public reader an internal indicator or series (``data_access.access``) does not exist:
left out of every list, and asked for by id it answers exactly like an unknown id.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable

import pandas as pd
from flask import Blueprint, Response, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

import texts
from data_access import access, catalogue
from data_access.models import LEVEL_NAMES
from data_access.regions import normalise_key
from data_access.store import Store, series_spec
from exports import download_links, downloads

PREFIX = "/api/v1"
COMPUTED_METHODS = downloads.COMPUTED_METHODS
FORMATS = ("json", "csv", "xlsx")


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_neutralise = downloads.neutralise


def _format() -> str:
    fmt = request.args.get("format", "json").strip().lower()
    if fmt not in FORMATS:
        raise ApiError(400, texts.API_BAD_FORMAT)
    return fmt


def _respond(
    rows: list[dict],
    columns: list[str],
    name: str,
    sheet: str | None = None,
    metadata: downloads.Metadata | None = None,
) -> Response:
    """The rows as JSON, CSV or XLSX; ``sheet`` names the XLSX's sheet (default: texts.SHEET_DATA)."""
    fmt = _format()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else _neutralise(row.get(c)) for c in columns])
        return Response(
            buffer.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if fmt == "xlsx":
        rows_out = ([row.get(c) for c in columns] for row in rows)
        sheets = [downloads.Sheet(sheet or texts.SHEET_DATA, columns, rows_out)]
        if metadata is not None:
            sheets.append(downloads.Sheet(texts.SHEET_METADATA, None, metadata.sheet_rows()))
        return Response(
            downloads.workbook(sheets),
            mimetype=download_links.MIMETYPES["xlsx"],
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"', "X-Content-Type-Options": "nosniff"},
        )
    return Response(json.dumps(rows, ensure_ascii=False), mimetype="application/json")


def _clean(value: object) -> object:
    """NaN and None alike become JSON null: a missing value is never a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _date(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)[:10]


def _stand(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).isoformat()


def create_blueprint(store: Store) -> Blueprint:
    """The API over one store."""
    api = Blueprint("api_v1", __name__, url_prefix=PREFIX)

    @api.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        response = Response(
            json.dumps({"error": error.message}, ensure_ascii=False), error.status, mimetype="application/json"
        )
        if error.status == 405:
            response.headers["Allow"] = "GET, HEAD, OPTIONS"  # a 405 names what the address takes
        return response

    @api.errorhandler(SQLAlchemyError)
    def store_error(error: SQLAlchemyError) -> Response:
        message = {"error": texts.API_DATABASE_UNREACHABLE.format(reason=type(error).__name__)}
        return Response(json.dumps(message, ensure_ascii=False), 503, mimetype="application/json")

    @api.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = error.get_response()  # keeps headers such as Allow
        response.set_data(json.dumps({"error": error.description or error.name}, ensure_ascii=False))
        response.mimetype = "application/json"
        return response

    @api.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @api.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def unknown(rest: str) -> Response:
        """Without this, the explorer's catch-all page would answer unknown API paths with HTML."""
        if rest.strip("/") in ("indicators", "observations", "regions"):
            raise ApiError(405, texts.API_READ_ONLY)
        raise ApiError(404, texts.API_UNKNOWN_PATH.format(path=f"{PREFIX}/{rest}"))

    @api.get("/indicators")
    def indicators() -> Response:
        who = downloads.reader()
        years = store.years_by_id()
        rows = [
            {
                "id": spec.id,
                "kind": "indicator",
                "theme": spec.theme,
                "name": spec.name,
                "unit": spec.unit,
                "definition": spec.definition,
                "source": spec.source,
                "polarity": spec.polarity,
                "level": spec.official_level,
                "years": years.get(spec.id, []),
            }
            for spec in catalogue.INDICATORS
            if who.allows(access.INDICATOR, spec.id)
        ]
        for row in store.series_rows():
            if not who.allows(access.SERIES, row.code):
                continue
            spec = series_spec(row)
            rows.append(
                {
                    "id": row.code,
                    "kind": "series",
                    "theme": spec.theme,
                    "name": spec.name,
                    "unit": spec.unit,
                    "definition": spec.definition,
                    "source": spec.source,
                    "polarity": 0,
                    "level": spec.level,
                    "years": years.get(row.code, []),
                    "table": row.table_code,
                    "footnotes": row.footnotes or None,
                    "no_sum": row.no_sum,
                }
            )
        columns = ["id", "kind", "theme", "name", "unit", "definition", "source", "polarity", "level", "years"]
        if _format() != "json":
            rows = [{**r, "years": " ".join(str(y) for y in r["years"])} for r in rows]
        return _respond(rows, columns, "indikatoren", texts.SHEET_INDICATORS)

    @api.get("/observations")
    def observations() -> Response:
        indicator_id = request.args.get("indicator", "").strip()
        if not indicator_id:
            raise ApiError(400, texts.API_NO_INDICATOR)
        try:  # internal to this reader: the answer of an unknown id, before any value is read
            spec = downloads.visible_spec(store, indicator_id, downloads.reader())
        except KeyError:
            raise ApiError(404, texts.EXPORT_UNKNOWN_INDICATOR.format(indicator=indicator_id)) from None
        frame = store.observations(indicator_id)
        names = dict(store.regions()[["key", "name"]].itertuples(index=False, name=None))
        if region := request.args.get("region", "").strip():
            mapped = normalise_key(region)
            if mapped is None:
                raise ApiError(400, texts.API_BAD_REGION.format(region=region))
            if mapped[0] not in names:
                raise ApiError(404, texts.API_UNKNOWN_REGION.format(region=region))
            frame = frame[frame["region_key"] == mapped[0]]
        if year := request.args.get("year", "").strip():
            if not (year.isdigit() and len(year) == 4):
                raise ApiError(400, texts.API_BAD_YEAR.format(year=year))
            frame = frame[frame["year"] == int(year)]
        _format()  # a bad format answers 400 before any work
        rows = list(_observation_rows(frame, spec, names))
        columns = [
            "indicator",
            "region",
            "region_name",
            "period",
            "period_type",
            "period_date",
            "year",
            "value",
            "numerator",
            "denominator",
            "flag",
            "quality",
            "computed",
            "method",
            "source",
            "stand",
            "basis",
            "file",
            "line",
            "demo",
        ]
        meta = None
        if _format() == "xlsx":
            filters = [
                (texts.META_REQUEST, request.full_path),
                (texts.META_REGION, f"{names[mapped[0]]} ({mapped[0]})" if region else texts.META_ALL_REGIONS),
                (texts.YEAR_LABEL, year or texts.META_ALL_YEARS),
            ]
            meta = downloads.metadata(spec, frame, filters)
        return _respond(rows, columns, f"{spec.id}_werte", metadata=meta)

    @api.get("/regions")
    def regions() -> Response:
        frame = store.regions()
        rows = [
            {
                "key": r.key,
                "name": r.name,
                "level": LEVEL_NAMES.get(r.level, r.level),
                "parent": _clean(r.parent_key),
                "valid_from": _date(r.valid_from),
                "valid_to": _date(r.valid_to),
                "successor": _clean(r.successor_key),
            }
            for r in frame.itertuples(index=False)
        ]
        columns = ["key", "name", "level", "parent", "valid_from", "valid_to", "successor"]
        return _respond(rows, columns, "regionen", texts.SHEET_REGIONS)

    return api


def _observation_rows(frame: pd.DataFrame, spec: catalogue.IndicatorSpec, names: dict[str, str]) -> Iterable[dict]:
    for row in frame.itertuples(index=False):
        demo = row.kind == "demo"
        yield {
            "indicator": spec.id,
            "region": row.region_key,
            "region_name": names.get(row.region_key, row.region_key),
            "period": row.period_label,
            "period_type": row.period_type,
            "period_date": pd.Timestamp(row.period_date).date().isoformat(),
            "year": int(row.year),
            "value": _clean(row.value),
            "numerator": _clean(row.numerator),
            "denominator": _clean(row.denominator),
            "flag": _clean(row.sign),
            "quality": _clean(row.quality),
            "computed": row.method in COMPUTED_METHODS,
            "method": row.method,
            "source": texts.DEMO_LABEL if demo else (_clean(row.source) or spec.source),
            "stand": _stand(row.stand),
            "basis": _clean(row.basis),
            "file": _clean(row.file),
            "line": None if _clean(row.line) is None else int(row.line),
            "demo": demo,
        }
