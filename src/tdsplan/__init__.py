"""tdsplan : suivi d’un plan d’action pluriannuel tenu en fichiers YAML dans git."""

__version__ = "0.1.0"
