"""Country-sized synthetic rotations over the real country, for benchmarks and load tests.

The territorial units are the real ones: `country.load_country` runs `load_admin_units`
(the pinned vietnamadminunits dataset; a few provinces for a small seed, the whole country
from 100,000 rotations on). `generator.Generator` then adds the Party and government bodies
under the real provinces, districts and communes (each valid as long as its place: the old
tree until 30/06/2025, the new provinces and communes from 01/07/2025) and the synthetic
titles, cadres and rotations, as tuples in the column order of `generator.COLUMNS`
(`places` the bodies and the choice of a move's units, `people` the cadres and rotations,
from the word lists of `shape`). Deterministic for a given (postings, seed, provinces): the
same call gives the same rows. `load.load` writes them with PostgreSQL COPY (a million
rotations in a few minutes) or, on other databases, with `bulk_create` in batches. Only
the real units get history rows (from `load_admin_units`); the synthetic rows get none.
`manage.py seed_scale` (the demo app) calls `load.load`.
"""
