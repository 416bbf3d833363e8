"""Mock groups: CRUD, export."""
