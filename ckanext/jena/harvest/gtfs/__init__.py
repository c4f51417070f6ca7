"""GTFS static feed harvester (Jenaer Nahverkehr, the Thuringian timetable exchange)."""
