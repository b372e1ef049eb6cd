from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Sample data only: no models, two management commands."""

    name = "demo"
