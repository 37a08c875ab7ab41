"""One partition per source document, keyed by its file name."""
import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")
