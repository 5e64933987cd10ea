"""sources.toml: the sources' metadata and texts -> sources.ttl."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from timeline.curation.fields import (
    FileContext, check_keys, load_toml, new_graph, optional_string, parse_date, require_id, string, string_list,
)
from timeline.model.dates import Precision
from timeline.rdf.files import not_utf8
from timeline.rdf.namespaces import KB, NIF, TL

_TEXT_FORMATS = {".txt": "text/plain", ".md": "text/markdown"}
# A source's text is one literal in sources.ttl, and Oxigraph reads a literal of at most 16 MiB;
# escaping can double a character, so a text may have at most half that.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# A language as BCP 47 begins: an ISO 639 code, then subtags (en, en-GB, pt-BR).
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Source:
    id: str
    iri: URIRef
    text: str
    reference_date: date | None



def inside_sources(kb_dir: Path, file_name: str) -> Path | None:
    """The path of a source text named in sources.toml, or None if it would lie outside the
    folder's sources/ (an absolute path, `..`, or a symbolic link pointing out): a curated file
    must never make the build read, export and serve a file from elsewhere on the machine."""
    folder = (kb_dir / "sources").resolve()
    candidate = kb_dir / "sources" / file_name
    if Path(file_name).is_absolute() or "\x00" in file_name:
        return None
    try:
        candidate.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return None
    return candidate


def compile_sources(kb_dir: Path) -> tuple[Graph, dict[str, Source]]:
    data, context = load_toml(kb_dir / "sources.toml", kb_dir)
    graph = new_graph()
    sources: dict[str, Source] = {}
    allowed = (
        "id", "file", "title", "reference-date", "reference-date-basis", "publisher", "url",
        "page", "retrieved", "authors", "language",
    )
    for table in data.get("source", []):
        source_id = require_id(table.get("id"), context, "[[source]]")
        check_keys(table, allowed, context, source_id)
        if source_id in sources:
            raise context.error("this id is used twice", source_id, "id")
        file_name = string(table, "file", context, source_id)
        text_path = inside_sources(kb_dir, file_name)
        if text_path is None:
            raise context.error(
                f"{file_name!r} is not a file name inside {kb_dir.name}/sources/: a source's text must be kept in the "
                "knowledge base's sources folder (no absolute path, no .., no link leading out)", source_id, "file"
            )
        if not text_path.is_file():
            raise context.error(f"no file {file_name!r} in {kb_dir.name}/sources/", source_id, "file")
        # Exactly as stored, no newline translation: offsets are counted in it.
        if text_path.stat().st_size > MAX_SOURCE_BYTES:
            raise context.error(
                f"the text {file_name!r} is {text_path.stat().st_size:,} bytes; a source may have at most {MAX_SOURCE_BYTES:,} "
                "(8 MiB). Split it into several sources", source_id, "file",
            )
        raw = text_path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise context.error(f"the text {file_name!r} is {not_utf8(raw, error)}; save it as UTF-8", source_id, "file") from None
        reference_date = None
        reference_text = optional_string(table, "reference-date", context, source_id)
        if reference_text is not None:
            parsed = parse_date(reference_text, context, source_id, "reference-date")
            if parsed.precision is not Precision.DAY:
                raise context.error("the reference date must be a day, YYYY-MM-DD", source_id, "reference-date")
            reference_date = parsed.earliest
        iri = KB[f"source/{source_id}"]
        sources[source_id] = Source(source_id, iri, text, reference_date)

        graph.add((iri, RDF.type, TL.Source))
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, RDF.type, NIF.Context))
        graph.add((iri, DCTERMS.title, Literal(string(table, "title", context, source_id), lang="en")))
        graph.add((iri, NIF.isString, Literal(text)))
        graph.add((iri, TL.fileName, Literal(file_name)))
        graph.add((iri, DCTERMS["format"], Literal(_TEXT_FORMATS.get(text_path.suffix, "text/plain"))))
        if reference_date is not None:
            graph.add((iri, TL.referenceDate, Literal(reference_date, datatype=XSD.date)))
        basis = optional_string(table, "reference-date-basis", context, source_id)
        if basis:
            graph.add((iri, TL.referenceDateBasis, Literal(basis, lang="en")))
        publisher = optional_string(table, "publisher", context, source_id)
        if publisher:
            graph.add((iri, DCTERMS.publisher, Literal(publisher)))
        url = optional_string(table, "url", context, source_id)
        if url:
            graph.add((iri, DCTERMS.source, URIRef(url)))
        for author in string_list(table, "authors", context, source_id):
            graph.add((iri, DCTERMS.creator, Literal(author)))
        language = optional_string(table, "language", context, source_id)
        if language:
            if not _LANGUAGE_TAG.match(language):
                raise context.error(f"{language!r} is not a language tag such as en or en-GB", source_id, "language")
            graph.add((iri, DCTERMS.language, Literal(language, datatype=XSD.language)))
        _check_page(kb_dir, table, context, source_id)
        retrieved = _retrieved(table, context, source_id)
        if retrieved is not None:
            if not url:
                raise context.error("`retrieved` says when the text was read from its `url`; give the url too", source_id, "retrieved")
            # The text was derived from the page at that address, when it was fetched (PROV-O).
            graph.add((iri, PROV.wasDerivedFrom, URIRef(url)))
            graph.add((iri, PROV.generatedAtTime, Literal(retrieved.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)))
    return graph, sources


def _check_page(kb_dir: Path, table: dict[str, object], context: FileContext, source_id: str) -> None:
    """The page a text was read from, kept beside it in sources/ so that the text can be read
    from it again and checked: a file inside the folder, as the text is."""
    page = optional_string(table, "page", context, source_id)
    if page is None:
        return
    path = inside_sources(kb_dir, page)
    if path is None:
        raise context.error(f"{page!r} is not a file name inside {kb_dir.name}/sources/ (no absolute path, no .., no link leading out)", source_id, "page")
    if not path.is_file():
        raise context.error(f"no file {page!r} in {kb_dir.name}/sources/", source_id, "page")


def _retrieved(table: dict[str, object], context: FileContext, source_id: str) -> datetime | None:
    value = table.get("retrieved")
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise context.error("`retrieved` must be a date and time with its offset, such as 2024-05-17T08:30:00Z", source_id, "retrieved")
    return value



def reference_date_of(kb_dir: Path, text_file: Path) -> date | None:
    """The reference date sources.toml gives the source whose text is `text_file`, if the
    knowledge base holds it as a source (found by the file itself, not by its name alone)."""
    import tomllib

    try:
        data = tomllib.loads((kb_dir / "sources.toml").read_text(encoding="utf-8"))
        wanted = text_file.resolve()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for table in data.get("source", []):
        file_name, value = table.get("file"), table.get("reference-date")
        if not isinstance(file_name, str) or not isinstance(value, (str, date)):
            continue
        path = inside_sources(kb_dir, file_name)
        if path is not None and path.resolve() == wanted:
            try:
                return value if isinstance(value, date) else date.fromisoformat(value)
            except ValueError:
                return None
    return None
