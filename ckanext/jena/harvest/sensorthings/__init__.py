"""OGC SensorThings API 1.1 harvester (Jena's Urban Data Platform): datastreams grouped
by observed property, one dataset per observed property."""
