"""Reference and demo data, and the scale seeding for benchmarks.

The one app allowed to import every other one, and imported by none: the domain apps hold
only the domain. ``load_reference`` loads what production needs (the entity tree with its
e-mail domains, the collections); ``load_demo`` loads it and the demonstration data on top.
"""
