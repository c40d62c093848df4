"""Government information (政府信息): metadata, disclosure attribute, review and publication."""
