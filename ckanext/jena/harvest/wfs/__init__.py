"""WFS 2.0 harvester: each feature type of a GetCapabilities document becomes a dataset."""
