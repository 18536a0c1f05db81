"""Benchmarks: `python -m bench` prints statement counts, latency percentiles and throughput."""
