-- 部门指标：每文档每指标一行，只含文中陈述的值
create view marts.department_metrics as
select
    d.source_file,
    d.doc_id,
    d.fiscal_year,
    d.department_name,
    f.metric_code,
    m.metric_name_zh,
    f.value,
    f.unit,
    f.source,
    f.evidence,
    f.page,
    f.section_path,
    f.statement_count
from core.fact_metric as f
join marts.documents as d using (doc_id)
join core.dim_metric as m using (metric_code);

comment on view marts.department_metrics is '部门指标：每文档每指标代码一行（说明首次陈述为准，说明未述时取表中印出值），未印出的指标不出现';
comment on column marts.department_metrics.source_file is '源文件名';
comment on column marts.department_metrics.doc_id is '文档标识';
comment on column marts.department_metrics.fiscal_year is '决算年度';
comment on column marts.department_metrics.department_name is '部门全称';
comment on column marts.department_metrics.metric_code is '指标代码';
comment on column marts.department_metrics.metric_name_zh is '指标中文名';
comment on column marts.department_metrics.value is '数值（万元 / 百分点 / 个数）';
comment on column marts.department_metrics.unit is '单位';
comment on column marts.department_metrics.source is '来源：narrative 决算情况说明 / table 标准决算表（说明未述而表中印出；证据为表中该行）';
comment on column marts.department_metrics.evidence is '原文证据';
comment on column marts.department_metrics.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
comment on column marts.department_metrics.section_path is '所在章节';
comment on column marts.department_metrics.statement_count is '文中陈述次数';
