"""Call a Dash callback over HTTP the way the browser does; shared by tests and benchmarks."""

from __future__ import annotations

import json

from dash import Dash


def _outputs(key: str) -> list[dict]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    out = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        out.append({"id": component, "property": prop})
    return out


def call(
    app: Dash, output_key_contains: str, inputs: dict, state: dict | None = None, changed: list[str] | None = None
) -> tuple[int, dict | None, str]:
    """POST one callback to /_dash-update-component; returns (status, JSON body, body as plain text)."""
    # An exact key first: another callback may write the same output (allow_duplicate).
    key = output_key_contains if output_key_contains in app.callback_map else None
    key = key or next(k for k in app.callback_map if output_key_contains in k)
    spec = app.callback_map[key]
    outputs = _outputs(key)
    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        # A value given as state for a prop the callback takes as input counts as that input's value.
        "inputs": [
            {**i, "value": {**(state or {}), **inputs}.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]
        ],
        "state": [{**s, "value": (state or {}).get(f"{s['id']}.{s['property']}")} for s in spec["state"]],
        "changedPropIds": changed or [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    body = response.get_json(silent=True) if response.status_code == 200 else None
    return response.status_code, body, json.dumps(body, ensure_ascii=False)


# The explorer's view callbacks (callbacks/theme.py), named by one output each.
EXPLORER_CALLBACKS = ("year.value", "map.figure", "bars.figure", "trend.figure")


def callback_key(app: Dash, output: str) -> str:
    """The key of the callback that writes ``output`` (an exact output, not one that merely contains it)."""
    return next(k for k in app.callback_map if k == output or f"..{output}.." in k or k.startswith(f"..{output}..."))


def explorer_change(
    app: Dash, inputs: dict, state: dict | None = None, changed: list[str] | None = None
) -> tuple[int, dict | None, str]:
    """One change of the explorer's view as the browser runs it, responses merged into one body.

    The slider callback first on an indicator change (the others take its year), then every view
    callback that takes a changed input. A failing call's status is returned with what came before.
    """
    values = {**(state or {}), **inputs}
    changed = list(changed or ["indicator.value"])
    merged: dict = {}
    for output in EXPLORER_CALLBACKS:
        key = callback_key(app, output)
        triggers = {f"{i['id']}.{i['property']}" for i in app.callback_map[key]["inputs"]}
        if not triggers & set(changed):
            continue
        status, body, raw = call(app, key, values, values, changed=[c for c in changed if c in triggers])
        if status != 200:
            return status, body, raw
        if body is None:  # 204: nothing to update (PreventUpdate)
            continue
        response = body.get("response", {})
        merged.update(response)
        year = response.get("year", {}).get("value")
        if output == "year.value" and year is not None and year != values.get("year.value"):
            values["year.value"] = year
            changed.append("year.value")
    body = {"multi": True, "response": merged}
    return 200, body, json.dumps(body, ensure_ascii=False)
