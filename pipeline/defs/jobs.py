"""Jobs: extract new documents; build the warehouse (and its dashboard) from every document."""
import dagster as dg

from pipeline.defs.assets import dashboard, document_extractions, lake_tables
from pipeline.defs.models import warehouse_models

extract_documents_job = dg.define_asset_job("extract_documents", selection=[document_extractions])
# The lake's mirror, every dbt model (with the data tests as checks), the dashboard: in this order.
build_warehouse_job = dg.define_asset_job(
    "build_warehouse", selection=dg.AssetSelection.assets(lake_tables, warehouse_models, dashboard))
