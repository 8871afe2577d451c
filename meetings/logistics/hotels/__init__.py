"""Accommodation: services.py (rules), forms.py, views.py (routes on the logistics blueprint)."""
