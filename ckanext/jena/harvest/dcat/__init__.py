"""Harvester for DCAT-AP / DCAT-AP.de catalogues with hydra paging (piveau hubs, CKAN
portals with ckanext-dcat, other federal/state portals)."""
