"""A build-step runner: subprocess steps, worker processes, run history and a run lock."""
