-- 部门决算公开表单元格：每个印出的数值一行，分析与核对的入口
create view marts.statement_table_cells as
select
    d.source_file,
    d.doc_id,
    d.fiscal_year,
    d.department_name,
    c.table_code,
    c.table_title,
    t.table_name_zh,
    c.row_number,
    c.row_code,
    c.row_name,
    c.column_code,
    c.column_title,
    k.column_name_zh,
    c.value,
    c.how,
    c.page,
    c.line,
    c.evidence
from core.fact_statement_cell as c
join marts.documents as d using (doc_id)
join core.dim_statement_table as t using (table_code)
join core.dim_statement_column as k using (column_code)
where d.status = 'loaded';

comment on view marts.statement_table_cells is '部门决算公开表单元格：每个印出的数值一行（万元），表/行/列按 tables.yaml 编码，附页码与原文证据';
comment on column marts.statement_table_cells.source_file is '源文件名';
comment on column marts.statement_table_cells.doc_id is '文档标识';
comment on column marts.statement_table_cells.fiscal_year is '决算年度';
comment on column marts.statement_table_cells.department_name is '部门全称';
comment on column marts.statement_table_cells.table_code is '表代码（tables.yaml）';
comment on column marts.statement_table_cells.table_title is '表标题（原样）';
comment on column marts.statement_table_cells.table_name_zh is '表的标准中文名';
comment on column marts.statement_table_cells.row_number is '行在表中的顺序';
comment on column marts.statement_table_cells.row_code is '分类代码（数字；合计等行为空）';
comment on column marts.statement_table_cells.row_name is '行名称（原样，去掉序号及（类）（款）（项））';
comment on column marts.statement_table_cells.column_code is '列代码（tables.yaml）';
comment on column marts.statement_table_cells.column_title is '表头（原样）';
comment on column marts.statement_table_cells.column_name_zh is '列的标准中文名';
comment on column marts.statement_table_cells.value is '数值（万元，精确小数）';
comment on column marts.statement_table_cells.how is '列的确定方式：printed 逐格印出 / position 按位置 / arithmetic 按表内算术 / cross_table 按他表同数';
comment on column marts.statement_table_cells.page is 'PDF 页码（已知时）';
comment on column marts.statement_table_cells.line is '原文行号（已知时）';
comment on column marts.statement_table_cells.evidence is '原文证据（整行原样）';
