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
