"""Chinese full-text search behind one interface with interchangeable backends."""
