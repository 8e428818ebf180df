"""Page layouts: pure functions from ids and catalogue to Dash components."""
