"""The leakage audit behind tools/audit_dataset.py (docs/datasets.md, "Leakage audit")."""
