"""YAML import and export in the Kubernetes resource format."""
