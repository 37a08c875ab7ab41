-- 标准决算表单元格事实：每个印出的数值一行
create table core.fact_statement_cell as
select
    c.doc_id,
    c.table_code,
    c.table_title,
    c.row_number,
    c.row_code,
    c.row_name,
    c.row_key,
    c.economic_group,
    c.column_code,
    c.column_title,
    c.value,
    c.how,
    c.page,
    c.line,
    c.evidence,
    c.evidence_start,
    c.evidence_end
from staging.statement_cells as c
join core.dim_statement_table using (table_code)
join core.dim_statement_column using (column_code);

comment on table core.fact_statement_cell is '标准决算表单元格事实：每文档每表每行每列一个印出数值（万元），空白单元格不入表';
comment on column core.fact_statement_cell.doc_id is '文档标识';
comment on column core.fact_statement_cell.table_code is '表代码';
comment on column core.fact_statement_cell.table_title is '表标题（原样）';
comment on column core.fact_statement_cell.row_number is '行在表中的顺序';
comment on column core.fact_statement_cell.row_code is '分类代码（数字；合计等行为空）';
comment on column core.fact_statement_cell.row_name is '行名称（原样）';
comment on column core.fact_statement_cell.row_key is '行名称的比较键（去空格、统一括号及“三公”各项的不同印法）';
comment on column core.fact_statement_cell.economic_group is '经济分类分组：人员经费 / 公用经费（基本支出决算表有代码的行）';
comment on column core.fact_statement_cell.column_code is '列代码';
comment on column core.fact_statement_cell.column_title is '表头（原样）';
comment on column core.fact_statement_cell.value is '数值（万元，精确小数）';
comment on column core.fact_statement_cell.how is '列的确定方式：printed / position / arithmetic / cross_table';
comment on column core.fact_statement_cell.page is 'PDF 页码';
comment on column core.fact_statement_cell.line is '原文行号';
comment on column core.fact_statement_cell.evidence is '原文证据（整行原样）';
comment on column core.fact_statement_cell.evidence_start is '证据起始字符位置';
comment on column core.fact_statement_cell.evidence_end is '证据结束字符位置';
