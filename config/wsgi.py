"""WSGI entry point for production (gunicorn or uWSGI), e.g.

    CKAN_INI=/etc/ckan/jena/ckan.ini gunicorn -w 4 -b 127.0.0.1:5000 config.wsgi:application
"""

import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

config = CKANConfigLoader(os.environ.get("CKAN_INI", "/etc/ckan/jena/ckan.ini")).get_config()
application = make_app(config)
