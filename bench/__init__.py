"""Benchmarks for the news-briefs generator (run with `make bench`; BENCH_QUICK=1 for a small run)."""
