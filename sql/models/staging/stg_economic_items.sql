-- 基本支出经济分类明细（文中印出金额者）
create table staging.economic_items as
select * from frame_economic_items;

comment on table staging.economic_items is '基本支出按经济分类的明细：文中印出金额的科目，每科目一行';
comment on column staging.economic_items.doc_id is '文档标识';
comment on column staging.economic_items.source_file is '源文件名';
comment on column staging.economic_items.row_number is '文中顺序';
comment on column staging.economic_items.group_name is '分组：人员经费 / 公用经费';
comment on column staging.economic_items.item_name is '科目名称（原文）';
comment on column staging.economic_items.economic_code is '经济分类代码（对照参考表）';
comment on column staging.economic_items.amount_wan_yuan is '金额（万元）';
comment on column staging.economic_items.section_path is '所在章节路径';
comment on column staging.economic_items.evidence is '原文证据';
comment on column staging.economic_items.evidence_start is '证据起始字符位置';
comment on column staging.economic_items.evidence_end is '证据结束字符位置';
comment on column staging.economic_items.page is '证据所在的 PDF 页码（从 1 起；文本文件为空）';
