"""The built-in components, one private module per family; re-exported by blockspec.components."""
