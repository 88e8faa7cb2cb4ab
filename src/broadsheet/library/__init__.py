"""Library formats (pure, no Django): reading and writing METS/ALTO and NDNP batches."""
