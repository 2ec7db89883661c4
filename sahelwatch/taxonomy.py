"""The topic taxonomy (`data/topics.yaml`) and the known sources (`data/sources.yaml`)."""

from __future__ import annotations

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

    def label(self, lang: str = "en") -> str:
        return self.label_fr if lang == "fr" else self.label_en


@dataclass(frozen=True)
class KnownSource:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


def load_topics(data_dir: Path) -> list[Topic]:
    raw = yaml.safe_load((Path(data_dir) / "topics.yaml").read_text("utf-8"))
    return [
        Topic(
            id=item["id"],
            label_en=item["label"]["en"],
            label_fr=item["label"]["fr"],
            colour=item["colour"],
            lexicon=tuple(item["lexicon"]),
        )
        for item in raw["topics"]
    ]


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
