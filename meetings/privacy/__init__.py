"""Personal data over time: retention periods and their purge, and a person's data on request."""
