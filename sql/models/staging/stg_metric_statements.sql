-- 指标的每一次陈述（含重复陈述），带原文证据
create table staging.metric_statements as
select * from frame_metric_statements;

comment on table staging.metric_statements is '指标陈述：文中每次陈述一个指标代码的数值，含重复陈述（statement>1）及原文证据；说明未述而表中印出的指标取表中单元格';
comment on column staging.metric_statements.doc_id is '文档标识';
comment on column staging.metric_statements.source_file is '源文件名';
comment on column staging.metric_statements.metric_code is '指标代码（metrics.yaml）';
comment on column staging.metric_statements.value is '数值：金额为万元，比例为百分点，数量为个数；精确小数';
comment on column staging.metric_statements.unit is '单位：wan_yuan 万元 / pct 百分比 / count 数量';
comment on column staging.metric_statements.statement is '第几次陈述（1 为首次陈述，即采用值）';
comment on column staging.metric_statements.section_kind is '所在章节类型（取自表格时为 table）';
comment on column staging.metric_statements.source is '来源：narrative 决算情况说明 / table 说明未述而标准决算表印出（证据为表中该行）';
comment on column staging.metric_statements.section_path is '所在章节路径';
comment on column staging.metric_statements.evidence is '原文证据（原样引用）';
comment on column staging.metric_statements.evidence_start is '证据在原文中的起始字符位置';
comment on column staging.metric_statements.evidence_end is '证据在原文中的结束字符位置（不含）';
comment on column staging.metric_statements.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
