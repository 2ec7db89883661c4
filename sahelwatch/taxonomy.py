"""The topic taxonomy (`data/topics.yaml`) and the known sources (`data/sources.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Topic:
    id: str
    label_en: str
    label_fr: str
    colour: str
    lexicon: tuple[str, ...]


@dataclass(frozen=True)
class KnownSource:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


# Six hex digits only: the UI appends two more for transparency (`#c0392b40`), and colours
# reach CSS, where anything else could be a payload (`red;background:url(...)`).
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class TaxonomyError(ValueError):
    """`topics.yaml` holds something the app cannot use."""


def load_topics(data_dir: Path) -> list[Topic]:
    """The taxonomy, or `TaxonomyError` naming what is wrong (missing, unreadable, not YAML,
    a missing key, a colour that is not `#RRGGBB`): one error for every caller to catch."""
    path = Path(data_dir) / "topics.yaml"
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        topics = [
            Topic(
                id=str(item["id"]),
                label_en=str(item["label"]["en"]),
                label_fr=str(item["label"]["fr"]),
                colour=item["colour"],
                lexicon=tuple(item["lexicon"]),
            )
            for item in raw["topics"]
        ]
    except OSError as error:
        raise TaxonomyError(f"{path.name}: cannot be read ({error.strerror})") from error
    except (ValueError, LookupError, TypeError, RecursionError, yaml.YAMLError) as error:
        raise TaxonomyError(
            f"{path.name}: not a topic taxonomy ({type(error).__name__}: {str(error)[:200]})"
        ) from error
    for topic in topics:
        if not isinstance(topic.colour, str) or not HEX_COLOUR.fullmatch(topic.colour):
            raise TaxonomyError(
                f"{path.name}: topic {topic.id!r}: colour {str(topic.colour)[:80]!r} is not a "
                'hex colour like "#c0392b"'
            )
    return topics


def load_sources(data_dir: Path) -> list[KnownSource]:
    raw = yaml.safe_load((Path(data_dir) / "sources.yaml").read_text("utf-8"))
    return [
        KnownSource(
            id=item["id"],
            name=item["name"],
            kind=item["kind"],
            country=item.get("country"),
            aliases=tuple(item.get("aliases", [item["name"]])),
        )
        for item in raw["sources"]
    ]
