"""Sahel Watch domain package: records, corpus, filters, geography, extraction, export."""
