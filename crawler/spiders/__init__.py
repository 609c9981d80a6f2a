"""Spiders of the unionkb Scrapy project: one configurable e-paper spider driven by site profiles."""
