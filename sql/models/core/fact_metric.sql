-- 指标事实：每文档每代码一行，取首次陈述
create table core.fact_metric as
select
    doc_id,
    metric_code,
    value,
    unit,
    source,
    section_path,
    evidence,
    evidence_start,
    evidence_end,
    page,
    (select count(*) from staging.metric_statements as r
      where r.doc_id = s.doc_id and r.metric_code = s.metric_code) as statement_count
from staging.metric_statements as s
where statement = 1;

comment on table core.fact_metric is '指标事实：每文档每指标一行（说明首次陈述为准；说明未述而表中印出时取表中值），只含文中印出的值';
comment on column core.fact_metric.doc_id is '文档标识';
comment on column core.fact_metric.metric_code is '指标代码';
comment on column core.fact_metric.value is '数值（精确小数）';
comment on column core.fact_metric.unit is '单位';
comment on column core.fact_metric.source is '来源：narrative 决算情况说明 / table 标准决算表（说明未述时）';
comment on column core.fact_metric.section_path is '所在章节';
comment on column core.fact_metric.evidence is '原文证据';
comment on column core.fact_metric.evidence_start is '证据起始字符位置';
comment on column core.fact_metric.evidence_end is '证据结束字符位置';
comment on column core.fact_metric.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
comment on column core.fact_metric.statement_count is '文中陈述次数';
