"""The dbt build keeps the warehouse as before: schemas, the Chinese comments, the lake sources."""
from __future__ import annotations

import duckdb

# Comments as the SQL files of the layers wrote them before they became dbt models.
COMMENTS = {
    ("staging", "documents", "status"):
        "状态：loaded 已入库 / quarantined 已隔离 / ignored 未读取（子目录、隐藏文件、非普通文件、指向目录外的链接）",
    ("core", "dim_department", "department_id"): "部门标识（名称+地区）",
    ("core", "fact_metric", "value"): "数值（精确小数）",
    ("marts", "three_public", "reception_yuan_per_person"): "国内接待每人次费用（元）",
    ("marts", "documents", "quarantine_reason"): "隔离或未读取的原因（以文件名开头）",
}


def test_column_and_relation_comments_are_the_data_dictionary(samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        for (schema, table, column), comment in COMMENTS.items():
            assert con.execute("select comment from duckdb_columns() where schema_name = ? and table_name = ? "
                               "and column_name = ?", [schema, table, column]).fetchone() == (comment,)
        assert con.execute("select comment from duckdb_views() where schema_name = 'marts' "
                           "and view_name = 'three_public'").fetchone() == (
            "“三公”经费：每文档一行，含各组成、预算与完成率、由增减额推算的上年数及人均/批均成本",)
        undocumented = con.execute("select schema_name, table_name, column_name from duckdb_columns() "
                                   "where schema_name in ('staging', 'core', 'marts') and comment is null").fetchall()
        assert undocumented == []


def test_layers_keep_their_schema_names_and_money_its_exact_type(samples_warehouse):
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        schemas = {s for (s,) in con.execute("select distinct schema_name from duckdb_columns()").fetchall()}
        assert {"staging", "core", "marts", "meta"} <= schemas and not any(s.startswith("main_") for s in schemas)
        assert "lake" not in schemas  # the sources stay in the mirror, attached during the build only
        money = con.execute("select data_type from duckdb_columns() where schema_name = 'staging' "
                            "and table_name = 'gpb_items' and column_name = 'amount_wan_yuan'").fetchone()
        assert money == ("DECIMAL(20,6)",)


def test_the_dbt_unit_tests_pass_on_their_fixed_rows(tmp_path):
    """The models' derived columns on fixed input rows (sql/models/*/_unit_tests.yml): a build with unit tests."""
    from pipeline.config import Settings
    from pipeline.load.models import DATABASE_FILE, build_models
    from pipeline.run import read_folder, stage_documents
    settings = Settings.from_env()
    stage_documents(read_folder(settings), settings)
    build_models(tmp_path / DATABASE_FILE, settings.mirror, settings.reference_dir, unit_tests=True)


def test_a_mutated_model_fails_its_unit_test(tmp_path):
    """A deliberate mutation (the per-person reception cost ×0.1) must fail the build, naming the unit test."""
    import shutil

    import pytest

    from pipeline.config import Settings
    from pipeline.load.models import DATABASE_FILE, PROJECT_DIR, build_models
    from pipeline.run import read_folder, stage_documents
    settings = Settings.from_env()
    stage_documents(read_folder(settings), settings)
    project = tmp_path / "sql"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    mart = project / "models" / "marts" / "three_public.sql"
    text = mart.read_text(encoding="utf-8")
    per_person = "factor=10000) }} end as reception_yuan_per_person"
    assert per_person in text
    mart.write_text(text.replace(per_person, per_person.replace("10000", "1000")), encoding="utf-8")
    with pytest.raises(RuntimeError, match="three_public"):
        build_models(tmp_path / DATABASE_FILE, settings.mirror, settings.reference_dir, project, unit_tests=True)
