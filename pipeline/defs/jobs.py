"""Jobs: extract new documents; build the warehouse (and its dashboard) from every document."""
import dagster as dg

from pipeline.defs.assets import dashboard, document_extractions, lake_tables, warehouse

extract_documents_job = dg.define_asset_job("extract_documents", selection=[document_extractions])
build_warehouse_job = dg.define_asset_job("build_warehouse", selection=[lake_tables, warehouse, dashboard])
