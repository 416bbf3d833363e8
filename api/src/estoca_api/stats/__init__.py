"""Home-page counts."""
