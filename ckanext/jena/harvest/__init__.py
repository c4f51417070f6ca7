"""Harvesting framework of the Jena portal.

CKAN-free modules (usable and testable without CKAN): ``fetch`` (safe HTTP client),
``xmlsafe`` (XML parsing without DTDs/entities/network, HTML sanitising), ``records``
(the data types exchanged between protocols and the framework), ``registry`` (the source
registry in ``harvesters/*.yaml``) and each protocol's client/mapping modules.

CKAN-bound modules: ``base`` (``JenaHarvester``, the ckanext-harvest harvester base
class with the safety rules), ``runner``, ``cli``, ``views``, ``plugin``.
"""
