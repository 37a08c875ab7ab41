-- 部门决算公开表的每个印出单元格，带原文证据
create table staging.statement_cells as
select * from frame_statement_cells;

comment on table staging.statement_cells is '标准决算表单元格：每个印出的数值一行（空白单元格不入表），表/行/列按 tables.yaml 编码';
comment on column staging.statement_cells.doc_id is '文档标识';
comment on column staging.statement_cells.source_file is '源文件名';
comment on column staging.statement_cells.table_code is '表代码（tables.yaml）';
comment on column staging.statement_cells.table_title is '表标题（原样）';
comment on column staging.statement_cells.row_number is '行在表中的顺序（从 1 起）';
comment on column staging.statement_cells.row_code is '分类代码（功能分类 / 经济分类，数字；合计等行为空）';
comment on column staging.statement_cells.row_name is '行名称（原样，去掉序号及（类）（款）（项））';
comment on column staging.statement_cells.column_code is '列代码（tables.yaml；other 为其他列）';
comment on column staging.statement_cells.column_title is '表头（原样）';
comment on column staging.statement_cells.value is '数值（万元，精确小数；元的表已精确换算）';
comment on column staging.statement_cells.row_key is '行名称的比较键（去空格、统一括号及“三公”各项的不同印法）';
comment on column staging.statement_cells.economic_group is '经济分类分组：人员经费 / 公用经费（基本支出决算表有代码的行；其他为空）';
comment on column staging.statement_cells.how is '列的确定方式：printed 逐格印出 / position 按位置 / arithmetic 按表内算术 / cross_table 按他表同数';
comment on column staging.statement_cells.page is 'PDF 页码（已知时）';
comment on column staging.statement_cells.line is '原文行号（已知时）';
comment on column staging.statement_cells.evidence is '原文证据（整行原样）';
comment on column staging.statement_cells.evidence_start is '证据在原文中的起始字符位置';
comment on column staging.statement_cells.evidence_end is '证据在原文中的结束字符位置（不含）';
