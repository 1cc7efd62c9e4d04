"""Journeys: tests of several applications in sequence, passing data between them.

``qatron.yml``'s ``journeys:`` (:mod:`.config`) → the order of the steps and what flows
into each (:mod:`.plan`) → each step's test in its own process with its inputs
(:mod:`.steps`, :mod:`.data`) → which steps may run, which are skipped and why
(:mod:`.run`, :mod:`.health`) → results as stored and reported (:mod:`.models`).
"""
