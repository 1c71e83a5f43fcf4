"""Tests of dossier_build (pytest)."""
