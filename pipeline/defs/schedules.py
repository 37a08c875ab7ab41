"""The nightly rebuild."""
import dagster as dg

from pipeline.defs.jobs import build_warehouse_job

# 02:30 Beijing time: rebuild the warehouse and marts from every document;
# unchanged documents come from the extraction cache, so only new ones are read.
nightly_warehouse_schedule = dg.ScheduleDefinition(
    job=build_warehouse_job,
    cron_schedule="30 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
