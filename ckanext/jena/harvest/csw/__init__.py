"""Harvester for OGC CSW 2.0.2 catalogues with ISO 19139 records (GeoMIS.TH, the
Thuringian geoportal's catalogue)."""
