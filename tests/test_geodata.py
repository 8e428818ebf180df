"""Boundary file checks (shared/geodata/SOURCES.md) and the build on a small package."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from data_access.geodata import ATTRIBUTION, GeodataError, build_boundaries, load_boundaries
from tests.conftest import GEMEINDEN, ROOT

BUILT = ROOT / "geodata" / "gemeinden_03453.geojson"


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
