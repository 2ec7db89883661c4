"""Shipped geography: country boundaries, country names and the gazetteer (`data/geo/`)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    return gpd.read_file(geo_dir / "countries.geojson")


@dataclass(frozen=True)
class GazetteerPlace:
    id: str
    name_fr: str
    name_en: str
    country: str
    kind: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()

    @property
    def in_aes(self) -> bool:
        return self.country in AES_COUNTRIES


@dataclass(frozen=True)
class CountryName:
    iso3: str
    name_fr: str
    name_en: str


class Gazetteer:
    """Looks up place and country names as French and English news write them."""

    def __init__(
        self, places: list[GazetteerPlace], countries: list[tuple[CountryName, list[str]]]
    ):
        self._places: dict[str, GazetteerPlace] = {}
        for place in places:
            for name in place.aliases:
                self._places.setdefault(normalise_name(name), place)
        self._countries: dict[str, CountryName] = {}
        self._country_by_code: dict[str, CountryName] = {}
        for country, names in countries:
            self._country_by_code[country.iso3] = country
            for name in names:
                self._countries.setdefault(normalise_name(name), country)

    @classmethod
    def load(cls, geo_dir: Path = GEO_DIR) -> Gazetteer:
        return _load_gazetteer(geo_dir)

    def lookup(self, name: str) -> GazetteerPlace | None:
        """A city by any of its names ("Tombouctou", "Timbuktu", "Moscou", "Moscow")."""
        return self._places.get(normalise_name(name))

    def country_by_name(self, name: str) -> CountryName | None:
        """A country by its French or English name or a variant ("Russie", "Burkina")."""
        return self._countries.get(normalise_name(name))

    def country(self, iso3: str) -> CountryName | None:
        return self._country_by_code.get(iso3)

    def place_names(self) -> list[str]:
        return list(self._places)


@cache
def _load_gazetteer(geo_dir: Path) -> Gazetteer:
    places = []
    with (geo_dir / "gazetteer.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            aliases = [row["name_fr"], row["name_en"], *filter(None, row["aliases"].split("|"))]
            places.append(
                GazetteerPlace(
                    id=row["id"],
                    name_fr=row["name_fr"],
                    name_en=row["name_en"],
                    country=row["country"],
                    kind=row["kind"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    aliases=tuple(aliases),
                )
            )
    countries = []
    with (geo_dir / "country_names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names = [row["name_fr"], row["name_en"], *filter(None, row["aliases"].split("|"))]
            countries.append((CountryName(row["iso3"], row["name_fr"], row["name_en"]), names))
    return Gazetteer(places, countries)


def country_name(iso3: str, lang: str = "en", geo_dir: Path = GEO_DIR) -> str:
    """A display name for an ISO3 code; the code itself when the country is not listed."""
    country = Gazetteer.load(geo_dir).country(iso3)
    if country is None:
        return iso3
    return country.name_fr if lang == "fr" else country.name_en
