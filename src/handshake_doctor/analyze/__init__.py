"""analyze: captures and logs to transcripts, judged by the domains (issue 14)."""
