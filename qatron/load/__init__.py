"""Load tests with Locust, run in processes of their own, judged against criteria.

``qatron.yml``'s ``load_tests:`` (:mod:`.config`) → a locustfile for the behaviour and
shape (:mod:`.locustfile`) → Locust's master and workers as processes, watched live
(:mod:`.runner`) → figures per endpoint and over time (:mod:`.stats`), the target's CPU
and memory (:mod:`.resources`) → a verdict per criterion, against the last passing run
too (:mod:`.criteria`), and hints at the bottleneck (:mod:`.hints`) → :mod:`.models`.
"""
