"""Measure the embedded engine against rdflib's own on a synthetic knowledge base, and the
command line's start-up. Prints figures; asserts nothing.

    python benchmarks/engines.py [--events 1000] [--repeat 5]

The synthetic KB has the seed's shape (typed events with label, status, two actors in a role,
a place, a dated begin with its precision, an evidence annotation) so that the stored
queries run on it unchanged.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from timeline.catalog import run, stored_queries
from timeline.kb.layout import KbFile, kb_files, resolve_kb_dir
from timeline.rdf.namespaces import KB, OA, SEM, TIME, TL
from timeline.rdf.prefixes import graph_name
from timeline.rdf.writers import turtle
# The engines themselves, not open_store(): this benchmark compares them on the same files.
from timeline.store.embedded import EmbeddedStore
from timeline.store.rdflib_engine import RdflibStore

GROUP_BY = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT ?actor (COUNT(?event) AS ?events) WHERE { ?event sem:hasActor ?actor } GROUP BY ?actor ORDER BY DESC(?events) ?actor
"""


def synthetic_events(count: int, actors: int = 50) -> str:
    rng = random.Random(20240516)
    kinds = [TL.Meeting, TL.BilateralTalks, TL.StateVisit, TL.Statement, TL.Forum]
    units = [TIME.unitDay, TIME.unitMonth, TIME.unitYear]
    triples = []
    for index in range(count):
        event = KB[f"event/synthetic-{index}"]
        begin = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        first, second = rng.sample(range(actors), 2)
        annotation = URIRef(f"{event}/evidence/1")
        triples += [
            (event, RDF.type, SEM.Event),
            (event, RDF.type, rng.choice(kinds)),
            (event, RDFS.label, Literal(f"Synthetic event {index}", lang="en")),
            (event, TL.status, TL.completed),
            (event, TL.hasParticipant, KB[f"entity/synthetic-actor-{first}"]),
            (event, TL.hasParticipant, KB[f"entity/synthetic-actor-{second}"]),
            (event, SEM.hasActor, KB[f"entity/synthetic-actor-{first}"]),
            (event, SEM.hasActor, KB[f"entity/synthetic-actor-{second}"]),
            (event, SEM.hasPlace, KB["entity/beijing"]),
            (event, SEM.hasBeginTimeStamp, Literal(begin.isoformat(), datatype=XSD.date)),
            (event, TL.beginPrecision, rng.choice(units)),
            (annotation, RDF.type, OA.Annotation),
            (annotation, OA.hasBody, event),
            (annotation, OA.hasTarget, URIRef(f"{annotation}/target")),
        ]
    for index in range(actors):
        actor = KB[f"entity/synthetic-actor-{index}"]
        triples += [(actor, RDF.type, SEM.Actor), (actor, RDFS.label, Literal(f"Actor {index}", lang="en"))]
    return turtle(triples)


def timed(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.ttl"
        path.write_text(synthetic_events(arguments.events), encoding="utf-8")
        files = kb_files(resolve_kb_dir()) + [KbFile(path, graph_name("events/synthetic"), "events")]
        print(f"Synthetic knowledge base: {arguments.events} events, {path.stat().st_size // 1024} KiB of Turtle "
              f"(+ the seed KB); median of {arguments.repeat} runs")
        print(f"{'measure':<42}{'oxigraph':>12}{'rdflib':>12}{'ratio':>9}")

        def load(engine):
            store = engine()
            store.load_files(files)
            return store

        stores = {"oxigraph": load(EmbeddedStore), "rdflib": load(RdflibStore)}
        catalog = stored_queries()
        measures = {
            "load the KB files": {name: (lambda e=engine: load(e)) for name, engine in (("oxigraph", EmbeddedStore), ("rdflib", RdflibStore))},
            "actor-timeline (one actor)": {
                name: (lambda s=store: run(catalog.get("actor-timeline"), {"actor": "Actor 7"}, s)) for name, store in stores.items()
            },
            "group by actor (event counts)": {name: (lambda s=store: s.query(GROUP_BY)) for name, store in stores.items()},
            "timeline (every event, sorted)": {
                name: (lambda s=store: run(catalog.get("timeline"), {}, s)) for name, store in stores.items()
            },
        }
        for label, actions in measures.items():
            oxigraph = timed(actions["oxigraph"], arguments.repeat)
            rdflib = timed(actions["rdflib"], arguments.repeat)
            print(f"{label:<42}{oxigraph * 1000:>10.1f}ms{rdflib * 1000:>10.1f}ms{rdflib / oxigraph:>8.1f}x")

    print()
    for command in (["--help"], ["show"], ["query", "timeline"]):
        seconds = timed(
            lambda c=command: subprocess.run([sys.executable, "-m", "timeline", *c], capture_output=True, check=True),
            arguments.repeat,
        )
        print(f"timeline {' '.join(command):<33}{seconds * 1000:>10.0f}ms (whole process, seed KB)")


if __name__ == "__main__":
    main()
