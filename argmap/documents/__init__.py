"""Documents made from a checked topic: text to read, print or pass on, not diagrams."""
