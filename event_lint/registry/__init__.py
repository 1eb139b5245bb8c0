"""The versioned event schema registry (implemented by the registry modules)."""
