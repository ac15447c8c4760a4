// Implementation pending in this change series.
