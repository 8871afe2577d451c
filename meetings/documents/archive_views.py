"""The archive search across meetings: by symbol, words of the title or text, party, category, year, language."""
