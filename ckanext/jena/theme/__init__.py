"""Citizen-facing theme of the Jena portal: templates, assets, German i18n."""
