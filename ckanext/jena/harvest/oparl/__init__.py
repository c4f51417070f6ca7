"""OParl 1.0/1.1 harvester (council information system): per body one dataset each for
meetings, papers, organizations, persons and files."""
