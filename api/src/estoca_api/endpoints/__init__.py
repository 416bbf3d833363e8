"""Mock endpoints: CRUD and test runs."""
