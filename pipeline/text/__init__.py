"""Foundations every stage may import: how numbers and amounts are printed."""
