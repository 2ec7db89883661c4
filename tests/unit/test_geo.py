import csv

import pytest
from shapely.geometry import Point

from sahelwatch.geo import (
    AES_COUNTRIES,
    GEO_DIR,
    PLACE_KINDS,
    Gazetteer,
    country_name,
    load_boundaries,
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Bamako", "MLI"),
        ("Ouagadougou", "BFA"),
        ("Niamey", "NER"),
        ("Tombouctou", "MLI"),
        ("Timbuktu", "MLI"),
        ("Moscou", "RUS"),
        ("Moscow", "RUS"),
        ("tillaberi", "NER"),
        ("Fada N’Gourma", "BFA"),
    ],
)
def test_gazetteer_resolves_french_and_english_names(name, country):
    place = Gazetteer.load().lookup(name)
    assert place is not None, name
    assert place.country == country


def test_gazetteer_coordinates_are_the_cities():
    bamako = Gazetteer.load().lookup("Bamako")
    assert (round(bamako.lat, 1), round(bamako.lon, 1)) == (12.6, -8.0)
    assert bamako.in_aes
    assert not Gazetteer.load().lookup("Moscou").in_aes


def test_unknown_place_is_none():
    assert Gazetteer.load().lookup("Atlantis") is None


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Russie", "RUS"), ("Burkina Faso", "BFA"), ("Côte d'Ivoire", "CIV"), ("Etats-Unis", "USA")],
)
def test_country_names(name, iso3):
    assert Gazetteer.load().country_by_name(name).iso3 == iso3


def test_country_display_names():
    assert country_name("BFA") == "Burkina Faso"
    assert country_name("NER", "fr") == "Niger"
    assert country_name("ZZZ") == "ZZZ"


def test_boundaries_hold_the_three_countries_and_neighbours():
    boundaries = load_boundaries()
    aes = boundaries[boundaries["aes"]]
    assert sorted(aes["iso3"]) == sorted(AES_COUNTRIES)
    assert {"DZA", "NGA", "CIV"} <= set(boundaries["iso3"])
    assert boundaries.geometry.is_valid.all()
    bamako = Gazetteer.load().lookup("Bamako")
    mali = aes[aes["iso3"] == "MLI"].geometry.iloc[0]
    assert mali.contains(Point(bamako.lon, bamako.lat))


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Algérie", "DZA"),
        ("Ukraine", "UKR"),
        ("République centrafricaine", "CAF"),
        ("Centrafrique", "CAF"),
        ("Fédération de Russie", "RUS"),
        ("Îles Salomon", "SLB"),  # ISO's inverted "Salomon, Îles" put right
        ("Republique democratique du Congo", "COD"),
    ],
)
def test_every_country_has_its_french_names(name, iso3):
    assert Gazetteer.load().country_by_name(name).iso3 == iso3


@pytest.mark.parametrize(
    ("name", "iso3", "kind"),
    [
        ("Ménaka", "MLI", "city"),
        ("Gossi", "MLI", "city"),  # from the hand list: GeoNames' city lists lack it
        ("Tinzaouatène", "MLI", "city"),
        ("Tin Zaouatine", "MLI", "city"),
        ("Kidal", "MLI", "city"),
        ("Mopti", "MLI", "city"),
        ("Dori", "BFA", "city"),
        ("Djibo", "BFA", "city"),
        ("Agadez", "NER", "city"),
        ("Saint-Pétersbourg", "RUS", "city"),
        ("Kazan", "RUS", "city"),
        ("Bangui", "CAF", "city"),
        ("région de Ménaka", "MLI", "region"),
        ("Région des Hauts-Bassins", "BFA", "region"),
        ("Kremlin", "RUS", "site"),
    ],
)
def test_towns_regions_and_sites(name, iso3, kind):
    place = Gazetteer.load().lookup(name)
    assert (place.country, place.kind) == (iso3, kind)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gao", [("MLI", "city"), ("BFA", "city"), ("MLI", "region")]),
        ("Kita", [("MLI", "city"), ("MLI", "region"), ("ECU", "city")]),  # Quito's "Kita"
    ],
)
def test_a_name_of_several_places_lists_them_aes_first(name, expected):
    assert [(c.country, c.kind) for c in Gazetteer.load().candidates(name)] == expected


def test_entries_are_well_formed():
    entries = Gazetteer.load().entries
    assert len({e.id for e in entries}) == len(entries)
    assert {e.kind for e in entries} == set(PLACE_KINDS)
    assert all(len(e.country) == 3 and e.country.isupper() for e in entries)
    located = [e for e in entries if e.kind != "country"]
    assert all(e.lat is not None and e.lon is not None for e in located)


def test_aes_towns_and_regions_lie_in_their_country():
    boundaries = load_boundaries().set_index("iso3").geometry
    entries = Gazetteer.load().entries
    aes = [e for e in entries if e.in_aes and e.kind in ("city", "region", "site")]
    assert len(aes) > 250
    # GeoNames points of border towns can sit a little outside the simplified 1:50m shapes.
    outside = [e.id for e in aes if boundaries[e.country].distance(Point(e.lon, e.lat)) > 0.1]
    assert outside == []


def test_the_gazetteer_stays_small():
    assert (GEO_DIR / "gazetteer.csv").stat().st_size < 512 * 1024


def test_hand_made_places_cite_a_public_source():
    with (GEO_DIR / "hand_places.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source"].startswith("https://") for row in rows)
