"""Draft events from raw text, for a person to review (`timeline extract`)."""
