"""File-manifest harvester: department files (CSV, GeoJSON, XML, XLSX, PDF) at stable
URLs, listed with their dataset metadata in the source registry."""
