"""The Lộc Bình demo and the country-sized synthetic data: rows for trying the registry out.

Neither app depends on it: it sits above both (`manage.py seed_demo`, `manage.py seed_scale`).
"""
