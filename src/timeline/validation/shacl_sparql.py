"""SHACL shapes compiled to SPARQL and run on the store's own engine.

pySHACL copies every quad into an rdflib graph and walks it in Python: 19 s and 500 MB at
2,400 events, growing faster than the data. The shapes of ontology/shapes.ttl use a small part
of SHACL Core, and each constraint of that part is one SPARQL query that lists the focus nodes
(and values) that break it, which Oxigraph answers in milliseconds. This module is that
compiler: it reads the shapes and writes the queries. It is the one place besides
store/updates.py that writes SPARQL, because its queries are made from the shapes file; the
terms in them are Oxigraph's, read from the file by the store's own Turtle reader and written
as Oxigraph writes them (timeline.rdf.model.sparql_value). A shape that uses a SHACL feature
outside the supported part is an error, never a check silently skipped.

Supported: node shapes with sh:targetClass (instances of subclasses too), sh:targetSubjectsOf,
or reached through sh:node; property paths that are an IRI, an inverse path or a sequence;
sh:minCount, sh:maxCount, sh:class, sh:datatype, sh:in, sh:node, sh:qualifiedValueShape
(with sh:class or sh:pattern) with sh:qualifiedMinCount and sh:qualifiedMaxCount,
sh:uniqueLang, sh:languageIn, sh:pattern, sh:nodeKind sh:IRI, sh:minLength, sh:minInclusive,
sh:message. tests/test_shacl_sparql.py keeps pySHACL's findings as the reference.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from timeline.catalog import program_query
from timeline.errors import DataFileError
from timeline.rdf.model import BlankNode, Literal, NamedNode, Term, plain_value, short_value, sparql_value
from timeline.rdf.prefixes import SH_IRI, XSD_IRI, shortened
from timeline.store.protocol import Store
from timeline.validation.findings import Violation
from timeline.validation.turtle_graph import RDF, TurtleGraph, Vocabulary


SH, XSD = Vocabulary(SH_IRI), Vocabulary(XSD_IRI)

_SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH["in"], SH.node, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.uniqueLang, SH.languageIn, SH.pattern, SH.nodeKind, SH.minLength,
    SH.minInclusive, SH.message, SH.flags,
}
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}
_NODE_SHAPE_KEYS = {RDF.type, SH.property, SH.targetClass, SH.targetSubjectsOf}


@dataclass(frozen=True)
class Step:
    predicate: NamedNode
    inverse: bool = False


@dataclass
class PropertyShape:
    node_shape: NamedNode
    path: tuple[Step, ...]
    constraints: dict[NamedNode, Term]  # single-valued parameters: sh:minCount 1, sh:class sem:Actor, ...
    message: str | None = None
    lists: dict[NamedNode, tuple[Term, ...]] = field(default_factory=dict)  # sh:in and sh:languageIn
    qualified: tuple[NamedNode, Term] | None = None  # the one constraint of sh:qualifiedValueShape


@dataclass
class NodeShape:
    iri: NamedNode
    target_classes: list[NamedNode] = field(default_factory=list)
    target_subjects_of: list[NamedNode] = field(default_factory=list)
    properties: list[PropertyShape] = field(default_factory=list)


@dataclass(frozen=True)
class CompiledCheck:
    """One constraint of one property shape as a query: its rows are the violations, each
    with ?focus and, where the constraint is about one value, ?value."""

    shape: PropertyShape
    component: NamedNode
    query: str


class _Names:
    """Fresh SPARQL variable names, so that nested patterns never capture each other's."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self, stem: str) -> str:
        return f"?{stem}{next(self._counter)}"


def read_shapes(path: Path) -> dict[NamedNode, NodeShape]:
    """The node shapes of a shapes file. One reading per process and version of the file (every
    build validates): the shapes are shared, so read them and never change them."""
    status = path.stat()
    return _read_shapes(path, status.st_mtime_ns, status.st_size)


def _iris(terms: list[Term], path: Path) -> list[NamedNode]:
    if not all(isinstance(term, NamedNode) for term in terms):
        raise DataFileError(str(path), "a shape's targets must be IRIs")
    return sorted((term for term in terms if isinstance(term, NamedNode)), key=lambda term: term.value)


@lru_cache(maxsize=4)
def _read_shapes(path: Path, _mtime_ns: int, _size: int) -> dict[NamedNode, NodeShape]:
    graph = TurtleGraph(path)
    shapes: dict[NamedNode, NodeShape] = {}
    for iri in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=lambda term: term.value):
        if not isinstance(iri, NamedNode):
            raise DataFileError(str(path), "a node shape must have an IRI")
        shape = NodeShape(iri, _iris(graph.objects(iri, SH.targetClass), path), _iris(graph.objects(iri, SH.targetSubjectsOf), path))
        unknown = {p for p, _ in graph.predicate_objects(iri) if p.value.startswith(SH_IRI)} - _NODE_SHAPE_KEYS
        if unknown:
            raise DataFileError(str(path), f"{shortened(iri.value)} uses {', '.join(sorted(shortened(u.value) for u in unknown))}, which the SPARQL validator does not support")
        for node in graph.objects(iri, SH.property):
            shape.properties.append(_read_property(graph, iri, node))
        shape.properties.sort(key=lambda p: (path_text(p.path), sorted(key.value for key in p.constraints)))
        shapes[iri] = shape
    return shapes


def _read_property(graph: TurtleGraph, node_shape: NamedNode, node: Term) -> PropertyShape:
    message = graph.value(node, SH.message)
    prop = PropertyShape(node_shape, _read_path(graph, graph.value(node, SH.path)), {}, message.value if message else None)
    for predicate, value in graph.predicate_objects(node):
        if predicate in (SH.path, SH.message) or not predicate.value.startswith(SH_IRI):
            continue
        if predicate not in _SUPPORTED:
            raise DataFileError(str(graph.path), f"{shortened(node_shape.value)} uses {shortened(predicate.value)}, which the SPARQL validator does not support")
        if predicate in (SH["in"], SH.languageIn):
            prop.lists[predicate] = graph.items(value)
        elif predicate == SH.qualifiedValueShape:
            inner = [(p, o) for p, o in graph.predicate_objects(value) if p.value.startswith(SH_IRI)]
            if len(inner) != 1 or inner[0][0] not in (SH["class"], SH.pattern):
                raise DataFileError(str(graph.path), "a qualified value shape must hold one sh:class or one sh:pattern for the SPARQL validator")
            prop.qualified = inner[0]
        else:
            prop.constraints[predicate] = value
    return prop


def _read_path(graph: TurtleGraph, node: Term | None) -> tuple[Step, ...]:
    if isinstance(node, NamedNode):
        return (Step(node),)
    if isinstance(node, BlankNode):
        inverse = graph.value(node, SH.inversePath)
        if isinstance(inverse, NamedNode):
            return (Step(inverse, inverse=True),)
        if graph.value(node, RDF.first) is not None:
            steps = graph.items(node)
            if all(isinstance(step, NamedNode) for step in steps):
                return tuple(Step(step) for step in steps if isinstance(step, NamedNode))
    raise DataFileError(str(graph.path), "a property path must be an IRI, an inverse path or a sequence of IRIs for the SPARQL validator")


def path_text(path: tuple[Step, ...]) -> str:
    """The path as SPARQL writes it, prefixed: rdfs:label, ^oa:hasBody, time:inDateTime/time:year."""
    return "/".join(("^" if step.inverse else "") + shortened(step.predicate.value) for step in path)


def _path_sparql(path: tuple[Step, ...]) -> str:
    return "/".join(("^" if step.inverse else "") + sparql_value(step.predicate) for step in path)


# --------------------------------------------------------------------------------------------
# Compiling
# --------------------------------------------------------------------------------------------


class Compiler:
    def __init__(self, shapes: dict[NamedNode, NodeShape], subclasses: dict[NamedNode, set[NamedNode]]):
        self.shapes = shapes
        self.subclasses = subclasses

    def _instances(self, variable: str, classes: list[NamedNode], names: _Names) -> str:
        """A pattern binding `variable` to the SHACL instances of any of `classes`."""
        types = sorted({sub for c in classes for sub in self.subclasses.get(c, {c}) | {c}}, key=lambda kind: kind.value)
        # A triple per class, not VALUES: Oxigraph 0.5 evaluates a VALUES block inside an
        # OPTIONAL once per row, which made one shape quadratic in the number of annotations.
        triples = [f"{{ {variable} a {sparql_value(kind)} }}" for kind in types]
        return triples[0][2:-2] + " ." if len(triples) == 1 else " UNION ".join(triples)

    def _targets(self, shape: NodeShape, variable: str, names: _Names) -> str:
        alternatives = []
        if shape.target_classes:
            alternatives.append(self._instances(variable, shape.target_classes, names))
        for predicate in shape.target_subjects_of:
            alternatives.append(f"{variable} {sparql_value(predicate)} {names('object')} .")
        if not alternatives:
            return ""
        inner = " } UNION { ".join(alternatives)
        return f"{{ SELECT DISTINCT {variable} WHERE {{ {{ {inner} }} }} }}"

    def checks(self) -> Iterator[CompiledCheck]:
        for shape in self.shapes.values():
            names = _Names()
            focus = self._targets(shape, "?focus", names)
            if not focus:
                continue
            for prop in shape.properties:
                for component, query in self._property_queries(prop, "?focus", focus, names):
                    yield CompiledCheck(prop, component, query)

    def _property_queries(self, prop: PropertyShape, focus: str, focus_pattern: str, names: _Names) -> Iterator[tuple[NamedNode, str]]:
        for component, pattern, projects_value in self._violations(prop, focus, focus_pattern, names):
            value = " ?value" if projects_value else ""
            yield component, f"SELECT DISTINCT {focus}{value} WHERE {{ {pattern} }}"

    def _violations(self, prop: PropertyShape, focus: str, focus_pattern: str, names: _Names) -> Iterator[tuple[NamedNode, str, bool]]:
        """(component, pattern, whether it binds ?value) for each constraint of `prop`; the
        pattern is satisfied exactly by the focus nodes (and values) that break it."""
        c = prop.constraints
        path = _path_sparql(prop.path)
        if SH.minCount in c:
            value = names("value")
            yield SH.MinCountConstraintComponent, _counted(focus, focus_pattern, value, f"{focus} {path} {value}", "<", c[SH.minCount], names), False
        if SH.maxCount in c:
            value = names("value")
            yield SH.MaxCountConstraintComponent, _counted(focus, focus_pattern, value, f"{focus} {path} {value}", ">", c[SH.maxCount], names), False
        values = f"{focus_pattern} {focus} {path} ?value ."
        if SH["class"] in c:
            yield SH.ClassConstraintComponent, f"{values} MINUS {{ {self._instances('?value', [_iri(c[SH['class']])], names)} }}", True
        if SH.datatype in c:
            yield SH.DatatypeConstraintComponent, f"{values} FILTER(!isLiteral(?value) || DATATYPE(?value) != {sparql_value(c[SH.datatype])})", True
        if SH["in"] in prop.lists:
            allowed = ", ".join(sparql_value(item) for item in prop.lists[SH["in"]])
            yield SH.InConstraintComponent, f"{values} FILTER(?value NOT IN ({allowed}))", True
        if SH.languageIn in prop.lists:
            tests = " || ".join(f"LANGMATCHES(LANG(?value), {sparql_value(Literal(tag.value))})" for tag in prop.lists[SH.languageIn])
            yield SH.LanguageInConstraintComponent, f"{values} FILTER(!isLiteral(?value) || !({tests}))", True
        if SH.uniqueLang in c and c[SH.uniqueLang].value == "true":
            count = names("count")
            language = names("language")
            value = names("value")
            yield SH.UniqueLangConstraintComponent, (
                f"{{ SELECT {focus} {language} (COUNT(DISTINCT {value}) AS {count}) WHERE {{ {focus_pattern} {focus} {path} {value} . "
                f"BIND(LANG({value}) AS {language}) FILTER({language} != \"\") }} GROUP BY {focus} {language} }} FILTER({count} > 1)"
            ), False
        if SH.pattern in c:
            flags = f", {sparql_value(Literal(c[SH.flags].value))}" if SH.flags in c else ""
            yield SH.PatternConstraintComponent, f"{values} FILTER(isBlank(?value) || !REGEX(STR(?value), {sparql_value(Literal(c[SH.pattern].value))}{flags}))", True
        if SH.nodeKind in c:
            if c[SH.nodeKind] != SH.IRI:
                raise DataFileError("shapes", "the SPARQL validator supports sh:nodeKind sh:IRI only")
            yield SH.NodeKindConstraintComponent, f"{values} FILTER(!isIRI(?value))", True
        if SH.minLength in c:
            yield SH.MinLengthConstraintComponent, f"{values} FILTER(isBlank(?value) || STRLEN(STR(?value)) < {_count(c[SH.minLength])})", True
        if SH.minInclusive in c:
            bound = c[SH.minInclusive]
            # A value that cannot be compared breaks the constraint; engines differ on whether
            # comparing "ten" with 0 is an error, so a numeric bound asks for a number first.
            comparable = "isNumeric(?value)" if isinstance(bound, Literal) and bound.datatype in _NUMERIC else "true"
            yield SH.MinInclusiveConstraintComponent, (
                f"{values} FILTER(!({comparable} && COALESCE(?value >= {sparql_value(bound)}, false)))"
            ), True
        if prop.qualified is not None:
            kind, expected = prop.qualified
            value = names("value")
            if kind == SH["class"]:
                conforms = self._instances(value, [_iri(expected)], names)
            else:
                conforms = f"FILTER(REGEX(STR({value}), {sparql_value(Literal(expected.value))}))"
            for key, component, comparison in (
                (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent, "<"),
                (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent, ">"),
            ):
                if key in c:
                    yield component, _counted(focus, focus_pattern, value, f"{focus} {path} {value} . {conforms}", comparison, c[key], names), False
        if SH.node in c:
            inner_shape = self.shapes.get(_iri(c[SH.node]))
            if inner_shape is None:
                raise DataFileError("shapes", f"sh:node names {c[SH.node].value}, which is no node shape")
            inner_focus = names("member")
            inner_pattern = f"{focus_pattern} {focus} {path} {inner_focus} ."
            breaks = [
                f"{{ SELECT DISTINCT {inner_focus} WHERE {{ {pattern} }} }}"
                for inner in inner_shape.properties
                for _, pattern, _ in self._violations(inner, inner_focus, inner_pattern, names)
            ]
            # The members that break the node shape first, then the join through the path: a
            # filter over the product of the two would be quadratic.
            yield SH.NodeConstraintComponent, (
                f"{{ {' UNION '.join(breaks)} }} {focus} {path} {inner_focus} . {focus_pattern} BIND({inner_focus} AS ?value)"
            ), True


def _counted(focus: str, focus_pattern: str, value: str, values: str, comparison: str, limit: Term, names: _Names) -> str:
    """A pattern for the focus nodes whose count of distinct `value`s matching `values` is
    `comparison` (< or >) the limit. The values are OPTIONAL so that a focus node with none
    counts as zero."""
    count = names("count")
    return (
        f"{{ SELECT {focus} (COUNT(DISTINCT {value}) AS {count}) WHERE {{ {focus_pattern} OPTIONAL {{ {values} }} }} "
        f"GROUP BY {focus} }} FILTER({count} {comparison} {_count(limit)})"
    )


def _count(term: Term) -> int:
    """A shape's count or length: a whole number, or the shapes file is wrong."""
    if not (isinstance(term, Literal) and term.value.isdigit()):
        raise DataFileError("shapes", f"{short_value(term)} stands where a count is given: give a whole number such as 1")
    return int(term.value)


def _iri(term: Term) -> NamedNode:
    """A shape's parameter that names a class or a shape: an IRI, or the shapes file is wrong."""
    if not isinstance(term, NamedNode):
        raise DataFileError("shapes", f"{short_value(term)} stands where a class or a shape is named: give its IRI")
    return term


def _subclasses(store: Store) -> dict[NamedNode, set[NamedNode]]:
    """Each class with all its subclasses (itself included)."""
    found: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for row in store.select(program_query("class-hierarchy").text).each_record():
        sub, sup = row["class"], row["superclass"]
        if isinstance(sub, NamedNode) and isinstance(sup, NamedNode):
            found[sup].add(sub)
    return found


_DEFAULT_MESSAGES = {
    SH.MinCountConstraintComponent: "has fewer than {n} values",
    SH.MaxCountConstraintComponent: "has more than {n} values",
    SH.ClassConstraintComponent: "a value is not of the expected class",
    SH.DatatypeConstraintComponent: "a value is not of the expected datatype",
    SH.InConstraintComponent: "a value is not one of those allowed",
    SH.LanguageInConstraintComponent: "a value is not in an allowed language",
    SH.UniqueLangConstraintComponent: "has more than one value in the same language",
    SH.PatternConstraintComponent: "a value does not match the pattern",
    SH.NodeKindConstraintComponent: "a value is not an IRI",
    SH.MinLengthConstraintComponent: "a value is too short",
    SH.MinInclusiveConstraintComponent: "a value is below the minimum",
    SH.QualifiedMinCountConstraintComponent: "has too few values of the qualified shape",
    SH.QualifiedMaxCountConstraintComponent: "has too many values of the qualified shape",
    SH.NodeConstraintComponent: "a value does not conform to its node shape",
}


def _message(check: CompiledCheck) -> str:
    if check.shape.message:
        return check.shape.message
    text = _DEFAULT_MESSAGES[check.component]
    count = check.shape.constraints.get(SH.minCount if "fewer" in text else SH.maxCount)
    text = text.format(n=count)
    return f"{path_text(check.shape.path)} {text} ({shortened(check.component.value)})."


def compiled_checks(store: Store, shapes_path: Path) -> list[CompiledCheck]:
    return list(Compiler(read_shapes(shapes_path), _subclasses(store)).checks())


def sparql_shape_violations(
    store: Store, shapes_path: Path, progress: Callable[[int, int], None] = lambda done, total: None
) -> list[Violation]:
    """The violations of the shapes, each query run on the store's own engine."""
    violations = []
    compiled = compiled_checks(store, shapes_path)
    for done, check in enumerate(compiled, start=1):
        progress(done, len(compiled))
        shape = check.shape
        where_path = path_text(shape.path)
        single = shape.path[0].predicate if len(shape.path) == 1 and not shape.path[0].inverse else None
        for row in store.select(check.query).each_record():
            focus = row["focus"]
            violations.append(Violation(
                f"shape {shape.node_shape.value.rsplit('#', 1)[-1]}", f"{short_value(focus)} {where_path}", _message(check),
                focus_node=focus, path=single, value=row.get("value"), source=shape.node_shape, component=check.component,
            ))
    unique = {(v.rule, v.focus, v.message, plain_value(v.component), plain_value(v.value)): v for v in violations}
    return [unique[key] for key in sorted(unique)]
