"""English (``lang=en``): the language in the address, the message catalogues, the formats, and the app.

Fast tests without a browser. The catalogue checks read ``texts`` and ``webpages.messages``
the way the app does (``language.use``) and compare them name by name with ``texts_en`` and
``webpages.messages_en``; the app checks go through the Flask test client and Dash's
callback endpoint, as the browser does.
"""

from __future__ import annotations

import contextvars
import csv
import io
import json
import re
import string
import threading
from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import ids
import language
import texts
import texts_en
from data_access import catalogue
from exports import download_links, links
from tests.dash_client import call, explorer_change

THEME_PATH = "/fruehkindliche-bildung"
INDICATOR = "betreuungsquote_u3"
YEAR = 2024
ENGLISH_SEARCH = "?lang=en"
UPDATE = "/_dash-update-component"
CATALOGUE_NAME = re.compile(r"[A-Z][A-Z0-9_]*")

# Texts whose English is legitimately the German, character for character. Everything else
# with letters must read differently in English (an untranslated copy is the usual mistake).
SAME_IN_BOTH_TEXTS = {
    "ATTRIBUTION",  # the licence notice of the BKG boundaries is quoted as the licence asks
    "DEFINITION",  # "Definition" is the English word too
    "EXPORT_FORMATS['pdf']",  # "PDF"
    "META_REGION",  # "Region"
    "MONTHS[3]",  # April
    "MONTHS[7]",  # August
    "MONTHS[8]",  # September
    "MONTHS[10]",  # November
    "REGION_NAMES[*]",  # the Länder: proper names, several the same in English (Hamburg, Saarland …)
}
SAME_IN_BOTH_MESSAGES = {
    "AUDIT_ACTIONS['import']",  # "Import"
    "COL_FORMAT",  # "Format"
    "SUMMARY_FORMAT",  # "Format"
    "COL_NAME",  # "Name"
    "PDF",  # file formats
    "POWERPOINT",
    "HELP_INDICATOR_EXAMPLES",  # examples of what the German data files hold, quoted as they are
    "HELP_NOTE_EXAMPLES",
}

# Placeholders a text may use although the other language does not: the code passes them all.
PLACEHOLDER_CHOICE = {
    "DATE_FORMAT": {"day", "month", "year", "month_name"},  # formatting.format_date passes all four
}


@pytest.fixture(autouse=True)
def german_afterwards() -> Iterator[None]:
    """Flask's test client runs requests in this thread: whatever a request set, the next test starts German."""
    with language.use(language.GERMAN):
        yield


# -- the language in the address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("?lang=en", "en"),
        ("lang=en", "en"),
        ("?a=1&lang=en", "en"),
        ("?indikator=betreuungsquote_u3&jahr=2024&gemeinde=03453005&lang=en", "en"),
        ("?lang=de", "de"),
        ("?lang=EN", "de"),
        ("?lang=En", "de"),
        ("?lang=fr", "de"),
        ("?lang=en%00", "de"),
        ("?lang=%20en", "de"),
        ("?lang=english", "de"),
        ("?lang=", "de"),
        ("?lang", "de"),
        ("?language=en", "de"),
        ("", "de"),
        ("?", "de"),
        (None, "de"),
        (12, "de"),
        (["?lang=en"], "de"),
        ({"lang": "en"}, "de"),
        ("?lang=en&" + "x" * 5000, "de"),
        ("?" + "a=1&" * 1500 + "lang=en", "de"),
    ],
    ids=lambda v: repr(v)[:40],
)
def test_from_search(search: object, expected: str):
    assert language.from_search(search) == expected


def test_from_search_survives_many_fields():
    """A crafted address with more fields than the parser allows must not raise (a 500 for the callback)."""
    crafted = "?" + "&".join(f"k{i}=1" for i in range(60)) + "&lang=en"
    assert len(crafted) < 2000
    assert language.from_search(crafted) in language.LANGUAGES


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", "en"), ("de", "de"), ("EN", "de"), ("fr", "de"), ("", "de"), (None, "de"), (1, "de"), (["en"], "de")],
)
def test_valid(value: object, expected: str):
    assert language.valid(value) == expected


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_href_adds_and_removes_lang_and_keeps_the_rest():
    assert language.href("/weiterbildung", "en") == "/weiterbildung?lang=en"
    assert language.href("/weiterbildung?lang=en", "de") == "/weiterbildung"
    assert language.href("/weiterbildung", "de") == "/weiterbildung"

    view = "/fruehkindliche-bildung?indikator=betreuungsquote_u3&jahr=2024&gemeinde=03453005"
    english = language.href(view, "en")
    assert urlsplit(english).path == "/fruehkindliche-bildung"
    assert _query(english) == {
        "indikator": ["betreuungsquote_u3"],
        "jahr": ["2024"],
        "gemeinde": ["03453005"],
        "lang": ["en"],
    }
    assert english.startswith(view + "&")  # the view's parameters stay in their order, lang is added last
    german = language.href(english, "de")
    assert german == view

    # Commas, blank values, repeated parameters and a fragment survive.
    compare = language.href("/vergleich?indikator=x&regionen=03453001,03453005&leer=&r=1&r=2#oben", "en")
    assert _query(compare) == {
        "indikator": ["x"],
        "regionen": ["03453001,03453005"],
        "leer": [""],
        "r": ["1", "2"],
        "lang": ["en"],
    }
    assert urlsplit(compare).fragment == "oben"


def test_href_has_one_lang_whatever_was_there():
    for target in ("/x?lang=en", "/x?lang=fr", "/x?lang=EN&lang=en", "/x?a=1&lang=de"):
        assert _query(language.href(target, "en")).get("lang") == ["en"], target
        assert "lang" not in _query(language.href(target, "de")), target
    once = language.href("/x?a=1", "en")
    assert language.href(once, "en") == once  # idempotent


def test_href_follows_the_current_language_and_a_bad_one_is_german():
    with language.use("en"):
        assert language.href("/gemeinden") == "/gemeinden?lang=en"
        assert language.href("/gemeinden", "de") == "/gemeinden"
    with language.use("de"):
        assert language.href("/gemeinden") == "/gemeinden"
        assert language.href("/gemeinden", "en") == "/gemeinden?lang=en"
    assert language.href("/gemeinden", "fr") == "/gemeinden"
    assert language.href("/gemeinden", "EN") == "/gemeinden"


def test_use_restores_the_previous_language_also_when_nested_and_on_error():
    assert language.current() == "de" and not language.is_english()
    with language.use("en") as chosen:
        assert chosen == "en" and language.current() == "en" and language.is_english()
        with language.use("de"):
            assert language.current() == "de"
            with language.use("en"):
                assert language.is_english()
            assert language.current() == "de"
        assert language.current() == "en"
        with language.use("fr") as crafted:  # anything but "en" is German
            assert crafted == "de" and language.current() == "de"
        assert language.current() == "en"
    assert language.current() == "de"

    with pytest.raises(RuntimeError), language.use("en"):
        raise RuntimeError("boom")
    assert language.current() == "de"


def test_a_language_set_in_a_copied_context_does_not_leak():
    def english() -> tuple[str, str]:
        language.set_current("en")
        return language.current(), texts.NO_DATA

    current, message = contextvars.copy_context().run(english)
    assert current == "en" and message == texts_en.NO_DATA
    assert language.current() == "de"
    assert texts.NO_DATA != texts_en.NO_DATA  # German here

    def inside_use() -> str:
        with language.use("en"):
            pass
        return language.current()

    assert contextvars.copy_context().run(inside_use) == "de"


def test_threads_do_not_share_the_language():
    """Two requests at once, one English and one German, each read their own catalogue."""
    barrier = threading.Barrier(2, timeout=10)
    seen: dict[str, tuple[str, str]] = {}

    def request(name: str, lang: str) -> None:
        language.set_current(lang)
        barrier.wait()  # both have set their language before either reads
        seen[name] = (language.current(), texts.NO_DATA)
        barrier.wait()

    workers = [threading.Thread(target=request, args=(name, name)) for name in ("en", "de")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)
    assert seen["en"] == ("en", texts_en.NO_DATA)
    with language.use("de"):
        assert seen["de"] == ("de", texts.NO_DATA)

    # A thread started later begins German, whatever the others chose.
    later: list[str] = []
    with language.use("en"):
        thread = threading.Thread(target=lambda: later.append(language.current()))
        thread.start()
        thread.join(timeout=10)
    assert later == ["de"]


# -- the message catalogues: every German text has an English one ------------------------------------


def _names(module: ModuleType) -> list[str]:
    with language.use("de"):
        return sorted(
            name
            for name in dir(module)
            if CATALOGUE_NAME.fullmatch(name) and isinstance(getattr(module, name), str | dict | tuple)
        )


def _placeholders(text: str) -> set[str] | None:
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:  # not a format string (a lone brace): nothing to compare
        return None


def _fixed_text(text: str) -> str:
    try:
        return "".join(literal for literal, *_ in string.Formatter().parse(text))
    except ValueError:
        return text


def _has_letters(text: str) -> bool:
    return re.search(r"[^\W\d_]", _fixed_text(text)) is not None


def _allowed(where: str, same: set[str]) -> bool:
    """``NAME[*]`` in an allow-list stands for every entry of the dict or tuple ``NAME``."""
    return where in same or re.sub(r"\[[^\]]*\]$", "[*]", where) in same


def _compare(where: str, name: str, german: Any, english: Any, same: set[str]) -> list[str]:
    """Every difference between a German value and its English counterpart that is a mistake."""
    if type(german) is not type(english):
        return [f"{where}: German is {type(german).__name__}, English {type(english).__name__}"]
    problems: list[str] = []
    if isinstance(german, dict):
        if set(german) != set(english):
            return [f"{where}: keys differ: German {sorted(map(str, german))}, English {sorted(map(str, english))}"]
        for key in german:
            problems += _compare(f"{where}[{key!r}]", name, german[key], english[key], same)
    elif isinstance(german, tuple):
        if len(german) != len(english):
            return [f"{where}: German has {len(german)} items, English {len(english)}"]
        for index, (de, en) in enumerate(zip(german, english, strict=True)):
            problems += _compare(f"{where}[{index}]", name, de, en, same)
    elif isinstance(german, str):
        de_fields, en_fields = _placeholders(german), _placeholders(english)
        if name in PLACEHOLDER_CHOICE and where == name:
            if en_fields is None or not en_fields <= PLACEHOLDER_CHOICE[name]:
                problems.append(f"{where}: English placeholders {en_fields} not among {PLACEHOLDER_CHOICE[name]}")
        elif de_fields != en_fields:
            problems.append(f"{where}: placeholders differ: German {de_fields}, English {en_fields}")
        if german.strip() and not english.strip():
            problems.append(f"{where}: English is empty")
        elif _has_letters(german) and german == english and not _allowed(where, same):
            problems.append(f"{where}: English is the German text {german!r}")
    return problems


def _catalogue_problems(german_module: ModuleType, english_module: ModuleType, same: set[str]) -> list[str]:
    problems: list[str] = []
    for name in _names(german_module):
        with language.use("de"):
            german = getattr(german_module, name)
        if not hasattr(english_module, name):
            problems.append(f"{name}: no English ({german!r:.70})")
            continue
        problems += _compare(name, name, german, getattr(english_module, name), same)
    return problems


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


def test_every_text_has_an_english_version():
    problems = _catalogue_problems(texts, texts_en, SAME_IN_BOTH_TEXTS)
    assert not problems, _report(problems)


def test_english_catalogue_has_no_names_german_lacks():
    extra = [name for name in _names(texts_en) if name not in _names(texts)]
    assert not extra, f"names only in texts_en (typos?): {extra}"


@pytest.mark.parametrize("which", ["texts", "webpages.messages"])
def test_allow_lists_name_real_texts(which: str):
    """An allow-list entry for a text that is gone or now differs would hide nothing: keep the lists honest."""
    if which == "texts":
        german_module, english_module, same = texts, texts_en, SAME_IN_BOTH_TEXTS
    else:
        from webpages import messages, messages_en

        german_module, english_module, same = messages, messages_en, SAME_IN_BOTH_MESSAGES
    with language.use("de"):
        german = {name: getattr(german_module, name) for name in _names(german_module)}
    for entry in same:
        name = entry.partition("[")[0]
        assert name in german, entry
        if entry.endswith("[*]"):
            english = getattr(english_module, name, {})
            assert any(english.get(key) == value for key, value in german[name].items()), entry
            continue
        value, english = german[name], getattr(english_module, name, None)
        for key in re.findall(r"\[([^\]]+)\]", entry):
            key_value = int(key) if key.isdigit() else key.strip("'")
            value = value[key_value]
            english = None if english is None else english[key_value]
        assert english is None or english == value, f"{entry}: the English differs now; drop it from the list"


def test_every_webpage_message_has_an_english_version():
    from webpages import messages

    try:
        from webpages import messages_en
    except ImportError:  # pragma: no cover - the module is part of this change
        pytest.fail("webpages/messages_en.py is missing: the login, data and deck pages have no English")
    problems = _catalogue_problems(messages, messages_en, SAME_IN_BOTH_MESSAGES)
    assert not problems, _report(problems)
    extra = [name for name in _names(messages_en) if name not in _names(messages)]
    assert not extra, f"names only in webpages.messages_en (typos?): {extra}"


def test_texts_answer_in_the_language_in_use():
    with language.use("de"):
        german = texts.NO_DATA, texts.LANGUAGE_SWITCH, dict(texts.SIGNS), tuple(texts.MONTHS)
    assert german[1] == "English"
    with language.use("en"):
        assert texts.NO_DATA == texts_en.NO_DATA != german[0]
        assert texts.LANGUAGE_SWITCH == "Deutsch"
        assert texts.SIGNS == texts_en.SIGNS != german[2]
        assert texts.MONTHS[2] == "March"
    with language.use("de"):
        assert (texts.NO_DATA, texts.LANGUAGE_SWITCH, texts.SIGNS, texts.MONTHS) == german
        assert texts.MONTHS[2] == "März"


def test_webpage_messages_answer_in_the_language_in_use():
    from webpages import messages, messages_en

    with language.use("de"):
        german = messages.LOGIN_FAILED
    with language.use("en"):
        assert messages.LOGIN_FAILED == messages_en.LOGIN_FAILED != german
        assert messages.LANGUAGE_SWITCH == "Deutsch"
    assert messages.LANGUAGE_SWITCH == "English"


# -- numbers, dates and values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "german", "english"),
    [
        (27.43, 1, "27,4", "27.4"),
        (12714, 0, "12.714", "12,714"),
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (0.25, 1, "0,3", "0.3"),
        (-3.05, 1, "-3,1", "-3.1"),
        (-0.01, 1, "0,0", "0.0"),
        (999.5, 0, "1.000", "1,000"),
    ],
)
def test_format_number(value: float, decimals: int, german: str, english: str):
    import formatting

    with language.use("de"):
        assert formatting.format_number(value, decimals) == german
    with language.use("en"):
        assert formatting.format_number(value, decimals) == english


def test_format_date():
    import formatting

    with language.use("de"):
        assert formatting.format_date(date(2024, 3, 1)) == "01.03.2024"
        assert formatting.format_date(date(2023, 12, 31)) == "31.12.2023"
    with language.use("en"):
        assert formatting.format_date(date(2024, 3, 1)) == "1 March 2024"
        assert formatting.format_date(date(2023, 12, 31)) == "31 December 2023"


def test_format_value_in_both_languages():
    import formatting

    with language.use("de"):
        assert formatting.format_value(27.43, None, "%", 1) == "27,4 %"
        secret_de = formatting.format_value(None, ".", "%", 1)
        missing_de = formatting.format_value(None, None, "%", 1)
        assert texts.SIGNS["."] in secret_de
    with language.use("en"):
        assert formatting.format_value(27.43, None, "%", 1) == "27.4 %"
        secret_en = formatting.format_value(None, ".", "%", 1)
        missing_en = formatting.format_value(None, None, "%", 1)
        assert texts_en.SIGNS["."] in secret_en
        assert formatting.format_value(12.0, "p", "%", 1) == f"12.0 % ({texts_en.SIGNS['p']})"
    for shown in (secret_de, secret_en, missing_de, missing_en):
        assert not re.search(r"(?<![\w.,])0(?![\w.,])", shown), f"{shown!r} reads as zero"
    assert secret_de != secret_en and missing_de != missing_en


# -- the app: index page, router, view, export links, downloads -------------------------------------


def _html_lang(body: str) -> str | None:
    found = re.search(r"<html[^>]*\blang=\"([^\"]*)\"", body)
    return found.group(1) if found else None


def test_index_page_names_its_language(app):
    client = app.server.test_client()
    english = client.get(f"{THEME_PATH}?lang=en")
    assert english.status_code == 200 and _html_lang(english.get_data(as_text=True)) == "en"
    german = client.get(THEME_PATH)  # the same thread right after an English request
    assert german.status_code == 200 and _html_lang(german.get_data(as_text=True)) == "de"
    for crafted in ("?lang=EN", "?lang=fr", "?lang=" + "e" * 3000):
        response = client.get(THEME_PATH + crafted)
        assert response.status_code in (200, 414) and _html_lang(response.get_data(as_text=True)) in ("de", None)


def test_flask_pages_name_their_language_and_keep_it_in_links(app):
    client = app.server.test_client()
    body = client.get("/anmelden?lang=en").get_data(as_text=True)
    assert _html_lang(body) == "en"
    action = re.search(r"<form[^>]*action=\"([^\"]*)\"", body)
    assert action and "lang=en" in action.group(1), "the login form loses the language"
    german = client.get("/anmelden").get_data(as_text=True)
    action = re.search(r"<form[^>]*action=\"([^\"]*)\"", german)
    assert _html_lang(german) == "de" and action and "lang=" not in action.group(1)


def _components_with_href(tree: Any) -> Iterator[dict]:
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and isinstance(props.get("href"), str):
            yield props
        for value in tree.values():
            yield from _components_with_href(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _components_with_href(item)


def test_router_draws_the_chrome_in_english(app):
    status, body, text = call(app, "page.children", {"url.pathname": THEME_PATH}, {"url.search": "?lang=en"})
    assert status == 200 and body is not None
    assert "chrome" in body["response"], "an English page must redraw the header in English"
    chrome = body["response"]["chrome"]["children"]
    chrome_text = json.dumps(chrome, ensure_ascii=False)
    assert '"Deutsch"' in chrome_text and '"English"' not in chrome_text
    hrefs = list(_components_with_href(chrome))
    switch = [p for p in hrefs if "bm-language-switch" in str(p.get("className", ""))]
    assert len(switch) == 1 and switch[0].get("data-lang") == "de"
    assert "lang" not in _query(switch[0]["href"]), "the switch leads to the German page"
    nav = [p["href"] for p in hrefs if p not in switch and not p["href"].startswith("#")]
    assert nav, "no navigation links in the chrome"
    assert all(_query(href).get("lang") == ["en"] for href in nav), nav
    with language.use("en"):
        assert catalogue.theme("fruehkindliche-bildung").title in text  # the page's title, in English

    status, body, text = call(app, "page.children", {"url.pathname": THEME_PATH}, {"url.search": ""})
    assert status == 200 and body is not None
    assert "chrome" not in body["response"] or '"English"' in json.dumps(body["response"]["chrome"])
    assert catalogue.theme("fruehkindliche-bildung").german("title") in text
    assert "lang=en" not in text


def _view(app, search: str) -> dict:
    status, body, _ = explorer_change(
        app,
        {"indicator.value": INDICATOR, "year.value": YEAR, "selected-gemeinde.data": None},
        {"url.search": search},
    )
    assert status == 200 and body is not None
    return body["response"]


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_view_answers_in_english(app):
    spec = catalogue.indicator(INDICATOR)
    response = _view(app, ENGLISH_SEARCH)
    everything = _text(response)
    assert spec.name_en in everything
    assert spec.german("name") not in everything
    assert re.search(r"\d+\.\d\s?%", everything), "no English decimal point in the values"
    assert not re.search(r"\d,\d\s?%", everything), re.findall(r".{20}\d,\d\s?%", everything)[:5]
    # The panels beside the map: values, their differences and dates, all English.
    panels = _text([response.get(key) for key in ("references", "info", "year-label", "value-table")])
    assert not re.search(r"\d,\d{1,2}(?!\d)", panels), re.findall(r".{25}\d,\d{1,2}(?!\d).{5}", panels)[:5]
    assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", panels), re.findall(r".{25}\d{2}\.\d{2}\.\d{4}", panels)[:5]
    assert f"1 March {YEAR}" in _text(response["year-label"])
    with language.use("de"):
        german_only = [
            name
            for name in ("DEFINITION", "SOURCE", "UNIT", "LEVEL", "PERIOD", "PROVENANCE")
            if getattr(texts, name) != getattr(texts_en, name, None) and f'"{getattr(texts, name)}"' in panels
        ]
    assert not german_only, f"German headings in the English info panel: {german_only}"


def test_view_answers_in_german_without_lang(app):
    spec = catalogue.indicator(INDICATOR)
    for search in ("", None, "?lang=fr", "?indikator=x&jahr=2024"):
        everything = _text(_view(app, search))
        assert spec.german("name") in everything and spec.name_en not in everything, search
        assert re.search(r"\d+,\d\s?%", everything), search
        assert f"01.03.{YEAR}" in _text(_view(app, search)["year-label"])


def _pattern_call(app, output_type: str, outputs: list[dict], inputs: list[dict], search: str) -> list:
    """A callback whose output is a pattern (``ALL``), posted as the browser posts it."""
    key = next(k for k in app.callback_map if f'"type":"{output_type}"' in k)
    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": inputs,
        "state": [{"id": ids.URL, "property": "search", "value": search}],
        "changedPropIds": [f"{ids.YEAR}.value"],
    }
    response = app.server.test_client().post(UPDATE, json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [part["href"] for part in response.get_json()["response"].values()]


def test_export_and_download_links_keep_english(app):
    export_outputs = [
        {"id": {"type": ids.EXPORT_LINK, "kind": kind, "fmt": fmt, "size": size}, "property": "href"}
        for kind in ("karte", "balken", "verlauf")
        for size in links.SIZES
        for fmt in links.FORMATS
    ]
    export_inputs = [
        {"id": ids.INDICATOR, "property": "value", "value": INDICATOR},
        {"id": ids.YEAR, "property": "value", "value": YEAR},
        {"id": ids.SELECTED, "property": "data", "value": "03453005"},
    ]
    download_outputs = [
        {"id": {"type": ids.DOWNLOAD_LINK, "kind": "karte", "fmt": fmt, "scope": scope}, "property": "href"}
        for scope in download_links.SCOPES
        for fmt in download_links.FORMATS
    ]
    download_inputs = export_inputs[:2]

    for output_type, outputs, inputs in (
        (ids.EXPORT_LINK, export_outputs, export_inputs),
        (ids.DOWNLOAD_LINK, download_outputs, download_inputs),
    ):
        english = _pattern_call(app, output_type, outputs, inputs, "?jahr=2024&lang=en")
        assert len(english) == len(outputs) and all(english), english
        assert all(_query(href).get("lang") == ["en"] for href in english), english
        german = _pattern_call(app, output_type, outputs, inputs, "?jahr=2024")
        assert all("lang" not in _query(href) for href in german), german
        # Apart from the language, the links are the same.
        assert [language.href(href, "de") for href in english] == [language.href(href, "de") for href in german]


def _csv_rows(response, delimiter: str) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=delimiter))


def _table(rows: list[list[str]], heads: list[str]) -> list[list[str]]:
    """The rows below the column heads."""
    return rows[rows.index(heads) + 1 :]


def test_csv_download_has_english_column_heads(app):
    client = app.server.test_client()
    url = download_links.href(INDICATOR, "csv", YEAR)
    assert url == f"/download/{INDICATOR}.csv?jahr={YEAR}"
    english_heads = list(getattr(texts_en, "DOWNLOAD_COLUMNS", ()))
    assert english_heads, "texts_en.DOWNLOAD_COLUMNS is missing"
    with language.use("de"):
        german_heads = list(texts.DOWNLOAD_COLUMNS)
        german_delimiter = texts.CSV_DELIMITER
    # English CSV as English spreadsheets read it: comma-separated, decimal point.
    english_delimiter = getattr(texts_en, "CSV_DELIMITER", german_delimiter)

    english = _csv_rows(client.get(f"{url}&lang=en"), english_delimiter)
    assert english_heads in english, english[:12]
    assert german_heads not in english
    values = [row[3] for row in _table(english, english_heads)]  # the fourth column: Wert / Value
    assert values and all(re.fullmatch(r"-?\d+(\.\d+)?|", value) for value in values), values[:10]

    german = _csv_rows(client.get(url), german_delimiter)
    assert german_heads in german and english_heads not in german
    values = [row[3] for row in _table(german, german_heads)]
    assert values and all(re.fullmatch(r"-?\d+(,\d+)?|", value) for value in values), values[:10]
    # The same table, whatever the language of its labels.
    assert len(_table(english, english_heads)) == len(_table(german, german_heads))


@pytest.mark.parametrize("fmt", download_links.FORMATS)
@pytest.mark.parametrize("year", [YEAR, None], ids=["jahr", "alle"])
def test_every_download_answers_in_english(app, fmt: str, year: int | None):
    url = download_links.href(INDICATOR, fmt, year)
    response = app.server.test_client().get(language.href(url, "en"))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == download_links.MIMETYPES[fmt]


def test_router_and_view_survive_a_crafted_address(app):
    """Many fields, a mistyped language, a long value: a German page, never a server error."""
    crafted = "?" + "&".join(f"k{i}=1" for i in range(60)) + "&lang=en"
    for search in (crafted, "?lang=EN", "?lang=" + "e" * 1900):
        status, body, _ = call(app, "page.children", {"url.pathname": THEME_PATH}, {"url.search": search})
        assert status == 200 and body is not None, search[:40]
        status, body, _ = explorer_change(
            app,
            {"indicator.value": INDICATOR, "year.value": YEAR, "selected-gemeinde.data": None},
            {"url.search": search},
        )
        assert status == 200 and body is not None, search[:40]
