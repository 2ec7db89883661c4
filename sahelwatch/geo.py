"""Shipped geography: country boundaries, country names and the gazetteer (`data/geo/`)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

AES_COUNTRIES: tuple[str, ...] = ("MLI", "BFA", "NER")
GEO_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"


def normalise_name(name: str) -> str:
    """Case-, accent- and apostrophe-insensitive key: "Côte d’Ivoire" → "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‑", "-"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("-", " ").split())


def load_boundaries(geo_dir: Path = GEO_DIR) -> gpd.GeoDataFrame:
    """The AES countries and their neighbours, one row per country, in EPSG:4326."""
    import geopandas as gpd  # here, so that extraction does not pay for importing it

    return gpd.read_file(geo_dir / "countries.geojson")


PLACE_KINDS = ("country", "city", "region", "site")


@dataclass(frozen=True)
class GazetteerPlace:
    """One gazetteer entry: a country, a city or town, an admin-1 region, or a landmark site."""

    id: str
    name_fr: str
    name_en: str
    country: str
    kind: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()  # every name, the French and English ones first
    geonameid: int | None = None
    population: int = 0

    @property
    def in_aes(self) -> bool:
        return self.country in AES_COUNTRIES


@dataclass(frozen=True)
class CountryName:
    iso3: str
    name_fr: str
    name_en: str


def _prominence(place: GazetteerPlace) -> tuple:
    """Which entry a bare name means when nothing else tells: AES first, then the biggest."""
    return (not place.in_aes, PLACE_KINDS.index(place.kind), -place.population, place.id)


class Gazetteer:
    """Looks up place and country names as French and English news write them."""

    def __init__(self, entries: list[GazetteerPlace]):
        self.entries: tuple[GazetteerPlace, ...] = tuple(entries)
        self._by_name: dict[str, list[GazetteerPlace]] = {}
        for entry in self.entries:
            for name in entry.aliases:
                same = self._by_name.setdefault(normalise_name(name), [])
                if entry not in same:
                    same.append(entry)
        for same in self._by_name.values():
            same.sort(key=_prominence)
        self._by_id = {entry.id: entry for entry in self.entries}
        self._country_by_code = {
            e.country: CountryName(e.country, e.name_fr, e.name_en)
            for e in self.entries
            if e.kind == "country"
        }

    @classmethod
    def load(cls, geo_dir: Path = GEO_DIR) -> Gazetteer:
        return _load_gazetteer(geo_dir)

    def candidates(self, name: str) -> list[GazetteerPlace]:
        """Every entry a name can mean, most prominent first ("Gao": Mali's, then Burkina's)."""
        return list(self._by_name.get(normalise_name(name), ()))

    def by_id(self, place_id: str) -> GazetteerPlace:
        return self._by_id[place_id]

    def lookup(self, name: str) -> GazetteerPlace | None:
        """A city, region or site by any of its names ("Tombouctou", "Timbuktu", "Moscou")."""
        return next((e for e in self.candidates(name) if e.kind != "country"), None)

    def country_by_name(self, name: str) -> CountryName | None:
        """A country by its French or English name or a variant ("Russie", "Burkina")."""
        entry = next((e for e in self.candidates(name) if e.kind == "country"), None)
        return self._country_by_code[entry.country] if entry else None

    def country(self, iso3: str) -> CountryName | None:
        return self._country_by_code.get(iso3)

    def place_names(self) -> list[str]:
        """The French name of every city and town."""
        return [e.name_fr for e in self.entries if e.kind == "city"]


@cache
def _load_gazetteer(geo_dir: Path) -> Gazetteer:
    entries = []
    with (geo_dir / "gazetteer.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases = [row["name_fr"], row["name_en"], *filter(None, row["aliases"].split("|"))]
            entries.append(
                GazetteerPlace(
                    id=row["id"],
                    name_fr=row["name_fr"],
                    name_en=row["name_en"],
                    country=row["country"],
                    kind=row["kind"],
                    lat=float(row["lat"]) if row["lat"] else None,
                    lon=float(row["lon"]) if row["lon"] else None,
                    aliases=tuple(dict.fromkeys(aliases)),
                    geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                    population=int(row["population"] or 0),
                )
            )
    return Gazetteer(entries)


@cache
def ordinary_word_names(geo_dir: Path = GEO_DIR) -> frozenset[str]:
    """Normalised place names that are also French words ("manga", "dire"), written by
    scripts/build_geo.py from the French model's lemma tables."""
    text = (geo_dir / "ordinary_word_names.txt").read_text(encoding="utf-8")
    return frozenset(text.split("\n")) - {""}


def country_name(iso3: str, lang: str = "en", geo_dir: Path = GEO_DIR) -> str:
    """A display name for an ISO3 code; the code itself when the country is not listed."""
    country = Gazetteer.load(geo_dir).country(iso3)
    if country is None:
        return iso3
    return country.name_fr if lang == "fr" else country.name_en
