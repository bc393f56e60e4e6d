"""Site-wide models. The staff roles (see roles.py) are synced after this app migrates."""
