"""Curating a knowledge base: compiling its TOML files into RDF (build), and the authoring
commands that create a folder and add sources to it."""
