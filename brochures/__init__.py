"""brochures: branded, multilingual PDF patient leaflets from YAML content."""

__version__ = "0.1.0"
