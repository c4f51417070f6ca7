"""Harvester for CKAN API portals (the previous opendata.jena.de)."""
