-- 列无法确定而搁置的数字：不猜列，附原因
create table staging.set_aside_cells as
select * from frame_set_aside_cells;

comment on table staging.set_aside_cells is '搁置的表格数字：文本转换丢失空白单元格后无法确定所属列、表内算术与他表也无法确定的数字，附原因';
comment on column staging.set_aside_cells.doc_id is '文档标识';
comment on column staging.set_aside_cells.source_file is '源文件名';
comment on column staging.set_aside_cells.table_code is '表代码（tables.yaml）';
comment on column staging.set_aside_cells.table_title is '表标题（原样）';
comment on column staging.set_aside_cells.row_code is '行的分类代码';
comment on column staging.set_aside_cells.row_name is '行名称（原样）';
comment on column staging.set_aside_cells.numbers is '无法定列的数字（原样）';
comment on column staging.set_aside_cells.reason is '搁置原因';
comment on column staging.set_aside_cells.page is 'PDF 页码（已知时）';
comment on column staging.set_aside_cells.line is '原文行号（已知时）';
comment on column staging.set_aside_cells.evidence is '原文证据（整行原样）';
comment on column staging.set_aside_cells.evidence_start is '证据在原文中的起始字符位置';
comment on column staging.set_aside_cells.evidence_end is '证据在原文中的结束字符位置（不含）';
