"""The importer end to end on files the project writes itself: store, vintages, derivation, demo.

Each test imports files in the real official formats into a fresh store and
reads the result back the way the app and the API do.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import demo
from data_access.importing import ImportRefused, import_bytes
from data_access.models import CellHistory, IndicatorValue, Region
from data_access.regions import Scope
from tests import fixtures
from tests.conftest import GEMEINDEN, KREIS, SCOPE


def _import(store, text: str, name: str, **options):
    return import_bytes(store, text.encode("utf-8"), name, SCOPE, **options)


def _values(store, indicator: str, region: str) -> list[tuple]:
    frame = store.observations(indicator)
    rows = frame[frame["region_key"] == region]
    return list(rows[["period_label", "value", "sign", "method", "kind"]].itertuples(index=False, name=None))


def test_population_and_kita_tables_give_the_kreis_betreuungsquote(empty_store):
    _import(empty_store, fixtures.population_age_groups(), "12411-02-03-5.csv")
    summary = _import(empty_store, fixtures.kita(), "22543-01-02-4.csv")
    assert "betreuungsquote_u3" in summary.tables[0].indicators
    frame = empty_store.observations("betreuungsquote_u3")
    kreis = frame[frame["region_key"] == KREIS].iloc[0]
    assert kreis["period_label"] == "01.03.2016"
    assert kreis["value"] == pytest.approx(1072 / 5214 * 100)
    assert (kreis["numerator"], kreis["denominator"]) == (1072, 5214)
    assert kreis["method"] == "ratio" and kreis["kind"] == "import"
    land = frame[frame["region_key"] == "03"].iloc[0]
    assert land["value"] == pytest.approx(58176 / 204610 * 100)  # the published 28.4 %
    # No Gemeinde values: the Kita table exists per Kreis only, nothing is spread onto the Gemeinden.
    assert not frame["region_key"].isin(GEMEINDEN).any()


def test_real_values_remove_the_indicators_demo_values_at_every_level(empty_store, boundaries):
    demo.seed(empty_store, boundaries)
    before = empty_store.observations("betreuungsquote_u3")
    assert set(before["kind"]) == {"demo"} and before["region_key"].isin(GEMEINDEN).any()
    _import(empty_store, fixtures.population_age_groups(), "12411-02-03-5.csv")
    _import(empty_store, fixtures.kita(), "22543-01-02-4.csv")
    after = empty_store.observations("betreuungsquote_u3")
    assert set(after["kind"]) == {"import"}
    assert not after["region_key"].isin(GEMEINDEN).any()
    assert set(after["region_key"]) >= {KREIS, "03", "DG"}
    # Other indicators keep their demo values, still labelled.
    assert set(empty_store.observations("vhs_kurse")["kind"]) == {"demo"}
    # A later demo re-seed does not bring demo values back for an indicator with real ones.
    demo.seed(empty_store, boundaries)
    assert set(empty_store.observations("betreuungsquote_u3")["kind"]) == {"import"}


def test_remove_demo_leaves_no_demo_value(empty_store, boundaries):
    demo.seed(empty_store, boundaries)
    assert empty_store.has_demo_data()
    removed = empty_store.remove_demo()
    assert removed > 1000
    assert not empty_store.has_demo_data()
    assert empty_store.observation_count() == 0


def test_the_same_file_again_is_a_no_op(empty_store):
    first = _import(empty_store, fixtures.mean_age(), "12411-07-01-5.csv")
    version = empty_store.data_version()
    again = _import(empty_store, fixtures.mean_age(), "kopie.csv")
    assert not first.already_imported and again.already_imported
    assert empty_store.data_version() == version


def test_a_newer_stand_replaces_values_and_keeps_the_old_ones_in_the_history(empty_store):
    _import(empty_store, fixtures.mean_age(), "alt.csv")
    newer = fixtures.mean_age(
        values=[42.9, 41.0, 39.8, 40.1, 39.5, 40.0, 41.2, 38.6, 39.9, 41.5, 40.8, 37.9, 41.9],
        stand="12.03.2019 / 08:00:00",
    )
    summary = _import(empty_store, newer, "neu.csv")
    table = summary.tables[0]
    assert table.changed == 3  # Molbergen, three columns (total, male, female)
    assert table.new == 0 and table.unchanged > 0
    assert _values(empty_store, "durchschnittsalter", "03453012")[0][1] == pytest.approx(37.9)
    with empty_store.sessions() as session:
        old = session.scalars(select(CellHistory.value)).all()
    assert sorted(old) == [37.7, 37.7, 37.7]


def test_an_older_stand_never_replaces_a_newer_one_silently(empty_store):
    newer = fixtures.mean_age(stand="12.03.2019 / 08:00:00")
    _import(empty_store, newer, "neu.csv")
    version = empty_store.data_version()
    older = fixtures.mean_age(
        values=[40.0, 41.0, 39.8, 40.1, 39.5, 40.0, 41.2, 38.6, 39.9, 41.5, 40.8, 37.7, 41.9],
        stand="10.10.2017 / 11:06:08",
    )
    with pytest.raises(ImportRefused, match="neuerem Stand") as refused:
        _import(empty_store, older, "alt.csv")
    assert "alt.csv" in str(refused.value) and "--force" in str(refused.value)
    assert empty_store.data_version() == version
    assert _values(empty_store, "durchschnittsalter", "03453001")[0][1] == pytest.approx(42.9)
    _import(empty_store, older, "alt.csv", force=True)
    assert _values(empty_store, "durchschnittsalter", "03453001")[0][1] == pytest.approx(40.0)


def test_a_stand_is_compared_as_a_date_not_as_text(empty_store):
    # As text "31.01.2018" < "10.10.2017" would be false the other way round; as dates 2018 is newer.
    _import(empty_store, fixtures.mean_age(stand="10.10.2017 / 11:06:08"), "a.csv")
    changed = fixtures.mean_age(kreis=40.6, stand="31.01.2018 / 09:00:00")
    summary = _import(empty_store, changed, "b.csv")
    assert summary.tables[0].changed == 3


def test_a_dry_run_counts_but_writes_nothing(empty_store):
    version = empty_store.data_version()
    summary = _import(empty_store, fixtures.mean_age(), "probe.csv", dry_run=True)
    assert summary.dry_run and summary.tables[0].new == 48  # 16 regions × 3 columns
    assert empty_store.data_version() == version
    assert empty_store.observations("durchschnittsalter").empty
    with empty_store.sessions() as session:
        assert session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_a_dash_in_a_mean_is_no_value_and_in_a_count_is_zero(empty_store):
    summary = import_bytes(empty_store, fixtures.mean_age().encode(), "alter.csv", Scope(KREIS, everything=True))
    assert summary.tables[0].signs == {"-": 3}
    saara = empty_store.observations(_series_code(empty_store, "12411-07-01", "Durchschnittsalter der Bevölkerung"))
    row = saara[saara["region_key"] == "16077056"].iloc[0]
    assert row["sign"] == "-" and row["value"] != row["value"]  # NaN: no value, never 0 years


def _series_code(store, stem: str, label: str) -> str:
    return next(s.code for s in store.series_rows() if s.stem == stem and s.label == label)


def test_scope_keeps_kreis_gemeinden_land_region_bund_and_other_kreise(empty_store):
    summary = _import(empty_store, fixtures.population_age_groups(), "bev.csv")
    table = summary.tables[0]
    assert table.rows_outside == 1 and table.regions_outside == 1  # Flensburg
    with empty_store.sessions() as session:
        levels = dict(session.execute(select(Region.key, Region.level)).all())
    assert levels["034"] == "Region" and levels["03454"] == "Kreis" and levels["03"] == "Land"
    assert "01001" not in levels


def test_an_unknown_table_becomes_base_series_named_by_its_labels(empty_store, app):
    _import(empty_store, fixtures.mean_age(), "alter.csv")
    names = {s.code: f"{s.table_code} · {s.label}" for s in empty_store.series_rows()}
    assert "12411-07-01-5 · Durchschnittsalter der Bevölkerung · weiblich" in names.values()


def test_a_published_kreis_row_wins_over_the_sum_of_its_gemeinden(empty_store):
    # The Gemeinden add up to 40.2 on average, the table publishes 40.5 for the Kreis: 40.5 is shown.
    _import(empty_store, fixtures.mean_age(), "alter.csv")
    kreis = _values(empty_store, "durchschnittsalter", KREIS)
    assert kreis[0][1] == pytest.approx(40.5) and kreis[0][3] == "published"


def test_a_dar_column_is_never_added_to_its_parent(empty_store):
    from data_access import catalogue, derive

    header = [
        ["Schulabschluss"] * 4,
        [
            "Insgesamt",
            "mit Hauptschulabschluss",
            "mit Fachhochschulreife",
            "dar. schulischer Teil der Fachhochschulreife",
        ],
    ]
    rows = [["2015", KREIS, "      Cloppenburg, Landkreis", 2113, 347, 23, 20]]
    titles = ["Absolventen/Abgänger", "- Schuljahr -", "Statistik der allgemein bildenden Schulen"]
    text = fixtures.genesis("21111-02-06-4", titles, header, rows, label_columns=3)
    _import(empty_store, text, "abgaenger.csv")
    series = [s for s in empty_store.series_rows() if s.stem == "21111-02-06"]
    assert [s.subset for s in series] == [False, False, False, True]

    def sum_of(*bands: str) -> catalogue.IndicatorSpec:
        parts = tuple(catalogue.Selector(tables=("21111-02-06",), match=(band,)) for band in bands)
        spec = catalogue.indicator("nachgeholte_schulabschluesse")
        return catalogue.IndicatorSpec(**{**spec.__dict__, "recipe": (catalogue.Variant(kind="sum", parts=parts),)})

    with empty_store.sessions() as session:
        cells = derive._Cells(session, {"21111-02-06"})
        ok = derive.compute(cells, sum_of("mit Hauptschulabschluss", "mit Fachhochschulreife"))
        refused = derive.compute(
            cells, sum_of("mit Fachhochschulreife", "dar. schulischer Teil der Fachhochschulreife")
        )
    assert ok["value"].tolist() == [347 + 23]
    assert refused.empty


def test_zensus_and_fortschreibung_of_one_year_are_never_merged_into_one_map(empty_store):
    """Two reference dates in 2022 (Zensus 15.05., Fortschreibung 31.12.): the map shows one, names the other."""
    from data_access import frames

    header = [["Bevölkerung"] * 3, ["Insgesamt", "männlich", "weiblich"]]
    fortschreibung = [
        ["31.12.2022", KREIS, "      Cloppenburg, Landkreis", 175000, 88000, 87000],
        *(
            ["31.12.2022", key, f"        {name}", 10000 + i, 5000, 5000 + i]
            for i, (key, name) in enumerate(zip(GEMEINDEN, fixtures.GEMEINDE_NAMES, strict=True))
        ),
    ]
    zensus = [["15.05.2022", KREIS, "      Cloppenburg, Landkreis", 171000, 86000, 85000]]
    titles = [
        "Bevölkerungsstand: Bevölkerung nach Geschlecht",
        "- Stichtag -",
        "Fortschreibung des Bevölkerungsstandes",
    ]
    _import(empty_store, fixtures.genesis("12411-01-01-5", titles, header, fortschreibung, label_columns=3), "f.csv")
    zensus_titles = ["Bevölkerung nach Geschlecht", "- Stichtag -", "Zensus 2022"]
    _import(empty_store, fixtures.genesis("12411-01-01-4", zensus_titles, header, zensus, label_columns=3), "z.csv")
    frame = empty_store.observations("bevoelkerung")
    kreis = frame[frame["region_key"] == KREIS].sort_values("period_date")
    assert kreis["period_label"].tolist() == ["15.05.2022", "31.12.2022"]
    assert kreis["period_type"].tolist() == ["Zensusstichtag", "Stichtag"]
    shown = frames.period_of_year(frame, 2022, GEMEINDEN)
    assert frame.loc[frame["period_id"] == shown, "period_label"].iloc[0] == "31.12.2022"  # where the Gemeinden are
    assert frames.other_periods(frame, 2022, shown) == ["15.05.2022"]
    values = empty_store.gemeinde_values("bevoelkerung", 2022, GEMEINDEN)
    assert values["value"].notna().all()
    kreis_ref = empty_store.reference_values("bevoelkerung", 2022, KREIS, "LK", GEMEINDEN)[0]
    assert kreis_ref.value == 175000 and kreis_ref.period_label == "31.12.2022"


def test_a_selector_finds_a_label_written_out_but_never_a_longer_word(empty_store):
    from data_access import derive

    header = [
        ["Betreuungsquote der Kinder unter 3 Jahren", "Ganztagsbetreuungsquote der Kinder unter 3 Jahren"],
        ["%", "%"],
    ]
    rows = [["01.03.2023", KREIS, "      Cloppenburg, Landkreis", 28.1, 6.2]]
    titles = ["Kindertagesbetreuung: Betreuungsquote", "- Stichtag 01.03. -", "Statistik der Kindertagesbetreuung"]
    _import(empty_store, fixtures.genesis("22543-03-01-4", titles, header, rows, label_columns=3), "quote.csv")
    series = [s for s in empty_store.series_rows() if s.stem == "22543-03-01"]
    assert derive.resolve(series, ["Betreuungsquote"]).label.startswith("Betreuungsquote der Kinder")
    assert derive.resolve(series, ["Ganztagsbetreuungsquote"]).label.startswith("Ganztags")
    assert derive.resolve(series, ["Betreuungs"]) is None
    frame = empty_store.observations("betreuungsquote_u3")
    assert frame.loc[frame["region_key"] == KREIS, ["value", "method"]].values.tolist() == [[28.1, "published"]]
