"""The pipeline's own assets: extract → lake (the dbt models of pipeline.defs.models follow) → dashboard."""

import warnings

import dagster as dg

from pipeline.dashboard import build_dashboard
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.lake.mirror import DOCUMENT_TABLES
from pipeline.progress import stage
from pipeline.run import extract_folder, read_folder, stage_documents

# The marts the dashboard reads.
DASHBOARD_MARTS = ("documents", "department_metrics", "three_public", "function_expenditure",
                   "performance_projects", "consistency_findings")

# BackfillPolicy is beta in dagster 1.13; the exact pin keeps its behaviour fixed.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`")


# Each 部门决算 report, read and extracted into the lake as soon as the sensor
# sees it. Runs over many documents at once (single-run backfills); workers
# write each document's Parquet entry themselves, so only summaries reach this
# process. A partition whose content the lake has already costs a lookup.
@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="extract",
    kinds={"python", "parquet"},
)
def document_extractions(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """Each report's facts in the lake: metrics, 功能分类/经济分类 items, table cells, 绩效 tables, findings."""
    settings = pipeline_settings.settings()
    with stage("extracting", unit="doc") as extracting:
        batch = extract_folder([settings.raw_dir / key for key in context.partition_keys], settings,
                               on_result=extracting.file_done)
    reasons = [q.reason for q in batch.quarantined]
    for reason in reasons:
        context.log.warning(f"quarantined {reason}")
    return dg.MaterializeResult(metadata={"documents_extracted": len(batch.documents),
                                          "documents_quarantined": len(reasons),
                                          "quarantine_reasons": "\n".join(reasons) or "none"})


# The lake's tables for exactly the documents of the raw folder: the mirror
# takes in new and changed documents and drops removed ones. It reads what
# the extraction runs wrote and extracts nothing: a file whose content the
# lake lacks (changed since its extraction run) is a documents row with that
# reason, and the next extraction run takes it in (pipeline.defs.build runs
# one over every such file before each build of the command line). Rows
# that failed their pandera schema are in row_quarantine, never dropped
# silently. A raw folder that yields no report fails the run: nothing is
# published.
@dg.multi_asset(
    specs=[dg.AssetSpec(["lake", table], deps=[document_extractions], group_name="lake", kinds={"duckdb"})
           for table in DOCUMENT_TABLES],
    can_subset=False,
)
def lake_tables(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings):
    """The lake's rows of every loaded document, with the documents that were not loaded and why."""
    settings = pipeline_settings.settings()
    with stage("reading the lake", unit="doc") as reading:
        batch = read_folder(settings, on_result=reading.file_done, extract=False)
    with stage("staging", unit="step", total=1) as staging:
        counts = stage_documents(batch, settings)
        staging.advance()
    for table, rows in counts.items():
        yield dg.MaterializeResult(asset_key=["lake", table], metadata={"rows": rows})


# The dashboard journalists and analysts open in a browser, rebuilt from the
# marts after every warehouse build, so the nightly schedule and the sensor
# refresh it. Static files: it opens from disk or any web server, offline.
@dg.asset(group_name="publish", kinds={"html"}, deps=[dg.AssetKey(["marts", name]) for name in DASHBOARD_MARTS])
def dashboard(pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The dashboard: overview, 三公 by department, one page per department and year, data dictionary."""
    settings = pipeline_settings.settings()
    with stage("dashboard", unit="page") as pages:
        site = build_dashboard(settings.warehouse, settings.dashboard, on_page=pages.advance)
    return dg.MaterializeResult(metadata={"index": dg.MetadataValue.path(str(site.index)), "pages": site.pages,
                                          "written": site.written, "size_bytes": site.size_bytes, "seconds": round(site.seconds, 2)})
