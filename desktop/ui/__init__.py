"""Qt Widgets user interface. Widgets call services; they never hold a session or build SQL."""
