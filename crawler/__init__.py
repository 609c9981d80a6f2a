"""The Scrapy project that fills the knowledge base from e-paper sites (see docs/crawler.md)."""
