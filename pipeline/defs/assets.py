"""The warehouse's assets, one group per stage: extract → validate → load."""

import warnings
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.dashboard import build_dashboard
from pipeline.defs.partitions import documents_partitions
from pipeline.defs.resources import PipelineSettings
from pipeline.extract.cache import ExtractionCache
from pipeline.extract.subject_codes import SubjectCatalog
from pipeline.ingest.reader import Quarantined
from pipeline.load.warehouse import publish_warehouse
from pipeline.progress import stage
from pipeline.run import extract_one, read_folder, stage_tables

# BackfillPolicy is beta in dagster 1.13; the exact pin keeps its behaviour fixed.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`")


# Each 部门决算 report, read and extracted as soon as the sensor sees it. Runs
# over many documents at once (single-run backfills); results are cached by
# content so the nightly warehouse build reuses them.
@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="extract",
    kinds={"python"},
)
def document_extractions(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """Facts read from each report: metrics, 功能分类/经济分类 items, 绩效 tables."""
    settings = pipeline_settings.settings()
    catalog = SubjectCatalog.load(settings.reference_dir)
    cache = ExtractionCache(settings.cache_dir, settings.reference_dir)
    loaded, quarantined = 0, []
    for key in context.partition_keys:
        result = extract_one(settings.raw_dir / key, catalog, cache)
        if isinstance(result, Quarantined):
            quarantined.append(result.reason)
        else:
            loaded += 1
    for reason in quarantined:
        context.log.warning(f"quarantined {reason}")
    return dg.MaterializeResult(metadata={"documents_extracted": loaded, "documents_quarantined": len(quarantined),
                                          "quarantine_reasons": "\n".join(quarantined) or "none"})


# Every entry of the raw folder as validated staging tables: rows that fail
# their pandera schema are set aside with the reason, never dropped silently.
# A raw folder that yields no report fails the run: nothing is published.
@dg.asset(group_name="validate", kinds={"polars", "pandera"}, deps=[document_extractions])
def staged_tables(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dict[str, pl.DataFrame]:
    """Validated staging tables of all documents, plus quarantined rows and consistency checks."""
    settings = pipeline_settings.settings()
    with stage("reading and extracting") as reading:
        batch = read_folder(settings, on_result=reading.file_done)
    with stage("validating", unit="step", total=1) as validating:
        tables = stage_tables(batch)
        validating.advance()
    context.add_output_metadata({name: frame.height for name, frame in tables.items()})
    return tables


# The DuckDB warehouse analysts and dashboards read: staging, core star schema
# and marts, published atomically so readers are never blocked.
@dg.asset(group_name="load", kinds={"duckdb"})
def warehouse(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings,
              staged_tables: dict[str, pl.DataFrame]) -> dg.MaterializeResult:
    """The published warehouse file (staging → core → marts)."""
    settings = pipeline_settings.settings()
    with stage("loading", unit="step", total=1) as loading:
        path = publish_warehouse(staged_tables, settings.warehouse, settings.reference_dir)
        loading.advance()
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)),
                                          "size_bytes": Path(path).stat().st_size})


# The dashboard journalists and analysts open in a browser, rebuilt from the
# marts after every warehouse build, so the nightly schedule and the sensor
# refresh it. Static files: it opens from disk or any web server, offline.
@dg.asset(group_name="publish", kinds={"html"}, deps=[warehouse])
def dashboard(pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The dashboard: overview, 三公 by department, one page per department and year, data dictionary."""
    settings = pipeline_settings.settings()
    with stage("dashboard", unit="page") as pages:
        site = build_dashboard(settings.warehouse, settings.dashboard, on_page=pages.advance)
    return dg.MaterializeResult(metadata={"index": dg.MetadataValue.path(str(site.index)), "pages": site.pages,
                                          "size_bytes": site.size_bytes, "seconds": round(site.seconds, 2)})
