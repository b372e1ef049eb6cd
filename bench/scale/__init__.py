"""Country-sized synthetic data for benchmarks: units, titles, terms, cadres, rotations.

Deterministic for a given (postings, seed): the same call gives the same rows. The shape
follows DOMAIN.md §6 (63 provinces, 696 districts, 10,035 communes before 01/07/2025),
scaled down proportionally for small counts so that tests stay fast.

`generator.Generator` produces rows as tuples in the column order of `generator.COLUMNS`
(`places` the units and titles, `people` the cadres and rotations, from the word lists of
`shape`); `load.load` writes them with PostgreSQL COPY (a million rotations in a couple of
minutes) or, on other databases, with `bulk_create` in batches. No simple-history rows are
written for synthetic data. `manage.py seed_scale` (the demo app) calls `load.load`.
"""
