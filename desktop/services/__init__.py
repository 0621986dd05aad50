"""Services: one short session per user operation; they return plain results or raise
a `UserError`. Widgets and the CLI call these; they never build queries themselves."""
