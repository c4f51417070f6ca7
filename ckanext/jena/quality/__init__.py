"""Quality feedback for data officers: MQA-style score, DCAT-AP.de findings, link checks."""
