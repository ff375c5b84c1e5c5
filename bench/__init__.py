"""The benchmark: `make bench` (run.py), its data (data.py) and the peers it measures against (peers/)."""
