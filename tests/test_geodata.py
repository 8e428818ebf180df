"""Boundary file checks (shared/geodata/SOURCES.md) and the build on a small package."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

import manage
from data_access.geodata import (
    ATTRIBUTION,
    KREIS_CHANGES,
    GeodataError,
    build_boundaries,
    build_from_registry,
    build_land_kreise,
    kreise_path,
    load_boundaries,
    load_land_kreise,
)
from data_access.regions import load_changes
from tests.conftest import GEMEINDEN, KREIS, ROOT

BUILT = ROOT / "geodata" / "gemeinden_03453.geojson"
KREISE = ROOT / "geodata" / "kreise_03.geojson"
# The reference is only read to check the project's own build, never copied (shared/geodata/SOURCES.md).
REFERENCE = ROOT.parent / "shared" / "geodata" / "deutschland_kreise.geojson"


@pytest.fixture(scope="module")
def frame() -> gpd.GeoDataFrame:
    return gpd.read_file(BUILT)


def test_committed_file_has_the_13_gemeinden_with_valid_geometry(frame):
    assert sorted(frame["ags"]) == GEMEINDEN
    assert frame.geometry.is_valid.all()


def test_extent_matches_the_landkreis(frame):
    west, south, east, north = frame.total_bounds
    assert 7.58 <= west <= 7.64 and 8.23 <= east <= 8.29
    assert 52.65 <= south <= 52.71 and 53.16 <= north <= 53.22


def test_areas_match_the_official_figures(frame):
    metric = frame.to_crs("EPSG:25832").set_index("ags")
    areas = metric.geometry.area / 1e6
    assert areas.sum() == pytest.approx(1420, rel=0.01)
    assert areas["03453007"] == pytest.approx(247.7, abs=0.5)  # Friesoythe
    assert areas["03453010"] == pytest.approx(65.7, abs=0.5)  # Lindern (Oldenburg)


def test_coverage_stays_valid_after_simplification(frame):
    metric = frame.to_crs("EPSG:25832")
    assert shapely.coverage_is_valid(metric.geometry.values)


def test_exterior_rings_run_clockwise_for_plotly():
    data = json.loads(BUILT.read_text(encoding="utf-8"))
    for feature in data["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            assert not shapely.LinearRing(polygon[0]).is_ccw, feature["id"]


def test_loaded_boundaries_carry_kreis_name_and_attribution(boundaries):
    assert boundaries.title == "Landkreis Cloppenburg"
    assert boundaries.keys == GEMEINDEN
    assert boundaries.geojson["attribution"] == ATTRIBUTION
    assert {g.name for g in boundaries.gemeinden} >= {"Barßel", "Essen (Oldenburg)", "Friesoythe"}


def _square(x0: float, y0: float, size: float = 0.05) -> list:
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


def _feature(ags: str, name: str, bez: str, coords: list, gf: int = 4) -> dict:
    props = {"AGS": ags, "GEN": name, "BEZ": bez, "GF": gf}
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": coords}}


@pytest.fixture
def package(tmp_path) -> Path:
    """A tiny stand-in for the registry package, nested the way the real one is."""
    folder = tmp_path / "package"
    folder.mkdir()
    gemeinden = [
        _feature("09999001", "Nordheim", "Stadt", _square(10.0, 50.0)),
        {
            "type": "FeatureCollection",
            "features": [
                _feature("09999002", "Südheim", "Gemeinde", _square(10.05, 50.0)),
                _feature("09999002", "Südheim", "Gemeinde", _square(10.05, 50.0), gf=2),
            ],
        },
        _feature("09888001", "Anderswo", "Gemeinde", _square(11.0, 51.0)),
    ]
    kreise = [_feature("09999", "Beispielkreis", "Landkreis", _square(10.0, 50.0, 0.1))]
    (folder / "gemeinden.geo.json").write_text(json.dumps(gemeinden), encoding="utf-8")
    (folder / "kreise.geo.json").write_text(json.dumps(kreise), encoding="utf-8")
    return folder


def test_build_keeps_land_parts_of_the_kreis_only(package, tmp_path):
    report = build_boundaries(package, "09999", tmp_path / "out")
    loaded = load_boundaries(report.path)
    assert loaded.keys == ["09999001", "09999002"]
    assert loaded.title == "Landkreis Beispielkreis"
    assert report.area_km2 == pytest.approx(report.source_area_km2, rel=0.01)
    assert loaded.gemeinden[0].bez == "Stadt"
    assert loaded.gemeinden[0].area_km2 > 0


def test_build_names_an_unknown_kreis_in_german(package, tmp_path):
    with pytest.raises(GeodataError, match="Kreis 01234 kommt im Paket"):
        build_boundaries(package, "01234", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_missing_boundary_file_says_how_to_build_it(tmp_path):
    with pytest.raises(GeodataError, match="build-geodata"):
        load_boundaries(tmp_path / "gemeinden_09999.geojson")


# -- the Land's Kreise (kreise_03.geojson) ------------------------------------------------------


@pytest.fixture(scope="module")
def kreise_frame() -> gpd.GeoDataFrame:
    return gpd.read_file(KREISE).to_crs("EPSG:25832").set_index("ags")


@pytest.fixture(scope="module")
def reference_kreise() -> gpd.GeoDataFrame:
    if not REFERENCE.exists():
        pytest.skip(f"Referenzdatei {REFERENCE} nicht vorhanden")
    frame = gpd.read_file(REFERENCE)
    return frame[frame["ags"].str.startswith("03")].to_crs("EPSG:25832").set_index("ags")


def test_kreise_path_names_the_committed_file():
    assert kreise_path(ROOT / "geodata", KREIS) == KREISE
    assert KREISE.exists()


def test_kreise_file_has_every_kreis_of_the_land_with_todays_keys(kreise_frame):
    assert len(kreise_frame) == 45
    assert kreise_frame.index.is_unique
    assert all(len(k) == 5 and k.startswith("03") for k in kreise_frame.index)
    assert "03159" in kreise_frame.index and not {"03152", "03156"} & set(kreise_frame.index)
    assert kreise_frame.loc["03159", "name"] == "Göttingen"
    assert kreise_frame.loc["03453", ["name", "bez"]].tolist() == ["Cloppenburg", "Landkreis"]
    assert kreise_frame.loc["03403", "bez"] == "Kreisfreie Stadt"


def test_kreise_keys_equal_the_reference(kreise_frame, reference_kreise):
    assert set(kreise_frame.index) == set(reference_kreise.index)
    assert (kreise_frame["name"] == reference_kreise["name"].reindex(kreise_frame.index)).all()


def test_kreise_areas_within_one_percent_of_the_reference(kreise_frame, reference_kreise):
    own = kreise_frame.geometry.area
    ref = reference_kreise.geometry.area.reindex(own.index)
    off = (own / ref - 1).abs()
    assert off.max() < 0.01, off.sort_values().tail(3).to_dict()


def test_cloppenburg_in_the_kreise_file_has_its_official_area(kreise_frame):
    assert kreise_frame.geometry.area["03453"] / 1e6 == pytest.approx(1420, rel=0.01)
    assert kreise_frame.loc["03453", "flaeche_km2"] == pytest.approx(1420, rel=0.01)
    assert kreise_frame.geometry.area.sum() / 1e6 == pytest.approx(47_630, rel=0.01)


def test_kreise_form_a_valid_coverage(kreise_frame):
    assert kreise_frame.geometry.is_valid.all()
    assert shapely.coverage_is_valid(kreise_frame.geometry.values)


def test_kreise_file_stays_small():
    assert KREISE.stat().st_size <= 300_000


def test_kreise_label_points_lie_inside_their_kreis(kreise_frame):
    points = gpd.GeoSeries(
        gpd.points_from_xy(kreise_frame["label_lon"], kreise_frame["label_lat"]), crs="EPSG:4326"
    ).to_crs("EPSG:25832")
    points.index = kreise_frame.index
    assert points.within(kreise_frame.geometry).all()


def test_kreise_exterior_rings_run_clockwise_for_plotly():
    data = json.loads(KREISE.read_text(encoding="utf-8"))
    for feature in data["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            assert not shapely.LinearRing(polygon[0]).is_ccw, feature["id"]


def test_loaded_kreise_carry_land_names_labels_and_attribution():
    kreise = load_land_kreise(KREISE)
    assert (kreise.land_key, kreise.land_name) == ("03", "Niedersachsen")
    assert kreise.keys == sorted(kreise.keys) and len(kreise.keys) == 45
    assert kreise.names["03453"] == "Cloppenburg"
    lon, lat = kreise.labels["03453"]
    assert 7.6 < lon < 8.3 and 52.6 < lat < 53.2
    assert kreise.geojson["attribution"] == ATTRIBUTION
    assert "03159 Göttingen" in kreise.geojson["source"]


def test_kreis_changes_agree_with_the_stores_region_changes():
    successors = {c.key: c.successor for c in load_changes() if c.successor}
    for change in KREIS_CHANGES:
        if change.ags.startswith("03"):
            assert all(successors.get(p) == change.ags for p in change.predecessors), change


@pytest.fixture
def land_package(tmp_path) -> Path:
    """Kreise of a Land as the package has them: Göttingen and Osterode still apart, water parts, another Land."""
    folder = tmp_path / "land"
    folder.mkdir()
    kreise = [
        _feature("03152", "Göttingen", "Landkreis", _square(10.0, 51.5)),
        {
            "type": "FeatureCollection",
            "features": [
                _feature("03156", "Osterode am Harz", "Landkreis", _square(10.05, 51.5)),
                _feature("03453", "Cloppenburg", "Landkreis", _square(8.0, 52.9)),
                _feature("03453", "Cloppenburg", "Landkreis", _square(8.05, 52.9), gf=2),
            ],
        },
        _feature("04011", "Bremen", "Kreisfreie Stadt", _square(8.8, 53.1)),
    ]
    gemeinden = [_feature("03453001", "Barßel", "Gemeinde", _square(8.0, 52.9))]
    (folder / "kreise.geo.json").write_text(json.dumps(kreise), encoding="utf-8")
    (folder / "gemeinden.geo.json").write_text(json.dumps(gemeinden), encoding="utf-8")
    return folder


def test_build_land_kreise_merges_goettingen_and_keeps_land_parts(land_package, tmp_path):
    report = build_land_kreise(land_package, "03", tmp_path / "out")
    assert report.path == tmp_path / "out" / "kreise_03.geojson"
    assert (report.kind, report.features) == ("Kreise", 2)
    kreise = load_land_kreise(report.path)
    assert kreise.keys == ["03159", "03453"]
    assert kreise.names["03159"] == "Göttingen"
    merged, cloppenburg = kreise.kreise
    assert merged.area_km2 == pytest.approx(2 * cloppenburg.area_km2, rel=0.05)  # two squares, no water part
    assert report.area_km2 == pytest.approx(report.source_area_km2, rel=0.01)


def test_build_land_kreise_names_an_unknown_land_in_german(land_package, tmp_path):
    with pytest.raises(GeodataError, match="Land 05 kommt in kreise.geo.json"):
        build_land_kreise(land_package, "05", tmp_path / "out")
    with pytest.raises(GeodataError, match="Landesschlüssel „99“ ist unbekannt"):
        build_land_kreise(land_package, "99", tmp_path / "out")


def test_build_from_registry_writes_both_files(land_package, tmp_path):
    gemeinden, kreise = build_from_registry("03453", tmp_path / "out", land_package)
    assert gemeinden.path.name == "gemeinden_03453.geojson" and gemeinden.kind == "Gemeinden"
    assert kreise.path.name == "kreise_03.geojson" and kreise.features == 2


def test_manage_build_geodata_prints_a_line_per_file(land_package, tmp_path, capsys):
    out = tmp_path / "out"
    assert manage.main(["build-geodata", "--kreis", "03453", "--source", str(land_package), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{out / 'gemeinden_03453.geojson'}: 1 Gemeinden")
    assert lines[1].startswith(f"{out / 'kreise_03.geojson'}: 2 Kreise")


def test_missing_kreise_file_says_how_to_build_it(tmp_path):
    with pytest.raises(GeodataError, match="Kreisdatei .* fehlt. Bitte zuerst „python manage.py build-geodata"):
        load_land_kreise(tmp_path / "kreise_03.geojson")


@pytest.mark.parametrize(
    "content",
    [
        "{nicht json",
        json.dumps({"type": "FeatureCollection", "features": []}),
        json.dumps({"type": "FeatureCollection", "land": {"ags": "03", "name": "Niedersachsen"}, "features": []}),
        json.dumps({"land": {"ags": "03", "name": "N"}, "features": [{"properties": {"ags": "03453"}}]}),
        b"\xff\xfe kaputt",
    ],
    ids=["kein-json", "ohne-land", "ohne-kreise", "ohne-labels", "kein-utf8"],
)
def test_broken_kreise_file_is_named_in_german(tmp_path, content):
    path = tmp_path / "kreise_03.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GeodataError, match="Kreisdatei .* ist beschädigt .*build-geodata"):
        load_land_kreise(path)


def test_kreise_file_of_another_land_is_refused(tmp_path):
    data = json.loads(KREISE.read_text(encoding="utf-8"))
    data["land"] = {"ags": "09", "name": "Bayern"}
    path = tmp_path / "kreise_09.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GeodataError, match="fremde Schlüssel 03101"):
        load_land_kreise(path)
