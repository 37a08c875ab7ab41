"""The Dagster code location `pipeline`: thin wiring of the plain-Python stages."""
import dagster as dg

from pipeline.defs import assets, checks
from pipeline.defs.models import warehouse_models
from pipeline.defs.jobs import build_warehouse_job, extract_documents_job
from pipeline.defs.resources import PipelineSettings
from pipeline.defs.schedules import nightly_warehouse_schedule
from pipeline.defs.sensors import build_after_extraction, raw_folder_sensor

# In-process: the multiprocess executor re-imports and re-initialises jieba per
# step and was 4× slower on these steps.
defs = dg.Definitions(
    assets=[*dg.load_assets_from_modules([assets]), warehouse_models],
    asset_checks=dg.load_asset_checks_from_modules([checks]),
    jobs=[extract_documents_job, build_warehouse_job],
    sensors=[raw_folder_sensor, build_after_extraction],
    schedules=[nightly_warehouse_schedule],
    resources={"pipeline_settings": PipelineSettings.from_env()},
    executor=dg.in_process_executor,
)
