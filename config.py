"""Settings of the Bildungsmonitor, read from the environment in one place.

Every other module receives a :class:`Settings` instance instead of reading
``os.environ`` itself, so tests can build an app against a temporary store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'instance' / 'bildungsmonitor.sqlite'}"
DEFAULT_KREIS = "03453"

LAENDER: dict[str, str] = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
BUND_KEY = "DG"
BUND_NAME = "Deutschland"


def normalise_database_url(url: str) -> str:
    """Route plain ``postgresql://`` URLs to psycopg 3, the only driver we ship."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True)
class Settings:
    """Configuration of one app instance; defaults give the embedded SQLite store."""

    database_url: str = DEFAULT_DATABASE_URL
    kreis: str = DEFAULT_KREIS
    geodata_dir: Path = field(default=PROJECT_ROOT / "geodata")
    host: str = "127.0.0.1"
    port: int = 8050
    default_theme: str = "fruehkindliche-bildung"
    import_limit_mb: int = 50
    # Signs the login session; empty means a random key kept in ``instance_dir/secret_key``.
    secret_key: str = field(default="", repr=False)
    # Where the app keeps what it makes itself: the generated secret key and pending uploads.
    instance_dir: Path = field(default=PROJECT_ROOT / "instance")
    # The system Chromium that renders image exports (kaleido); it is never downloaded.
    chromium: Path = field(default=Path("/usr/bin/chromium"))

    def __post_init__(self) -> None:
        if not (len(self.kreis) == 5 and self.kreis.isdigit()):
            raise ValueError(f"Kreisschlüssel „{self.kreis}“ ist ungültig: erwartet werden 5 Ziffern, z. B. 03453.")
        if self.kreis[:2] not in LAENDER:
            raise ValueError(f"Kreisschlüssel „{self.kreis}“ gehört zu keinem Land.")
        object.__setattr__(self, "database_url", normalise_database_url(self.database_url))

    @property
    def land(self) -> str:
        """Land key: the first two digits of the Kreis key."""
        return self.kreis[:2]

    @property
    def land_name(self) -> str:
        return LAENDER[self.land]

    @property
    def import_limit(self) -> int:
        """Largest file (and largest unpacked ZIP content) an import accepts, in bytes."""
        return self.import_limit_mb * 1024 * 1024

    @property
    def boundaries_path(self) -> Path:
        return self.geodata_dir / f"gemeinden_{self.kreis}.geojson"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ``BILDUNGSMONITOR_*`` and ``DATABASE_URL`` variables."""
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            kreis=env.get("BILDUNGSMONITOR_KREIS", DEFAULT_KREIS),
            geodata_dir=Path(env.get("BILDUNGSMONITOR_GEODATA", PROJECT_ROOT / "geodata")),
            host=env.get("BILDUNGSMONITOR_HOST", "127.0.0.1"),
            port=int(env.get("BILDUNGSMONITOR_PORT", "8050")),
            import_limit_mb=int(env.get("BILDUNGSMONITOR_IMPORT_LIMIT_MB", "50")),
            secret_key=env.get("BILDUNGSMONITOR_SECRET_KEY", ""),
            instance_dir=Path(env.get("BILDUNGSMONITOR_INSTANCE", PROJECT_ROOT / "instance")),
            chromium=Path(env.get("BILDUNGSMONITOR_CHROMIUM", "/usr/bin/chromium")),
        )
