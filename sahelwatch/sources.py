"""The outlets of `data/sources.yaml` with their owners and origin groups, and how a report's
outlet or cited source is traced to an origin.

Outlets in one `origin_group` (one owner or one editorial line: Sputnik, RIA Novosti and RT under
the Russian state) count as one origin. An outlet without a group, or a name the file does not
know, is an origin of its own. Files written before `owner` and `origin_group` existed load as
they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from sahelwatch.model import CountryCode, SourceId, SourceKind

SOURCES_FILE = "sources.yaml"
_BRACKETED = re.compile(r"(.+?)\s*\((.+)\)")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OriginGroup(_Entry):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=1)
    source: AnyHttpUrl


class Outlet(_Entry):
    id: SourceId
    name: str = Field(min_length=1)
    kind: SourceKind
    country: CountryCode | None = None
    aliases: tuple[str, ...] = ()
    owner: str | None = None
    origin_group: str | None = None
    source: AnyHttpUrl | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def name_key(name: str) -> str:
    """A name compared case-, accent- and apostrophe-insensitively ("l’AFP" is "l'afp")."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@dataclass(frozen=True)
class Origin:
    """Where a report's information comes from: a group of outlets, or one outlet alone."""

    id: str  # `group:<id>`, `src:<outlet>` or `outlet:<name key>` for an outlet not on file
    label: str


@dataclass(frozen=True)
class SourceBook:
    outlets: tuple[Outlet, ...]
    groups: tuple[OriginGroup, ...]

    @classmethod
    def load(cls, data_dir: Path) -> SourceBook:
        """The outlets of `<data_dir>/sources.yaml`; an empty book when the file is absent."""
        path = Path(data_dir) / SOURCES_FILE
        if not path.is_file():
            return cls((), ())
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
        book = cls(
            tuple(Outlet.model_validate(item) for item in raw.get("sources", [])),
            tuple(OriginGroup.model_validate(item) for item in raw.get("origin_groups", [])),
        )
        known = {g.id for g in book.groups}
        unknown = sorted({o.origin_group for o in book.outlets if o.origin_group} - known)
        if unknown:
            raise ValueError(f"{path}: origin groups not listed under origin_groups: {unknown}")
        return book

    def outlet(self, source_id_or_name: str | None) -> Outlet | None:
        """The outlet with this id, name or alias (compared as `name_key` does); a name with a
        part in brackets ("DW (Deutsche Welle)") is also tried part by part."""
        if not source_id_or_name:
            return None
        keys = [name_key(source_id_or_name)]
        if match := _BRACKETED.fullmatch(source_id_or_name.strip()):
            keys += [name_key(match.group(1)), name_key(match.group(2))]
        by_id = {o.id: o for o in self.outlets}
        if source_id_or_name in by_id:
            return by_id[source_id_or_name]
        return next((self._by_name[k] for k in keys if k in self._by_name), None)

    @cached_property
    def _by_name(self) -> dict[str, Outlet]:
        """Outlets by each of their names' keys (the first outlet listed wins a shared name)."""
        found: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for name in outlet.names:
                found.setdefault(name_key(name), outlet)
        return found

    def origin(self, source_id_or_name: str) -> Origin:
        """The origin an outlet (by id, name or alias) counts as."""
        if source_id_or_name not in self._origins:
            self._origins[source_id_or_name] = self._origin(source_id_or_name)
        return self._origins[source_id_or_name]

    @cached_property
    def _origins(self) -> dict[str, Origin]:
        return {}

    def _origin(self, source_id_or_name: str) -> Origin:
        outlet = self.outlet(source_id_or_name)
        if outlet is None:
            return Origin(f"outlet:{name_key(source_id_or_name)}", source_id_or_name)
        group = next((g for g in self.groups if g.id == outlet.origin_group), None)
        if group is None:
            return Origin(outlet.id, outlet.name)
        return Origin(f"group:{group.id}", group.label)
