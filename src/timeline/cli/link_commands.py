"""`timeline link`: check, find and use links to Wikidata, DBpedia and other knowledge graphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from timeline.cli.app import cli, echo_table, endpoint_options, link_store_options, open_location, output_options, remote_endpoint, writable_kb_dir

if TYPE_CHECKING:
    from timeline.store import StoreLocation
    from timeline.views.results import Cell


@cli.group(short_help="Verify, suggest and use links to Wikidata and DBpedia.")
def link() -> None:
    """Check, find and use links to Wikidata, DBpedia and other knowledge graphs, through
    their SPARQL endpoints.

    \b
    Example:
      timeline link verify --help
    """


@link.command("verify", short_help="Check every link against the endpoint.")
@endpoint_options("Wikidata's query service, or DBpedia's with --target dbpedia")
@click.option("--target", type=click.Choice(["wikidata", "dbpedia"]), default="wikidata", show_default=True, help="Which links to check.")
@output_options
@link_store_options
def link_verify(endpoint: str | None, target: str, output_format: str, location: StoreLocation) -> None:
    """Check every owl:sameAs link against the endpoint: the item's label or an alias must
    match the entity's names, and its class must fit (a person is a human, Q5; a country a
    country or sovereign state; a city a city or a subclass of one). Each link is confirmed,
    doubtful (with why) or missing. Exits 1 unless all are confirmed.

    \b
    Example:
      timeline link verify --endpoint http://localhost:7878/query
    """
    from timeline.errors import EXIT_PROBLEMS_FOUND
    from timeline.linking import TARGETS, verify
    from timeline.rdf.model import short_value

    chosen = TARGETS[target]
    verdicts = verify(open_location(location), remote_endpoint(endpoint, location.timeout, chosen.default_endpoint), chosen)
    if not verdicts:
        hint = "add them with `timeline link dbpedia --accept`" if target == "dbpedia" else "add them to links.toml, or with `timeline link suggest --accept`"
        click.echo(f"No entity or event has a {target} link to verify; {hint}.", err=True)
        return
    echo_table(
        ["entity", "link", "status", "name", "why"],
        [[v.item.id, short_value(v.link), v.status, v.remote_label, "; ".join(v.reasons)] for v in verdicts],
        output_format,
    )
    if any(v.status != "confirmed" for v in verdicts):
        click.get_current_context().exit(EXIT_PROBLEMS_FOUND)


@link.command("suggest", short_help="Propose Wikidata items for unlinked entities.")
@endpoint_options("Wikidata's query service")
@click.option("--entity", "entity_id", metavar="ID", help="Only this entity (its id, as in `timeline query entities`).")
@click.option("--accept", is_flag=True, help="Write the best candidate of each entity into links.toml (see --min-score).")
@click.option("--item", metavar="QID", help="With --entity and --accept: the candidate to accept instead of the best.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.6, show_default=True, help="The lowest score --accept takes.")
@click.option("--replace", is_flag=True, help="Let --accept change a link that is already curated.")
@output_options
@link_store_options
def link_suggest(
    endpoint: str | None, entity_id: str | None, accept: bool,
    item: str | None, min_score: float, replace: bool, output_format: str, location: StoreLocation,
) -> None:
    """Propose Wikidata items for entities with no link: items whose label or alias is the
    entity's name and whose class fits its kind, ranked by a score with its evidence. With
    --accept, the best candidate is written to links.toml, one line each; a curated link is
    never changed without --replace.

    \b
    Example:
      timeline link suggest --endpoint http://localhost:7878/query --entity moscow
    """
    from datetime import date

    from timeline.errors import TimelineError
    from timeline.linking import WIKIDATA, accept_link, choose_candidate, suggest
    from timeline.rdf.model import short_value

    if item is not None and (entity_id is None or not accept):
        raise TimelineError("--item chooses a candidate to accept: give it with --entity ID and --accept.")
    asker = remote_endpoint(endpoint, location.timeout, WIKIDATA.default_endpoint)
    suggestions = suggest(open_location(location), asker, entity_id)
    rows: list[list[Cell]] = []
    for suggestion in suggestions:
        for rank, candidate in enumerate(suggestion.candidates, start=1):
            rows.append([suggestion.local.id, str(rank), short_value(candidate.item), f"{candidate.score:.2f}",
                         candidate.label, candidate.description, "; ".join(candidate.evidence)])
    echo_table(["entity", "rank", "item", "score", "label", "description", "evidence"], rows, output_format)
    for suggestion in suggestions:
        if not suggestion.candidates:
            click.echo(f"No candidate for {suggestion.local.id} ({suggestion.local.label}).", err=True)
    if not accept:
        return
    kb_dir = writable_kb_dir()
    for suggestion in suggestions:
        chosen, why_not = choose_candidate(suggestion, item, min_score)
        if chosen is None:
            if why_not:
                click.echo(f"Not accepted for {suggestion.local.id}: {why_not}", err=True)
            continue
        value = WIKIDATA.local_name(chosen.item.value)
        note = f"accepted {date.today().isoformat()} from `timeline link suggest` at {asker.url}, score {chosen.score:.2f}"
        if accept_link(kb_dir, WIKIDATA, suggestion.local.id, value, note, replace):
            click.echo(f"Linked {suggestion.local.id} to {value} in {kb_dir / 'links.toml'}.", err=True)


@link.command("dbpedia", short_help="Map Wikidata links to DBpedia resources.")
@endpoint_options("DBpedia's query service")
@click.option("--accept", is_flag=True, help="Write the DBpedia links into links.toml.")
@output_options
@link_store_options
def link_dbpedia(endpoint: str | None, accept: bool, output_format: str, location: StoreLocation) -> None:
    """Map each Wikidata-linked entity to its DBpedia resource, named after the English
    Wikipedia article of the Wikidata item (asked of the Wikidata endpoint).

    \b
    Example:
      timeline link dbpedia --endpoint http://localhost:7878/query
    """
    from datetime import date

    from timeline.rdf.prefixes import DBPEDIA_RESOURCE
    from timeline.linking import DBPEDIA, WIKIDATA, accept_link, dbpedia_names
    from timeline.rdf.model import short_value

    asker = remote_endpoint(endpoint, location.timeout, WIKIDATA.default_endpoint)
    mapped = dbpedia_names(open_location(location), asker)
    echo_table(["entity", "wikidata", "dbpedia"], [[item.id, short_value(wikidata), DBPEDIA_RESOURCE + name] for item, wikidata, name in mapped], output_format)
    if accept:
        kb_dir = writable_kb_dir()
        note = f"from the English Wikipedia article of the Wikidata item, {date.today().isoformat()}"
        written = sum(accept_link(kb_dir, DBPEDIA, item.id, name, note) for item, _, name in mapped)
        click.echo(f"Wrote {written} DBpedia links to {kb_dir / 'links.toml'}.", err=True)


@link.command("enrich", short_help="Fetch a few facts about linked items.")
@endpoint_options("Wikidata's query service")
@click.option("--property", "properties", multiple=True, metavar="PID",
              help="A Wikidata property to fetch; repeat for several. Default: P625 P17 P131 P569 P39.")
@click.option("--refresh", is_flag=True, help="Fetch again what is already cached.")
@link_store_options
def link_enrich(endpoint: str | None, properties: tuple[str, ...], refresh: bool, location: StoreLocation) -> None:
    """Fetch a few facts about every Wikidata-linked item (coordinates, country, located in,
    date of birth, positions held) into the knowledge base's enrichment/wikidata.ttl, its own
    named graph, with the endpoint, the queries and the time as PROV-O provenance. What is
    cached there is not fetched again, so later runs and other commands work offline.

    \b
    Example:
      timeline --kb kb link enrich --endpoint http://localhost:7878/query
    """
    from timeline.linking import DEFAULT_PROPERTIES, WIKIDATA, enrich

    kb_dir = writable_kb_dir()
    report = enrich(
        open_location(location), remote_endpoint(endpoint, location.timeout, WIKIDATA.default_endpoint), kb_dir, properties or DEFAULT_PROPERTIES, refresh
    )
    click.echo(
        f"Fetched {len(report.fetched)} items, took {len(report.cached)} from the cache: "
        f"{report.facts} facts in {report.path}."
    )
