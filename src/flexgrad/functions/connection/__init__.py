"""Connection functions: linear, convolutions, embeddings, bilinear."""
