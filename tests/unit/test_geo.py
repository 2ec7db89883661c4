import pytest
from shapely.geometry import Point

from sahelwatch.geo import AES_COUNTRIES, Gazetteer, country_name, load_boundaries


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
