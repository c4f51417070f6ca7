"""OGC API – Features (Part 1: Core) harvester: each collection becomes a dataset."""
