"""The knowledge base of recurring actors (`data/actors.yaml`): stable ids, the names articles
use, and the roles each actor held with their dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from sahelwatch.model import ActorId, ActorKind, CountryCode

ACTORS_FILE = "actors.yaml"


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    fr: tuple[str, ...] = Field(min_length=1)
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    def held_on(self, day: dt.date | None) -> bool:
        """Held on `day`; with no day, only a role that has not ended counts."""
        if day is None:
            return self.to is None
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)


class KnownActor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ActorId
    kind: ActorKind
    name: str = Field(min_length=1)
    names: tuple[str, ...] = Field(min_length=1)
    affiliation: CountryCode | None = None
    roles: tuple[Role, ...] = ()
    source: AnyHttpUrl

    def descriptors(self, day: dt.date | None) -> list[str]:
        return [text for role in self.roles if role.held_on(day) for text in role.fr]


def load_actors(data_dir: Path) -> list[KnownActor]:
    """Every entry of `<data_dir>/actors.yaml`, or none when the file is absent."""
    path = Path(data_dir) / ACTORS_FILE
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    actors = [KnownActor.model_validate(entry) for entry in raw.get("actors", [])]
    ids = [a.id for a in actors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{path}: duplicate actor ids {duplicates}")
    return actors
